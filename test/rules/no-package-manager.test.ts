import { describe, expect, it } from 'vitest';
import { buildElf } from '../support/elf-writer.ts';
import { runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const staticApp = buildElf({ class: 64, endian: 'little', machine: 62, type: 2 });
const program = (path: string): TarEntrySpec => ({ path, content: staticApp, mode: 0o755 });
const HINT =
  'build in a full image and COPY only the app into a final stage FROM gcr.io/distroless/static-debian12 (multi-stage build); it has no shell or package manager';

describe('no-package-manager', () => {
  it('reports each package manager with its path and layer, through a symlinked /sbin', async () => {
    const spec: ImageSpec = {
      layers: [
        { entries: [{ path: 'sbin', type: 'symlink', target: 'usr/sbin' }, program('usr/bin/dpkg'), program('usr/sbin/apk')] },
        { entries: [program('usr/bin/apt-get'), program('app')] },
      ],
      config: { Entrypoint: ['/app'], Env: ['PATH=/usr/bin:/sbin'] },
    };
    expect(await runRule('no-package-manager', spec)).toStrictEqual([
      { message: 'package manager /usr/bin/apt-get is in the image', path: '/usr/bin/apt-get', layer: 1, hint: HINT },
      { message: 'package manager /usr/bin/dpkg is in the image', path: '/usr/bin/dpkg', layer: 0, hint: HINT },
      { message: 'package manager /sbin/apk (-> /usr/sbin/apk) is in the image', path: '/sbin/apk', layer: 0, hint: HINT },
    ]);
  });

  it('passes an image without one (a package database alone is not a package manager)', async () => {
    const spec: ImageSpec = {
      layers: [{ entries: [program('app'), { path: 'var/lib/dpkg/status.d/libc6', content: 'Package: libc6\n' }] }],
      config: { Entrypoint: ['/app'] },
    };
    expect(await runRule('no-package-manager', spec)).toStrictEqual([]);
  });

  it('looks for the names option `managers` adds', async () => {
    const spec: ImageSpec = { layers: [{ entries: [program('usr/local/bin/pip'), program('app')] }], config: { Entrypoint: ['/app'] } };
    expect(await runRule('no-package-manager', spec)).toStrictEqual([]);
    expect(await runRule('no-package-manager', spec, { options: { managers: ['pip'] } })).toStrictEqual([
      { message: 'package manager /usr/local/bin/pip is in the image', path: '/usr/local/bin/pip', layer: 0, hint: HINT },
    ]);
  });
});
