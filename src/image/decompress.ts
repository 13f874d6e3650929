import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { UserError } from '../errors.ts';
import { chunksOf } from './stream-chunks.ts';

export type Compression = 'gzip' | 'zstd' | 'none';

/** Recognises a layer's compression by its first bytes (gzip 1f 8b, zstd 28 b5 2f fd). */
export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/** Prepends already-read bytes to the rest of a stream. */
export async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Decompresses a layer stream according to its magic bytes, whatever the media type says
 * (engines mislabel layers); a corrupt or truncated stream becomes a UserError naming `what`.
 */
export async function* decompress(chunks: AsyncIterable<Buffer>, what: string): AsyncGenerator<Buffer> {
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
  const inflater = compression === 'gzip' ? zlib.createGunzip({ chunkSize: 256 * 1024 }) : zlib.createZstdDecompress({ chunkSize: 1024 * 1024 });
  // One chunk read ahead: the default sixteen held 16 MiB of compressed input per layer.
  const input = Readable.from(prepend(head, iterator), { highWaterMark: 1 });
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    yield* chunksOf(inflater);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code && /^Z_|^ERR_ZSTD|^ZSTD/.test(code)) {
      throw new UserError(`${what}: the ${compression} stream is corrupt or truncated (${(error as Error).message})`);
    }
    throw error;
  } finally {
    input.unpipe(inflater);
    input.destroy();
    inflater.destroy();
  }
}
