import { describe, expect, it } from 'vitest';
import type { FoundBinary } from '../../src/facts/binaries.ts';
import { RULES } from '../../src/rules/index.ts';
import { checkRule, foundBinary, entrypointFacts, programFacts } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT =
  'build in a full image and COPY only the app into a final stage FROM gcr.io/distroless/static-debian12 (multi-stage build); it has no shell or package manager';
const check = (packageManagers: FoundBinary[]) =>
  checkRule('no-package-manager', makeFacts({ packageManagers, entrypoint: entrypointFacts(programFacts('/app')) }));

describe('no-package-manager', () => {
  it('reports each package manager with its path and layer, and where a symlinked path leads', () => {
    expect(check([foundBinary('/usr/bin/apt-get', 1), foundBinary('/usr/bin/dpkg', 0), foundBinary('/sbin/apk', 0, '/usr/sbin/apk')])).toStrictEqual([
      { message: 'package manager /usr/bin/apt-get is in the image', path: '/usr/bin/apt-get', layer: 1, hint: HINT },
      { message: 'package manager /usr/bin/dpkg is in the image', path: '/usr/bin/dpkg', layer: 0, hint: HINT },
      { message: 'package manager /sbin/apk (-> /usr/sbin/apk) is in the image', path: '/sbin/apk', layer: 0, hint: HINT },
    ]);
  });

  it('passes an image without one (a package database alone is not a package manager)', () => {
    const facts = makeFacts({ entrypoint: entrypointFacts(programFacts('/app')) });
    expect(facts.packages.length).toBeGreaterThan(0);
    expect(checkRule('no-package-manager', facts)).toStrictEqual([]);
  });

  it('asks fact gathering for the names option `managers` adds, whatever its level', () => {
    const { factOptions } = RULES['no-package-manager'];
    expect(factOptions?.({ level: 'off', options: { managers: ['pip'] } })).toStrictEqual({ extraPackageManagers: ['pip'] });
  });
});
