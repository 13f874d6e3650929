// no-secret-files through the whole pipeline on an image `docker build` made: keys copied in and
// removed by a later layer, credential files, a JSON file with tokens; each found on its Dockerfile
// line, and no output format carries any planted value.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import type { Report } from '../../src/report/model.ts';
import { REPORT_FORMATS, renderReport } from '../../src/report/output.ts';
import { rulesDocUrls } from '../../src/report/links.ts';
import { buildImage, compileC, describeWithEngine, removeImages } from '../support/engine.ts';

const TAG = 'distroless-guard-secret-files:1';
const RM = `#include <unistd.h>
int main(int argc, char **argv) { for (int i = 1; i < argc; i++) if (unlink(argv[i]) != 0) return 1; return 0; }
`;
const DOCKERFILE = [
  'FROM scratch',
  'COPY rm /rm',
  'COPY id_rsa /root/.ssh/id_rsa',
  'COPY id_ed25519 /root/.ssh/id_ed25519',
  'COPY app/ /app/',
  'COPY docker-config.json /root/.docker/config.json',
  'RUN ["/rm", "/root/.ssh/id_rsa", "/root/.ssh/id_ed25519"]',
  'USER 65532',
  'ENTRYPOINT ["/rm"]',
].join('\n');

/** An Ed25519 key in OpenSSH's format when ssh-keygen is there, else in PKCS#8 PEM. */
async function ed25519Key(dir: string): Promise<{ pem: string; kind: string }> {
  const path = join(dir, 'id_ed25519');
  const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', path], { stdio: 'ignore' });
  if (made.status === 0) return { pem: await readFile(path, 'utf8'), kind: 'an OpenSSH private key' };
  return { pem: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), kind: 'a PKCS#8 private key' };
}

/** Base64 lines of a PEM body: any of them in an output would be a leak. */
function bodyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
}

describeWithEngine('no-secret-files on an image the engine built', () => {
  let dir: string;
  let report: Report;
  let edKind: string;
  const planted: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dg-secret-files-'));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const ed = await ed25519Key(dir);
    edKind = ed.kind;
    // Made up here: none is valid anywhere.
    const npm = `npm_${'Q3x9'.repeat(9)}`;
    const github = `ghp_${'a1B2'.repeat(9)}`;
    const gitlab = 'glpat-Zx81kQ0vB2nM4rT6yU8w';
    const password = 'Zq81Tk0pWm4Xb-hunter';
    const registryPassword = 'Rg7Lm2Pq9Xw4-registry';
    const auth = Buffer.from(`ci:${registryPassword}`).toString('base64');
    planted.push(...bodyLines(rsa), ...bodyLines(ed.pem), npm, github, gitlab, password, registryPassword, auth);
    await buildImage(TAG, {
      dockerfile: DOCKERFILE,
      files: {
        rm: { content: await compileC(RM, { static: true }), mode: 0o755 },
        id_rsa: { content: rsa, mode: 0o600 },
        id_ed25519: { content: ed.pem, mode: 0o600 },
        'app/.env': `PORT=8080\nDB_PASSWORD=${password}\n`,
        'app/.npmrc': `//registry.npmjs.org/:_authToken=${npm}\n`,
        'app/config/tokens.json': JSON.stringify({ github, gitlab }, null, 2),
        'app/README.txt': 'nothing to see here: https://github.com/acme/app\n',
        'docker-config.json': JSON.stringify({ auths: { 'ghcr.io': { auth } } }),
      },
    });
    await writeFile(join(dir, 'Dockerfile'), DOCKERFILE);
    report = await check({
      images: [{ name: 'app', reference: `docker-daemon:${TAG}`, dockerfile: { path: join(dir, 'Dockerfile'), required: true } }],
      policy: builtinPolicy('recommended'),
      registry: {},
    });
  });
  afterAll(async () => {
    await removeImages(TAG);
    await rm(dir, { recursive: true, force: true });
  });

  it('finds each secret with its path, layer, Dockerfile line, and the layer that removed the keys', () => {
    const findings = report.images[0].findings.filter((finding) => finding.rule === 'no-secret-files');
    const seen = findings.map((finding) => ({
      path: finding.path,
      layer: finding.layer,
      line: finding.location?.line,
      kind: /^(.*?) in \//.exec(finding.message)?.[1],
      removed: /removed in layer (\d+)/.exec(finding.message)?.[1],
    }));
    expect(seen.sort((a, b) => (a.path! < b.path! ? -1 : a.path! > b.path! ? 1 : a.kind! < b.kind! ? -1 : 1))).toStrictEqual([
      { path: '/app/.env', layer: 3, line: 5, kind: 'a credential in a .env file (DB_PASSWORD)', removed: undefined },
      { path: '/app/.npmrc', layer: 3, line: 5, kind: 'an npm auth token in .npmrc', removed: undefined },
      { path: '/app/config/tokens.json', layer: 3, line: 5, kind: 'a GitHub token', removed: undefined },
      { path: '/app/config/tokens.json', layer: 3, line: 5, kind: 'a GitLab token', removed: undefined },
      { path: '/root/.docker/config.json', layer: 4, line: 6, kind: 'a registry credential in a Docker config.json', removed: undefined },
      { path: '/root/.ssh/id_ed25519', layer: 2, line: 4, kind: edKind, removed: '5' },
      { path: '/root/.ssh/id_rsa', layer: 1, line: 3, kind: 'an RSA private key', removed: '5' },
    ]);
    for (const finding of findings)
      expect(finding).toMatchObject({ level: 'error', fingerprint: expect.stringMatching(/…\(\d+ chars, sha256:[0-9a-f]{12}\)$/) });
    expect(report.images[0].passed).toBe(false);
  });

  it('prints no planted value in any output format', () => {
    const options = { color: false, rulesDocUrl: rulesDocUrls({}) };
    for (const format of REPORT_FORMATS) {
      const text = renderReport(report, format, options);
      expect(text).toContain('no-secret-files');
      for (const value of planted) expect(text, `${format} output`).not.toContain(value);
    }
  });
});
