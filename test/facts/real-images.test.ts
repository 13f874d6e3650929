import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureForFacts } from '../../src/facts/capture.ts';
import { type ImageFacts, gatherFacts } from '../../src/facts/index.ts';
import { normalizePlatform } from '../../src/image/platform.ts';
import { DockerDaemonSource } from '../../src/image/sources/docker-daemon.ts';
import { buildImage, compileC, describeWithEngine, removeImages } from '../support/engine.ts';
import { tarBuffer } from '../support/tar-writer.ts';

const TOOL = `
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "rm") == 0) return unlink(argv[2]) == 0 ? 0 : 1;
  puts("hello");
  return 0;
}`;

const JUNK = 'x'.repeat(5000);
const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const GROUP = 'root:x:0:\nnonroot:x:65532:\n';
const PASSWD = 'root:x:0:0:root:/root:/usr/bin/sh\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n';
const STATUS =
  'Package: dash\nStatus: install ok installed\n\nPackage: apt\nStatus: install ok installed\n\nPackage: gone\nStatus: deinstall ok config-files\n';

/** The facts, and the engine's architecture (the machine gcc built the programs for). */
async function factsOf(tag: string): Promise<ImageFacts & { architecture: string }> {
  const [image] = await new DockerDaemonSource(tag, `docker-daemon:${tag}`).load({ capture: captureForFacts, files: true });
  return { ...gatherFacts(image).facts, architecture: normalizePlatform(image.platform).architecture };
}

