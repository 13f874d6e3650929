import { generateKeyPairSync } from 'node:crypto';
import { open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureForFacts } from '../../src/facts/capture.ts';
import { secretFilesOf } from '../../src/facts/secret-files.ts';
import { FileRangeReader } from '../../src/image/bytes.ts';
import { MergedFilesystem } from '../../src/image/filesystem.ts';
import { indexTar } from '../../src/image/layer-index.ts';
import { buildElf } from '../support/elf-writer.ts';
import { checkRule, factsOf } from '../support/facts.ts';
import { type TarEntrySpec, opaqueWhiteout, tarBuffer, whiteout } from '../support/tar-writer.ts';

// Generated now or made up here: none is valid anywhere.
const RSA = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const GITHUB = `ghp_${'a1B2'.repeat(9)}`;
const ELF = buildElf({ class: 64, endian: 'little', machine: 62, type: 2 });

const LAYERS: TarEntrySpec[][] = [
  [
    { path: 'root/.ssh/id_rsa', content: RSA, mode: 0o600 },
    { path: 'app/.env', content: 'PORT=8080\nDB_PASSWORD=Zq81Tk0pWm4Xb\n' },
    { path: 'app/settings.json', content: `{"plain": "nothing here", "token": "${GITHUB}"}` },
    { path: 'app/start.sh', content: `#!/bin/sh\nexport GH=${GITHUB}\nexec /app/server\n`, mode: 0o755 },
    { path: 'app/server', content: Buffer.concat([ELF, Buffer.from(`${GITHUB}\0`)]), mode: 0o755 },
    { path: 'app/big.pem', content: `${RSA}${'#'.repeat(300 * 1024)}\n` },
    { path: 'app/readme.txt', content: 'see https://github.com/acme/app for the docs\n' },
    { path: 'usr/share/doc/app/example.pem', content: RSA },
    { path: 'tmp/cache/', type: 'dir' },
    { path: 'tmp/cache/.npmrc', content: '//npm.acme.io/:_authToken=Zq81Tk0pWm4XbQ\n' },
  ],
  [whiteout('root/.ssh/id_rsa'), { path: 'app/.env', content: 'PORT=8080\n' }, opaqueWhiteout('tmp/cache'), { path: 'tmp/cache/', type: 'dir' }],
];

const EXPECTED = [
  { kind: 'a GitHub token', path: '/app/settings.json', layer: 0, line: 1 },
  { kind: 'a GitHub token', path: '/app/start.sh', layer: 0, line: 2 },
  { kind: 'a credential in a .env file (DB_PASSWORD)', path: '/app/.env', layer: 0, line: 2, removedIn: 1 },
  { kind: 'an RSA private key', path: '/app/big.pem', layer: 0, line: 1, partial: true },
  { kind: 'an RSA private key', path: '/root/.ssh/id_rsa', layer: 0, line: 1, removedIn: 1 },
  { kind: 'an npm auth token in .npmrc', path: '/tmp/cache/.npmrc', layer: 0, line: 1, removedIn: 1 },
];

const sorted = <T extends { path: string }>(list: T[]) => [...list].sort((a, b) => (a.path < b.path ? -1 : 1));

describe('secret scan in every layer', () => {
  it('streams: finds what each layer added, the removed and overwritten ones with the layer that removed them', async () => {
    const { facts } = await factsOf({ layers: LAYERS.map((entries) => ({ entries })) });
    expect(sorted(facts.secretFiles.map(({ fingerprint: _, ...rest }) => rest))).toStrictEqual(sorted(EXPECTED));
    for (const secret of facts.secretFiles) expect(secret.fingerprint).toMatch(/…\(\d+ chars, sha256:[0-9a-f]{12}\)$/);
    expect(JSON.stringify(facts.secretFiles)).not.toContain(GITHUB.slice(4));
  });

  it('reads a file at offsets the same way, and keeps no record of clean files', async () => {
    const path = join(tmpdir(), `secret-files-${process.pid}.tar`);
    const layers = [];
    try {
      for (const entries of LAYERS) {
        await writeFile(path, tarBuffer(entries));
        const handle = await open(path);
        try {
          const { size } = await handle.stat();
          layers.push(await indexTar(new FileRangeReader(handle, 0, size), {}, captureForFacts, 'layer'));
        } finally {
          await handle.close();
        }
      }
    } finally {
      await rm(path, { force: true });
    }
    const found = secretFilesOf(layers, MergedFilesystem.merge(layers));
    expect(sorted(found.map(({ fingerprint: _, ...rest }) => rest))).toStrictEqual(sorted(EXPECTED));
    expect(layers[0].captured.has('/app/readme.txt')).toBe(false);
    expect(layers[0].captured.has('/usr/share/doc/app/example.pem')).toBe(false);
  });

  it('the rule: one finding per secret, with its layer, fingerprint, and where it was removed', async () => {
    const { facts } = await factsOf({ layers: LAYERS.map((entries) => ({ entries })) });
    const findings = checkRule('no-secret-files', facts, { preset: 'recommended' });
    expect(findings).toHaveLength(EXPECTED.length);
    const key = findings.find((finding) => finding.path === '/root/.ssh/id_rsa');
    expect(key).toMatchObject({ layer: 0, fingerprint: expect.stringMatching(/^MII.…/) });
    expect(key?.message).toMatch(
      /^an RSA private key in \/root\/\.ssh\/id_rsa:1: MII.…\(\d+ chars, sha256:[0-9a-f]{12}\); removed in layer 1, but layer 0 still holds it$/,
    );
    expect(key?.hint).toMatch(/still in the image for anyone who pulls it.*RUN --mount=type=secret.*rotate/);
    expect(findings.find((finding) => finding.path === '/app/big.pem')?.message).toContain('(only its first 256 KiB were read)');
  });
});
