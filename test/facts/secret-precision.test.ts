import { expect, it } from 'vitest';
import { describeWithApt } from '../support/debian.ts';
import { detectorsOn, secretsIn } from '../support/secret-scan.ts';

const CPYTHON = ['python3.11-minimal', 'libpython3.11-minimal', 'libpython3.11-stdlib'];

// Precision first: real packages hold PEM header strings, URLs with user:password examples and
// test-looking data. The larger sets (a minbase system with OpenSSL, a JRE) are in test/heavy.
describeWithApt('no-secret-files stays silent on real Debian packages (quick sets)', () => {
  it.each([
    ['CPython and its standard library', CPYTHON],
    ['a distroless-style cc base', ['base-files', 'netbase', 'tzdata', 'ca-certificates', 'libc6', 'libssl3', 'libgcc-s1']],
  ])('%s', async (_, names) => {
    expect(await secretsIn(names)).toStrictEqual([]);
  });

  it('the detectors alone are silent on every text file of CPython, the package code the reader skips included', async () => {
    const { found, searched } = await detectorsOn(CPYTHON);
    expect(searched).toBeGreaterThan(400);
    expect(found).toStrictEqual([]);
  });
});
