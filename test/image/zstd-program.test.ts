// zstd layers through the `zstd` program and through Node's decoder: the same bytes, the same
// errors, no process left behind when the reader stops early, and Node's decoder without the program.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { decompress } from '../../src/image/decompress.ts';
import { indexLayerStream } from '../../src/image/layer-index.ts';
import { ReadBudget } from '../../src/image/limits.ts';
import { type ZstdDecoder, findProgram, programError, zstdDecoder } from '../../src/image/zstd-program.ts';
import { tarBuffer } from '../support/tar-writer.ts';

const PROGRAM = findProgram('zstd', process.env.PATH ?? '');
const BUILTIN: ZstdDecoder = { kind: 'builtin' };

/** A layer tar with bodies of every kind of byte, large enough for many chunks both ways. */
const TAR = tarBuffer([
  { path: 'etc/', type: 'dir' },
  { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' },
  { path: 'usr/lib/blob', content: Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7 + (i >> 10)) % 251)) },
  { path: 'usr/lib/zeros', content: Buffer.alloc(2 * 1024 * 1024) },
  { path: 'usr/bin/app', content: Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * i) & 0xff)), mode: 0o755 },
]);

/** zstd as the `zstd` program writes it (what skopeo, BuildKit and containerd write is the same format). */
function programCompress(data: Buffer, level = 3): Buffer {
  return execFileSync('zstd', [`-${level}`, '-q', '-c'], { input: data, maxBuffer: 64 * 1024 * 1024 });
}

async function* chunks(data: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function concat(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(Buffer.from(chunk));
  return Buffer.concat(out);
}

/** This process's `zstd` children, running or zombie, from /proc (Linux). */
function zstdChildren(): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm === 'zstd' && parent === process.pid) children.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe.runIf(PROGRAM)('zstd through the program', () => {
  const program: ZstdDecoder = { kind: 'program', path: PROGRAM ?? 'zstd' };

  it('is what an unset DISTROLESS_GUARD_ZSTD chooses when PATH has zstd', () => {
    expect(zstdDecoder({ PATH: process.env.PATH })).toEqual(program);
    expect(zstdDecoder({ PATH: process.env.PATH, DISTROLESS_GUARD_ZSTD: 'auto' })).toEqual(program);
  });

  it.each([
    ['zstd -3', () => programCompress(TAR)],
    ['zstd -19', () => programCompress(TAR, 19)],
    ["Node's compressor", () => zlib.zstdCompressSync(TAR)],
  ])('gives the same bytes as the built-in decoder for %s', async (_, compress) => {
    const blob = compress();
    const [viaProgram, viaBuiltin] = await Promise.all([
      concat(decompress(chunks(blob), 'layer', { zstd: program })),
      concat(decompress(chunks(blob), 'layer', { zstd: BUILTIN })),
    ]);
    expect(viaProgram.equals(TAR)).toBe(true);
    expect(viaBuiltin.equals(TAR)).toBe(true);
  });

  it.each([
    ['truncated', (blob: Buffer) => blob.subarray(0, blob.length >> 1), 'unexpected end of file'],
    ['corrupt', (blob: Buffer) => Buffer.concat([blob.subarray(0, 100), Buffer.alloc(1000, 0xff), blob.subarray(1100)]), 'Data corruption detected'],
  ])('fails a %s stream with the same one-line UserError as the built-in decoder', async (_, spoil, words) => {
    const bad = spoil(zlib.zstdCompressSync(TAR));
    const message = `layer sha256:abc: the zstd stream is corrupt or truncated (${words})`;
    for (const zstd of [program, BUILTIN]) {
      const error = await concat(decompress(chunks(bad), 'layer sha256:abc', { zstd })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe(message);
    }
    await settle();
    expect(zstdChildren()).toEqual([]);
  });

  // Node's streaming decoder stops after the first frame (the rest is dropped or, depending on
  // how the chunks fall, an error): the program reads every frame, as containerd and skopeo do.
  it('reads every frame of a stream of several, as the zstd format allows', async () => {
    const blob = Buffer.concat([programCompress(TAR.subarray(0, 1_000_000)), zlib.zstdCompressSync(TAR.subarray(1_000_000))]);
    expect((await concat(decompress(chunks(blob), 'layer', { zstd: program }))).equals(TAR)).toBe(true);
  });

  it('fails a stream followed by garbage', async () => {
    const bad = Buffer.concat([programCompress(TAR), Buffer.from('not a zstd frame at all')]);
    await expect(concat(decompress(chunks(bad), 'layer sha256:abc', { zstd: program }))).rejects.toThrow(
      new UserError('layer sha256:abc: the zstd stream is corrupt or truncated (Unknown frame descriptor)'),
    );
  });

  it('fails with the source’s error, and stops the program', async () => {
    const failure = new UserError('layer: content does not match its digest');
    const blob = programCompress(TAR);
    async function* failing(): AsyncGenerator<Buffer> {
      yield* chunks(blob.subarray(0, blob.length >> 1));
      throw failure;
    }
    await expect(concat(decompress(failing(), 'layer', { zstd: program }))).rejects.toBe(failure);
    await settle();
    expect(zstdChildren()).toEqual([]);
  });

  it('kills the program, leaving no zombie, when the reader stops early', async () => {
    let closed = false;
    const blob = programCompress(TAR);
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield* chunks(blob, 16 * 1024);
      } finally {
        closed = true;
      }
    }
    for await (const chunk of decompress(source(), 'layer', { zstd: program })) {
      expect(chunk.length).toBeGreaterThan(0);
      // The program is blocked on a full pipe by now: the reader is behind.
      expect(zstdChildren()).toHaveLength(1);
      break;
    }
    await settle();
    expect(zstdChildren()).toEqual([]);
    expect(closed).toBe(true);
  });

  it('stops a decompression bomb at the size budget and the program with it', async () => {
    // 64 MiB of zeros behind a first small file: the budget stops the reader in the middle of the stream.
    const bomb = programCompress(
      tarBuffer([
        { path: 'small', content: 'x'.repeat(1000) },
        ...Array.from({ length: 4 }, (_, i) => ({ path: `zeros${i}`, content: Buffer.alloc(16 * 1024 * 1024) })),
      ]),
    );
    const budget = new ReadBudget({ maxBytes: 1024 * 1024, maxEntries: 100 });
    await expect(indexLayerStream(chunks(bomb), {}, () => undefined, 'layer sha256:bomb', budget)).rejects.toThrow(
      /^layer sha256:bomb: the image's layers hold more than 1 MiB uncompressed/,
    );
    await settle();
    expect(zstdChildren()).toEqual([]);
  });

  it('says what to do when the program cannot be run', async () => {
    const missing: ZstdDecoder = { kind: 'program', path: '/nonexistent/zstd' };
    await expect(concat(decompress(chunks(programCompress(TAR)), 'layer', { zstd: missing }))).rejects.toThrow(
      /^layer: could not run \/nonexistent\/zstd \(spawn \/nonexistent\/zstd ENOENT\); set DISTROLESS_GUARD_ZSTD=builtin to use Node's zstd decoder$/,
    );
  });
});