describeWithEngine('facts of images built by the real engine', () => {
  const debianLike = 'distroless-guard-test/facts-debian:1';
  const scratchStatic = 'distroless-guard-test/facts-static:1';
  const noLibc = 'distroless-guard-test/facts-nolibc:1';
  let staticTool: Buffer;
  let dynamicTool: Buffer;

  beforeAll(async () => {
    [staticTool, dynamicTool] = await Promise.all([compileC(TOOL, { static: true }), compileC(TOOL, { static: false })]);
    const rootfs = tarBuffer([
      { path: 'usr/', type: 'dir' },
      { path: 'usr/bin/', type: 'dir' },
      { path: 'bin', type: 'symlink', target: 'usr/bin' },
      { path: 'usr/bin/dash', content: staticTool, mode: 0o755 },
      { path: 'usr/bin/sh', type: 'symlink', target: 'dash' },
      { path: 'usr/bin/apt-get', content: staticTool, mode: 0o755 },
      { path: 'usr/bin/passwd', content: 'setuid', mode: 0o4755 },
      { path: 'etc/', type: 'dir' },
      { path: 'etc/os-release', content: OS_RELEASE },
      { path: 'etc/passwd', content: PASSWD },
      { path: 'etc/group', content: GROUP },
      { path: 'etc/junk', content: JUNK },
      { path: 'var/lib/dpkg/status', content: STATUS },
      { path: 'tmp/', type: 'dir', mode: 0o1777 },
    ]);
    await Promise.all([
      buildImage(debianLike, {
        dockerfile: [
          'FROM scratch',
          'ADD rootfs.tar /',
          'COPY app /app',
          'RUN ["/app", "rm", "/etc/junk"]',
          'USER nonroot',
          'HEALTHCHECK CMD /app health',
          'CMD /app --serve',
        ].join('\n'),
        files: { 'rootfs.tar': rootfs, app: { content: staticTool, mode: 0o755 } },
      }),
      buildImage(scratchStatic, {
        dockerfile: 'FROM scratch\nCOPY app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n',
        files: { app: { content: staticTool, mode: 0o755 } },
      }),
      buildImage(noLibc, { dockerfile: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n', files: { app: { content: dynamicTool, mode: 0o755 } } }),
    ]);
  });
  afterAll(() => removeImages(debianLike, scratchStatic, noLibc));

  it('a Debian-like image: OS, users, packages, shells and package managers through /bin -> usr/bin', async () => {
    const facts = await factsOf(debianLike);
    expect(facts.filesRead).toBe(true);
    expect(facts.os).toStrictEqual({ id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release' });
    expect(facts.users.map((user) => [user.name, user.uid])).toStrictEqual([
      ['root', 0],
      ['nonroot', 65532],
    ]);
    expect(facts.user).toStrictEqual({ configured: 'nonroot', uid: 65532, gid: 65532, resolved: true });
    expect(facts.packages).toStrictEqual([{ manager: 'dpkg', source: '/var/lib/dpkg/status', count: 2, names: ['apt', 'dash'] }]);
    expect(facts.shells).toStrictEqual([{ name: 'dash', path: '/usr/bin/dash', realPath: '/usr/bin/dash', layer: 0 }]);
    expect(facts.packageManagers).toStrictEqual([{ name: 'apt-get', path: '/usr/bin/apt-get', realPath: '/usr/bin/apt-get', layer: 0 }]);
    expect(facts.setuid).toStrictEqual([{ path: '/usr/bin/passwd', mode: 0o4755, layer: 0, type: 'file' }]);
    expect(facts.worldWritable).toStrictEqual([{ path: '/tmp', mode: 0o1777, layer: 0, type: 'dir' }]);
  });

  it('a Debian-like image: shell-form CMD and HEALTHCHECK, argv[0] /bin/sh resolved to dash', async () => {
    const { entrypoint, architecture } = await factsOf(debianLike);
    expect(entrypoint).toMatchObject({
      entrypoint: [],
      cmd: ['/bin/sh', '-c', '/app --serve'],
      cmdShellForm: true,
      entrypointShellForm: false,
      healthcheckShellForm: true,
    });
    expect(entrypoint.program).toMatchObject({ command: '/bin/sh', path: '/usr/bin/dash', layer: 0, executable: true, kind: 'elf' });
    expect(entrypoint.program?.elf).toMatchObject({ machineName: architecture, dynamic: false });
  });

  it('a Debian-like image: legacy history per layer, and the deleted file counted as hidden', async () => {
    const facts = await factsOf(debianLike);
    expect(facts.layerCommands).toHaveLength(3);
    expect(facts.layerCommands[0]).toMatch(/^\/bin\/sh -c #\(nop\) ADD file:[0-9a-f]{64} in \/ $/);
    expect(facts.layerCommands[1]).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/app $/);
    expect(facts.layerCommands[2]).toBe('/app rm /etc/junk');
    const rootfsContent = 2 * staticTool.length + 'setuid'.length + JUNK.length + PASSWD.length + STATUS.length + GROUP.length + OS_RELEASE.length;
    expect(facts.sizes.layers.map((layer) => [layer.content, layer.hidden])).toStrictEqual([
      [rootfsContent, JUNK.length],
      [staticTool.length, 0],
      [0, 0],
    ]);
    expect(facts.sizes.hidden).toBe(JUNK.length);
    expect(facts.sizes.directories.slice(0, 2)).toStrictEqual([
      { path: '/usr', size: 2 * staticTool.length + 'setuid'.length },
      { path: '/usr/bin', size: 2 * staticTool.length + 'setuid'.length },
    ]);
  });

  it('a FROM scratch static binary: no shell, no package manager, a static ELF of the image architecture', async () => {
    const facts = await factsOf(scratchStatic);
    expect(facts.shells).toStrictEqual([]);
    expect(facts.packageManagers).toStrictEqual([]);
    expect(facts.packages).toStrictEqual([]);
    expect(facts.os).toBeUndefined();
    expect(facts.user).toStrictEqual({ configured: '65532:65532', uid: 65532, gid: 65532, resolved: true });
    expect(facts.entrypoint.program).toMatchObject({ command: '/app', path: '/app', layer: 0, executable: true, kind: 'elf' });
    expect(facts.entrypoint.program?.elf).toMatchObject({ machineName: facts.architecture, dynamic: false });
    expect(facts.entrypoint.program?.elf?.interpreter).toBeUndefined();
    expect(facts.entrypoint.program?.libraries).toBeUndefined();
  });

  it('a dynamically linked binary without its libc: loader and libc missing', async () => {
    const facts = await factsOf(noLibc);
    const program = facts.entrypoint.program;
    expect(program).toMatchObject({ path: '/app', kind: 'elf' });
    expect(program?.elf?.interpreter).toMatch(/^\/lib(64)?\/ld-linux-[a-z0-9_-]+\.so\.[12]$/);
    expect(program?.libraries?.interpreter).toStrictEqual({ path: program?.elf?.interpreter, found: false });
    expect(program?.libraries?.libraries).toStrictEqual([{ name: 'libc.so.6', neededBy: '/app' }]);
  });
});
