import { describe, expect, it } from 'vitest';
import { pathDirectories } from '../../src/facts/binaries.ts';
import type { ImageSpec } from '../support/images.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';
import { factsOf } from '../support/facts.ts';

const program = (path: string, content = '\x7fELF fake'): TarEntrySpec => ({ path, content, mode: 0o755 });
const link = (path: string, target: string): TarEntrySpec => ({ path, type: 'symlink', target });
const image = (layers: TarEntrySpec[][], env?: string[]): ImageSpec => ({ layers: layers.map((entries) => ({ entries })), config: env ? { Env: env } : {} });

/** Debian with merged /usr: /bin -> usr/bin, sh -> dash. */
const DEBIAN = [
  link('bin', 'usr/bin'),
  link('sbin', 'usr/sbin'),
  program('usr/bin/dash'),
  link('usr/bin/sh', 'dash'),
  program('usr/bin/bash'),
  program('usr/bin/ls'),
];

describe('shells', () => {
  it('finds a Debian shell once per real file, through /bin -> usr/bin and sh -> dash', async () => {
    const { facts } = await factsOf(image([DEBIAN]));
    expect(facts.shells).toStrictEqual([
      { name: 'bash', path: '/usr/bin/bash', realPath: '/usr/bin/bash', layer: 0 },
      { name: 'dash', path: '/usr/bin/dash', realPath: '/usr/bin/dash', layer: 0 },
    ]);
  });

  it('reports a shell reached through a symlinked PATH directory under that path, with where it leads', async () => {
    const { facts } = await factsOf(image([[link('bin', 'usr/bin'), program('usr/bin/sh')]], ['PATH=/bin']));
    expect(facts.shells).toStrictEqual([{ name: 'sh', path: '/bin/sh', realPath: '/usr/bin/sh', layer: 0, via: '/usr/bin/sh' }]);
  });

  it('counts sh -> busybox as one shell, busybox itself', async () => {
    const { facts } = await factsOf(image([[program('bin/busybox'), link('bin/sh', 'busybox'), link('bin/ls', 'busybox')]]));
    expect(facts.shells).toStrictEqual([{ name: 'busybox', path: '/bin/busybox', realPath: '/bin/busybox', layer: 0 }]);
  });

  it('counts a symlink named sh whatever it points to, at the layer of the file it reaches', async () => {
    const { facts } = await factsOf(image([[program('opt/tool/multicall')], [link('bin/sh', '/opt/tool/multicall')]]));
    expect(facts.shells).toStrictEqual([{ name: 'sh', path: '/bin/sh', realPath: '/opt/tool/multicall', layer: 0, via: '/opt/tool/multicall' }]);
  });

  it('counts a hard link named sh, once with the file it links to', async () => {
    const { facts } = await factsOf(image([[program('usr/bin/multicall'), { path: 'usr/bin/sh', type: 'hardlink', target: 'usr/bin/multicall' }]]));
    expect(facts.shells).toStrictEqual([{ name: 'sh', path: '/usr/bin/sh', realPath: '/usr/bin/multicall', layer: 0, via: '/usr/bin/multicall' }]);
    const both = await factsOf(image([[program('bin/bash'), { path: 'bin/sh', type: 'hardlink', target: 'bin/bash' }]]));
    expect(both.facts.shells).toStrictEqual([{ name: 'bash', path: '/bin/bash', realPath: '/bin/bash', layer: 0 }]);
  });

  it('finds /busybox/sh of a :debug image although /busybox is not in PATH', async () => {
    const { facts } = await factsOf(image([[program('busybox/busybox'), link('busybox/sh', 'busybox')]], ['PATH=/usr/bin']));
    expect(facts.shells).toStrictEqual([{ name: 'busybox', path: '/busybox/busybox', realPath: '/busybox/busybox', layer: 0 }]);
  });

  it('finds a shell in a PATH directory of the config, and only there', async () => {
    const layers = [[program('opt/tools/bin/zsh')]];
    const inPath = await factsOf(image(layers, ['PATH=/opt/tools/bin:/usr/bin']));
    expect(inPath.facts.shells).toStrictEqual([{ name: 'zsh', path: '/opt/tools/bin/zsh', realPath: '/opt/tools/bin/zsh', layer: 0 }]);
    const notInPath = await factsOf(image(layers));
    expect(notInPath.facts.shells).toStrictEqual([]);
  });

  it('does not count a dangling sh symlink, or one leading to a directory: nothing can run them', async () => {
    const { facts } = await factsOf(image([[link('bin/sh', '/bin/missing'), link('usr/bin/sh', '/etc'), { path: 'etc/', type: 'dir' }]]));
    expect(facts.shells).toStrictEqual([]);
  });

  it('does not count a shell a later layer deletes', async () => {
    const { facts } = await factsOf(image([[program('bin/sh'), program('bin/app')], [{ path: 'bin/.wh.sh', content: '' }]]));
    expect(facts.shells).toStrictEqual([]);
  });

  it('reports the layer that wrote the file', async () => {
    const { facts } = await factsOf(image([[program('app')], [program('usr/bin/ash')]]));
    expect(facts.shells).toStrictEqual([{ name: 'ash', path: '/usr/bin/ash', realPath: '/usr/bin/ash', layer: 1 }]);
  });

  it('looks for the extra names the policy adds', async () => {
    const layers = [[program('usr/bin/nu')]];
    expect((await factsOf(image(layers), { extraShells: ['nu'] })).facts.shells).toStrictEqual([
      { name: 'nu', path: '/usr/bin/nu', realPath: '/usr/bin/nu', layer: 0 },
    ]);
    expect((await factsOf(image(layers))).facts.shells).toStrictEqual([]);
  });
});

describe('package managers', () => {
  it('finds apt, apt-get and dpkg in a Debian image', async () => {
    const { facts } = await factsOf(image([[...DEBIAN, program('usr/bin/apt'), program('usr/bin/apt-get'), program('usr/bin/dpkg')]]));
    expect(facts.packageManagers.map((found) => [found.name, found.path])).toStrictEqual([
      ['apt', '/usr/bin/apt'],
      ['apt-get', '/usr/bin/apt-get'],
      ['dpkg', '/usr/bin/dpkg'],
    ]);
  });

  it('finds apk in /sbin and rpm tools, and the extra names the policy adds', async () => {
    const layers = [[program('sbin/apk'), program('usr/bin/rpm'), program('usr/bin/microdnf'), program('usr/local/bin/pip')]];
    const { facts } = await factsOf(image(layers), { extraPackageManagers: ['pip'] });
    expect(facts.packageManagers.map((found) => found.path)).toStrictEqual(['/usr/local/bin/pip', '/usr/bin/microdnf', '/usr/bin/rpm', '/sbin/apk']);
  });

  it('finds none in a distroless-like image', async () => {
    const { facts } = await factsOf(image([[program('app'), { path: 'var/lib/dpkg/status.d/base-files', content: 'Package: base-files\n' }]]));
    expect(facts.packageManagers).toStrictEqual([]);
  });
});

describe('pathDirectories', () => {
  it("splits PATH, keeping absolute directories; Docker's default without one", () => {
    expect(pathDirectories('/opt/bin::relative:/usr/bin/')).toStrictEqual(['/opt/bin', '/usr/bin/']);
    expect(pathDirectories(undefined)).toStrictEqual(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);
  });
});
