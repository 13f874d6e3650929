import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../src/facts/secret-detect.ts';
import { secretCandidate } from '../../src/facts/secret-capture.ts';
import { keystoreDetections } from '../../src/facts/secret-keystore.ts';

// Made up here or generated now: none is valid anywhere.
const RSA = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const EC = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const ED25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ENCRYPTED = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
  .toString();
const GITHUB = `ghp_${'a1B2'.repeat(9)}`;
const NPM = `npm_${'Q3x9'.repeat(9)}`;
const AWS_ID = 'AKIA2E0A8F3B244C9986';
const AWS_SECRET = 'q8Kd/3mZx0Lr5Tn+Wb7Yc2Vf9Hg4Jk6Ps1Ae0Uo2';

const kinds = (text: string, role: Parameters<typeof detectSecrets>[1] = 'text', complete = true) => detectSecrets(text, role, complete).map((d) => d.kind);

describe('detectSecrets: private keys', () => {
  it.each([
    ['an RSA private key', RSA],
    ['an EC private key', EC],
    ['a PKCS#8 private key', ED25519],
    ['an encrypted PKCS#8 private key', ENCRYPTED],
  ])('finds %s with its body, on its line', (kind, pem) => {
    const found = detectSecrets(`# a key\n\n${pem}`, 'text', true);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind, line: 3 });
    expect(found[0].fingerprint).toMatch(/^M[A-Za-z0-9+/]{3}…\(\d+ chars, sha256:[0-9a-f]{12}\)$/);
  });

  it('finds a key in a JSON string (a service account file) and in indented YAML', () => {
    const json = JSON.stringify({ type: 'service_account', private_key: ED25519 }, null, 2);
    expect(kinds(json)).toStrictEqual(['a PKCS#8 private key']);
    const yaml = `tls.key: |\n${RSA.split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}`;
    expect(kinds(yaml)).toStrictEqual(['an RSA private key']);
  });

  it('is silent on BEGIN lines without a body: libcrypto strings, docs, parsers', () => {
    expect(kinds('"-----BEGIN RSA PRIVATE KEY-----"\n"-----END RSA PRIVATE KEY-----"')).toStrictEqual([]);
    expect(kinds('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n-----END PRIVATE KEY-----')).toStrictEqual([]);
    expect(kinds("if line == '-----BEGIN OPENSSH PRIVATE KEY-----': parse(rest)")).toStrictEqual([]);
  });

  it('takes a key cut off by the read cap only when the file was partly read', () => {
    const cut = RSA.slice(0, 400);
    expect(kinds(cut, 'text', true)).toStrictEqual([]);
    expect(kinds(cut, 'text', false)).toStrictEqual(['an RSA private key']);
  });
});

describe('detectSecrets: tokens', () => {
  it('finds token formats with their lines and fingerprints, never the value', () => {
    const found = detectSecrets(`{\n  "token": "${GITHUB}",\n  "npm": "${NPM}"\n}`, 'text', true);
    expect(found.map(({ kind, line }) => [kind, line])).toStrictEqual([
      ['a GitHub token', 2],
      ['an npm token', 3],
    ]);
    expect(JSON.stringify(found)).not.toContain(GITHUB.slice(4));
  });

  it('wants an AWS key id with its secret', () => {
    expect(kinds(`key: ${AWS_ID}`)).toStrictEqual([]);
    expect(kinds(`id=${AWS_ID}\nsecret=${AWS_SECRET}\n`)).toStrictEqual(['an AWS access key with its secret']);
    expect(kinds(`[default]\naws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\n`, 'aws-credentials')).toHaveLength(1);
    // A SHA-1 beside an id is no secret.
    expect(kinds(`${AWS_ID} ${'0123456789abcdef'.repeat(2)}01234567`)).toStrictEqual([]);
  });

  it('leaves out passwords in URLs of documentation hosts and placeholders', () => {
    expect(kinds('see https://user:password@example.com/ or ftp://me:${PASS}@ftp.acme.io')).toStrictEqual([]);
    expect(kinds('url = https://deploy:Zq81Tk0pWm4@git.acme.io/repo.git')).toStrictEqual(['a password in a URL']);
  });
});

