import { describe, expect, it } from 'vitest';
import type { CaCertificateFacts } from '../../src/facts/ca-certificates.ts';
import type { ProgramFacts } from '../../src/facts/entrypoint.ts';
import { checkRule, elfFacts, entrypointFacts, programFacts } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const NONE: CaCertificateFacts = { files: [], directories: [] };
const BUNDLE: CaCertificateFacts = { files: ['/etc/ssl/certs/ca-certificates.crt'], directories: ['/etc/ssl/certs'] };
const HINT =
  'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ (from a build stage with ca-certificates installed), or build FROM gcr.io/distroless/static-debian12 or base-debian12, which have it';
const FAILS = 'TLS connections will fail ("x509: certificate signed by unknown authority", "certificate verify failed")';

const goProgram = programFacts('/app/server', { elf: elfFacts({ goBuildId: 'abc/def' }) });
const linking = (name: string, path: string | undefined = `/usr/lib/x86_64-linux-gnu/${name}`): ProgramFacts =>
  programFacts('/usr/bin/curl', {
    elf: elfFacts({ type: 'dyn', interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libcurl.so.4'], dynamic: true }),
    libraries: {
      interpreter: { path: '/lib64/ld-linux-x86-64.so.2', found: true },
      libraries: [
        { name: 'libcurl.so.4', neededBy: '/usr/bin/curl', path: '/usr/lib/x86_64-linux-gnu/libcurl.so.4' },
        { name, neededBy: '/usr/lib/x86_64-linux-gnu/libcurl.so.4', ...(path ? { path } : {}) },
      ],
      incomplete: [],
    },
  });

const check = (program: ProgramFacts | undefined, caCertificates: CaCertificateFacts | undefined, preset: 'recommended' | 'strict' = 'strict') =>
  checkRule('ca-certificates', makeFacts({ entrypoint: entrypointFacts(program), ...(caCertificates ? { caCertificates } : {}) }), { preset });

describe('ca-certificates', () => {
  it('reports a Go program in an image without a CA bundle, at the program', () => {
    expect(check(goProgram, NONE)).toStrictEqual([
      {
        message: `/app/server is a Go program, whose crypto/x509 reads the CA certificates from the image, but the image has no CA bundle: ${FAILS}`,
        path: '/app/server',
        layer: 1,
        hint: HINT,
      },
    ]);
  });

  it('reports a program whose library closure links OpenSSL, GnuTLS or NSS, found or not', () => {
    expect(check(linking('libssl.so.3'), NONE)[0].message).toBe(
      `/usr/bin/curl links libssl.so.3 (OpenSSL), which verifies servers against the CA certificates in the image, but the image has no CA bundle: ${FAILS}`,
    );
    expect(check(linking('libgnutls.so.30'), NONE)[0].message).toContain('links libgnutls.so.30 (GnuTLS)');
    expect(check(linking('libnss3.so'), NONE)[0].message).toContain('links libnss3.so (NSS)');
    expect(check(linking('libssl.so.1.1', undefined), NONE)).toHaveLength(1);
  });

  it('names SSL_CERT_FILE and SSL_CERT_DIR when they point at nothing, on the ENV line', () => {
    expect(check(goProgram, { ...NONE, certFileEnv: '/certs/ca.pem' })[0]).toMatchObject({
      message: expect.stringContaining('but SSL_CERT_FILE=/certs/ca.pem points at no CA certificate in the image:'),
      setting: 'ENV',
      envName: 'SSL_CERT_FILE',
    });
    expect(check(goProgram, { ...NONE, certFileEnv: '/a.pem', certDirEnv: '/certs' })[0]).toMatchObject({
      message: expect.stringContaining('but SSL_CERT_FILE=/a.pem and SSL_CERT_DIR=/certs point at no CA certificate in the image:'),
      envName: 'SSL_CERT_FILE',
    });
  });

  it('is silent with a bundle file or a certificate directory', () => {
    expect(check(goProgram, BUNDLE)).toStrictEqual([]);
    expect(check(goProgram, { files: [], directories: ['/etc/ssl/certs'] })).toStrictEqual([]);
    expect(check(linking('libssl.so.3'), { files: ['/certs/ca.pem'], directories: [], certFileEnv: '/certs/ca.pem' })).toStrictEqual([]);
  });

  it('is silent on a static C program, a dynamic one without TLS libraries, a script, no program, and facts without CA facts', () => {
    expect(check(programFacts('/app'), NONE)).toStrictEqual([]);
    expect(check(linking('libz.so.1'), NONE)).toStrictEqual([]);
    expect(check(programFacts('/app/run.py', { kind: 'script', elf: undefined, interpreter: { command: '/usr/bin/python3' } }), NONE)).toStrictEqual([]);
    expect(check(undefined, NONE)).toStrictEqual([]);
    expect(check({ command: '/app', executable: false, kind: 'missing' }, NONE)).toStrictEqual([]);
    expect(check(goProgram, undefined)).toStrictEqual([]);
    // Names that only start like a TLS library are not one.
    expect(check(linking('libssl3-compat-shim.so'), NONE)).toStrictEqual([]);
  });

  it('is a warning in both presets', async () => {
    const { builtinPolicy } = await import('../../src/policy/index.ts');
    expect([builtinPolicy('recommended').rules['ca-certificates'].level, builtinPolicy('strict').rules['ca-certificates'].level]).toEqual([
      'warning',
      'warning',
    ]);
  });
});
