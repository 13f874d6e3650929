import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRangeReader, StreamReader } from '../../src/image/bytes.ts';
import { markOwned, releasable } from '../../src/image/release.ts';
import { freed } from '../support/freed.ts';

/** A source that records how often it was pulled and whether it was run to its end. */
function source(chunks: (string | Buffer | Uint8Array)[]): { iterable: AsyncIterable<Buffer | Uint8Array>; pulls: () => number; finished: () => boolean } {
  let pulls = 0;
  let finished = false;
  const iterable = {
    async *[Symbol.asyncIterator](): AsyncGenerator<Buffer | Uint8Array> {
      for (const chunk of chunks) {
        pulls++;
        yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      }
      pulls++;
      finished = true;
    },
  };
  return { iterable, pulls: () => pulls, finished: () => finished };
}

async function collect(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk.toString('latin1'));
  return out;
}

describe('StreamReader', () => {
  it('reads within a chunk and across chunks, counting its position', async () => {
    const reader = new StreamReader(source(['abc', 'defg', 'h', 'ijklmnop']).iterable);
    expect((await reader.read(2)).toString()).toBe('ab');
    expect(reader.position).toBe(2);
    expect((await reader.read(6)).toString()).toBe('cdefgh');
    expect(reader.position).toBe(8);
    expect((await reader.read(3)).toString()).toBe('ijk');
    expect((await reader.read(100)).toString()).toBe('lmnop');
    expect(reader.position).toBe(16);
  });

  it('returns nothing at the end, however often it is asked, without pulling a finished source again', async () => {
    const { iterable, pulls } = source(['ab']);
    const reader = new StreamReader(iterable);
    expect((await reader.read(5)).toString()).toBe('ab');
    const pulled = pulls();
    expect((await reader.read(1)).length).toBe(0);
    expect(await reader.skip(10)).toBe(0);
    expect(await collect(reader.chunks(10))).toEqual([]);
    expect(pulls()).toBe(pulled);
    expect(reader.position).toBe(2);
  });

  it('does not pull the source for a read of zero bytes', async () => {
    const { iterable, pulls } = source(['abc']);
    const reader = new StreamReader(iterable);
    expect((await reader.read(0)).length).toBe(0);
    expect(pulls()).toBe(0);
  });

  it('steps over empty chunks and takes Uint8Array views at their offset', async () => {
    const backing = new Uint8Array([0x78, 0x79, 0x41, 0x42, 0x43, 0x7a]);
    const reader = new StreamReader(source([Buffer.alloc(0), '', backing.subarray(2, 5), Buffer.alloc(0), 'D']).iterable);
    const read = await reader.read(4);
    expect(Buffer.isBuffer(read)).toBe(true);
    expect(read.toString()).toBe('ABCD');
    expect(reader.position).toBe(4);
  });

  it('skips across chunks and says how far it got at the end', async () => {
    const reader = new StreamReader(source(['abc', 'defg', 'hij']).iterable);
    expect(await reader.skip(0)).toBe(0);
    expect(await reader.skip(5)).toBe(5);
    expect(reader.position).toBe(5);
    expect((await reader.read(1)).toString()).toBe('f');
    expect(await reader.skip(10)).toBe(4);
    expect(reader.position).toBe(10);
  });

  it('hands out chunks along the source chunk boundaries, stopping at n', async () => {
    const reader = new StreamReader(source(['abc', 'defg', 'hij']).iterable);
    await reader.read(1);
    expect(await collect(reader.chunks(7))).toEqual(['bc', 'defg', 'h']);
    expect(reader.position).toBe(8);
    expect(await collect(reader.chunks(0))).toEqual([]);
    expect(await collect(reader.chunks(50))).toEqual(['ij']);
    expect(reader.position).toBe(10);
  });

  it('counts only the chunks handed out when the consumer stops early', async () => {
    const reader = new StreamReader(source(['abc', 'defg', 'hij']).iterable);
    for await (const chunk of reader.chunks(10)) {
      expect(chunk.toString()).toBe('abc');
      break;
    }
    expect(reader.position).toBe(3);
    expect((await reader.read(2)).toString()).toBe('de');
  });

  it('drains the rest of the source so its producer can finish', async () => {
    const { iterable, finished } = source(['abc', 'def', 'ghi']);
    const reader = new StreamReader(iterable);
    await reader.read(4);
    await reader.drain();
    expect(finished()).toBe(true);
    expect((await reader.read(1)).length).toBe(0);
  });
});

