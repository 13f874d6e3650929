import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompress } from '../../src/image/decompress.ts';
import { markOwned } from '../../src/image/release.ts';
import { UserError } from '../../src/errors.ts';
import { freed } from '../support/freed.ts';

/** Bytes where every position differs from its neighbours, so a misplaced chunk shows. */
const DATA = Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7 + (i >> 10)) % 251));

/** `bytes` in marked chunks of `size`, each its own memory, as a file reader or a socket hands them over. */
function ownedChunks(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = Buffer.allocUnsafeSlow(Math.min(size, bytes.length - at));
    bytes.copy(chunk, 0, at);
    chunks.push(markOwned(chunk));
  }
  return chunks;
}

/** A source over `chunks` that says whether it was closed. */
function source(chunks: Buffer[], failAfter?: Error): { iterable: AsyncIterable<Buffer>; closed: () => boolean } {
  let closed = false;
  const iterable = (async function* () {
    try {
      yield* chunks;
      if (failAfter) throw failAfter;
    } finally {
      closed = true;
    }
  })();
  return { iterable, closed: () => closed };
}

async function concat(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of chunks) out.push(Buffer.from(chunk));
  return Buffer.concat(out);
}

describe('decompress', () => {
  for (const [name, compress] of [
    ['gzip', zlib.gzipSync],
    ['zstd', zlib.zstdCompressSync],
  ] as const) {
    it(`recognises ${name} by its magic bytes and frees each compressed chunk once the decompressor has consumed it`, async () => {
      const chunks = ownedChunks(compress(DATA), 64 * 1024);
      const out = await concat(decompress(source(chunks).iterable, 'layer'));
      expect(out.equals(DATA)).toBe(true);
      expect(chunks.every(freed)).toBe(true);
    });
  }

  it('passes an uncompressed stream through untouched, leaving its chunks to their reader', async () => {
    const chunks = ownedChunks(DATA, 100_000);
    const out: Buffer[] = [];
    for await (const chunk of decompress(source(chunks).iterable, 'layer')) out.push(chunk);
    expect(out.length === chunks.length && out.every((chunk, i) => chunk === chunks[i])).toBe(true);
    expect(chunks.some(freed)).toBe(false);
  });

  it('fails with the source’s error, as a digest that does not match fails the layer', async () => {
    const error = new UserError('layer: content does not match its digest');
    const { iterable, closed } = source(ownedChunks(zlib.gzipSync(DATA), 64 * 1024), error);
    await expect(concat(decompress(iterable, 'layer'))).rejects.toBe(error);
    expect(closed()).toBe(true);
  });

  it('names the layer when the stream is corrupt', async () => {
    const gzip = zlib.gzipSync(DATA);
    const corrupt = Buffer.concat([gzip.subarray(0, 100), Buffer.alloc(1000, 0xff), gzip.subarray(1100)]);
    await expect(concat(decompress(source(ownedChunks(corrupt, 64 * 1024)).iterable, 'layer sha256:abc'))).rejects.toThrow(
      /^layer sha256:abc: the gzip stream is corrupt or truncated/,
    );
  });

  it('closes the source when its reader stops early, as a registry response must be', async () => {
    const { iterable, closed } = source(ownedChunks(zlib.gzipSync(DATA), 16 * 1024));
    for await (const chunk of decompress(iterable, 'layer')) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed()).toBe(true);
  });
});
