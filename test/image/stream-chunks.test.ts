import { PassThrough, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
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
});
