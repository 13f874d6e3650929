// Smoke tests of the real engine, registry, skopeo and gcc that CI starts: if these fail, the
// image tests built on test/support/engine.ts cannot be trusted either.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buffer } from 'node:stream/consumers';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, compileC, describeWithEngine, describeWithRegistry, docker, exportListing, removeImages, skopeo } from './support/engine.ts';

const GREETING = 'hello from a static program';
const PROGRAM = `#include <stdio.h>
int main(void) { puts("${GREETING}"); return 0; }
`;

describeWithEngine('the Docker engine', () => {
  const tag = 'distroless-guard-smoke:engine';
  let program: Buffer;
  let imageId: string;

  beforeAll(async () => {
    program = await compileC(PROGRAM, { static: true });
    imageId = await buildImage(tag, {
      dockerfile: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      files: { app: { content: program, mode: 0o755 } },
    });
  });
  afterAll(() => removeImages(tag));

  it('builds FROM scratch with the entry point given', async () => {
    expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { stdout } = await docker(['image', 'inspect', tag]);
    const [inspected] = JSON.parse(stdout.toString('utf8')) as { Id: string; Config: { Entrypoint: string[] | null } }[];
    expect(inspected.Id).toBe(imageId);
    expect(inspected.Config.Entrypoint).toEqual(['/app']);
  });

  it('exports exactly the copied program, without what the runtime adds', async () => {
    expect(await exportListing(tag)).toEqual([{ path: '/app', type: 'file', mode: 0o755, uid: 0, gid: 0, size: program.length }]);
  });

  it('runs the static program without a network', async () => {
    const { stdout } = await docker(['run', '--rm', '--network', 'none', tag]);
    expect(stdout.toString('utf8')).toBe(`${GREETING}\n`);
  });

  it('lists every kind of entry an ADDed archive keeps', async () => {
    const archiveTag = 'distroless-guard-smoke:kinds';
    const pack = tar.pack();
    pack.entry({ name: 'data/', type: 'directory', mode: 0o750, uid: 1000, gid: 1001 });
    pack.entry({ name: 'data/a', mode: 0o640, uid: 1000, gid: 1001 }, 'abc');
    pack.entry({ name: 'data/b', type: 'link', linkname: 'data/a', mode: 0o640, uid: 1000, gid: 1001 });
    pack.entry({ name: 'data/c', type: 'symlink', linkname: 'a', mode: 0o777 });
    pack.entry({ name: 'data/pipe', type: 'fifo', mode: 0o600 });
    pack.entry({ name: 'usr/bin/tool', mode: 0o4755 }, '#!\n');
    pack.finalize();
    try {
      await buildImage(archiveTag, {
        dockerfile: 'FROM scratch\nADD rootfs.tar /\n',
        files: { 'rootfs.tar': await buffer(pack) },
      });
      expect(await exportListing(archiveTag)).toEqual([
        { path: '/data', type: 'dir', mode: 0o750, uid: 1000, gid: 1001, size: 0 },
        { path: '/data/a', type: 'file', mode: 0o640, uid: 1000, gid: 1001, size: 3 },
        { path: '/data/b', type: 'hardlink', mode: 0o640, uid: 1000, gid: 1001, size: 0, target: '/data/a' },
        { path: '/data/c', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: 'a' },
        { path: '/data/pipe', type: 'fifo', mode: 0o600, uid: 0, gid: 0, size: 0 },
        { path: '/usr', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
        { path: '/usr/bin', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
        { path: '/usr/bin/tool', type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 3 },
      ]);
    } finally {
      await removeImages(archiveTag);
    }
  });
});

describeWithRegistry('the test registry', (registry) => {
  const tag = 'distroless-guard-smoke:registry';

  beforeAll(() => buildImage(tag, { dockerfile: 'FROM scratch\nCOPY hello.txt /hello.txt\n', files: { 'hello.txt': 'hello\n' } }));
  afterAll(() => removeImages(tag));

  it('takes a push from skopeo and lists the tag', async () => {
    await skopeo(['copy', '--dest-tls-verify=false', `docker-daemon:${tag}`, `docker://${registry}/smoke:1`]);
    const response = await fetch(`http://${registry}/v2/smoke/tags/list`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'smoke', tags: ['1'] });
    const inspected = JSON.parse(await skopeo(['inspect', '--tls-verify=false', `docker://${registry}/smoke:1`])) as {
      Layers: string[];
    };
    expect(inspected.Layers).toHaveLength(1);
  });
});

describe('the engine gate', () => {
  const repoRoot = resolve(import.meta.dirname, '..');

  // A throwaway vitest project whose only test needs an engine that is not there.
  async function runGatedSuite(requireEngine: boolean): Promise<{ code: number | null; output: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'distroless-guard-gate-'));
    try {
      await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
      const support = JSON.stringify(join(repoRoot, 'test/support/engine.ts'));
      await writeFile(
        join(dir, 'gated.test.ts'),
        `import { it } from 'vitest';\nimport { describeWithEngine } from ${support};\n` +
          `describeWithEngine('gated', () => { it('never runs', () => { throw new Error('ran'); }); });\n`,
      );
      const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}` };
      if (requireEngine) env.DISTROLESS_GUARD_REQUIRE_ENGINE = '1';
      else delete env.DISTROLESS_GUARD_REQUIRE_ENGINE;
      return await new Promise((done, fail) => {
        const child = spawn(join(dir, 'node_modules/.bin/vitest'), ['run', '--root', dir], { env });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        child.on('error', fail);
        child.on('close', (code) => done({ code, output }));
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('skips without an engine, saying why', async () => {
    const { code, output } = await runGatedSuite(false);
    expect(code).toBe(0);
    expect(output).toContain('skipping "gated": no Docker engine answers `docker version`');
  });

  it('fails without an engine when DISTROLESS_GUARD_REQUIRE_ENGINE=1', async () => {
    const { code, output } = await runGatedSuite(true);
    expect(code).toBe(1);
    expect(output).toContain('DISTROLESS_GUARD_REQUIRE_ENGINE=1 forbids skipping');
  });
});
