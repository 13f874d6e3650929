// The layer index on random, generated and mangled layers: plain, gzip and zstd, streamed in
// odd chunk sizes. Nothing but a UserError may escape, and a valid layer reads back as written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { FileRangeReader, StreamReader } from '../../src/image/bytes.ts';
import { DEFAULT_LIMITS, ReadBudget } from '../../src/image/limits.ts';
import { entryPath, indexLayerStream, indexTar } from '../../src/image/layer-index.ts';
import { decodeName } from '../../src/image/tar.ts';
import type { LayerIndex } from '../../src/image/types.ts';
import { HeadCollector } from '../../src/image/collectors.ts';
import { tarBuffer, type TarEntrySpec } from '../support/tar-writer.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const captureAll = () => new HeadCollector(64);

/**
 * Indexes `bytes` as a streamed layer (compression sniffed), or with `walk` as a tar walked
 * without draining; returns the index, or the UserError it gave. Anything else fails the property.
 */
const scratch = mkdtempSync(join(tmpdir(), 'dg-fuzz-layer-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Indexes `bytes` streamed in chunks and decompressed, walked as a stream, or walked in a file (synchronously). */
async function tryIndex(bytes: Buffer, chunk: number, how: 'stream' | 'walk' | 'file' = 'stream'): Promise<LayerIndex | UserError> {
  try {
    const budget = new ReadBudget(DEFAULT_LIMITS);
    if (how === 'walk') return await indexTar(new StreamReader(chunked(bytes, chunk)), {}, captureAll, 'layer', budget);
    if (how === 'file') {
      const path = join(scratch, 'layer.tar');
      writeFileSync(path, bytes);
      const file = await open(path);
      try {
        return await indexTar(new FileRangeReader(file, 0, bytes.length), {}, captureAll, 'layer', budget);
      } finally {
        await file.close();
      }
    }
    return await indexLayerStream(chunked(bytes, chunk), {}, captureAll, 'layer', budget);
  } catch (error) {
    if (error instanceof UserError) {
      expect(error.message).toMatch(/^layer[: ]/);
      expect(error.message).not.toContain('\n');
      return error;
    }
    throw error;
  }
}

// Names that look like paths, whiteouts, escapes and long names, as text.
const SEGMENT = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('etc', 'bin', 'usr', 'a b', 'ünï', '😀', '..', '.', '', '.wh.x', '.wh..wh..opq', 'x'.repeat(120)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).filter((text) => !text.includes('\0')) },
);
const NAME = fc.array(SEGMENT, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
const SPEC: fc.Arbitrary<TarEntrySpec> = fc.oneof(
  fc.record({
    path: NAME,
    content: fc.string({ maxLength: 700 }),
    format: fc.constantFrom('ustar', 'pax', 'gnu'),
    mode: fc.constantFrom(0o644, 0o4755, 0o777),
  }),
  fc.record({ path: NAME, type: fc.constant('dir' as const), format: fc.constantFrom('ustar', 'gnu') }),
  fc.record({ path: NAME, type: fc.constant('symlink' as const), target: NAME, format: fc.constantFrom('ustar', 'pax', 'gnu') }),
  fc.record({ path: NAME, type: fc.constant('hardlink' as const), target: NAME }),
  fc.record({ path: NAME, type: fc.constantFrom('fifo' as const, 'char' as const) }),
);
const SPECS = fc.array(SPEC, { maxLength: 12 });

/** What indexTar must give for a spec, worked out from the tar rules, not from the reader. */
function expected(specs: TarEntrySpec[]): { entries: unknown[]; whiteouts: unknown[]; contentSize: number } {
  const entries: unknown[] = [];
  const whiteouts: unknown[] = [];
  let contentSize = 0;
  for (const spec of specs) {
    const path = clean(spec.path);
    if (path === '/') continue;
    const base = posix.basename(path);
    if (base.startsWith('.wh.')) {
      whiteouts.push(
        base === '.wh..wh..opq' ? { path: posix.dirname(path), opaque: true } : { path: posix.join(posix.dirname(path), base.slice(4)), opaque: false },
      );
      continue;
    }
    const type = spec.type ?? 'file';
    const size = type === 'file' ? Buffer.byteLength(spec.content ?? '') : 0;
    contentSize += size;
    entries.push({
      dir: posix.dirname(path),
      name: posix.basename(path),
      type,
      mode: spec.mode ?? (type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644),
      uid: 0,
      gid: 0,
      size,
      ...(type === 'symlink' ? { target: spec.target } : type === 'hardlink' ? { target: clean(spec.target ?? '') } : {}),
    });
  }
  return { entries, whiteouts, contentSize };
}

function clean(name: string): string {
  const normal = posix.normalize(`/${name}`);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** The bytes a decoded name came from: lone surrogates U+DC80..U+DCFF are single bytes, the rest UTF-8. */
function encodeName(name: string): Buffer {
  const parts: Buffer[] = [];
  for (const char of name) {
    const code = char.codePointAt(0) as number;
    parts.push(code >= 0xdc80 && code <= 0xdcff ? Buffer.from([code - 0xdc00]) : Buffer.from(char));
  }
  return Buffer.concat(parts);
}

describe('indexTar and indexLayerStream on hostile input', () => {
  it('meet random bytes, raw or compressed, with a UserError or an index', async () => {
    const magic = fc.constantFrom(Buffer.alloc(0), Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
    await fc.assert(
      fc.asyncProperty(magic, fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 1024 }), async (head, body, chunk) => {
        const bytes = Buffer.concat([head, body]);
        await tryIndex(bytes, chunk);
        const walked = await tryIndex(bytes, chunk, 'walk');
        // A file is walked without promises, by the same steps: the same index or the same error.
        expect(await tryIndex(bytes, chunk, 'file')).toEqual(walked);
      }),
      { numRuns: RUNS },
    );
  });

  it('read a generated layer back as written, in any chunking and compression', async () => {
    await fc.assert(
      fc.asyncProperty(SPECS, fc.integer({ min: 1, max: 2048 }), fc.constantFrom('none', 'gzip', 'zstd'), async (specs, chunk, compression) => {
        const tar = tarBuffer(specs);
        const blob = compression === 'gzip' ? zlib.gzipSync(tar) : compression === 'zstd' ? zlib.zstdCompressSync(tar) : tar;
        const index = await tryIndex(blob, chunk);
        if (index instanceof UserError) {
          // Only names Linux cannot hold are refused.
          expect(index.message).toMatch(/Linux allows|more than 4095 bytes/);
          return;
        }
        const want = expected(specs);
        expect(index.entries).toEqual(want.entries);
        expect(index.whiteouts).toEqual(want.whiteouts);
        expect(index.contentSize).toBe(want.contentSize);
        expect(index.tarSize).toBe(tar.length);
        // Captured bytes belong to the last entry of each path, and only when it is a file.
        for (const [path, file] of index.captured) {
          const last = index.entries.findLast((entry) => entryPath(entry) === path);
          expect(last).toMatchObject({ type: 'file' });
          expect(file.head.length).toBeLessThanOrEqual(64);
        }
        if (compression === 'none') {
          const inFile = await tryIndex(tar, chunk, 'file');
          expect(inFile).toMatchObject({ entries: index.entries, whiteouts: index.whiteouts, captured: index.captured, contentSize: index.contentSize });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('meet a mangled or cut layer, raw or compressed, with a UserError or an index', async () => {
    const mangling = fc.record({
      writes: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      chunk: fc.integer({ min: 1, max: 1500 }),
      compression: fc.constantFrom('none', 'gzip', 'zstd'),
      beforeCompressing: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(SPECS, mangling, async (specs, { writes, cut, chunk, compression, beforeCompressing }) => {
        const mangle = (bytes: Buffer): Buffer => {
          const out = Buffer.from(bytes);
          for (const { at, byte } of writes) if (out.length > 0) out[at % out.length] = byte;
          return cut === undefined || out.length === 0 ? out : out.subarray(0, cut % out.length);
        };
        let bytes = tarBuffer(specs);
        if (beforeCompressing) bytes = mangle(bytes);
        if (compression === 'gzip') bytes = zlib.gzipSync(bytes);
        if (compression === 'zstd') bytes = zlib.zstdCompressSync(bytes);
        if (!beforeCompressing) bytes = mangle(bytes);
        await tryIndex(bytes, chunk, compression !== 'none' ? 'stream' : chunk % 3 === 0 ? 'walk' : chunk % 3 === 1 ? 'file' : 'stream');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('decodeName', () => {
  it('gives every byte string a name of its own, from which the bytes come back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        const [left, right] = [Buffer.from(a), Buffer.from(b)];
        expect(encodeName(decodeName(left)).equals(left)).toBe(true);
        expect(decodeName(left) === decodeName(right)).toBe(left.equals(right));
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('reads valid UTF-8 as the text it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        expect(decodeName(Buffer.from(text))).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});
