import type { CapturedFile, Collector } from './types.ts';

/** Sees the chunks of a streamed body from when it is set, the chunk at hand included; a file read at offsets has none to show. */
export interface ChunkWatcher {
  /** A chunk at offset `at` of the body, valid until the collector's `finish` returns. */
  see(chunk: Buffer, at: number): void;
}

/**
 * What a byte-range plan asks its driver for.
 * - A read: bytes [offset, offset + length) of the body, answered with them; with fewer when the
 *   body ends first, or when a stream went past some of them unkept (then with those it has from
 *   `offset` on, maybe none). A stream answers once `least` of them (default: all) are in.
 * - A hint, answered at once (with undefined): a stream is to keep at least the body's first `keep`
 *   bytes as they pass, for reads that come back to them, and to show its chunks to `watch` from
 *   now on. A file has every byte at hand and needs neither.
 */
export type RangeRequest = { offset: number; length: number; least?: number } | { offset?: undefined; keep: number; watch?: ChunkWatcher };

/** A capture written once, as reads of byte ranges: driven from a stream by `push`, from a file by `readAt`. */
export type RangePlan<Result> = Generator<RangeRequest, Result, Buffer | undefined>;

const EMPTY = Buffer.alloc(0);

/** The parts as one buffer; a single part is handed out as is (a view of a chunk serves until `finish` returns). */
function joined(parts: Buffer[], length: number): Buffer {
  return parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
}

/** A read a stream is still collecting: bytes [offset, end) of the body, of which [offset, next) are in `parts`. */
interface PendingRead {
  offset: number;
  end: number;
  /** Where the read is answered (offset + least). */
  enough: number;
  next: number;
  parts: Buffer[];
}

/**
 * A collector that runs `plan` (as `tarSteps` is one tar walk for streams and files): `push` and
 * `finish` answer its reads from the body as it streams past, `readAt` reads a file where the plan
 * says. `captured` turns what the plan returned, with the file's size, into what is kept; it runs
 * while the bytes the plan was handed are still valid.
 */
export function planCollector<Result, Captured extends CapturedFile>(
  plan: RangePlan<Result>,
  captured: (result: Result, size: number) => Captured,
): Collector<Captured> {
  return new PlanCollector(plan, captured);
}

class PlanCollector<Result, Captured extends CapturedFile> implements Collector<Captured> {
  private readonly plan: RangePlan<Result>;
  private readonly captured: (result: Result, size: number) => Captured;
  private started = false;
  private ended = false;
  private outcome?: IteratorReturnResult<Result>;
  /** Bytes pushed so far. */
  private position = 0;
  /** The latest chunk, at `chunkAt`: a read may begin in it after it went by. */
  private chunk: Buffer = EMPTY;
  private chunkAt = 0;
  /** The body's first `keptLength` bytes, as views of the chunks they came in. */
  private readonly kept: Buffer[] = [];
  private keptLength = 0;
  private keepFirst = 0;
  private watcher?: ChunkWatcher;
  private pending?: PendingRead;

  constructor(plan: RangePlan<Result>, captured: (result: Result, size: number) => Captured) {
    this.plan = plan;
    this.captured = captured;
  }

  push(chunk: Buffer): boolean {
    if (!this.started) this.start();
    if (this.outcome) return false;
    const at = this.position;
    this.position += chunk.length;
    this.chunk = chunk;
    this.chunkAt = at;
    this.keepFrom(chunk, at);
    this.watcher?.see(chunk, at);
    const pending = this.pending;
    if (pending && at + chunk.length > pending.next) {
      const to = Math.min(pending.end, at + chunk.length);
      pending.parts.push(chunk.subarray(pending.next - at, to - at));
      pending.next = to;
      if (to >= pending.enough) {
        this.pending = undefined;
        this.run(joined(pending.parts, to - pending.offset));
      }
    }
    return !this.outcome;
  }

  finish(size: number): Captured {
    this.ended = true;
    // From here on every read is answered at once, with what there is: the plan runs to its end.
    if (!this.started) this.start();
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      this.run(joined(pending.parts, pending.next - pending.offset));
    }
    if (!this.outcome) throw new Error('a byte-range plan went on after its body ended');
    return this.captured(this.outcome.value, size);
  }

  readAt(read: (offset: number, length: number) => Buffer, size: number): Captured {
    // A file has every byte at hand: reads are answered in full and hints need nothing.
    let step = this.plan.next();
    while (!step.done) {
      const request = step.value;
      step = this.plan.next(request.offset !== undefined ? read(request.offset, request.length) : undefined);
    }
    return this.captured(step.value, size);
  }

  private start(): void {
    this.started = true;
    this.run(undefined);
  }

  /** Resumes the plan with `reply` and answers what it asks until it waits for bytes still to come, or ends. */
  private run(reply: Buffer | undefined): void {
    for (let step = this.plan.next(reply); ; step = this.plan.next(reply)) {
      if (step.done) {
        this.outcome = step;
        this.watcher = undefined;
        return;
      }
      const request = step.value;
      reply = undefined;
      if (request.offset !== undefined) {
        reply = this.answer(request.offset, request.length, request.least ?? request.length);
        if (!reply) return;
      } else {
        this.keepFirst = Math.max(this.keepFirst, request.keep);
        this.keepFrom(this.chunk, this.chunkAt);
        if (request.watch) {
          this.watcher = request.watch;
          if (this.chunk.length > 0) request.watch.see(this.chunk, this.chunkAt);
        }
      }
    }
  }

  /** The bytes of a read from what is at hand, or undefined when it waits for more (then pending). */
  private answer(offset: number, length: number, least: number): Buffer | undefined {
    const end = offset + length;
    const parts: Buffer[] = [];
    let next = offset;
    if (next < this.keptLength) {
      let partAt = 0;
      for (const part of this.kept) {
        const partEnd = partAt + part.length;
        if (partEnd > next) {
          const to = Math.min(end, partEnd);
          parts.push(part.subarray(next - partAt, to - partAt));
          next = to;
          if (next === end) break;
        }
        partAt = partEnd;
      }
    }
    if (next < end && next >= this.chunkAt && next < this.position) {
      const to = Math.min(end, this.position);
      parts.push(this.chunk.subarray(next - this.chunkAt, to - this.chunkAt));
      next = to;
    }
    const enough = offset + Math.min(least, length);
    // Bytes at `next` that went by unkept will not come again.
    if (next >= enough || this.ended || next < this.position) return joined(parts, next - offset);
    this.pending = { offset, end, enough, next, parts };
    return undefined;
  }

  /** Keeps the part of `chunk` (at `at`) that continues the kept start of the body. */
  private keepFrom(chunk: Buffer, at: number): void {
    const from = this.keptLength;
    const to = Math.min(this.keepFirst, at + chunk.length);
    if (from >= to || from < at) return;
    this.kept.push(chunk.subarray(from - at, to - at));
    this.keptLength = to;
  }
}