describe('detectSecrets: files named for their credentials', () => {
  it('.npmrc: _authToken, not a variable reference', () => {
    expect(kinds(`//registry.npmjs.org/:_authToken=${NPM}\n`, 'npmrc')).toHaveLength(1);
    expect(kinds('//npm.acme.io/:_authToken=Zq81Tk0pWm4Xb\n', 'npmrc')).toStrictEqual(['an npm auth token in .npmrc']);
    expect(kinds('//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', 'npmrc')).toStrictEqual([]);
  });

  it('Docker config.json: auths with auth, not a credsStore', () => {
    const auth = Buffer.from('me:Zq81Tk0pWm4Xb').toString('base64');
    expect(kinds(JSON.stringify({ auths: { 'ghcr.io': { auth } } }), 'docker-config')).toStrictEqual(['a registry credential in a Docker config.json']);
    expect(kinds(JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' }), 'docker-config')).toStrictEqual([]);
  });

  it('.netrc, .pypirc and kube configs', () => {
    expect(kinds('machine api.acme.io login me password Zq81Tk0pWm4Xb\n', 'netrc')).toStrictEqual(['a password in .netrc']);
    expect(kinds('[pypi]\nusername = __token__\npassword = Zq81Tk0pWm4Xb\n', 'pypirc')).toStrictEqual(['a password in .pypirc']);
    expect(kinds('users:\n- name: ci\n  user:\n    token: Zq81Tk0pWm4XbQ\n', 'kubeconfig')).toStrictEqual(['a token in a kube config']);
  });

  it('.env: credential names with real values only', () => {
    const env = [
      'DB_PASSWORD=Zq81Tk0pWm4Xb',
      'export API_KEY="k3J8k3J8x"',
      'PORT=8080',
      'SECRET_FILE=/run/secrets/x',
      'TOKEN=',
      'PASSWORD_MIN=8',
      'X_TOKEN=changeme',
    ].join('\n');
    expect(kinds(env, 'env')).toStrictEqual(['a credential in a .env file (DB_PASSWORD)', 'a credential in a .env file (API_KEY)']);
  });

  it('one finding per secret, however often it is written', () => {
    expect(kinds(`a=${GITHUB}\nb=${GITHUB}\n`)).toStrictEqual(['a GitHub token']);
  });
});

describe('keystoreDetections', () => {
  it('a JKS store of trusted certificates alone is a truststore; with a key entry it is reported', () => {
    const entry = (tag: number) => {
      const alias = Buffer.from('ca');
      const cert = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
      const head = Buffer.alloc(4 + 2);
      head.writeUInt32BE(tag, 0);
      head.writeUInt16BE(alias.length, 4);
      const type = Buffer.from('X.509');
      const typeLength = Buffer.alloc(2);
      typeLength.writeUInt16BE(type.length);
      const certLength = Buffer.alloc(4);
      certLength.writeUInt32BE(cert.length);
      return Buffer.concat([head, alias, Buffer.alloc(8), typeLength, type, certLength, cert]);
    };
    const store = (tags: number[]) => {
      const header = Buffer.alloc(12);
      header.writeUInt32BE(0xfeedfeed, 0);
      header.writeUInt32BE(2, 4);
      header.writeUInt32BE(tags.length, 8);
      return Buffer.concat([header, ...tags.map(entry)]);
    };
    expect(keystoreDetections(store([2, 2]), true)).toStrictEqual([]);
    expect(keystoreDetections(store([2, 1]), true).map((d) => d.kind)).toStrictEqual(['a Java keystore with a private key']);
  });
});

describe('detectSecrets: code is not a config', () => {
  it('a kube client library declaring a token field is no kube config', () => {
    expect(kinds('class Config:\n    token: Optional[str] = None\n    password: str = ""\n', 'kubeconfig')).toStrictEqual([]);
  });
});

describe('secretCandidate', () => {
  const entry = (path: string, size = 1000, mode = 0o644) => {
    const slash = path.lastIndexOf('/');
    return { dir: path.slice(0, slash) || '/', name: path.slice(slash + 1), type: 'file' as const, mode, uid: 0, gid: 0, size };
  };
  it.each([
    ['/root/.ssh/id_rsa', 5_000_000, 0o600, { role: 'text', named: true }],
    ['/app/.env', 10, 0o644, { role: 'env', named: true }],
    ['/app/.env.example', 100, 0o644, { role: 'text', named: true }],
    ['/root/.kube/config', 100, 0o644, { role: 'kubeconfig', named: true }],
    ['/app/dev.kubeconfig', 100, 0o644, { role: 'kubeconfig', named: true }],
    ['/usr/lib/python3/dist-packages/kubernetes/kubeconfig.py', 100, 0o644, undefined],
    ['/home/app/.aws/credentials', 100, 0o600, { role: 'aws-credentials', named: true }],
    ['/app/certs/server.p12', 3000, 0o644, { role: 'keystore', named: true }],
    ['/app/config/settings.yaml', 1000, 0o644, { role: 'text', named: false }],
    ['/usr/local/lib/app/settings.json', 1000, 0o644, { role: 'text', named: false }],
    ['/usr/bin/entrypoint.sh', 1000, 0o755, { role: 'text', named: false }],
    ['/usr/lib/x86_64-linux-gnu/perl-base/strict.pm', 1000, 0o644, undefined],
    ['/app/node_modules/left-pad/index.js', 1000, 0o644, undefined],
    ['/app/node_modules/left-pad/.npmrc', 100, 0o644, { role: 'npmrc', named: true }],
    ['/usr/share/doc/openssl/demo.pem', 1000, 0o644, undefined],
    ['/etc/ssl/certs/ca-certificates.crt', 200_000, 0o644, undefined],
    ['/app/data/big.json', 300_000, 0o644, undefined],
    ['/app/logo.png', 1000, 0o644, undefined],
    ['/app/lib/libfoo.so.1.2', 1000, 0o755, undefined],
  ])('%s', (path, size, mode, expected) => {
    expect(secretCandidate(path, entry(path, size, mode))).toStrictEqual(expected);
  });
});