describe('StreamReader frees the chunks of a stream it owns', () => {
  /** Chunks as a socket or a decompressor hands them over: marked, each its own memory, the bytes given. */
  const owned = (...texts: string[]): Buffer[] => texts.map((text) => markOwned(Buffer.allocUnsafeSlow(text.length).fill(text)));

  it('frees a chunk once it has read or skipped past it, not before', async () => {
    const chunks = owned('aaaa', 'bbbb', 'cccc');
    const reader = new StreamReader(source(chunks).iterable);
    expect((await reader.read(4)).toString()).toBe('aaaa');
    expect(freed(chunks[0])).toBe(false);
    expect((await reader.read(2)).toString()).toBe('bb');
    expect(chunks.map(freed)).toEqual([true, false, false]);
    expect(await reader.skip(4)).toBe(4);
    expect(chunks.map(freed)).toEqual([true, true, false]);
  });

  it('joins a read across chunks before it frees them', async () => {
    const chunks = owned('ab', 'cd', 'ef');
    const reader = new StreamReader(source(chunks).iterable);
    expect((await reader.read(5)).toString()).toBe('abcde');
    expect(chunks.map(freed)).toEqual([true, true, false]);
  });

  it('keeps the chunks it handed out intact until its next read or skip, as a collector keeps them until the next header', async () => {
    const chunks = owned('head', 'body1', 'body2', 'body3', 'next');
    const reader = new StreamReader(source(chunks).iterable);
    await reader.read(4);
    const lent: Buffer[] = [];
    for await (const chunk of reader.chunks(15)) lent.push(chunk);
    expect(lent.map(String)).toEqual(['body1', 'body2', 'body3']);
    expect(chunks.map(freed)).toEqual([true, false, false, false, false]);
    expect((await reader.read(4)).toString()).toBe('next');
    expect(chunks.map(freed)).toEqual([true, true, true, true, false]);
  });

  it('leaves memory it does not own alone', async () => {
    const chunks = [Buffer.allocUnsafeSlow(4).fill('a'), Buffer.allocUnsafeSlow(4).fill('b')];
    const reader = new StreamReader(source(chunks).iterable);
    await reader.read(6);
    await reader.drain();
    expect(chunks.map(String)).toEqual(['aaaa', 'bbbb']);
  });

  it('reads a stream nested in another (a layer inside docker save) with both freeing the outer chunks', async () => {
    const chunks = owned('HEAD', 'inner', '-tar', '|TAIL');
    const outer = new StreamReader(source(chunks).iterable);
    expect((await outer.read(4)).toString()).toBe('HEAD');
    const inner = new StreamReader(outer.chunks(9));
    expect((await inner.read(6)).toString()).toBe('inner-');
    expect((await inner.read(3)).toString()).toBe('tar');
    expect((await inner.read(1)).length).toBe(0);
    expect((await outer.read(5)).toString()).toBe('|TAIL');
    expect(chunks.map(freed)).toEqual([true, true, true, false]);
  });
});

