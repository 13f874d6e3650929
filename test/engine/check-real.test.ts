// The whole `check` pipeline on images the real engine built, read back through `docker-daemon:`:
// real Debian binaries for the shell and package-manager case, gcc programs for the entry point.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ImageInput, check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import type { Finding, ImageReport } from '../../src/report/model.ts';
import { debianPackages, describeWithApt, mergedUsrRootfs } from '../support/debian.ts';
import { buildImage, compileC, describeWithEngine, docker, removeImages } from '../support/engine.ts';

const GREETING = 'hello from the entry point';
const PROGRAM = `#include <stdio.h>
int main(void) { puts("${GREETING}"); return 0; }
`;
const TAG = 'distroless-guard-check-real';
/** The loader a dynamically linked gcc program names (PT_INTERP), by the host architecture. */
const LOADERS: Partial<Record<string, string>> = { x64: '/lib64/ld-linux-x86-64.so.2', arm64: '/lib/ld-linux-aarch64.so.1' };
const PROGRAM_DOCKERFILE = 'FROM scratch\nCOPY app /app\nUSER 65532\nENTRYPOINT ["/app"]\n';

async function checkImage(tag: string, dockerfile?: string): Promise<ImageReport> {
  const input: ImageInput = { name: tag, reference: `docker-daemon:${tag}`, ...(dockerfile ? { dockerfile: { path: dockerfile, required: true } } : {}) };
  const report = await check({ images: [input], policy: builtinPolicy('recommended'), registry: {} });
  expect(report.images).toHaveLength(1);
  return report.images[0];
}

/** The fields a reader compares, without the hint text (tested with the rules). */
function summary(finding: Finding): Omit<Finding, 'hint'> {
  const { hint, ...rest } = finding;
  expect(hint).toEqual(expect.any(String));
  return rest;
}

