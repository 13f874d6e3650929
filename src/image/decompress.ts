import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { UserError } from '../errors.ts';
import { release } from './release.ts';
import { chunksOf } from './stream-chunks.ts';
import { type ZstdDecoder, decompressWithProgram, zstdDecoder } from './zstd-program.ts';

export type Compression = 'gzip' | 'zstd' | 'none';

/** Recognises a layer's compression by its first bytes (gzip 1f 8b, zstd 28 b5 2f fd). */
export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/** Prepends already-read bytes to the rest of a stream; stopping it stops the rest (a registry response is closed). */
async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}

/**
 * Decompresses a layer stream according to its magic bytes, whatever the media type says
 * (engines mislabel layers); a corrupt or truncated stream becomes a UserError naming `what`.
 * zstd goes through the `zstd` program when PATH has one (zstd-program.ts), else through Node's
 * decoder; `zstd` chooses for tests.
 */
export async function* decompress(chunks: AsyncIterable<Buffer>, what: string, options: { zstd?: ZstdDecoder } = {}): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 4) {
    const next = await iterator.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const compression = sniffCompression(head);
  if (compression === 'none') {
    yield* prepend(head, iterator);
    return;
  }
  const input = prepend(head, iterator);
  let inflater: zlib.Gunzip | zlib.ZstdDecompress | undefined;
  try {
    const decoder = compression === 'zstd' ? (options.zstd ?? zstdDecoder()) : undefined;
    if (decoder?.kind === 'program') {
      yield* decompressWithProgram(input, decoder.path, what, feed);
    } else {
      const stream = compression === 'gzip' ? zlib.createGunzip({ chunkSize: 256 * 1024 }) : zlib.createZstdDecompress({ chunkSize: 1024 * 1024 });
      inflater = stream;
      const fed: Fed = { bytes: 0, all: false };
      const feeding = feed(input, stream, (error) => stream.destroy(error), fed);
      yield* chunksOf(stream);
      if (compression === 'zstd') await checkOneFrame(stream, feeding, fed, what);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code && /^Z_|^ERR_ZSTD|^ZSTD/.test(code)) {
      throw new UserError(`${what}: the ${compression} stream is corrupt or truncated (${(error as Error).message})`);
    }
    throw error;
  } finally {
    inflater?.destroy();
    // Stops the source too, once the chunk it may be reading arrives.
    void input.return(undefined).catch(() => {});
  }
}

/** What `feed` has written: bytes, and whether the source ended (a failing source is `error`). */
interface Fed {
  bytes: number;
  all: boolean;
  error?: Error;
}

/**
 * Node's zstd stream ends with the first frame of a stream of several (which the format allows,
 * and zstd:chunked layers are) and drops the rest, or fails on it, depending on how the chunks
 * fall: a layer would lose files without a word. Once the decoder has ended, the source must have
 * ended too, every byte of it consumed; else the layer is refused, naming the way out.
 */
async function checkOneFrame(stream: zlib.ZstdDecompress, feeding: Promise<void>, fed: Fed, what: string): Promise<void> {
  // A write after the decoder's end fails it: what that means is decided here.
  stream.on('error', () => {});
  await feeding;
  if (fed.error) throw fed.error;
  if (!fed.all || stream.bytesWritten < fed.bytes) {
    throw new UserError(
      `${what}: the zstd stream goes on after its first frame, which Node's zstd decoder cannot read; install the zstd program (found on PATH) or recompress the layer as one frame`,
    );
  }
}

/** Compressed chunks the decompressor holds: one it works on and one waiting (the default sixteen held 16 MiB per layer). */
const INPUT_AHEAD = 2;

/**
 * Writes `chunks` into the decompressor (a zlib stream, or a program's stdin), freeing each once
 * it has consumed it (release.ts); a failing source is handed to `fail` (which fails the
 * decompressor), and a destroyed decompressor stops the feeding.
 */
async function feed(chunks: AsyncIterator<Buffer>, sink: Writable, fail: (error: Error) => void, fed?: Fed): Promise<void> {
  let held = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  sink.on('close', notify);
  try {
    for (;;) {
      while (held >= INPUT_AHEAD && !sink.destroyed) await new Promise<void>((resolve) => (wake = resolve));
      if (sink.destroyed) return;
      const next = await chunks.next();
      if (next.done) break;
      if (sink.destroyed) return;
      const chunk = next.value;
      if (fed) fed.bytes += chunk.length;
      held++;
      sink.write(chunk, (error) => {
        held--;
        if (!error) release(chunk);
        notify();
      });
    }
    if (fed) fed.all = true;
    sink.end();
  } catch (error) {
    if (fed) fed.error = error as Error;
    fail(error as Error);
  } finally {
    sink.off('close', notify);
  }
}
