import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ByteReader, FileRangeReader, StreamReader, type SyncByteReader } from '../../src/image/bytes.ts';
import { cleanPath, TarError, type TarMember, walkTar } from '../../src/image/tar.ts';
import { opaqueWhiteout, tarBuffer, type TarEntrySpec, whiteout } from '../support/tar-writer.ts';

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-tar-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface OpenedReader {
  reader: ByteReader | SyncByteReader;
  close(): Promise<void>;
}

interface ReaderKind {
  name: string;
  open(tar: Buffer): Promise<OpenedReader>;
}

async function* chunked(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}

function streamKind(chunkSize: number): ReaderKind {
  return {
    name: `StreamReader, ${chunkSize}-byte chunks`,
    open: async (tar) => ({ reader: new StreamReader(chunked(tar, chunkSize)), close: async () => {} }),
  };
}

/** The tar sits in the middle of a file between non-zero bytes, so reading outside the range breaks the walk. */
const fileKind: ReaderKind = {
  name: 'FileRangeReader',
  open: async (tar) => {
    const path = join(dir, `archive-${files++}.bin`);
    await writeFile(path, Buffer.concat([Buffer.alloc(777, 0xaa), tar, Buffer.alloc(1500, 0xaa)]));
    const handle = await open(path, 'r');
    return { reader: new FileRangeReader(handle, 777, tar.length), close: () => handle.close() };
  },
};

const READER_KINDS: ReaderKind[] = [...[1, 511, 512, 513, 64 * 1024].map(streamKind), fileKind];

interface Walked {
  member: TarMember;
  /** The bytes read from the body (all of it by default). */
  body: Buffer;
}

/**
 * Walks the whole archive, reading `read` bytes of each body ('all', none, or a count), and
 * checks that every body read is where `offset` says it is in `tar`.
 */
async function walk(kind: ReaderKind, tar: Buffer, read: 'all' | number = 'all'): Promise<Walked[]> {
  const { reader, close } = await kind.open(tar);
  try {
    const out: Walked[] = [];
    for await (const member of walkTar(reader)) {
      expect(reader.position).toBe(member.offset);
      const want = read === 'all' ? member.size : Math.min(read, member.size);
      const parts: Buffer[] = [];
      for await (const chunk of reader.chunks(want)) parts.push(Buffer.from(chunk));
      const body = Buffer.concat(parts);
      expect(body.equals(tar.subarray(member.offset, member.offset + body.length))).toBe(true);
      out.push({ member, body });
    }
    return out;
  } finally {
    await close();
  }
}

async function walkError(kind: ReaderKind, tar: Buffer, read: 'all' | number = 'all'): Promise<unknown> {
  try {
    await walk(kind, tar, read);
  } catch (error) {
    return error;
  }
  return undefined;
}

function names(walked: Walked[]): string[] {
  return walked.map((entry) => entry.member.name);
}

/** A copy of `tar` with the header at `at` changed by `edit` and its checksum made right again. */
function patchHeader(tar: Buffer, at: number, edit: (header: Buffer) => void): Buffer {
  const copy = Buffer.from(tar);
  const header = copy.subarray(at, at + 512);
  edit(header);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return copy;
}

function pattern(length: number, seed = 0): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) % 251;
  return out;
}

const BUSYBOX = pattern(600);

