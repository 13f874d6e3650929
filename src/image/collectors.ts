import type { CapturedFile, Collector } from './types.ts';

/**
 * A copy that owns its memory. Small Buffer.from()/concat() results are cut from a shared
 * 64 KiB pool, and a kept head would then keep its whole pool block alive: thousands of
 * captured executables held hundreds of megabytes that way.
 */
export function ownedCopy(parts: readonly Uint8Array[], length = parts.reduce((sum, part) => sum + part.length, 0)): Buffer {
  const out = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const part of parts) {
    const take = Math.min(part.length, length - at);
    out.set(part.subarray(0, take), at);
    at += take;
  }
  return out;
}

/**
 * What a collector hands back when it kept nothing worth a record (a file a scan found clean): the
 * reader stores no entry for it, so thousands of scanned files cost no memory once read.
 */
export const NOTHING_KEPT: CapturedFile = Object.freeze({ head: Buffer.alloc(0), truncated: false });

/** Keeps the first `cap` bytes of a file. */
export class HeadCollector implements Collector {
  private readonly parts: Buffer[] = [];
  private kept = 0;
  private readonly cap: number;

  constructor(cap: number) {
    this.cap = cap;
  }

  push(chunk: Buffer): boolean {
    const take = Math.min(chunk.length, this.cap - this.kept);
    if (take > 0) {
      this.parts.push(chunk.subarray(0, take));
      this.kept += take;
    }
    return this.kept < this.cap;
  }

  finish(size: number): CapturedFile {
    return { head: ownedCopy(this.parts, this.kept), truncated: size > this.kept };
  }

  readAt(read: (offset: number, length: number) => Buffer, size: number): CapturedFile {
    const head = ownedCopy([read(0, this.cap)]);
    return { head, truncated: size > head.length };
  }
}
