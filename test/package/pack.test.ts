// The package as npm users get it: `npm pack` of the checkout (the committed dist/, which is what
// gets published), installed offline into an empty directory, its command run. The bundles carry
// every dependency, so the install must need nothing from a registry.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { writeOciArchive } from '../support/images.ts';
import { ROOT, runProcess } from '../support/process.ts';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe('the npm package', () => {
  let dir: string;
  let app: string;
  let packed: PackResult;
  // A cache of its own: nothing comes from the user's cache or a registry.
  const npm = async (args: string[], cwd: string) => {
    const result = await runProcess('npm', [...args, '--cache', join(dir, 'npm-cache'), '--no-audit', '--no-fund'], { cwd, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.toString('utf8');
  };
  const command = (args: string[]) => runProcess(join(app, 'node_modules/.bin/distroless-guard'), args, { cwd: app });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distroless-guard-pack-'));
    [packed] = JSON.parse(await npm(['pack', '--json', '--pack-destination', dir], ROOT)) as PackResult[];
    app = join(dir, 'app');
    await mkdir(app);
    await npm(['install', '--offline', join(dir, packed.filename)], app);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('holds the bundles, the schemas, the README and the licence, nothing of the sources or tests', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/cli.js', 'dist/cli/index.js', 'docs/policy.schema.json']));
    for (const path of paths) expect(path).toMatch(/^(package\.json|README\.md|LICENSE|dist\/.+|docs\/(policy|report)\.schema\.json)$/);
    expect(pkg).not.toHaveProperty('private');
    expect(pkg).not.toHaveProperty('dependencies');
  });

  it('installed offline into an empty directory, runs --help', async () => {
    const result = await command(['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toMatch(/^Usage: distroless-guard <command>/);
    expect((await command(['--version'])).stdout.toString()).toBe(`${pkg.version}\n`);
  });

  it('checks an image', async () => {
    await writeOciArchive(join(app, 'image.tar'), {
      layers: [
        {
          entries: [
            { path: 'app/', type: 'dir' },
            { path: 'app/config.txt', content: 'x\n' },
          ],
        },
      ],
      config: { User: '65532', Entrypoint: ['/app/server'] },
    });
    const result = await command(['check', '--format', 'json', 'oci-archive:image.tar']);
    expect(result.stderr).toContain('using the built-in recommended policy');
    const report = JSON.parse(result.stdout.toString()) as { passed: boolean; images: { image: string; reference: string }[] };
    expect(report.images.map((image) => image.reference)).toEqual(['oci-archive:image.tar']);
    expect(result.code).toBe(report.passed ? 0 : 1);
  });
});
