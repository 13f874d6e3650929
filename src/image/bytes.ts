import { fstatSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { markOwned, release, releasable } from './release.ts';

/**
 * Sequential access to bytes that are either streamed (decompressed layers, `docker save`)
 * or on disk (archives, layouts), so one tar walker serves both: on disk, `skip` seeks.
 */
export interface ByteReader {
  /** Tells it from a SyncByteReader. */
  readonly synchronous?: false;
  /** Bytes consumed so far. */
  readonly position: number;
  /** Exactly `n` bytes, or fewer when the data ends first; valid until the next call (a reader may reuse them). */
  read(n: number): Promise<Buffer>;
  /** Moves past `n` bytes without handing them out; returns how many there were. */
  skip(n: number): Promise<number>;
  /** The next `n` bytes as chunks (fewer when the data ends first), each valid until the reader's next `read` or `skip` (a reader may free it then). */
  chunks(n: number): AsyncGenerator<Buffer>;
}

/** A ByteReader whose bytes are at hand (a file): the same calls, answered at once. */
export interface SyncByteReader {
  readonly synchronous: true;
  readonly position: number;
  read(n: number): Buffer;
  skip(n: number): number;
  chunks(n: number): Generator<Buffer>;
  /**
   * Up to `n` bytes from `offset` of the data, wherever the reader is; its position does not move.
   * Valid until the next `read` or `chunks`: later `readAt` calls leave earlier results intact.
   */
  readAt(offset: number, n: number): Buffer;
}

const EMPTY = Buffer.alloc(0);

/**
 * A ByteReader over a stream of chunks (a Readable is one). It frees each chunk's memory once it
 * is past it (see release.ts): at once for bytes it only parsed or skipped, and for bytes
 * `chunks()` handed out, at the next `read` or `skip`, by when their reader is done with them.
 */
export class StreamReader implements ByteReader {
  position = 0;
  private readonly source: AsyncIterator<Buffer | Uint8Array>;
  private chunk: Buffer = EMPTY;
  private offset = 0;
  private ended = false;
  /** Whether bytes of the current chunk are out (handed out by `chunks()`, or held by a `read` that spans chunks). */
  private lent = false;
  /** Chunks the reader is past whose bytes are still out. */
  private readonly lentChunks: Buffer[] = [];

  constructor(source: AsyncIterable<Buffer | Uint8Array>) {
    this.source = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      // Only memory there is to free waits for its lent bytes: a whole layer lent to another reader would stay.
      if (releasable(this.chunk)) {
        if (this.lent) this.lentChunks.push(this.chunk);
        else release(this.chunk);
      }
      this.lent = false;
      this.chunk = EMPTY;
      if (this.ended) return false;
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      this.chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      this.offset = 0;
    }
    return true;
  }

  /** The bytes handed out before are no longer used: free the chunks they came from. */
  private returnLent(): void {
    for (const chunk of this.lentChunks) release(chunk);
    this.lentChunks.length = 0;
    this.lent = false;
  }

  async read(n: number): Promise<Buffer> {
    this.returnLent();
    if (n === 0) return EMPTY;
    if (!(await this.fill())) return EMPTY;
    if (this.chunk.length - this.offset >= n) {
      const out = this.chunk.subarray(this.offset, this.offset + n);
      this.offset += n;
      this.position += n;
      return out;
    }
    const parts: Buffer[] = [];
    let missing = n;
    while (missing > 0 && (await this.fill())) {
      const take = Math.min(missing, this.chunk.length - this.offset);
      parts.push(this.chunk.subarray(this.offset, this.offset + take));
      this.lent = true;
      this.offset += take;
      missing -= take;
    }
    this.position += n - missing;
    const out = Buffer.concat(parts, n - missing);
    this.returnLent();
    return out;
  }

  async skip(n: number): Promise<number> {
    this.returnLent();
    let missing = n;
    while (missing > 0 && (await this.fill())) {
      const take = Math.min(missing, this.chunk.length - this.offset);
      this.offset += take;
      missing -= take;
    }
    this.position += n - missing;
    return n - missing;
  }

  async *chunks(n: number): AsyncGenerator<Buffer> {
    let missing = n;
    while (missing > 0 && (await this.fill())) {
      const take = Math.min(missing, this.chunk.length - this.offset);
      const out = this.chunk.subarray(this.offset, this.offset + take);
      this.lent = true;
      this.offset += take;
      this.position += take;
      missing -= take;
      yield out;
    }
  }

  /** Drains what is left, so a producer writing into us can finish. */
  async drain(): Promise<void> {
    this.returnLent();
    while (await this.fill()) this.offset = this.chunk.length;
  }
  /** Stops the source when the reader gives up before its end (a failed layer): a decompressing program is killed, a response closed. */
  async close(): Promise<void> {
    this.ended = true;
    await this.source.return?.();
  }
}

