// The ELF collector on a 64 MiB body, streamed as a layer hands it out: the memory it keeps stays
// bounded. Cut from the "with a large body" cases of test/facts/elf.test.ts for what it costs
// (some 10 to 20 s of CPU); the 20 MiB cases stay there.
import { describe, expect, it } from 'vitest';
import { buildElf } from '../support/elf-writer.ts';
import { streamThroughCollector } from '../support/elf-stream.ts';

const MiB = 1024 * 1024;

describe('the ELF collector with a 64 MiB body', () => {
  it('keeps a bounded part of 64 MiB of code before .dynstr, and finds the names by scanning', () => {
    const bytes = buildElf({
      class: 64,
      endian: 'little',
      machine: 62,
      type: 3,
      interpreter: '/lib64/ld-linux-x86-64.so.2',
      needed: ['libfoo.so.1', 'libc.so.6'],
      soname: 'libapp.so.2',
      runpath: '/opt/app/lib',
      rpath: '/old/rpath',
      gap: 64 * MiB,
      tableGap: MiB,
    });
    const { captured, consumed, retainedMidway, retainedAtEnd } = streamThroughCollector(bytes);
    expect(consumed).toBe(bytes.length);
    expect(retainedMidway).toBeLessThan(10 * MiB);
    expect(retainedAtEnd).toBeLessThan(2 * MiB);
    expect(captured.head.length).toBe(0);
    // Library names are kept wherever they are; an absolute RUNPATH or RPATH far from the headers is not.
    expect(captured.elf).toStrictEqual({
      class: 64,
      endian: 'little',
      machine: 62,
      machineName: 'amd64',
      type: 'dyn',
      interpreter: '/lib64/ld-linux-x86-64.so.2',
      needed: ['libfoo.so.1', 'libc.so.6'],
      soname: 'libapp.so.2',
      runpath: [],
      rpath: [],
      dynamic: true,
      complete: false,
    });
  });
});
