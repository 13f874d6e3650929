// The ELF collector on a 64 MiB body, streamed as a layer hands it out: the memory it keeps stays
// bounded. Cut from the "with a large body" cases of test/facts/elf.test.ts for what it costs
// (some 10 to 20 s of CPU); the 20 MiB cases stay there.
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createExecutableCollector } from '../../src/facts/executable-capture.ts';
import { buildElf } from '../support/elf-writer.ts';

const MiB = 1024 * 1024;

describe('the ELF collector with a 64 MiB body', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  /** ArrayBuffer bytes held now beyond `baseline`; V8 frees them while sweeping, so a second collection waits for the first one's. */
  function retainedSince(baseline: number): number {
    gc();
    gc();
    return process.memoryUsage().arrayBuffers - baseline;
  }

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
    const collector = createExecutableCollector();
    const baseline = retainedSince(0);
    // 64 KiB chunks, views of the file and no copies.
    let consumed = 0;
    let retainedMidway = 0;
    while (consumed < bytes.length) {
      const chunk = bytes.subarray(consumed, consumed + 64 * 1024);
      const more = collector.push(chunk);
      consumed += chunk.length;
      if (retainedMidway === 0 && consumed >= bytes.length / 2) retainedMidway = retainedSince(baseline);
      if (!more) break;
    }
    const retainedAtEnd = retainedSince(baseline);
    const captured = collector.finish(bytes.length);
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