/** Bytes read at once for tar headers: enough for a run of small members, little waste before a large one. */
const FILL = 16 * 1024;
/** Body chunks after the first (which comes from the header buffer): large, for streams. */
const CHUNK = 1024 * 1024;

/**
 * A ByteReader over a byte range of an open file; `skip` seeks. `read` returns a view of a
 * buffer the next call reuses (headers are decoded at once, and a fresh buffer per header cost
 * more than the read). `readAt` hands out what that buffer holds as is (an executable's tables
 * often sit right after its header: thousands of small reads and buffers added up), the rest in a
 * buffer of its own. `chunks` (a compressed blob on its way to the decompressor) yields its first
 * chunk from that buffer too, the rest in buffers of their own, as a decompressor holds them,
 * which their last reader may free (release.ts).
 */
export class FileRangeReader implements SyncByteReader {
  readonly synchronous = true;
  position = 0;
  private readonly buffer = Buffer.allocUnsafeSlow(FILL);
  private cache: Buffer = EMPTY;
  private cacheStart = 0;

  private readonly fd: number;
  private readonly start: number;
  /** A range that runs past the end of a (truncated) file ends where the file does. */
  private readonly length: number;

  constructor(file: FileHandle, start: number, length: number) {
    this.fd = file.fd;
    this.start = start;
    this.length = Math.max(0, Math.min(length, fstatSync(this.fd).size - start));
  }

  private get remaining(): number {
    return this.length - this.position;
  }

  /** Up to `n` bytes as a view of a buffer the next call may reuse; `FILL` at least are read, for what comes next. */
  read(n: number): Buffer {
    const want = Math.min(n, this.remaining);
    if (want <= 0) return EMPTY;
    const at = this.start + this.position;
    if (at < this.cacheStart || at + want > this.cacheStart + this.cache.length) {
      const size = Math.min(Math.max(want, FILL), this.remaining);
      const target = size <= FILL ? this.buffer : Buffer.allocUnsafe(size);
      // Synchronous: a header read is tiny, and a thread-pool round trip per header cost more than the read.
      this.cache = target.subarray(0, readSync(this.fd, target, 0, size, at));
      this.cacheStart = at;
    }
    const from = at - this.cacheStart;
    const out = this.cache.subarray(from, Math.min(from + want, this.cache.length));
    this.position += out.length;
    return out;
  }

  skip(n: number): number {
    const step = Math.min(n, this.remaining);
    this.position += step;
    return step;
  }

  readAt(offset: number, n: number): Buffer {
    const want = Math.max(0, Math.min(n, this.length - offset));
    const from = this.start + offset - this.cacheStart;
    if (from >= 0 && from + want <= this.cache.length) return this.cache.subarray(from, from + want);
    const out = Buffer.allocUnsafeSlow(want);
    return out.subarray(0, want > 0 ? readSync(this.fd, out, 0, want, this.start + offset) : 0);
  }

  *chunks(n: number): Generator<Buffer> {
    let missing = Math.min(n, this.remaining);
    if (missing <= 0) return;
    // From the header buffer (refilled when it holds less): valid until the next read or skip, as the contract allows.
    const first = this.read(Math.min(missing, FILL));
    if (first.length === 0) return;
    missing -= first.length;
    yield first;
    while (missing > 0) {
      const out = Buffer.allocUnsafe(Math.min(missing, CHUNK));
      const got = readSync(this.fd, out, 0, out.length, this.start + this.position);
      if (got === 0) return;
      missing -= got;
      this.position += got;
      yield markOwned(got < out.length ? out.subarray(0, got) : out);
    }
  }
}
