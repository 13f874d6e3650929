import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { releasable } from '../../src/image/release.ts';
import { chunksOf } from '../../src/image/stream-chunks.ts';

async function collect(chunks: AsyncIterable<Buffer>, each?: () => Promise<void>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of chunks) {
    out.push(chunk);
    await each?.();
  }
  return out;
}

describe('chunksOf', () => {
  it('hands over each chunk as it was pushed, not joined with the ones buffered behind it', async () => {
    const pushed = [Buffer.from('a'), Buffer.from('bb'), Buffer.from('ccc')];
    const stream = new PassThrough();
    for (const chunk of pushed) stream.write(chunk);
    stream.end();
    // The stream's own iterator would give one buffer 'abbccc' here.
    const got = await collect(chunksOf(stream));
    expect(got.map(String)).toEqual(['a', 'bb', 'ccc']);
  });

  it('pauses a producer that runs ahead, so little is held whatever the reader’s pace', async () => {
    let produced = 0;
    const stream = new Readable({
      highWaterMark: 1024,
      read() {
        this.push(produced < 200 ? Buffer.alloc(1024, produced++ % 256) : null);
      },
    });
    let read = 0;
    let mostAhead = 0;
    const got = await collect(chunksOf(stream), async () => {
      read++;
      mostAhead = Math.max(mostAhead, produced - read);
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(got).toHaveLength(200);
    expect(got.every((chunk, i) => chunk.length === 1024 && chunk[0] === i % 256)).toBe(true);
    // Two chunks waiting here, one in the stream's buffer, one being made.
    expect(mostAhead).toBeLessThanOrEqual(4);
  });

  it('passes on what a decompressor yields, byte for byte', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024, 'not all the same byte ');
    const inflater = zlib.createGunzip({ chunkSize: 64 * 1024 });
    inflater.end(zlib.gzipSync(data));
    const out = Buffer.concat(await collect(chunksOf(inflater)));
    // equals(), not toEqual: a deep comparison of 3 MiB takes seconds.
    expect(out.length === data.length && out.equals(data)).toBe(true);
  });

  it('fails with the stream’s error', async () => {
    const stream = new PassThrough();
    stream.write('x');
    setImmediate(() => stream.destroy(new Error('connection reset')));
    await expect(collect(chunksOf(stream), () => new Promise((resolve) => setImmediate(resolve)))).rejects.toThrow('connection reset');
  });

  it('fails when the stream closes before its end, as a dropped connection does', async () => {
    const stream = new PassThrough();
    stream.write('x');
    setImmediate(() => stream.destroy());
    await expect(collect(chunksOf(stream))).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('lets go of the stream when the reader stops early', async () => {
    const stream = new PassThrough();
    stream.write('a');
    stream.write('b');
    for await (const chunk of chunksOf(stream)) {
      expect(String(chunk)).toBe('a');
      break;
    }
    expect(['data', 'end', 'error', 'close'].map((event) => stream.listenerCount(event))).toEqual([0, 0, 0, 0]);
  });

  describe('marks the chunks for release, which holds only because Node allocates each read anew', () => {
    /** 4 MiB where every position differs from its neighbours: a chunk Node reused would show. */
    const DATA = Buffer.from(Array.from({ length: 4 * 1024 * 1024 }, (_, i) => (i * 7 + (i >> 12)) % 251));

    /** Every chunk kept to the end still holds its bytes, and each is its own memory, marked. */
    function expectOwnedChunks(chunks: Buffer[]): void {
      expect(Buffer.concat(chunks).equals(DATA)).toBe(true);
      expect(chunks.every((chunk) => releasable(chunk))).toBe(true);
      expect(new Set(chunks.map((chunk) => chunk.buffer)).size).toBe(chunks.length);
    }

    it('of a pipe (`docker save` through the CLI)', async () => {
      const child = spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { stdio: ['pipe', 'pipe', 'inherit'] });
      child.stdin.end(DATA);
      expectOwnedChunks(await collect(chunksOf(child.stdout), () => new Promise((resolve) => setImmediate(resolve))));
    });

    it('of an HTTP response on a unix socket (the Engine API), in chunked encoding', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dg-chunks-'));
      const socketPath = join(dir, 'engine.sock');
      const server = createServer((_, response) => {
        for (let at = 0; at < DATA.length; at += 100_000) response.write(DATA.subarray(at, at + 100_000));
        response.end();
      });
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
      try {
        const response = await new Promise<IncomingMessage>((resolve, reject) =>
          request({ socketPath, path: '/images/get' }, resolve).on('error', reject).end(),
        );
        expect(response.headers['transfer-encoding']).toBe('chunked');
        expectOwnedChunks(await collect(chunksOf(response), () => new Promise((resolve) => setImmediate(resolve))));
      } finally {
        server.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