describe.each(READER_KINDS)('walkTar over $name', (kind) => {
  it('yields ordinary ustar members with their fields and body offsets', async () => {
    const tar = tarBuffer([
      { path: 'etc/', type: 'dir' },
      { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' },
      { path: 'bin/busybox', content: BUSYBOX, mode: 0o4755, uid: 1000, gid: 1001 },
      { path: 'bin/sh', type: 'symlink', target: 'busybox' },
      { path: 'bin/ash', type: 'hardlink', target: 'bin/busybox' },
      { path: 'dev/null', type: 'char', mode: 0o666, devmajor: 1, devminor: 3 },
      { path: 'dev/sda', type: 'block', mode: 0o660, devmajor: 8, devminor: 0 },
      { path: 'run/fifo', type: 'fifo', mode: 0o600 },
      { path: 'empty', content: '' },
    ]);
    const walked = await walk(kind, tar);
    const member = (name: string, typeflag: string, mode: number, offset: number, extra: Partial<TarMember> = {}): TarMember => ({
      name,
      typeflag,
      mode,
      uid: 0,
      gid: 0,
      size: 0,
      realSize: 0,
      linkname: '',
      offset,
      ...extra,
    });
    expect(walked.map((entry) => entry.member)).toEqual([
      member('etc/', '5', 0o755, 512),
      member('etc/passwd', '0', 0o644, 1024, { size: 36, realSize: 36 }),
      member('bin/busybox', '0', 0o4755, 2048, { uid: 1000, gid: 1001, size: 600, realSize: 600 }),
      member('bin/sh', '2', 0o777, 3584, { linkname: 'busybox' }),
      member('bin/ash', '1', 0o644, 4096, { linkname: 'bin/busybox' }),
      member('dev/null', '3', 0o666, 4608),
      member('dev/sda', '4', 0o660, 5120),
      member('run/fifo', '6', 0o600, 5632),
      member('empty', '0', 0o644, 6144),
    ]);
    expect(walked[1].body.toString()).toBe('root:x:0:0:root:/root:/sbin/nologin\n');
    expect(walked[2].body.equals(BUSYBOX)).toBe(true);
  });

  it('joins the ustar prefix field and the name', async () => {
    const name = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(90)}`;
    const tar = tarBuffer([
      { path: name, content: 'prefixed' },
      { path: 'next', content: 'n' },
    ]);
    expect(tar.toString('latin1', 345, 345 + 121)).toBe(`${'d'.repeat(60)}/${'e'.repeat(60)}`);
    const walked = await walk(kind, tar);
    expect(names(walked)).toEqual([name, 'next']);
    expect(walked.map((entry) => entry.body.toString())).toEqual(['prefixed', 'n']);
  });

  it('reads GNU long names and long link names (L and K headers)', async () => {
    const longName = `usr/share/${'n'.repeat(120)}/file`;
    const longTarget = `/${'t'.repeat(150)}`;
    const tar = tarBuffer([
      { path: longName, content: 'long', format: 'gnu' },
      { path: 'link', type: 'symlink', target: longTarget, format: 'gnu' },
      { path: 'l'.repeat(101), type: 'hardlink', target: 'h'.repeat(130), format: 'gnu' },
      { path: 'short', content: 's', format: 'gnu' },
    ]);
    expect(String.fromCharCode(tar[156])).toBe('L');
    expect(tar.toString('latin1', 257, 265)).toBe('ustar  \0');
    const walked = await walk(kind, tar);
    expect(walked.map(({ member }) => [member.name, member.typeflag, member.linkname, member.size])).toEqual([
      [longName, '0', '', 4],
      ['link', '2', longTarget, 0],
      ['l'.repeat(101), '1', 'h'.repeat(130), 0],
      ['short', '0', '', 1],
    ]);
    expect(walked[0].body.toString()).toBe('long');
    expect(walked[3].body.toString()).toBe('s');
  });

  it('takes path, linkpath, size, uid and gid from PAX records over the ustar fields', async () => {
    const target = `/opt/${'x'.repeat(200)}`;
    const tar = tarBuffer([
      { path: `usr/lib/${'p'.repeat(150)}.so`, content: 'hello', uid: 70000, gid: 5, format: 'pax' },
      { path: 'link', type: 'symlink', target, format: 'pax' },
      { path: 'short', content: 'abc', pax: { path: 'renamed/by/pax', uid: '42', gid: '43' } },
    ]);
    // The ustar header of the first member says size 0 and uid 0: only PAX gives the truth.
    expect(tar.toString('latin1', 1024, 1032)).toBe('usr/lib/');
    expect(tar.toString('latin1', 1024 + 108, 1024 + 114)).toBe('000000');
    expect(tar.toString('latin1', 1024 + 124, 1024 + 135)).toBe('00000000000');
    const walked = await walk(kind, tar);
    expect(walked.map(({ member }) => [member.name, member.linkname, member.size, member.uid, member.gid])).toEqual([
      [`usr/lib/${'p'.repeat(150)}.so`, '', 5, 70000, 5],
      ['link', target, 0, 0, 0],
      ['renamed/by/pax', '', 3, 42, 43],
    ]);
    expect(walked[0].body.toString()).toBe('hello');
    expect(walked[2].body.toString()).toBe('abc');
  });

  it('reads a 10 KB name from PAX and names that are not UTF-8', async () => {
    const huge = `${'deep/'.repeat(1999)}end`;
    const tar = tarBuffer([
      { path: huge, content: 'ten k' },
      { path: 'raw', rawName: Buffer.from([0x61, 0xff, 0xfe, 0x62]), content: 'r', format: 'gnu' },
      { path: 'raw-long', rawName: Buffer.concat([Buffer.alloc(120, 0x61), Buffer.from([0xc3])]), content: 'p' },
      { path: 'raw-gnu', rawName: Buffer.concat([Buffer.from([0xff]), Buffer.alloc(110, 0x62)]), content: 'g', format: 'gnu' },
    ]);
    const walked = await walk(kind, tar);
    expect(huge.length).toBe(9998);
    // Bytes that are not UTF-8 become lone surrogates U+DC80..U+DCFF, so distinct names stay distinct.
    expect(names(walked)).toEqual([huge, 'a\udcff\udcfeb', `${'a'.repeat(120)}\udcc3`, `\udcff${'b'.repeat(110)}`]);
    expect(walked.map((entry) => entry.body.toString())).toEqual(['ten k', 'r', 'p', 'g']);
  });

  it('passes over a global PAX header that only carries a comment', async () => {
    const tar = tarBuffer([
      { path: 'pax_global_header', type: 'global-pax', pax: { comment: 'f00dcafe' } },
      { path: 'a', content: 'A' },
      { path: 'b', content: 'BB', format: 'pax' },
    ]);
    const walked = await walk(kind, tar);
    expect(walked.map(({ member }) => [member.name, member.typeflag, member.size, member.offset])).toEqual([
      ['a', '0', 1, 1536],
      ['b', '0', 2, 3584],
    ]);
  });

  it('reads base-256 sizes and ids', async () => {
    const tar = tarBuffer([
      { path: 'b256', content: 'hello', base256: true, uid: 7, gid: 8, format: 'gnu' },
      { path: 'big-ids', content: 'q', uid: 3_000_000_000, gid: 2_500_000, format: 'gnu' },
      { path: 'after', content: 'ok' },
    ]);
    expect(tar[124]).toBe(0x80);
    expect(tar[512 + 512 + 108]).toBe(0x80);
    const walked = await walk(kind, tar);
    expect(walked.map(({ member }) => [member.name, member.size, member.uid, member.gid])).toEqual([
      ['b256', 5, 7, 8],
      ['big-ids', 1, 3_000_000_000, 2_500_000],
      ['after', 2, 0, 0],
    ]);
    expect(walked.map((entry) => entry.body.toString())).toEqual(['hello', 'q', 'ok']);
  });

  it('reads an old GNU sparse member: stored size, real size, and the body after its extension block', async () => {
    const map = [0, 1, 2, 3, 4].map((i) => ({ offset: i * 100_000, length: 512 })).concat({ offset: 999_000, length: 3 });
    const tar = tarBuffer([
      { path: 'sparse.img', content: 'D', size: 5 * 512 + 3, sparse: { realSize: 1_000_000, map } },
      { path: 'after', content: 'after' },
    ]);
    expect(String.fromCharCode(tar[156])).toBe('S');
    expect(tar[482]).toBe(1);
    const walked = await walk(kind, tar);
    expect(walked.map(({ member }) => [member.name, member.typeflag, member.size, member.realSize, member.offset])).toEqual([
      ['sparse.img', 'S', 2563, 1_000_000, 1024],
      ['after', '0', 5, 5, 1024 + 3072 + 512],
    ]);
    expect(walked[0].body.equals(Buffer.alloc(2563, 'D'))).toBe(true);
    expect(walked[1].body.toString()).toBe('after');
  });

  it('keeps names as stored (./ prefixes, trailing slashes, absolute and .. paths)', async () => {
    const stored = ['./', './etc/', './etc/hosts', 'usr/bin/', '/abs/path', '../../escape', 'a/./b/../c', '/../../etc/shadow'];
    const tar = tarBuffer(stored.map((path) => (path.endsWith('/') ? { path, type: 'dir' as const } : { path, content: path })));
    const walked = await walk(kind, tar);
    expect(names(walked)).toEqual(stored);
    expect(names(walked).map(cleanPath)).toEqual(['/', '/etc', '/etc/hosts', '/usr/bin', '/abs/path', '/escape', '/a/c', '/etc/shadow']);
  });

  it('yields duplicates and whiteouts as ordinary members, in order', async () => {
    const tar = tarBuffer([{ path: 'etc/x', content: 'v1' }, { path: 'etc/x', content: 'v2' }, whiteout('etc/old'), opaqueWhiteout('var/cache/')]);
    const walked = await walk(kind, tar);
    expect(walked.map((entry) => [entry.member.name, entry.body.toString()])).toEqual([
      ['etc/x', 'v1'],
      ['etc/x', 'v2'],
      ['etc/.wh.old', ''],
      ['var/cache/.wh..wh..opq', ''],
    ]);
  });

  it('skips bodies nobody reads and lands on the next member', async () => {
    const big = pattern(200_001, 7);
    const tar = tarBuffer([
      { path: 'big', content: big },
      { path: 'next', content: 'n' },
      { path: 'pax-next', content: 'p', format: 'pax' },
    ]);
    const walked = await walk(kind, tar, 0);
    expect(walked.map(({ member }) => [member.name, member.size, member.offset])).toEqual([
      ['big', 200_001, 512],
      ['next', 1, 512 + 200_192 + 512],
      ['pax-next', 1, 512 + 200_192 + 1024 + 1536],
    ]);
    expect(tar.toString('latin1', walked[1].member.offset, walked[1].member.offset + 1)).toBe('n');
  });

  it('skips what is left of partly read bodies', async () => {
    const first = pattern(1500, 1);
    const tar = tarBuffer([
      { path: 'first', content: first },
      { path: 'second', content: 'second body' },
      { path: 'third', content: pattern(700, 2) },
    ]);
    const walked = await walk(kind, tar, 100);
    expect(names(walked)).toEqual(['first', 'second', 'third']);
    expect(walked[0].body.equals(first.subarray(0, 100))).toBe(true);
    expect(walked[1].body.toString()).toBe('second body');
  });

  it('ends cleanly without the two zero blocks, and without the last padding', async () => {
    const entries: TarEntrySpec[] = [
      { path: 'a', content: 'A' },
      { path: 'b', content: 'BBB' },
    ];
    const noEnd = tarBuffer(entries, { end: false });
    expect(noEnd.length).toBe(2048);
    expect(names(await walk(kind, noEnd))).toEqual(['a', 'b']);
    const noPadding = noEnd.subarray(0, 1536 + 3);
    const walked = await walk(kind, noPadding);
    expect(walked.map((entry) => entry.body.toString())).toEqual(['A', 'BBB']);
  });

  it('reports a header cut short', async () => {
    const tar = tarBuffer([
      { path: 'a', content: 'x' },
      { path: 'b', content: 'y' },
    ]);
    const error = await walkError(kind, tar.subarray(0, 1024 + 100));
    expect(error).toBeInstanceOf(TarError);
    expect((error as Error).message).toBe('truncated tar header at byte 1024');
  });

  it('reports a body cut short, whether or not it was read', async () => {
    const tar = tarBuffer([{ path: 'usr/bin/app', content: pattern(1000) }]);
    for (const read of ['all', 0] as const) {
      const error = await walkError(kind, tar.subarray(0, 512 + 600), read);
      expect(error).toBeInstanceOf(TarError);
      expect((error as Error).message).toBe('truncated tar: usr/bin/app ends early');
    }
  });

  it('reports a PAX header whose records are cut short', async () => {
    const tar = tarBuffer([{ path: 'x'.repeat(5000), content: 'x' }]);
    const error = await walkError(kind, tar.subarray(0, 512 + 3000));
    expect(error).toBeInstanceOf(TarError);
    expect((error as Error).message).toMatch(/^truncated tar: header at byte 0 has \d+ bytes missing$/);
  });

  it('reports a header whose checksum does not match', async () => {
    const tar = Buffer.from(
      tarBuffer([
        { path: 'a', content: 'x' },
        { path: 'b', content: 'y' },
      ]),
    );
    tar[1024] = 'c'.charCodeAt(0);
    const error = await walkError(kind, tar);
    expect(error).toBeInstanceOf(TarError);
    expect((error as Error).message).toBe('not a tar header at byte 1024 (checksum mismatch)');
  });

  it('accepts the signed checksum old tars wrote, for a header with bytes above 127', async () => {
    const tar = patchHeader(tarBuffer([{ path: 'caf', content: 'x' }]), 0, (header) => header.write('café', 0, 'utf8'));
    // Summing signed bytes counts é's two bytes (c3 a9) as c3 - 256 and a9 - 256.
    const signed = patchHeader(tar, 0, () => {});
    const sum = parseInt(signed.toString('latin1', 148, 154), 8) - 512;
    signed.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    expect(names(await walk(kind, tar))).toEqual(['café']);
    expect(names(await walk(kind, signed))).toEqual(['café']);
    signed.write((sum - 1).toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    expect(await walkError(kind, signed)).toMatchObject({ message: 'not a tar header at byte 0 (checksum mismatch)' });
  });

  it('sums every byte of a header, however many are high', async () => {
    // A name of 100 0xff bytes and 12 more after the prefix field: the largest sum a header can have there.
    const tar = patchHeader(tarBuffer([{ path: 'a', content: 'x' }]), 0, (header) => {
      header.fill(0xff, 0, 100);
      header.fill(0xff, 500, 512);
    });
    expect(names(await walk(kind, tar))).toEqual(['\udcff'.repeat(100)]);
    const off = Buffer.from(tar);
    off[511] = 0xfe;
    expect(await walkError(kind, off)).toMatchObject({ message: 'not a tar header at byte 0 (checksum mismatch)' });
  });

  it('reports a gzip stream fed to it as not a tar', async () => {
    const gzipHead = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), pattern(2000)]);
    const error = await walkError(kind, gzipHead);
    expect(error).toBeInstanceOf(TarError);
    expect((error as Error).message).toBe('not a tar header at byte 0 (checksum mismatch)');
  });
});

describe('cleanPath', () => {
  it('makes absolute, clean paths and never climbs above the root', () => {
    expect(['', '.', './', '/', '..', '../..', 'a/b/../../..', 'etc//passwd', './usr/bin/', 'a/../b/'].map(cleanPath)).toEqual([
      '/',
      '/',
      '/',
      '/',
      '/',
      '/',
      '/',
      '/etc/passwd',
      '/usr/bin',
      '/b',
    ]);
  });

  it('keeps any name inside the root', () => {
    const segment = fc.constantFrom('..', '.', '', 'etc', 'a b', '.wh.x', '...');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), fc.boolean(), (segments, trailing) => {
        const cleaned = cleanPath(segments.join('/') + (trailing ? '/' : ''));
        expect(cleaned.startsWith('/')).toBe(true);
        expect(cleaned === '/' || !cleaned.endsWith('/')).toBe(true);
        expect(cleaned.split('/').slice(1)).not.toContain('..');
        expect(cleaned.split('/').slice(1)).not.toContain('.');
        expect(cleaned.includes('//')).toBe(false);
      }),
    );
  });

  it('is posix.normalize of the rooted name, without its trailing slash, whether or not it takes the fast path', () => {
    const segment = fc.constantFrom('..', '.', '', 'etc', 'a.b', '.wh.x', '...', '.x');
    fc.assert(
      fc.property(fc.constantFrom('', './', '/', '../'), fc.array(segment, { maxLength: 8 }), fc.boolean(), (prefix, segments, trailing) => {
        const name = prefix + segments.join('/') + (trailing ? '/' : '');
        const normal = posix.normalize(`/${name}`);
        expect(cleanPath(name)).toBe(normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('walkTar on hostile input', () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 150);

  /** Walks to the end: true for a clean end, false for a TarError; anything else fails the property. */
  async function survives(tar: Buffer, kind: ReaderKind, read: number): Promise<boolean> {
    const { reader, close } = await kind.open(tar);
    let members = 0;
    try {
      for await (const member of walkTar(reader)) {
        members++;
        expect(members).toBeLessThanOrEqual(tar.length / 512);
        await reader.read(Math.min(read, member.size));
      }
      return true;
    } catch (error) {
      if (error instanceof TarError) return false;
      throw error;
    } finally {
      await close();
    }
  }

  const sample = tarBuffer([
    { path: 'etc/', type: 'dir' },
    { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
    { path: `usr/lib/${'l'.repeat(120)}`, content: pattern(700), format: 'gnu' },
    { path: 'p'.repeat(300), content: 'pax', format: 'pax' },
    { path: 'pax_global_header', type: 'global-pax', pax: { comment: 'c' } },
    { path: 'bin/sh', type: 'symlink', target: 'busybox' },
    {
      path: 'sparse',
      content: 'S',
      size: 515,
      sparse: {
        realSize: 4096,
        map: [
          { offset: 0, length: 512 },
          { offset: 4000, length: 3 },
        ],
      },
    },
    { path: 'big', content: 'b', base256: true, format: 'gnu' },
  ]);

  it('meets random bytes with a TarError or a clean end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 1, max: 1024 }), async (bytes, chunk) => {
        await survives(Buffer.from(bytes), streamKind(chunk), 10);
      }),
      { numRuns: runs },
    );
  });

  it('meets a mangled archive (checksums fixed up) with a TarError or a clean end, on both readers', async () => {
    const mangle = fc.record({
      block: fc.nat({ max: sample.length / 512 - 1 }),
      writes: fc.array(fc.record({ at: fc.nat({ max: 511 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
      cut: fc.option(fc.nat({ max: sample.length }), { nil: undefined }),
      chunk: fc.integer({ min: 1, max: 2048 }),
      read: fc.nat({ max: 2000 }),
      file: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(mangle, async ({ block, writes, cut, chunk, read, file }) => {
        let tar = patchHeader(sample, block * 512, (header) => {
          for (const { at, byte } of writes) header[at] = byte;
        });
        if (cut !== undefined) tar = tar.subarray(0, cut);
        await survives(tar, file ? fileKind : streamKind(chunk), read);
      }),
      { numRuns: runs },
    );
  });
});

/**
 * containerd unpacks layers with Go's archive/tar; where we read a layer differently, the guard
 * checks a filesystem the container will not have. These fail against the current walker.
 */
describe('walkTar reads layers as Go archive/tar does', () => {
  const kind = streamKind(512);

  it('gives links, directories, devices and fifos no body whatever their size field says', async () => {
    const headerOnly: TarEntrySpec[] = [
      { path: 'bin/sh', type: 'symlink', target: 'busybox', sizeField: 1024 },
      { path: 'bin/ash', type: 'hardlink', target: 'bin/busybox', sizeField: 512 },
      { path: 'etc/', type: 'dir', sizeField: 512 },
      { path: 'dev/null', type: 'char', sizeField: 512 },
      { path: 'dev/sda', type: 'block', sizeField: 512 },
      { path: 'run/fifo', type: 'fifo', sizeField: 512 },
    ];
    const tar = tarBuffer(headerOnly.flatMap((entry) => [entry, { path: `${entry.path.replace(/\/$/, '')}.hidden`, content: 'x' }]));
    const walked = await walk(kind, tar);
    expect(walked.map(({ member }) => [member.name, member.size])).toEqual(
      headerOnly.flatMap((entry) => [
        [entry.path, 0],
        [`${entry.path.replace(/\/$/, '')}.hidden`, 1],
      ]),
    );
  });

  it('does not let a global PAX header rename or resize the members after it', async () => {
    const renaming = tarBuffer([
      { path: 'pax_global_header', type: 'global-pax', pax: { path: 'etc/hostname' } },
      { path: 'bin/sh', content: 'sh' },
      { path: 'etc/passwd', content: 'pw' },
    ]);
    expect(names(await walk(kind, renaming))).toEqual(['bin/sh', 'etc/passwd']);
    const resizing = tarBuffer([
      { path: 'pax_global_header', type: 'global-pax', pax: { size: '0' } },
      { path: 'bin/sh', content: 'sh' },
      { path: 'etc/passwd', content: 'pw' },
    ]);
    expect((await walk(kind, resizing)).map((entry) => entry.body.toString())).toEqual(['sh', 'pw']);
  });

  it('reads a NUL typeflag with a trailing slash as a directory', async () => {
    const tar = patchHeader(tarBuffer([{ path: 'bin/', content: '' }]), 0, (header) => {
      header[156] = 0;
    });
    const walked = await walk(kind, tar);
    expect(walked.map(({ member }) => [member.name, member.typeflag])).toEqual([['bin/', '5']]);
  });
});

describe('walkTar over a FileRangeReader whose range runs past the end of the file', () => {
  it('reports the layer as truncated instead of ending early and cleanly', async () => {
    const tar = tarBuffer([
      { path: 'a', content: pattern(1000) },
      { path: 'b', content: 'b' },
    ]);
    const path = join(dir, 'cut-short.tar');
    // The range says the whole tar; the file holds only part of the first body (a truncated download or copy).
    await writeFile(path, tar.subarray(0, 512 + 600));
    const handle = await open(path, 'r');
    try {
      const seen: string[] = [];
      const walking = (async () => {
        for await (const member of walkTar(new FileRangeReader(handle, 0, tar.length))) seen.push(member.name);
      })();
      await expect(walking).rejects.toThrow(new TarError('truncated tar: a ends early'));
      expect(seen).toEqual(['a']);
    } finally {
      await handle.close();
    }
  });
});
