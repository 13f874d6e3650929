import { describe, expect, it } from 'vitest';
import type { FoundBinary } from '../../src/facts/binaries.ts';
import { RULES } from '../../src/rules/index.ts';
import { checkRule, elfFacts, entrypointFacts, foundBinary, programFacts } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const check = (buildTools: FoundBinary[], program = programFacts('/app')) =>
  checkRule('no-build-tools', makeFacts({ buildTools, entrypoint: entrypointFacts(program) }));

describe('no-build-tools', () => {
  it('reports each build tool with what it is, its path and layer, and a multi-stage hint naming the base for the entry point', () => {
    const dynamic = programFacts('/app', { elf: elfFacts({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libstdc++.so.6'] }) });
    const base = 'compile in a build stage and COPY only the built program into a final stage FROM gcr.io/distroless/cc-debian12 (multi-stage build)';
    expect(check([foundBinary('/usr/bin/gcc-12', 2), foundBinary('/usr/local/go/bin/go', 1), foundBinary('/usr/bin/make', 0)], dynamic)).toStrictEqual([
      { message: 'C/C++ compiler /usr/bin/gcc-12 is in the image', path: '/usr/bin/gcc-12', layer: 2, hint: base },
      { message: 'Go toolchain /usr/local/go/bin/go is in the image', path: '/usr/local/go/bin/go', layer: 1, hint: base },
      { message: 'build tool /usr/bin/make is in the image', path: '/usr/bin/make', layer: 0, hint: base },
    ]);
  });

  it('names a tool found as a script interpreter with the script, and an extra name as a build tool', () => {
    const make = { ...foundBinary('/opt/make', 1), script: '/app/regen' };
    expect(check([make, foundBinary('/usr/bin/bazel', 1)]).map((finding) => finding.message)).toStrictEqual([
      'build tool /opt/make is in the image, as the #! interpreter of /app/regen',
      'build tool /usr/bin/bazel is in the image',
    ]);
  });

  it('passes an image without one', () => {
    expect(check([])).toStrictEqual([]);
  });

  it('asks fact gathering for the names option `tools` adds, whatever its level', () => {
    expect(RULES['no-build-tools'].factOptions?.({ level: 'off', options: { tools: ['bazel'] } })).toStrictEqual({ extraBuildTools: ['bazel'] });
  });
});