describe('FileRangeReader', () => {
  /** 300 000 bytes where every byte says where it is, so any slice can be checked. */
  const content = Buffer.alloc(300_000);
  for (let i = 0; i < content.length; i++) content[i] = (i * 7 + (i >> 8)) % 256;
  let dir: string;
  let file: FileHandle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dg-bytes-'));
    await writeFile(join(dir, 'data.bin'), content);
    file = await open(join(dir, 'data.bin'), 'r');
  });
  afterAll(async () => {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  });

  const START = 1000;
  const LENGTH = 200_000;
  const inRange = (from: number, to: number): Buffer => content.subarray(START + from, START + to);

  it('reads from the start of its range, position counted from there', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    expect((await reader.read(10)).equals(inRange(0, 10))).toBe(true);
    expect(reader.position).toBe(10);
    expect((await reader.read(0)).length).toBe(0);
  });

  it('reads across its cache blocks and in reads larger than a block', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    await reader.skip(65_000);
    expect((await reader.read(1000)).equals(inRange(65_000, 66_000))).toBe(true);
    expect((await reader.read(100_000)).equals(inRange(66_000, 166_000))).toBe(true);
    expect(reader.position).toBe(166_000);
  });

  it('serves small reads in sequence with the right bytes', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    const parts: Buffer[] = [];
    for (let i = 0; i < 300; i++) parts.push(Buffer.from(await reader.read(511)));
    expect(Buffer.concat(parts).equals(inRange(0, 300 * 511))).toBe(true);
  });

  it('stays inside its range although the file goes on', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    await reader.skip(LENGTH - 5);
    expect((await reader.read(100)).equals(inRange(LENGTH - 5, LENGTH))).toBe(true);
    expect((await reader.read(100)).length).toBe(0);
    expect(await reader.skip(100)).toBe(0);
    expect(await collect(reader.chunks(100))).toEqual([]);
    expect(reader.position).toBe(LENGTH);
  });

  it('skips without reading and says how far it got at the end of the range', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    expect(await reader.skip(150_000)).toBe(150_000);
    expect((await reader.read(4)).equals(inRange(150_000, 150_004))).toBe(true);
    expect(await reader.skip(LENGTH)).toBe(LENGTH - 150_004);
    expect(reader.position).toBe(LENGTH);
  });

  it('hands out chunks that add up to the range, and no further', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    await reader.read(3);
    const chunks: Buffer[] = [];
    for await (const chunk of reader.chunks(LENGTH * 2)) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(inRange(3, LENGTH))).toBe(true);
    expect(reader.position).toBe(LENGTH);
  });

  it('hands out chunks that stay valid together until the next read: the first from the header buffer, the rest its own to free', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    const header = await reader.read(512);
    const chunks: Buffer[] = [];
    for await (const chunk of reader.chunks(150_000)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(inRange(512, 150_512))).toBe(true);
    // The first chunk is what the header read brought in with it: no read, no buffer of its own.
    expect(chunks[0].buffer).toBe(header.buffer);
    expect(chunks.map((chunk) => releasable(chunk))).toEqual(chunks.map((_, i) => i > 0));
  });

  it('refills the header buffer for a first chunk it holds little of', async () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    const header = await reader.read(512);
    // 100 bytes of what that read brought in are left.
    await reader.skip(header.buffer.byteLength - 612);
    const at = reader.position;
    const chunks: Buffer[] = [];
    for await (const chunk of reader.chunks(1000)) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.length)).toEqual([1000]);
    expect(chunks[0].equals(inRange(at, at + 1000))).toBe(true);
    expect(chunks[0].buffer).toBe(header.buffer);
  });

  it('reads at any offset of its range, its position unmoved, from the header buffer when that holds the bytes, and not past the range', () => {
    const reader = new FileRangeReader(file, START, LENGTH);
    const header = reader.read(512);
    const near = reader.readAt(600, 100);
    const far = reader.readAt(150_000, 100);
    expect(reader.readAt(10, 5).equals(inRange(10, 15))).toBe(true);
    // Each result is intact after the others.
    expect(near.equals(inRange(600, 700))).toBe(true);
    expect(far.equals(inRange(150_000, 150_100))).toBe(true);
    expect(reader.position).toBe(512);
    expect(near.buffer).toBe(header.buffer);
    expect(far.buffer).not.toBe(header.buffer);
    expect(far.buffer.byteLength).toBe(100);
    expect(reader.readAt(LENGTH - 3, 100).equals(inRange(LENGTH - 3, LENGTH))).toBe(true);
    expect(reader.readAt(LENGTH + 5, 100).length).toBe(0);
  });

  it('reads a range that ends at the end of the file', async () => {
    const reader = new FileRangeReader(file, content.length - 10, 10);
    expect((await reader.read(20)).equals(content.subarray(content.length - 10))).toBe(true);
  });

  it('gives fewer bytes when the file ends inside the range', async () => {
    const reader = new FileRangeReader(file, content.length - 10, 50);
    expect((await reader.read(50)).equals(content.subarray(content.length - 10))).toBe(true);
  });

  // Fails today: `skip` trusts the range and never looks at the file, so a truncated file looks whole.
  it('skips only the bytes the file really holds when the file ends inside the range', async () => {
    const reader = new FileRangeReader(file, content.length - 10, 50);
    expect(await reader.skip(50)).toBe(10);
  });
});
