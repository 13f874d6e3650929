import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithApt } from '../support/debian.ts';
import { detectorsOn, secretsIn } from '../support/secret-scan.ts';
import { keystoreDetections } from '../../src/facts/secret-keystore.ts';

const SETS: [string, string[]][] = [
  [
    'a Debian minbase-like system with OpenSSL and CA bundles',
    ['base-files', 'libc6', 'dash', 'coreutils', 'apt', 'dpkg', 'perl-base', 'libssl3', 'openssl', 'ca-certificates', 'netbase', 'tzdata'],
  ],
  ['a JRE with its cacerts', ['openjdk-17-jre-headless', 'ca-certificates-java']],
];

// The slow sets (tens of MB to unpack and scan); CPython and a distroless-style base run in test/facts/secret-precision.test.ts.
describeWithApt('no-secret-files stays silent on real Debian packages', () => {
  it.each(SETS)(
    '%s',
    async (_, names) => {
      expect(await secretsIn(names)).toStrictEqual([]);
      // The detectors alone, on the package code the reader does not search too (perl modules, scripts, the JRE's files).
      expect((await detectorsOn(names)).found).toStrictEqual([]);
    },
    300_000,
  );
});

// The host's Java truststore (Debian's ca-certificates-java builds it at install time): a real JKS
// of 100+ trusted certificates, silent wherever it is copied.
const HOST_CACERTS = '/etc/ssl/certs/java/cacerts';
it.skipIf(!existsSync(HOST_CACERTS))('a real Java truststore, copied anywhere, is no keystore', () => {
  expect(keystoreDetections(readFileSync(HOST_CACERTS), true)).toStrictEqual([]);
});
