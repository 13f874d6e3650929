import type { CapturedFile, Collector } from './types.ts';

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
      // Copy: chunks may be views of buffers the reader reuses.
      this.parts.push(Buffer.from(chunk.subarray(0, take)));
      this.kept += take;
    }
    return this.kept < this.cap;
  }

  finish(size: number): CapturedFile {
    return { head: Buffer.concat(this.parts, this.kept), truncated: size > this.kept };
  }
}
