import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../src/image/types.ts';
import { buildElf } from '../support/elf-writer.ts';
import { checkRule, factsOf } from '../support/facts.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const file = (path: string, content: string | Buffer, mode = 0o644): TarEntrySpec => ({ path, content, mode });
const link = (path: string, target: string): TarEntrySpec => ({ path, type: 'symlink', target });
const goServer = file(
  'app/server',
  buildElf({ class: 64, endian: 'little', machine: 62, type: 2, notes: [{ name: 'Go\0', type: 4, desc: 'a/b/c/d' }] }),
  0o755,
);
const cServer = file(
  'app/server',
  buildElf({ class: 64, endian: 'little', machine: 62, type: 2, notes: [{ name: 'GNU', type: 3, desc: 'x'.repeat(20) }] }),
  0o755,
);

async function caOf(entries: TarEntrySpec[], config: RuntimeConfig = {}) {
  const { facts } = await factsOf({ layers: [{ entries }], config: { Entrypoint: ['/app/server'], ...config } });
  return facts;
}

describe('CA certificate facts', () => {
  it('finds the usual bundle files, through symlinks, and the directories that hold a file', async () => {
    const debian = await caOf([
      file('usr/share/ca-certificates/mozilla/A.crt', PEM),
      link('etc/ssl/certs/A.pem', '/usr/share/ca-certificates/mozilla/A.crt'),
      file('etc/ssl/certs/ca-certificates.crt', PEM),
    ]);
    expect(debian.caCertificates).toStrictEqual({ files: ['/etc/ssl/certs/ca-certificates.crt'], directories: ['/etc/ssl/certs'] });
    const alpine = await caOf([file('etc/ssl/certs/ca-certificates.crt', PEM), link('etc/ssl/cert.pem', 'certs/ca-certificates.crt')]);
    expect(alpine.caCertificates?.files).toEqual(['/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/cert.pem']);
    const fedora = await caOf([
      file('etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', PEM),
      link('etc/pki/tls/certs/ca-bundle.crt', '../../ca-trust/extracted/pem/tls-ca-bundle.pem'),
    ]);
    expect(fedora.caCertificates?.files).toEqual(['/etc/pki/tls/certs/ca-bundle.crt', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem']);
  });

  it('counts no empty file, dangling link, or directory of nothing but subdirectories', async () => {
    const facts = await caOf([
      file('etc/ssl/cert.pem', ''),
      link('etc/ssl/certs/ca-certificates.crt', '/usr/share/missing.crt'),
      file('etc/ssl/certs/java/cacerts', 'jks'),
    ]);
    expect(facts.caCertificates).toStrictEqual({ files: [], directories: [] });
  });

  it('reads SSL_CERT_FILE (from WorkingDir when relative) and SSL_CERT_DIR instead of the usual places', async () => {
    const entries = [file('srv/certs/ca.pem', PEM), file('etc/ssl/certs/ca-certificates.crt', PEM)];
    const env = (vars: string[]) => caOf(entries, { Env: vars, WorkingDir: '/srv' });
    expect((await env(['SSL_CERT_FILE=certs/ca.pem'])).caCertificates).toStrictEqual({
      certFileEnv: 'certs/ca.pem',
      files: ['/srv/certs/ca.pem'],
      directories: ['/etc/ssl/certs'],
    });
    expect((await env(['SSL_CERT_FILE=/missing.pem', 'SSL_CERT_DIR=/nowhere:/srv/certs'])).caCertificates).toStrictEqual({
      certFileEnv: '/missing.pem',
      certDirEnv: '/nowhere:/srv/certs',
      files: [],
      directories: ['/srv/certs'],
    });
  });
});

describe('ca-certificates on images built in code', () => {
  it('warns for a Go program on scratch, and not once the bundle is copied in', async () => {
    const bare = await caOf([goServer]);
    expect(bare.entrypoint.program?.elf?.goBuildId).toBe('a/b/c/d');
    expect(checkRule('ca-certificates', bare)).toMatchObject([{ path: '/app/server', layer: 0, message: expect.stringContaining('is a Go program') }]);
    expect(checkRule('ca-certificates', await caOf([goServer, file('etc/ssl/certs/ca-certificates.crt', PEM)]))).toEqual([]);
  });

  it('is silent for a static C program without certificates', async () => {
    const facts = await caOf([cServer]);
    expect(facts.entrypoint.program?.elf).toBeDefined();
    expect(checkRule('ca-certificates', facts)).toEqual([]);
  });
});