describeWithEngine('check() on images built by the engine', () => {
  let staticProgram: Buffer;
  let dynamicProgram: Buffer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dg-check-real-'));
    [staticProgram, dynamicProgram] = await Promise.all([compileC(PROGRAM, { static: true }), compileC(PROGRAM, { static: false })]);
  });
  afterAll(async () => {
    await removeImages(`${TAG}:static`, `${TAG}:dynamic`, `${TAG}:shell-form`);
    await rm(dir, { recursive: true, force: true });
  });

  it('passes a FROM scratch static binary run as 65532 in exec form, with no finding at all', async () => {
    const tag = `${TAG}:static`;
    await buildImage(tag, { dockerfile: PROGRAM_DOCKERFILE, files: { app: { content: staticProgram, mode: 0o755 } } });
    const image = await checkImage(tag);
    expect(image.findings).toEqual([]);
    expect(image.passed).toBe(true);
    expect(image.facts.entrypoint.program).toMatchObject({ command: '/app', path: '/app', kind: 'elf', executable: true, elf: { dynamic: false } });
    expect(image.facts.user).toMatchObject({ configured: '65532', uid: 65532 });
  });

  it('fails entrypoint-runnable for a dynamic binary without its loader and libc, as the runtime does', async () => {
    const loader = LOADERS[process.arch];
    if (!loader) throw new Error(`no expected loader for ${process.arch}: add it to LOADERS`);
    const tag = `${TAG}:dynamic`;
    await buildImage(tag, { dockerfile: PROGRAM_DOCKERFILE, files: { app: { content: dynamicProgram, mode: 0o755 } } });
    const image = await checkImage(tag);
    expect(image.passed).toBe(false);
    expect(image.findings.map(summary)).toEqual([
      {
        rule: 'entrypoint-runnable',
        level: 'error',
        message: `/app needs the dynamic loader ${loader}, which is not in the image`,
        path: '/app',
        layer: 0,
        instruction: expect.stringMatching(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/app $/),
        subject: '/app',
      },
      {
        rule: 'entrypoint-runnable',
        level: 'error',
        message: '/app needs libc.so.6, not found in the image',
        path: '/app',
        layer: 0,
        instruction: expect.stringMatching(/^\/bin\/sh -c #\(nop\) COPY file:/),
        subject: '/app',
      },
    ]);
    await expect(docker(['run', '--rm', '--network', 'none', tag])).rejects.toThrow(/no such file or directory/);
  });

  it('reports a shell-form CMD at its Dockerfile line, and the /bin/sh it needs', async () => {
    const tag = `${TAG}:shell-form`;
    const dockerfileText = 'FROM scratch\nCOPY app /app\nUSER 65532\n# the shell form needs /bin/sh\nCMD /app\n';
    const dockerfile = join(dir, 'Dockerfile');
    await writeFile(dockerfile, dockerfileText);
    await buildImage(tag, { dockerfile: dockerfileText, files: { app: { content: staticProgram, mode: 0o755 } } });
    const image = await checkImage(tag, dockerfile);
    expect(image.facts.entrypoint).toMatchObject({ cmd: ['/bin/sh', '-c', '/app'], cmdShellForm: true, entrypointShellForm: false });
    const location = { file: dockerfile, line: 5, endLine: 5, text: 'CMD /app' };
    expect(image.findings.map(summary)).toEqual([
      { rule: 'exec-form-entrypoint', level: 'error', message: 'CMD is in shell form (/bin/sh -c /app)', location, subject: 'CMD' },
      { rule: 'entrypoint-runnable', level: 'error', message: '/bin/sh does not exist in the image', path: '/bin/sh', location, subject: '/bin/sh' },
    ]);
    expect(image.passed).toBe(false);
  });

  describeWithApt('with real Debian packages', () => {
    const debianTag = `${TAG}:debian`;
    const libcTag = `${TAG}:dynamic-libc`;

    afterAll(() => removeImages(`${debianTag}-path`, debianTag, libcTag));

    it('finds the shell, package managers and root user of a Debian-style image, at their merged-/usr paths', async () => {
      const packages = await debianPackages(['base-files', 'dash', 'bash', 'libtinfo6', 'libc6', 'apt', 'dpkg']);
      const rootfs = await mergedUsrRootfs(packages);
      await buildImage(debianTag, { dockerfile: 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n', files: { 'rootfs.tar': rootfs } });
      const image = await checkImage(debianTag);
      const add = expect.stringMatching(/^\/bin\/sh -c #\(nop\) ADD file:[0-9a-f]{64} in \/ $/);
      const at = (path: string) => ({ path, layer: 0, instruction: add, level: 'error', subject: path });
      expect(image.findings.map(summary)).toEqual([
        // The packages ship /bin/bash and /bin/dash; /bin -> usr/bin puts them in /usr/bin, and /bin/sh -> dash is the same file.
        { rule: 'no-shell', message: 'shell /usr/bin/bash is in the image', ...at('/usr/bin/bash') },
        { rule: 'no-shell', message: 'shell /usr/bin/dash is in the image', ...at('/usr/bin/dash') },
        { rule: 'no-package-manager', message: 'package manager /usr/bin/apt is in the image', ...at('/usr/bin/apt') },
        { rule: 'no-package-manager', message: 'package manager /usr/bin/apt-get is in the image', ...at('/usr/bin/apt-get') },
        { rule: 'no-package-manager', message: 'package manager /usr/bin/dpkg is in the image', ...at('/usr/bin/dpkg') },
        { rule: 'non-root-user', level: 'error', message: 'no USER is set, so the container runs as root', subject: 'USER' },
      ]);
      expect(image.passed).toBe(false);
      // bash resolves through PATH, and its loader and libraries through /lib64 and /lib symlinks: it can start.
      expect(image.facts.entrypoint.program).toMatchObject({ command: 'bash', path: '/usr/bin/bash', kind: 'elf', executable: true });
      expect(image.facts.entrypoint.program?.libraries?.libraries.filter((library) => !library.path)).toEqual([]);
      expect(image.facts.os?.id).toBe(await hostOsId());
      expect(image.facts.packages).toEqual([
        { manager: 'dpkg', source: '/var/lib/dpkg/status', count: 7, names: ['apt', 'base-files', 'bash', 'dash', 'dpkg', 'libc6', 'libtinfo6'] },
      ]);

      // With PATH=/bin the same files are reported where PATH finds them, through the symlink.
      await buildImage(`${debianTag}-path`, { dockerfile: `FROM ${debianTag}\nENV PATH=/bin\n` });
      const viaBin = await checkImage(`${debianTag}-path`);
      expect(viaBin.facts.shells.map(({ path, realPath, via }) => ({ path, realPath, via }))).toEqual([
        { path: '/bin/bash', realPath: '/usr/bin/bash', via: '/usr/bin/bash' },
        { path: '/bin/dash', realPath: '/usr/bin/dash', via: '/usr/bin/dash' },
      ]);
      expect(viaBin.findings.filter((f) => f.rule === 'no-package-manager').map((f) => f.message)).toEqual([
        'package manager /bin/apt (-> /usr/bin/apt) is in the image',
        'package manager /bin/apt-get (-> /usr/bin/apt-get) is in the image',
        'package manager /bin/dpkg (-> /usr/bin/dpkg) is in the image',
      ]);
    });

    it('passes entrypoint-runnable for the dynamic binary once the real loader and libc are in the image', async () => {
      const rootfs = await mergedUsrRootfs(await debianPackages(['libc6']));
      await buildImage(libcTag, {
        dockerfile: 'FROM scratch\nADD rootfs.tar /\nCOPY app /app\nUSER 65532\nENTRYPOINT ["/app"]\n',
        files: { 'rootfs.tar': rootfs, app: { content: dynamicProgram, mode: 0o755 } },
      });
      const image = await checkImage(libcTag);
      expect(image.findings).toEqual([]);
      expect(image.passed).toBe(true);
      const libraries = image.facts.entrypoint.program?.libraries;
      expect(libraries?.interpreter).toEqual({ path: LOADERS[process.arch], found: true });
      expect(libraries?.libraries.find((library) => library.name === 'libc.so.6')).toMatchObject({
        neededBy: '/app',
        path: expect.stringMatching(/\/libc\.so\.6$/),
      });
      // The runtime agrees.
      const { stdout } = await docker(['run', '--rm', '--network', 'none', libcTag]);
      expect(stdout.toString('utf8')).toBe(`${GREETING}\n`);
    });
  });
});

async function hostOsId(): Promise<string | undefined> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => readFile('/usr/lib/os-release', 'utf8'));
  return /^ID="?([^"\n]*)"?$/m.exec(text)?.[1];
}