describe("Node's zstd decoder", () => {
  // It ends with the first frame and drops the rest, or fails on it, depending on how the chunks
  // fall: a layer of several frames is refused rather than read in part.
  const frames = Buffer.concat([zlib.zstdCompressSync(TAR.subarray(0, 1_000_000)), zlib.zstdCompressSync(TAR.subarray(1_000_000))]);
  const refused =
    "layer sha256:abc: the zstd stream goes on after its first frame, which Node's zstd decoder cannot read; install the zstd program (found on PATH) or recompress the layer as one frame";

  it.each([1_000, 64 * 1024, frames.length])('refuses a stream of two frames, in chunks of %i bytes', async (size) => {
    await expect(concat(decompress(chunks(frames, size), 'layer sha256:abc', { zstd: BUILTIN }))).rejects.toThrow(new UserError(refused));
  });

  it('refuses a frame followed by garbage', async () => {
    const bad = Buffer.concat([zlib.zstdCompressSync(TAR), Buffer.from('not a zstd frame at all')]);
    await expect(concat(decompress(chunks(bad), 'layer sha256:abc', { zstd: BUILTIN }))).rejects.toThrow(UserError);
  });

  it('reads one frame in any chunking, to its last byte', async () => {
    const small = TAR.subarray(0, 200_000);
    const blob = zlib.zstdCompressSync(small);
    for (const size of [7, 1000, 64 * 1024, blob.length]) {
      expect((await concat(decompress(chunks(blob, size), 'layer', { zstd: BUILTIN }))).equals(small)).toBe(true);
    }
    expect((await concat(decompress(chunks(zlib.zstdCompressSync(TAR)), 'layer', { zstd: BUILTIN }))).equals(TAR)).toBe(true);
  });
});

describe('choosing the zstd decoder', () => {
  it("falls back to Node's decoder when PATH has no zstd, and takes it when DISTROLESS_GUARD_ZSTD=builtin", () => {
    expect(zstdDecoder({ PATH: '/nonexistent:relative/bin' })).toEqual(BUILTIN);
    expect(zstdDecoder({})).toEqual(BUILTIN);
    if (PROGRAM) expect(zstdDecoder({ PATH: dirname(PROGRAM), DISTROLESS_GUARD_ZSTD: 'builtin' })).toEqual(BUILTIN);
  });

  it('refuses a setting it does not know, naming the variable', () => {
    expect(() => zstdDecoder({ DISTROLESS_GUARD_ZSTD: 'fast' })).toThrow(new UserError('DISTROLESS_GUARD_ZSTD: "fast" is not builtin or auto'));
  });

  it('decompresses through Node when PATH has no zstd', async () => {
    const blob = zlib.zstdCompressSync(TAR);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect((await concat(decompress(chunks(blob), 'layer'))).equals(TAR)).toBe(true);
    } finally {
      process.env.PATH = path;
    }
  });

  it("words the program's last line of stderr as Node's decoder words the same failure", () => {
    expect(programError('/*stdin*\\ : Read error (39) : premature end \n', 1)).toMatchObject({ message: 'unexpected end of file', code: 'ZSTD_PROGRAM' });
    expect(programError('zstd: /*stdin*\\: unsupported format \n', 1).message).toBe('Unknown frame descriptor');
    expect(programError("/*stdin*\\ : Decoding error (36) : Restored data doesn't match checksum \n", 1).message).toBe("Restored data doesn't match checksum");
    expect(programError('', 137).message).toBe('exit status 137');
  });
});
