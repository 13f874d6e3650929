import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ElfInfo, goBuildId, parseElf } from '../../src/facts/elf.ts';
import { type CapturedExecutable as CapturedFile, createExecutableCollector } from '../../src/facts/executable-capture.ts';
import { parseShebang } from '../../src/facts/shebang.ts';
import type { Collector } from '../../src/image/types.ts';
import { streamThroughCollector } from '../support/elf-stream.ts';
import { buildElf, type ElfSpec } from '../support/elf-writer.ts';

const MiB = 1024 * 1024;

/**
 * Streams `bytes` through a fresh collector in chunks of `chunkSize` (each its own buffer, as
 * readers hand them out) until it asks for no more.
 */
function collect(bytes: Buffer, chunkSize: number): { captured: CapturedFile; consumed: number } {
  const collector = createExecutableCollector();
  let consumed = 0;
  while (consumed < bytes.length) {
    const chunk = Buffer.from(bytes.subarray(consumed, consumed + chunkSize));
    consumed += chunk.length;
    const more = collector.push(chunk);
    if (!more) break;
  }
  return { captured: collector.finish(bytes.length), consumed };
}

/** Collects `bytes` as from a file, reading at offsets; with how many bytes it read. */
function collectAt(bytes: Buffer): { captured: CapturedFile; read: number } {
  let read = 0;
  const captured = (createExecutableCollector().readAt as NonNullable<Collector['readAt']>)((offset, length) => {
    const part = Buffer.from(bytes.subarray(offset, offset + length));
    read += part.length;
    return part;
  }, bytes.length);
  return { captured, read };
}

const x86Library: ElfSpec = {
  class: 64,
  endian: 'little',
  machine: 62,
  type: 3,
  interpreter: '/lib64/ld-linux-x86-64.so.2',
  needed: ['libfoo.so.1', 'libc.so.6'],
  soname: 'libapp.so.2',
  runpath: '$ORIGIN/../lib:/opt/app/lib',
  rpath: '/old/rpath',
};

const x86LibraryInfo: ElfInfo = {
  class: 64,
  endian: 'little',
  machine: 62,
  machineName: 'amd64',
  type: 'dyn',
  interpreter: '/lib64/ld-linux-x86-64.so.2',
  needed: ['libfoo.so.1', 'libc.so.6'],
  soname: 'libapp.so.2',
  runpath: ['$ORIGIN/../lib', '/opt/app/lib'],
  rpath: ['/old/rpath'],
  dynamic: true,
  complete: true,
};

const bigEndian32: ElfSpec = { class: 32, endian: 'big', machine: 8, type: 2, interpreter: '/lib/ld.so.1', needed: ['libc.so.6'], rpath: '/usr/local/lib' };

