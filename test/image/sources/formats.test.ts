import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MergedFilesystem } from '../../../src/image/filesystem.ts';
import { LocalSource } from '../../../src/image/sources/archive.ts';
import type { LoadedImage } from '../../../src/image/types.ts';
import { type ImageSpec, writeDockerArchive, writeOciArchive, writeOciLayout } from '../../support/images.ts';
import { opaqueWhiteout, whiteout } from '../../support/tar-writer.ts';

const work = mkdtempSync(join(tmpdir(), 'dg-formats-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Three layers exercising every merge rule: whiteouts, opaque dirs, replaced dirs, symlinked parents, hard links. */
function spec(compression: 'none' | 'gzip' | 'zstd'): ImageSpec {
  return {
    layers: [
      {
        compression,
        entries: [
          { path: 'bin', type: 'symlink', target: 'usr/bin' },
          { path: 'usr/', type: 'dir' },
          { path: 'usr/bin/', type: 'dir' },
          { path: 'usr/bin/busybox', content: 'BB', mode: 0o755 },
          { path: 'etc/', type: 'dir' },
          { path: 'etc/keep', content: 'keep' },
          { path: 'etc/old', content: 'old-content' },
          { path: 'opt/', type: 'dir' },
          { path: 'opt/a', content: 'aaaa' },
          { path: 'opt/b', content: 'bb' },
          { path: 'data/', type: 'dir' },
          { path: 'data/x', content: '12345' },
        ],
      },
      {
        compression,
        entries: [
          whiteout('etc/old'),
          opaqueWhiteout('opt'),
          { path: 'opt/c', content: 'c' },
          { path: 'bin/sh', type: 'hardlink', target: 'usr/bin/busybox' },
          { path: 'data', content: 'now-a-file' },
          { path: `deep/${'d'.repeat(120)}/file`, content: 'long name', format: 'pax' },
        ],
      },
      { compression, entries: [{ path: 'etc/keep', content: 'kept-v2', mode: 0o600, uid: 1000, gid: 1000 }] },
    ],
    config: { Entrypoint: ['/bin/sh'], User: '1000' },
  };
}

const EXPECTED = [
  'l /bin -> usr/bin',
  'f /data 10',
  'd /deep',
  `d /deep/${'d'.repeat(120)}`,
  `f /deep/${'d'.repeat(120)}/file 9`,
  'd /etc',
  'f /etc/keep 7',
  'd /opt',
  'f /opt/c 1',
  'd /usr',
  'd /usr/bin',
  'f /usr/bin/busybox 2',
  'h /usr/bin/sh 2',
];

function listing(image: LoadedImage): string[] {
  const fs = MergedFilesystem.merge(image.layerIndexes);
  return [...fs.walk()].map(
    (node) =>
      `${node.type === 'hardlink' ? 'h' : node.type === 'symlink' ? 'l' : node.type[0]} ${node.path}${node.type === 'symlink' ? ` -> ${node.target}` : node.type === 'dir' ? '' : ` ${node.size}`}`,
  );
}

const none = () => undefined;

describe('every archive and layout format gives the same merged filesystem', () => {
  const cases: [string, () => Promise<LocalSource>][] = [
    [
      'docker save, legacy',
      async () => (
        await writeDockerArchive(join(work, 'legacy.tar'), spec('none'), { format: 'legacy' }),
        new LocalSource(join(work, 'legacy.tar'), 'archive', 'legacy')
      ),
    ],
    [
      'docker save, Docker 25+',
      async () => (
        await writeDockerArchive(join(work, 'd25.tar'), spec('none'), { format: 'docker25' }),
        new LocalSource(join(work, 'd25.tar'), 'archive', 'd25')
      ),
    ],
    [
      'docker save, containerd store with absent platforms',
      async () => (
        await writeDockerArchive(join(work, 'ctrd.tar'), spec('gzip'), { format: 'containerd', extraPlatforms: [{ ...spec('gzip'), architecture: 'arm64' }] }),
        new LocalSource(join(work, 'ctrd.tar'), 'archive', 'ctrd')
      ),
    ],
    ['oci-archive, gzip', async () => (await writeOciArchive(join(work, 'gz.tar'), spec('gzip')), new LocalSource(join(work, 'gz.tar'), 'archive', 'gz'))],
    ['oci-archive, zstd', async () => (await writeOciArchive(join(work, 'zst.tar'), spec('zstd')), new LocalSource(join(work, 'zst.tar'), 'archive', 'zst'))],
    [
      'oci layout directory, nested index',
      async () => (
        await writeOciLayout(join(work, 'layout'), spec('gzip'), { nestedIndex: true, attestations: true }),
        new LocalSource(join(work, 'layout'), 'directory', 'layout')
      ),
    ],
  ];
  for (const [name, make] of cases) {
    it(name, async () => {
      const images = await (await make()).load({ capture: none, files: true });
      expect(images).toHaveLength(1);
      expect(images[0].platform).toEqual({ os: 'linux', architecture: 'amd64' });
      expect(listing(images[0])).toEqual(EXPECTED);
      const fs = MergedFilesystem.merge(images[0].layerIndexes);
      expect(fs.lstat('/etc/keep')).toMatchObject({ mode: 0o600, uid: 1000, gid: 1000, layer: 2 });
      // Hidden bytes: etc/old (11) + opt/a (4) + opt/b (2) + data/x (5) in layer 0, etc/keep v1 (4) in layer 0.
      expect(fs.hiddenBytes()).toEqual({ total: 26, perLayer: [26, 0, 0] });
    });
  }
});

describe('references inside archives and layouts', () => {
  it('chooses a platform of a multi-platform OCI archive, and lists the ones it has when asked for another', async () => {
    const path = join(work, 'multi.tar');
    await writeOciArchive(path, [spec('gzip'), { ...spec('gzip'), architecture: 'arm64' }], { attestations: true });
    const source = new LocalSource(path, 'archive', `oci-archive:${path}`);
    const all = await source.load({ capture: none, files: true });
    expect(all.map((image) => image.platform.architecture)).toEqual(['amd64', 'arm64']);
    const arm = await source.load({ capture: none, files: true, platform: { os: 'linux', architecture: 'arm64' } });
    expect(arm).toHaveLength(1);
    await expect(source.load({ capture: none, files: true, platform: { os: 'linux', architecture: 'riscv64' } })).rejects.toThrow(
      `oci-archive:${path}: no image for platform linux/riscv64; it has: linux/amd64, linux/arm64`,
    );
  });

  it('names a missing layer blob', async () => {
    const path = join(work, 'not-an-image.tar');
    await writeOciArchive(path, spec('gzip'));
    const bad = new LocalSource(join(work, 'nothing-here.tar'), 'archive', 'x');
    await expect(bad.load({ capture: none, files: true })).rejects.toThrow(/cannot open the image archive/);
  });
});
