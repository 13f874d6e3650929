import { describe, expect, it } from 'vitest';
import type { FoundBinary } from '../../src/facts/binaries.ts';
import type { ProgramFacts } from '../../src/facts/entrypoint.ts';
import { RULES } from '../../src/rules/index.ts';
import { checkRule, foundBinary, elfFacts, entrypointFacts, programFacts } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const hintFor = (base: string) =>
  `build in a full image and COPY only the app into a final stage FROM ${base} (multi-stage build); it has no shell or package manager`;
/** The findings for an image with these shells whose entry point runs `program` (a static /app by default). */
const check = (shells: FoundBinary[], program: ProgramFacts = programFacts('/app')) =>
  checkRule('no-shell', makeFacts({ shells, entrypoint: entrypointFacts(program) }));

describe('no-shell', () => {
  it('reports a shell at the layer that wrote it, with a distroless base for the static app', () => {
    expect(check([foundBinary('/usr/bin/dash', 0)])).toStrictEqual([
      { message: 'shell /usr/bin/dash is in the image', path: '/usr/bin/dash', layer: 0, hint: hintFor('gcr.io/distroless/static-debian12') },
    ]);
  });

  it('says where a shell found under a symlinked path leads', () => {
    expect(
      check([foundBinary('/bin/dash', 0, '/usr/bin/dash'), foundBinary('/busybox/busybox', 1)]).map((finding) => [
        finding.message,
        finding.path,
        finding.layer,
      ]),
    ).toStrictEqual([
      ['shell /bin/dash (-> /usr/bin/dash) is in the image', '/bin/dash', 0],
      ['shell /busybox/busybox is in the image', '/busybox/busybox', 1],
    ]);
  });

  it('passes a distroless-like image', () => {
    expect(check([])).toStrictEqual([]);
  });

  it('asks fact gathering for the names option `shells` adds, whatever its level', () => {
    const { factOptions } = RULES['no-shell'];
    expect(factOptions?.({ level: 'off', options: { shells: ['nu'] } })).toStrictEqual({ extraShells: ['nu'] });
  });
});

describe('the distroless base the hint names', () => {
  const LOADER = '/lib64/ld-linux-x86-64.so.2';
  const script = (shebang: NonNullable<ProgramFacts['interpreter']>) => programFacts('/app/main.py', { kind: 'script', elf: undefined, interpreter: shebang });
  const dynamic = (needed: string[]) => programFacts('/app', { elf: elfFacts({ type: 'dyn', interpreter: LOADER, needed, dynamic: true }) });

  it.each([
    ['node by name through PATH', programFacts('/usr/local/bin/node', { command: 'node' }), 'gcr.io/distroless/nodejs22-debian12'],
    [
      'python through #!/usr/bin/env',
      script({ command: '/usr/bin/env', path: '/usr/bin/env', argument: 'python3', envCommand: { command: 'python3' } }),
      'gcr.io/distroless/python3-debian12',
    ],
    ['python through #!/usr/bin/python3 -u', script({ command: '/usr/bin/python3', argument: '-u' }), 'gcr.io/distroless/python3-debian12'],
    ['java', programFacts('/usr/bin/java', { command: 'java' }), 'gcr.io/distroless/java21-debian12'],
    ['dotnet', programFacts('/usr/bin/dotnet', { command: 'dotnet' }), 'mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled'],
    ['a static ELF', programFacts('/app'), 'gcr.io/distroless/static-debian12'],
    ['a dynamic ELF with libc only', dynamic(['libc.so.6']), 'gcr.io/distroless/base-debian12'],
    ['a dynamic ELF with libstdc++', dynamic(['libstdc++.so.6', 'libc.so.6']), 'gcr.io/distroless/cc-debian12'],
    [
      'nothing recognisable',
      programFacts('/app/run', { kind: 'other', elf: undefined }),
      'gcr.io/distroless/static-debian12 (or the distroless image for your runtime)',
    ],
  ])('%s', (_, program, base) => {
    expect(check([foundBinary('/bin/sh', 0)], program)[0].hint).toBe(hintFor(base));
  });
});