describe('parseElf', () => {
  it('reads every field of a 64-bit little-endian shared object', () => {
    expect(parseElf(buildElf(x86Library))).toStrictEqual(x86LibraryInfo);
  });

  it('reads a 32-bit big-endian executable', () => {
    expect(parseElf(buildElf(bigEndian32))).toStrictEqual({
      class: 32,
      endian: 'big',
      machine: 8,
      machineName: 'unknown(8)',
      type: 'exec',
      interpreter: '/lib/ld.so.1',
      needed: ['libc.so.6'],
      soname: undefined,
      runpath: [],
      rpath: ['/usr/local/lib'],
      dynamic: true,
      complete: true,
    });
  });

  it('reads a static executable: no interpreter, no PT_DYNAMIC', () => {
    expect(parseElf(buildElf({ class: 64, endian: 'little', machine: 183, type: 2 }))).toStrictEqual({
      class: 64,
      endian: 'little',
      machine: 183,
      machineName: 'arm64',
      type: 'exec',
      interpreter: undefined,
      needed: [],
      soname: undefined,
      runpath: [],
      rpath: [],
      dynamic: false,
      complete: true,
    });
  });

  it.each([
    [64, 'little', 62, 'amd64'],
    [32, 'little', 62, 'unknown(62)'], // x32 does not run as amd64
    [64, 'little', 183, 'arm64'],
    [32, 'little', 40, 'arm'],
    [32, 'little', 3, '386'],
    [64, 'little', 243, 'riscv64'],
    [64, 'little', 21, 'ppc64le'],
    [64, 'big', 21, 'ppc64'],
    [64, 'big', 22, 's390x'],
    [64, 'little', 8, 'unknown(8)'],
  ] as const)('names class %i %s machine %i %s', (elfClass, endian, machine, name) => {
    expect(parseElf(buildElf({ class: elfClass, endian, machine, type: 3 }))?.machineName).toBe(name);
  });

  it.each([
    [1, 'rel'],
    [2, 'exec'],
    [3, 'dyn'],
    [4, 'core'],
    [0xfe00, 'other'],
  ] as const)('names e_type %i %s', (type, name) => {
    expect(parseElf(buildElf({ class: 64, endian: 'big', machine: 22, type }))?.type).toBe(name);
  });

  it('maps DT_STRTAB through the PT_LOAD that holds it, in any layout', () => {
    for (const layout of [{ dynamicFirst: true }, { separateLoad: true }, { separateLoad: true, dynamicFirst: true }, { gap: 5000, tableGap: 300 }]) {
      expect(parseElf(buildElf({ ...x86Library, ...layout })), JSON.stringify(layout)).toStrictEqual(x86LibraryInfo);
      expect(parseElf(buildElf({ ...bigEndian32, ...layout }))?.needed, JSON.stringify(layout)).toEqual(['libc.so.6']);
    }
  });

  it('is undefined for what is not ELF', () => {
    expect(parseElf(Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined();
    expect(parseElf(Buffer.alloc(0))).toBeUndefined();
    expect(parseElf(buildElf(x86Library).subarray(0, 40))).toBeUndefined();
    const badClass = buildElf(x86Library);
    badClass[4] = 3;
    expect(parseElf(badClass)).toBeUndefined();
  });

  it('says incomplete, never wrong, when bytes are missing', () => {
    const whole = buildElf(x86Library);
    // Only the ELF header: program headers unknown.
    expect(parseElf(whole.subarray(0, 64))).toMatchObject({ machineName: 'amd64', needed: [], dynamic: false, complete: false });
    // PT_DYNAMIC present, its last entry (DT_NULL) cut off: the strings come from what is read.
    expect(parseElf(whole.subarray(0, whole.length - 8))).toMatchObject({ needed: ['libfoo.so.1', 'libc.so.6'], complete: false });
    // .dynamic before .dynstr, and the file cut between them: names unknown.
    const dynamicFirst = buildElf({ ...x86Library, dynamicFirst: true });
    const cut = parseElf(dynamicFirst.subarray(0, dynamicFirst.indexOf('\0libfoo.so.1\0')));
    expect(cut).toMatchObject({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: [], runpath: [], dynamic: true, complete: false });
  });

  it('reads a 64-bit value above 2^53 as nothing it can find: incomplete, never another name', () => {
    const bytes = buildElf(x86Library);
    const programHeaders = Number(bytes.readBigUInt64LE(0x20));
    const headers = Array.from({ length: bytes.readUInt16LE(0x38) }, (_, i) => programHeaders + 56 * i);
    const dynamic = Number(bytes.readBigUInt64LE((headers.find((at) => bytes.readUInt32LE(at) === 2) as number) + 8));
    let firstNeeded = dynamic;
    while (bytes.readBigUInt64LE(firstNeeded) !== 1n) firstNeeded += 16;
    // The first DT_NEEDED's string-table offset, 2^53 higher: its low 32 bits still name libfoo.so.1.
    bytes.writeUInt32LE(0x200000, firstNeeded + 12);
    expect(parseElf(bytes)).toStrictEqual({ ...x86LibraryInfo, needed: ['libc.so.6'], complete: false });
    // The program headers' offset likewise: none can be read.
    bytes.writeUInt32LE(0x80000000, 0x24);
    expect(parseElf(bytes)).toMatchObject({ interpreter: undefined, needed: [], dynamic: false, complete: false });
  });

  it('reads what the kept regions hold beyond the head', () => {
    const whole = buildElf({ ...x86Library, gap: 10_000 });
    const tables = whole.indexOf('\0libfoo.so.1\0');
    expect(parseElf(whole.subarray(0, 1000))?.complete).toBe(false);
    expect(parseElf(whole.subarray(0, 1000), [{ offset: tables, bytes: whole.subarray(tables) }])).toStrictEqual(x86LibraryInfo);
  });
});

const goBuildIdOf = (bytes: Buffer) => goBuildId(bytes, true);
const GO_BUILD_ID = 'Kx8-pFRQzxbNDdAsqy4E/dS2kD3rxnXkCpmBDRNa3/3FWGu4o4sZ7ZrhxeJtoH/kDRKe5vXtiBgLVF8gIah';
/** As Go's linker writes it: owner "Go\0\0" (namesz 4), type 4. */
const GO_NOTE = { name: 'Go\0', type: 4, desc: GO_BUILD_ID };
const GNU_BUILD_ID = { name: 'GNU', type: 3, desc: Buffer.alloc(20, 0xab) };
const goStatic: ElfSpec = { class: 64, endian: 'little', machine: 62, type: 2, notes: [GO_NOTE] };

describe('Go build id', () => {
  it('is the descriptor of the note of owner Go and type 4, in either byte order', () => {
    expect(parseElf(buildElf(goStatic))?.goBuildId).toBe(GO_BUILD_ID);
    expect(parseElf(buildElf({ ...bigEndian32, notes: [GNU_BUILD_ID, GO_NOTE] }))?.goBuildId).toBe(GO_BUILD_ID);
    expect(parseElf(buildElf({ ...goStatic, notes: [{ name: 'Go', type: 4, desc: 'x' }] }))?.goBuildId).toBe('x');
  });

  it('is absent (not even a key) for other notes: GNU build ids, a Go note of another type, another owner', () => {
    for (const notes of [[GNU_BUILD_ID], [{ ...GO_NOTE, type: 1 }], [{ ...GO_NOTE, name: 'Gopher' }], []]) {
      const elf = parseElf(buildElf({ ...goStatic, notes }));
      expect(elf && 'goBuildId' in elf, JSON.stringify(notes)).toBe(false);
    }
  });

  it('is absent when the note runs past its segment or the bytes at hand', () => {
    const bytes = buildElf(goStatic);
    expect(parseElf(bytes.subarray(0, bytes.length - 8))?.goBuildId).toBeUndefined();
    const note = Buffer.alloc(12);
    note.writeUInt32LE(4, 0);
    note.writeUInt32LE(0xffffffff, 4);
    note.writeUInt32LE(4, 8);
    expect(goBuildIdOf(Buffer.concat([note, Buffer.from('Go\0\0')]))).toBeUndefined();
  });
});

describe('createExecutableCollector', () => {
  const specs: [string, ElfSpec][] = [
    ['64-bit little-endian library', x86Library],
    ['32-bit big-endian executable', bigEndian32],
    ['static executable', { class: 64, endian: 'little', machine: 62, type: 2 }],
    ['.dynamic before .dynstr', { ...x86Library, dynamicFirst: true }],
    ['tables in their own PT_LOAD', { ...x86Library, separateLoad: true }],
    ['70 KiB of code before the tables', { ...bigEndian32, gap: 70 * 1024 }],
    ['.dynamic 70 KiB before .dynstr', { ...bigEndian32, tableGap: 70 * 1024, dynamicFirst: true }],
    ['static Go program with its build-id note', { ...goStatic, gap: 70 * 1024 }],
    ['dynamic Go program (cgo) among GNU notes', { ...x86Library, notes: [GNU_BUILD_ID, GO_NOTE], gap: 70 * 1024 }],
  ];

  it.each(specs)('gives what parseElf gives on the whole file, in chunks of 1, 7 and 64 KiB: %s', (_name, spec) => {
    const bytes = buildElf(spec);
    const expected = parseElf(bytes);
    expect(expected?.complete).toBe(true);
    for (const chunkSize of [1, 7, 64 * 1024]) {
      const { captured } = collect(bytes, chunkSize);
      expect(captured.elf, `chunks of ${chunkSize}`).toStrictEqual(expected);
      // A parsed ELF file is its facts: no bytes kept.
      expect(captured.head).toEqual(Buffer.alloc(0));
      expect(captured.truncated).toBe(true);
    }
  });

  it.each(specs)('gives the same from a file, reading the head and the tables where they are: %s', (_name, spec) => {
    const bytes = buildElf(spec);
    expect(collectAt(bytes).captured).toStrictEqual(collect(bytes, 7).captured);
  });

  it('reads from a file only the head and the tables, wherever they are and however large the file', () => {
    for (const spec of [
      { ...x86Library, gap: 64 * MiB, tableGap: MiB },
      { ...x86Library, gap: 20 * MiB, tableGap: MiB, separateLoad: true },
      { ...x86Library, gap: 20 * MiB, tableGap: MiB, dynamicFirst: true },
    ]) {
      const { captured, read } = collectAt(buildElf(spec));
      // Complete where the stream has to guess: the string table is read at its offset.
      expect(captured).toStrictEqual({ head: Buffer.alloc(0), truncated: true, elf: x86LibraryInfo });
      expect(read).toBeLessThan(128 * 1024);
    }
    const script = Buffer.from('#!/bin/sh -e\n' + 'echo hi\n'.repeat(100_000));
    const fromScript = collectAt(script);
    expect(fromScript.captured).toStrictEqual({ head: Buffer.from('#!/bin/sh -e\n'), truncated: true });
    expect(fromScript.read).toBeLessThanOrEqual(4096);
    expect(collectAt(Buffer.from('hi'))).toStrictEqual({ captured: collect(Buffer.from('hi'), 1).captured, read: 2 });
  });

  it('stops asking once the tables it needs are in, however long the file goes on', () => {
    const bytes = Buffer.concat([buildElf(x86Library), Buffer.alloc(MiB)]);
    expect(buildElf(x86Library).length).toBeLessThan(4096);
    const { captured, consumed } = collect(bytes, 4096);
    expect(consumed).toBe(4096);
    expect(captured).toStrictEqual({ head: Buffer.alloc(0), truncated: true, elf: x86LibraryInfo });
  });

  describe('with a large body', () => {
    it('finds a Go-style .dynstr deep in a second PT_LOAD, $ORIGIN paths included', () => {
      const spec: ElfSpec = { ...x86Library, runpath: '$ORIGIN/../lib', rpath: undefined, gap: 20 * MiB, tableGap: MiB, separateLoad: true };
      const { captured, retainedMidway } = streamThroughCollector(buildElf(spec));
      expect(retainedMidway).toBeLessThan(10 * MiB);
      expect(captured.elf).toStrictEqual({ ...x86LibraryInfo, runpath: ['$ORIGIN/../lib'], rpath: [] });
    });

    it('keeps the string table ahead when .dynamic comes first', () => {
      const bytes = buildElf({ ...x86Library, gap: 20 * MiB, tableGap: MiB, dynamicFirst: true });
      const { captured, retainedMidway, retainedAtEnd } = streamThroughCollector(bytes);
      expect(retainedMidway).toBeLessThan(10 * MiB);
      expect(retainedAtEnd).toBeLessThan(2 * MiB);
      expect(captured.elf).toStrictEqual(x86LibraryInfo);
    });

    it('stops reading 20 MiB of trailing data', () => {
      const elf = buildElf(x86Library);
      const bytes = Buffer.concat([elf, Buffer.alloc(20 * MiB)]);
      const { captured, consumed, retainedAtEnd } = streamThroughCollector(bytes);
      expect(consumed).toBeLessThanOrEqual(64 * 1024);
      expect(retainedAtEnd).toBeLessThan(1 * MiB);
      expect(captured.elf).toStrictEqual(x86LibraryInfo);
    });
  });

  it('keeps only the first line of a script', () => {
    const script = Buffer.from('#!/usr/bin/env python3 -u\nimport sys\n' + 'x = 1\n'.repeat(1000));
    for (const chunkSize of [1, 7, 64 * 1024]) {
      const { captured, consumed } = collect(script, chunkSize);
      expect(captured).toStrictEqual({ head: Buffer.from('#!/usr/bin/env python3 -u\n'), truncated: true });
      expect(consumed).toBe(Math.min(script.length, Math.ceil(26 / chunkSize) * chunkSize));
    }
    const long = Buffer.from(`#!/bin/${'x'.repeat(300)}\n`);
    expect(collect(long, 7).captured.head).toEqual(long.subarray(0, 256));
  });

  it('stops after the first chunk of anything else, keeping none of it', () => {
    const text = Buffer.from('hello world, '.repeat(100));
    const { captured, consumed } = collect(text, 512);
    expect(consumed).toBe(512);
    expect(captured).toStrictEqual({ head: Buffer.alloc(0), truncated: true });
    expect(collect(Buffer.from([0x7f, 0x45, 0x4c, 0x00, 1, 2]), 1)).toStrictEqual({
      captured: { head: Buffer.alloc(0), truncated: true },
      consumed: 4,
    });
    expect(createExecutableCollector().finish(0)).toStrictEqual({ head: Buffer.alloc(0), truncated: false });
  });
});

describe('hostile input', () => {
  const spec = fc.record({
    class: fc.constantFrom(32 as const, 64 as const),
    endian: fc.constantFrom('little' as const, 'big' as const),
    machine: fc.constantFrom(3, 40, 62, 183),
    type: fc.constantFrom(2, 3),
    interpreter: fc.option(fc.constantFrom('/lib/ld-musl-x86_64.so.1', '/lib64/ld-linux-x86-64.so.2'), { nil: undefined }),
    needed: fc.array(fc.constantFrom('libc.so.6', 'libm.so.6', 'libz.so.1'), { maxLength: 3 }),
    runpath: fc.option(fc.constantFrom('$ORIGIN', '/a:/b'), { nil: undefined }),
    dynamicFirst: fc.boolean(),
    separateLoad: fc.boolean(),
  });
  const mutations = fc.array(fc.tuple(fc.nat({ max: 400 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), fc.integer({ min: 1, max: 64 }), (random, elfMagic, chunkSize) => {
        const bytes = Buffer.from(random);
        if (elfMagic && bytes.length >= 6) bytes.set([0x7f, 0x45, 0x4c, 0x46, 1 + (bytes[4] & 1), 1 + (bytes[5] & 1)]);
        parseElf(bytes);
        parseShebang(bytes);
        collect(bytes, chunkSize);
        collectAt(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated or truncated ELF files, and is right whenever it says complete', () => {
    fc.assert(
      fc.property(spec, mutations, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 97 }), (elfSpec, changes, keep, chunkSize) => {
        const bytes = buildElf(elfSpec);
        for (const [at, value] of changes) if (at < bytes.length) bytes[at] = value;
        const file = bytes.subarray(0, keep);
        const whole = parseElf(file);
        const { captured } = collect(file, chunkSize);
        if (captured.elf?.complete) expect(captured.elf).toStrictEqual(whole);
        const fromFile = collectAt(file).captured;
        if (fromFile.elf?.complete) expect(fromFile.elf).toStrictEqual(whole);
        if (whole) expect({ class: captured.elf?.class, machine: captured.elf?.machine }).toEqual({ class: whole.class, machine: whole.machine });
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseShebang', () => {
  it.each([
    ['#!/bin/sh\necho hi\n', { interpreter: '/bin/sh' }],
    ['#!/bin/sh', { interpreter: '/bin/sh' }],
    ['#! /usr/bin/env  python3 -u \nimport sys', { interpreter: '/usr/bin/env', argument: 'python3 -u' }],
    ['#!\t/bin/bash\t-e\t\n', { interpreter: '/bin/bash', argument: '-e' }],
    ['#!/bin/sh\r\n', { interpreter: '/bin/sh\r' }], // the kernel does not strip a CR
    [`#!/bin/sh ${'a'.repeat(300)}\n`, { interpreter: '/bin/sh', argument: 'a'.repeat(245) }],
  ])('reads %j', (text, expected) => {
    expect(parseShebang(Buffer.from(text))).toStrictEqual(expected);
  });

  it.each([['#!\n'], ['#!   \t\n'], ['#!'], [`#!/${'x'.repeat(300)}\n`], ['# comment\n'], ['echo hi\n'], ['']])('is undefined for %j', (text) => {
    expect(parseShebang(Buffer.from(text))).toBeUndefined();
  });
});

const gcc = (() => {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!gcc)(gcc ? 'real binaries' : 'real binaries (skipped: gcc is not installed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elf-facts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const build = (name: string, flags: string[]): Buffer => {
    const source = join(dir, 'hello.c');
    writeFileSync(source, '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n');
    execFileSync('gcc', [...flags, '-o', join(dir, name), source]);
    return readFileSync(join(dir, name));
  };

  it('reads a dynamic executable built with gcc -O2', () => {
    const bytes = build('dynamic', ['-O2']);
    const elf = parseElf(bytes);
    expect(elf).toMatchObject({ class: 64, dynamic: true, complete: true });
    expect(elf?.needed).toContain('libc.so.6');
    if (arch() === 'x64') expect(elf).toMatchObject({ machineName: 'amd64', interpreter: '/lib64/ld-linux-x86-64.so.2' });
    expect(collect(bytes, 64 * 1024).captured.elf).toStrictEqual(elf);
    expect(collectAt(bytes).captured.elf).toStrictEqual(elf);
  });

  it('reads a static executable built with gcc -static', () => {
    const bytes = build('static', ['-O2', '-static']);
    const elf = parseElf(bytes);
    expect(elf).toMatchObject({ needed: [], complete: true });
    expect(elf?.interpreter).toBeUndefined();
    // Its GNU notes do not make it a Go program.
    expect(elf?.goBuildId).toBeUndefined();
    expect(collect(bytes, 64 * 1024).captured.elf).toStrictEqual(elf);
  });

  const libc = '/usr/lib/x86_64-linux-gnu/libc.so.6';
  it.skipIf(arch() !== 'x64' || !existsSync(libc))("reads this machine's libc.so.6 in 64 KiB chunks", () => {
    const bytes = readFileSync(libc);
    const { captured } = collect(bytes, 64 * 1024);
    expect(captured.elf).toMatchObject({ machineName: 'amd64', type: 'dyn', soname: 'libc.so.6', complete: true });
    expect(captured.elf?.needed).toContain('ld-linux-x86-64.so.2');
    expect(captured.elf).toStrictEqual(parseElf(bytes));
    const fromFile = collectAt(bytes);
    expect(fromFile.captured).toStrictEqual(captured);
    expect(fromFile.read).toBeLessThan(bytes.length / 4);
  });
});
