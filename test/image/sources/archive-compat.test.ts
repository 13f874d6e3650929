import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MergedFilesystem } from '../../../src/image/filesystem.ts';
import { ReadBudget } from '../../../src/image/limits.ts';
import { LocalSource } from '../../../src/image/sources/archive.ts';
import type { LoadedImage } from '../../../src/image/types.ts';
import { type ImageSpec, dockerArchiveEntries, ociLayoutEntries, writeOciLayout } from '../../support/images.ts';
import { type TarEntrySpec, tarBuffer } from '../../support/tar-writer.ts';

const work = mkdtempSync(join(tmpdir(), 'dg-compat-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const none = () => undefined;
const EMPTY: TarEntrySpec[] = [];

/** Two identical empty layers between two others, as two no-op `RUN`s under the legacy builder give. */
const SPEC: ImageSpec = {
  layers: [
    { compression: 'none', entries: [{ path: 'a', content: 'first' }] },
    { compression: 'none', entries: EMPTY },
    { compression: 'none', entries: EMPTY },
    { compression: 'none', entries: [{ path: 'b', content: 'second' }] },
  ],
};

function listing(image: LoadedImage): string[] {
  return [...MergedFilesystem.merge(image.layerIndexes).walk()].map((node) => `${node.path} ${node.type}`);
}

async function load(name: string, bytes: Buffer, budget?: ReadBudget): Promise<LoadedImage[]> {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return new LocalSource(path, 'archive', `docker-archive:${path}`).load({ capture: none, files: true, budget });
}

describe('links between members of a docker save archive', () => {
  for (const kind of ['symlink', 'hardlink'] as const) {
    it(`reads a layer.tar that is a ${kind} to an earlier identical one, on disk and compressed`, async () => {
      const tar = tarBuffer(dockerArchiveEntries(SPEC, { format: 'legacy', linkDuplicateLayers: kind }));
      expect(tarBuffer(dockerArchiveEntries(SPEC, { format: 'legacy' }))).not.toEqual(tar);
      for (const [name, bytes] of [
        [`${kind}.tar`, tar],
        [`${kind}.tar.gz`, gzipSync(tar)],
      ] as const) {
        const [image] = await load(name, bytes);
        expect(image.layerIndexes).toHaveLength(4);
        expect(listing(image)).toEqual(['/a file', '/b file']);
      }
    });
  }

  const withLink = (target: string, extra: TarEntrySpec[] = []): Buffer => {
    const entries = dockerArchiveEntries(SPEC, { format: 'legacy', linkDuplicateLayers: 'symlink' });
    const link = entries.find((entry) => entry.type === 'symlink') as TarEntrySpec;
    return tarBuffer([...entries.map((entry) => (entry === link ? { ...link, target } : entry)), ...extra]);
  };

  it('refuses a link that leaves the archive', async () => {
    await expect(load('escape.tar', withLink('../../../etc/passwd'))).rejects.toThrow(
      /layer\.tar links to \.\.\/\.\.\/\.\.\/etc\/passwd, outside the archive$/,
    );
    await expect(load('absolute.tar', withLink('/etc/passwd'))).rejects.toThrow(/links to \/etc\/passwd, outside the archive$/);
    await expect(load('escape.tar.gz', gzipSync(withLink('../../x')))).rejects.toThrow(/outside the archive$/);
  });

  it('refuses links that loop', async () => {
    const looped = withLink('../loop-a', [
      { path: 'loop-a', type: 'symlink', target: 'loop-b' },
      { path: 'loop-b', type: 'symlink', target: 'loop-a' },
    ]);
    await expect(load('loop.tar', looped)).rejects.toThrow(/layer\.tar is a link that loops back to loop-a$/);
    await expect(load('loop.tar.gz', gzipSync(looped))).rejects.toThrow(/layer\.tar is a link that loops back to loop-a$/);
  });
});

describe('Docker 25.0.0 and 25.0.1 saves of untagged images', () => {
  it('falls back to manifest.json when index.json says "manifests": null', async () => {
    const tar = tarBuffer(dockerArchiveEntries(SPEC, { format: 'docker25', repoTags: [], nullIndexManifests: true }));
    const [image] = await load('null-manifests.tar', tar);
    expect(listing(image)).toEqual(['/a file', '/b file']);
  });
});

describe('compressed archives', () => {
  const legacy = tarBuffer(dockerArchiveEntries(SPEC, { format: 'legacy' }));
  const docker25 = tarBuffer(dockerArchiveEntries(SPEC, { format: 'docker25' }));
  const oci = tarBuffer(ociLayoutEntries({ ...SPEC, layers: SPEC.layers.map((layer) => ({ ...layer, compression: 'gzip' })) }));
  for (const [format, tar] of [
    ['docker save, legacy', legacy],
    ['docker save, Docker 25+', docker25],
    ['oci-archive', oci],
  ] as const) {
    for (const [compression, bytes] of [
      ['gzip', gzipSync(tar)],
      ['zstd', zstdCompressSync(tar)],
    ] as const) {
      it(`${format} | ${compression} reads as the plain archive does`, async () => {
        const [image] = await load(`${format.replace(/\W+/g, '-')}.tar.${compression}`, bytes);
        const [plain] = await load(`${format.replace(/\W+/g, '-')}.tar`, tar);
        expect(listing(image)).toEqual(['/a file', '/b file']);
        expect(image.layerIndexes.map((index) => index.diffId)).toEqual(plain.layerIndexes.map((index) => index.diffId));
        expect(image.config).toEqual(plain.config);
      });
    }
  }

  it('refuses a blob whose content is not its digest, layer or JSON', async () => {
    const entries = ociLayoutEntries({ ...SPEC, layers: SPEC.layers.map((layer) => ({ ...layer, compression: 'none' })) });
    for (const [kind, pick] of [
      ['layer', (entry: TarEntrySpec) => Buffer.isBuffer(entry.content) && entry.content.length === 2048],
      ['JSON', (entry: TarEntrySpec) => Buffer.isBuffer(entry.content) && entry.content.includes('"rootfs"')],
    ] as const) {
      const target = entries.find((entry) => entry.path.startsWith('blobs/') && pick(entry)) as TarEntrySpec;
      const tampered = Buffer.from(target.content as Buffer);
      tampered[kind === 'layer' ? 600 : tampered.length - 2] ^= 1;
      const bytes = gzipSync(tarBuffer(entries.map((entry) => (entry === target ? { ...entry, content: tampered } : entry))));
      await expect(load(`tampered-${kind}.tar.gz`, bytes)).rejects.toThrow(`${target.path}: content does not match its digest`);
    }
  });

  it('chooses an image by tag in a compressed archive', async () => {
    const path = join(work, 'tagged.tar.gz');
    writeFileSync(path, gzipSync(tarBuffer(dockerArchiveEntries(SPEC, { format: 'legacy', repoTags: ['app:1'] }))));
    await expect(new LocalSource(path, 'archive', `docker-archive:${path}`, 'app:2').load({ capture: none, files: true })).rejects.toThrow(
      `${path}: no image tagged "app:2"; it has: app:1`,
    );
    expect(await new LocalSource(path, 'archive', `docker-archive:${path}`, 'app:1').load({ capture: none, files: true })).toHaveLength(1);
  });

  it('a truncated or corrupt compressed archive is one clear error', async () => {
    const gz = gzipSync(legacy);
    await expect(load('truncated.tar.gz', gz.subarray(0, gz.length - 100))).rejects.toThrow(/truncated\.tar\.gz: the gzip stream is corrupt or truncated/);
    await expect(load('not-a-tar.tar.gz', gzipSync(Buffer.from('hello, not a tar'.repeat(64))))).rejects.toThrow(
      /not-a-tar\.tar\.gz: not a readable image archive \(not a tar header at byte 0/,
    );
  });

  it('keeps the uncompressed-size limit, skipped members included', async () => {
    // Zeros look like an empty layer that ends early; other bytes are a member no one reads.
    for (const content of [undefined, 'x']) {
      const bomb = tarBuffer([{ path: 'padding', size: 8 * 1024 * 1024, content }, ...dockerArchiveEntries(SPEC, { format: 'legacy' })]);
      const budget = new ReadBudget({ maxBytes: 1024 * 1024, maxEntries: 1000 });
      await expect(load('bomb.tar.gz', gzipSync(bomb), budget)).rejects.toThrow(/bomb\.tar\.gz: padding: the image's layers hold more than 1 MiB uncompressed/);
    }
  });
});

describe('OCI layouts holding several images and artifacts', () => {
  const other: ImageSpec = { layers: [{ compression: 'gzip', entries: [{ path: 'other', content: 'x' }] }] };
  const layout = async (name: string, images: ImageSpec[], options: Parameters<typeof writeOciLayout>[2]) => {
    const dir = join(work, name);
    await writeOciLayout(dir, images, options);
    return (ref?: string) => new LocalSource(dir, 'directory', `oci:${dir}`, ref).load({ capture: none, files: true });
  };

  it('skips a Helm chart and an SBOM referrer next to one image', async () => {
    const images = await (await layout('one-image', [SPEC], { artifacts: true }))();
    expect(images).toHaveLength(1);
    expect(listing(images[0])).toEqual(['/a file', '/b file']);
  });

  it('reads every platform of one image listed without an index, artifacts beside it', async () => {
    const images = await (await layout('platforms', [SPEC, { ...SPEC, architecture: 'arm64' }], { artifacts: true }))();
    expect(images.map((image) => image.platform.architecture)).toEqual(['amd64', 'arm64']);
  });

  it('asks for oci:DIR:REF when several images remain, naming them and not the artifacts', async () => {
    const load = await layout('two-images', [SPEC, other], { artifacts: true, refNames: ['app:1', 'tool:2'] });
    const dir = join(work, 'two-images');
    await expect(load()).rejects.toThrow(`${dir}: the layout holds 2 images; name one as oci:${dir}:REF (app:1, tool:2)`);
    expect(listing((await load('tool:2'))[0])).toEqual(['/other file']);
  });

  it('says so when the layout holds only artifacts', async () => {
    const dir = join(work, 'artifacts-only');
    await writeOciLayout(dir, [SPEC], { artifacts: true });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { annotations?: object }[] };
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...index, manifests: index.manifests.slice(1) }));
    await expect(new LocalSource(dir, 'directory', `oci:${dir}`).load({ capture: none, files: true })).rejects.toThrow(
      `oci:${dir}: the index lists no image, only 2 artifacts`,
    );
  });
});
