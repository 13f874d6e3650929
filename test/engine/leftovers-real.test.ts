// no-build-leftovers on an image `docker build` made: a COPY'd repository, pip and npm caches and
// apt lists, each found with its path, bytes and the Dockerfile line of the layer that added it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import type { Finding } from '../../src/report/model.ts';
import { buildImage, describeWithEngine, removeImages } from '../support/engine.ts';

const TAG = 'distroless-guard-leftovers-real:1';
const KIB = 1024;
const GIT_CONFIG = '[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = https://example.com/team/app.git\n';
const DOCKERFILE = [
  'FROM scratch',
  'COPY app /app',
  'COPY pip /root/.cache/pip',
  'COPY npm /root/.npm/_cacache',
  'COPY lists /var/lib/apt/lists',
  'USER 65532',
  'ENTRYPOINT ["/app/main"]',
  '',
].join('\n');

describeWithEngine('no-build-leftovers on an image built by the engine', () => {
  let dir = '';
  let findings: Finding[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dg-leftovers-real-'));
    await buildImage(TAG, {
      dockerfile: DOCKERFILE,
      files: {
        'app/main': { content: '#!/app/main\n', mode: 0o755 },
        'app/.git/config': GIT_CONFIG,
        'app/.git/HEAD': 'ref: refs/heads/main\n',
        'pip/http-v2/a/b/c/d/body': 'p'.repeat(8 * KIB),
        'pip/selfcheck/state.json': '{}',
        'npm/index-v5/00/aa/entry': 'i'.repeat(2 * KIB),
        'npm/content-v2/sha512/ab/cd/blob': 'n'.repeat(6 * KIB),
        'lists/lock': '',
        'lists/partial/half-downloaded': 'h'.repeat(20 * KIB),
        'lists/deb.debian.org_debian_dists_bookworm_InRelease': 'r'.repeat(5 * KIB),
        'lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4': 'l'.repeat(7 * KIB),
      },
    });
    await writeFile(join(dir, 'Dockerfile'), DOCKERFILE);
    const report = await check({
      images: [{ name: 'app', reference: `docker-daemon:${TAG}`, dockerfile: { path: join(dir, 'Dockerfile'), required: true } }],
      policy: builtinPolicy('recommended'),
      registry: {},
    });
    findings = report.images[0].findings.filter((finding) => finding.rule === 'no-build-leftovers');
  });
  afterAll(async () => {
    await removeImages(TAG);
    await rm(dir, { recursive: true, force: true });
  });

  it('finds each leftover with its path, bytes and Dockerfile line, as a warning', () => {
    const at = (line: number) => ({ file: join(dir, 'Dockerfile'), line, endLine: line, text: DOCKERFILE.split('\n')[line - 1] });
    expect(findings.map(({ level, message, path, layer, location }) => ({ level, message, path, layer, location }))).toEqual([
      {
        level: 'warning',
        message: `a git repository left in the image: /app/.git (${GIT_CONFIG.length + 21} B in 2 files)`,
        path: '/app/.git',
        layer: 0,
        location: at(2),
      },
      {
        level: 'warning',
        message: 'the pip cache left in the image: /root/.cache/pip (8 KiB in 2 files)',
        path: '/root/.cache/pip',
        layer: 1,
        location: at(3),
      },
      {
        level: 'warning',
        message: "npm's cache left in the image: /root/.npm/_cacache (8 KiB in 2 files)",
        path: '/root/.npm/_cacache',
        layer: 2,
        location: at(4),
      },
      {
        level: 'warning',
        message: 'apt package lists left in the image: /var/lib/apt/lists (12 KiB in 2 files)',
        path: '/var/lib/apt/lists',
        layer: 3,
        location: at(5),
      },
    ]);
  });
});
