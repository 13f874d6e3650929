import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, zstdDecompressSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImage,
  type BuiltImage,
  dockerArchiveStream,
  type ImageSpec,
  MEDIA_TYPES,
  sha256,
  writeDockerArchive,
  writeOciArchive,
  writeOciLayout,
} from './images.ts';
import { tarBuffer, tarStream as tarChunks, type TarEntrySpec } from './tar-writer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-images-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Members of a tar in order, read with tar-stream (not our own walker). */
async function untar(tar: Buffer): Promise<{ names: string[]; files: Map<string, Buffer> }> {
  const extract = tarStream.extract();
  Readable.from([tar]).pipe(extract);
  const names: string[] = [];
  const files = new Map<string, Buffer>();
  for await (const entry of extract) {
    names.push(entry.header.name);
    const parts: Buffer[] = [];
    for await (const chunk of entry) parts.push(chunk as Buffer);
    if (entry.header.type === 'file') files.set(entry.header.name, Buffer.concat(parts));
  }
  return { names, files };
}

function jsonOf<T>(files: Map<string, Buffer>, name: string): T {
  const blob = files.get(name);
  if (!blob) throw new Error(`${name} is not in the archive`);
  return JSON.parse(blob.toString()) as T;
}

function blob(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

interface Index {
  mediaType?: string;
  manifests: {
    mediaType: string;
    digest: string;
    size: number;
    platform?: { os: string; architecture: string; variant?: string };
    annotations?: Record<string, string>;
  }[];
}

const SPEC: ImageSpec = {
  layers: [
    {
      entries: [
        { path: 'etc/', type: 'dir' },
        { path: 'etc/passwd', content: 'root:x:0:0::/root:/sbin/nologin\n' },
      ],
    },
    {
      entries: [
        { path: 'app/', type: 'dir' },
        { path: 'app/run', content: 'binary', mode: 0o755 },
      ],
      compression: 'zstd',
    },
    { entries: [{ path: 'app/data', content: 'z', size: 10_000 }], compression: 'none' },
  ],
  config: { User: '65532', Entrypoint: ['/app/run'] },
  annotations: { 'org.opencontainers.image.base.name': 'gcr.io/distroless/static' },
};

describe('buildImage', () => {
  const image = buildImage(SPEC);

  it('digests every blob and diff id with sha256 and decompresses back to the tar', () => {
    expect(image.configDigest).toBe(sha256(image.configBlob));
    expect(image.manifestDigest).toBe(sha256(image.manifestBlob));
    expect(image.layers.map((layer) => layer.digest)).toEqual(image.layers.map((layer) => sha256(layer.blob)));
    expect(image.layers.map((layer) => layer.diffId)).toEqual(image.layers.map((layer) => sha256(layer.tar)));
    expect(gunzipSync(image.layers[0].blob).equals(image.layers[0].tar)).toBe(true);
    expect(zstdDecompressSync(image.layers[1].blob).equals(image.layers[1].tar)).toBe(true);
    expect(image.layers[2].blob.equals(image.layers[2].tar)).toBe(true);
    expect(image.layers[0].tar.equals(tarBuffer(SPEC.layers[0].entries))).toBe(true);
  });

  it('writes a config and an OCI manifest that agree with the layers', () => {
    expect(JSON.parse(image.configBlob.toString())).toEqual(image.config);
    expect(image.config).toMatchObject({ architecture: 'amd64', os: 'linux', config: { User: '65532', Entrypoint: ['/app/run'] } });
    expect(image.config.rootfs).toEqual({ type: 'layers', diff_ids: image.layers.map((layer) => layer.diffId) });
    expect(image.config.history?.map((entry) => entry.created_by)).toEqual([
      'COPY layer1/ / # buildkit',
      'COPY layer2/ / # buildkit',
      'COPY layer3/ / # buildkit',
    ]);
    expect(JSON.parse(image.manifestBlob.toString())).toEqual({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: image.configDigest, size: image.configBlob.length },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: image.layers[0].digest, size: image.layers[0].blob.length },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', digest: image.layers[1].digest, size: image.layers[1].blob.length },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: image.layers[2].digest, size: image.layers[2].blob.length },
      ],
      annotations: { 'org.opencontainers.image.base.name': 'gcr.io/distroless/static' },
    });
  });

  it('uses Docker media types when asked, and gives equal specs equal digests', () => {
    const docker = buildImage(SPEC, { mediaTypes: 'docker' });
    expect(docker.manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(docker.manifest.config.mediaType).toBe('application/vnd.docker.container.image.v1+json');
    expect(docker.layers.map((layer) => layer.mediaType)).toEqual([
      'application/vnd.docker.image.rootfs.diff.tar.gzip',
      'application/vnd.docker.image.rootfs.diff.tar.zstd',
      'application/vnd.docker.image.rootfs.diff.tar',
    ]);
    expect(docker.configDigest).toBe(image.configDigest);
    expect(buildImage(SPEC).manifestDigest).toBe(image.manifestDigest);
  });
});

describe('writeDockerArchive', () => {
  const image = buildImage(SPEC);

  it('legacy: manifest.json lists the layer.tar files in diff id order, with config and repositories', async () => {
    const path = join(dir, 'legacy.tar');
    await writeDockerArchive(path, image, { format: 'legacy', repoTags: ['app:1.0', 'ghcr.io/o/app'] });
    const { names, files } = await untar(await readFile(path));
    const [entry] = jsonOf<{ Config: string; RepoTags: string[]; Layers: string[] }[]>(files, 'manifest.json');
    expect(entry.Config).toBe(`${image.configDigest.slice(7)}.json`);
    expect(files.get(entry.Config)?.equals(image.configBlob)).toBe(true);
    expect(entry.RepoTags).toEqual(['app:1.0', 'ghcr.io/o/app:latest']);
    expect(entry.Layers.map((layer) => sha256(files.get(layer)!))).toEqual(image.config.rootfs?.diff_ids);
    const top = entry.Layers[2].split('/')[0];
    expect(jsonOf(files, 'repositories')).toEqual({ app: { '1.0': top }, 'ghcr.io/o/app': { latest: top } });
    expect(files.get(`${top}/VERSION`)?.toString()).toBe('1.0');
    expect(jsonOf<{ id: string; parent: string }>(files, `${top}/json`)).toMatchObject({ id: top, parent: entry.Layers[1].split('/')[0] });
    expect(names.slice(-2)).toEqual(['manifest.json', 'repositories']);
  });

  it('docker25: an OCI layout of uncompressed layers at their diff ids, plus manifest.json and repositories', async () => {
    const path = join(dir, 'docker25.tar');
    await writeDockerArchive(path, image, { format: 'docker25' });
    const { files } = await untar(await readFile(path));
    expect(files.get('oci-layout')?.toString()).toBe('{"imageLayoutVersion": "1.0.0"}');
    const index = jsonOf<Index>(files, 'index.json');
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0].annotations).toEqual({
      'io.containerd.image.name': 'docker.io/library/fixture:latest',
      'org.opencontainers.image.ref.name': 'latest',
    });
    const manifest = jsonOf<{ config: { digest: string }; layers: { mediaType: string; digest: string }[] }>(files, blob(index.manifests[0].digest));
    expect(manifest.config.digest).toBe(image.configDigest);
    expect(manifest.layers.map((layer) => [layer.mediaType, layer.digest])).toEqual(
      image.layers.map((layer) => ['application/vnd.oci.image.layer.v1.tar', layer.diffId]),
    );
    for (const layer of image.layers) expect(files.get(blob(layer.diffId))?.equals(layer.tar)).toBe(true);
    const [entry] = jsonOf<{ Layers: string[]; LayerSources: Record<string, unknown> }[]>(files, 'manifest.json');
    expect(entry.Layers).toEqual(image.layers.map((layer) => blob(layer.diffId)));
    expect(Object.keys(entry.LayerSources)).toEqual(image.layers.map((layer) => layer.diffId));
    expect(jsonOf(files, 'repositories')).toEqual({ fixture: { latest: image.layers[2].diffId.slice(7) } });
    // The legacy v1 JSON blobs sit in blobs/ too: one per layer, none of them the config.
    const blobs = [...files.keys()].filter((name) => name.startsWith('blobs/'));
    expect(blobs).toHaveLength(3 + 3 + 1 + 1);
  });

  it('containerd: original blobs, a nested index with an attestation, absent blobs for other platforms', async () => {
    const arm = buildImage({ ...SPEC, architecture: 'arm64', variant: 'v8' });
    const path = join(dir, 'containerd.tar');
    await writeDockerArchive(path, image, { format: 'containerd', extraPlatforms: [arm] });
    const { files } = await untar(await readFile(path));
    const index = jsonOf<Index>(files, 'index.json');
    expect(index.manifests.map((descriptor) => descriptor.mediaType)).toEqual([MEDIA_TYPES.ociIndex]);
    const nested = jsonOf<Index>(files, blob(index.manifests[0].digest));
    expect(nested.manifests.map((descriptor) => [descriptor.digest, descriptor.platform, descriptor.annotations?.['vnd.docker.reference.type']])).toEqual([
      [image.manifestDigest, { os: 'linux', architecture: 'amd64' }, undefined],
      [arm.manifestDigest, { os: 'linux', architecture: 'arm64', variant: 'v8' }, undefined],
      [expect.any(String), { os: 'unknown', architecture: 'unknown' }, 'attestation-manifest'],
      [expect.any(String), { os: 'unknown', architecture: 'unknown' }, 'attestation-manifest'],
    ]);
    expect(nested.manifests[2].annotations?.['vnd.docker.reference.digest']).toBe(image.manifestDigest);
    expect(files.has(blob(nested.manifests[2].digest))).toBe(true);
    expect(files.has(blob(arm.manifestDigest))).toBe(false);
    expect(files.has(blob(arm.configDigest))).toBe(false);
    for (const layer of image.layers) expect(files.get(blob(layer.digest))?.equals(layer.blob)).toBe(true);
    const manifests = jsonOf<Record<string, unknown>[]>(files, 'manifest.json');
    expect(manifests).toEqual([{ Config: blob(image.configDigest), RepoTags: ['fixture:latest'], Layers: image.layers.map((layer) => blob(layer.digest)) }]);
    expect(files.has('repositories')).toBe(false);
  });

  it('streams the same bytes it writes, in the order asked for', async () => {
    const path = join(dir, 'ordered.tar');
    await writeDockerArchive(path, SPEC, { format: 'docker25', order: 'manifest-first' });
    const written = await readFile(path);
    const streamed: Buffer[] = [];
    for await (const chunk of dockerArchiveStream(SPEC, { format: 'docker25', order: 'manifest-first' })) streamed.push(chunk);
    expect(Buffer.concat(streamed).equals(written)).toBe(true);
    expect((await untar(written)).names.slice(0, 4)).toEqual(['manifest.json', 'repositories', 'index.json', 'oci-layout']);
  });
});

describe('writeOciLayout and writeOciArchive', () => {
  const amd64 = buildImage(SPEC);
  const arm = buildImage({ ...SPEC, architecture: 'arm', variant: 'v7' });

  /** Every descriptor reachable from index.json, each checked against the blob it names. */
  async function reachable(read: (name: string) => Promise<Buffer | undefined>): Promise<Index['manifests']> {
    const seen: Index['manifests'] = [];
    const visit = async (descriptors: Index['manifests']): Promise<void> => {
      for (const descriptor of descriptors) {
        seen.push(descriptor);
        const content = await read(blob(descriptor.digest));
        expect(content && sha256(content)).toBe(descriptor.digest);
        expect(content?.length).toBe(descriptor.size);
        const json = /manifest|index/.test(descriptor.mediaType)
          ? (JSON.parse(content!.toString()) as { manifests?: Index['manifests']; config?: Index['manifests'][0]; layers?: Index['manifests'] })
          : {};
        await visit([...(json.manifests ?? []), ...(json.config ? [json.config] : []), ...(json.layers ?? [])]);
      }
    };
    const index = JSON.parse((await read('index.json'))!.toString()) as Index;
    await visit(index.manifests);
    return seen;
  }

  it('writes a layout directory whose blobs all match their digests', async () => {
    const layout = join(dir, 'layout');
    await writeOciLayout(layout, [amd64, arm], { refName: 'v1', attestations: true });
    const read = (name: string) => readFile(join(layout, name)).catch(() => undefined);
    expect(JSON.parse((await read('oci-layout'))!.toString())).toEqual({ imageLayoutVersion: '1.0.0' });
    const index = JSON.parse((await read('index.json'))!.toString()) as Index;
    expect(index.manifests.map((descriptor) => [descriptor.platform, descriptor.annotations?.['org.opencontainers.image.ref.name']])).toEqual([
      [{ os: 'linux', architecture: 'amd64' }, 'v1'],
      [{ os: 'linux', architecture: 'arm', variant: 'v7' }, 'v1'],
      [{ os: 'unknown', architecture: 'unknown' }, 'v1'],
      [{ os: 'unknown', architecture: 'unknown' }, 'v1'],
    ]);
    const seen = await reachable(read);
    expect(seen.filter((descriptor) => descriptor.mediaType === MEDIA_TYPES.inToto)).toHaveLength(2);
    const onDisk = await readdir(join(layout, 'blobs/sha256'));
    expect(new Set(seen.map((descriptor) => descriptor.digest.slice(7)))).toEqual(new Set(onDisk));
  });

  it('writes an archive with a nested index, and a lone image without a platform', async () => {
    const nestedPath = join(dir, 'nested.oci.tar');
    await writeOciArchive(nestedPath, [amd64, arm], { nestedIndex: true, refName: 'latest' });
    const nested = (await untar(await readFile(nestedPath))).files;
    const top = jsonOf<Index>(nested, 'index.json');
    expect(top.manifests.map((descriptor) => [descriptor.mediaType, descriptor.annotations])).toEqual([
      [MEDIA_TYPES.ociIndex, { 'org.opencontainers.image.ref.name': 'latest' }],
    ]);
    const seen = await reachable(async (name) => nested.get(name));
    expect(seen.filter((descriptor) => descriptor.platform).map((descriptor) => descriptor.digest)).toEqual([amd64.manifestDigest, arm.manifestDigest]);

    const lonePath = join(dir, 'lone.oci.tar');
    await writeOciArchive(lonePath, SPEC);
    const lone = jsonOf<Index>((await untar(await readFile(lonePath))).files, 'index.json');
    expect(lone).toEqual({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [{ mediaType: MEDIA_TYPES.ociManifest, digest: amd64.manifestDigest, size: amd64.manifestBlob.length }],
    });
  });
});

describe('tar-writer', () => {
  it('writes ordinary entries byte for byte as tar-stream pack() does', async () => {
    const specs: TarEntrySpec[] = [
      { path: 'etc/', type: 'dir' },
      { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n', mode: 0o600, uid: 5, gid: 7 },
      { path: 'bin/sh', type: 'symlink', target: '/bin/busybox', mode: 0o777 },
      { path: 'bin/ash', type: 'hardlink', target: 'bin/busybox' },
      { path: 'dev/null', type: 'char', devmajor: 1, devminor: 3 },
      { path: 'dev/sda', type: 'block', devmajor: 8, devminor: 0 },
      { path: 'run/fifo', type: 'fifo' },
      { path: `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(90)}`, content: 'prefix' },
      { path: 'x'.repeat(300), content: 'pax' },
      { path: 'link', type: 'symlink', target: 't'.repeat(150), mode: 0o777 },
      { path: 'ünïcode', content: 'u' },
    ];
    const types = {
      file: 'file',
      dir: 'directory',
      symlink: 'symlink',
      hardlink: 'link',
      char: 'character-device',
      block: 'block-device',
      fifo: 'fifo',
    } as const;
    const pack = tarStream.pack();
    for (const spec of specs) {
      const type = types[spec.type === undefined || spec.type === 'global-pax' ? 'file' : spec.type];
      const header = {
        name: spec.path,
        type,
        mode: spec.mode,
        uid: spec.uid,
        gid: spec.gid,
        linkname: spec.target,
        mtime: new Date(0),
        devmajor: spec.devmajor,
        devminor: spec.devminor,
      };
      if (type === 'file') pack.entry(header, Buffer.from(spec.content ?? ''));
      else pack.entry(header);
    }
    pack.finalize();
    const packed: Buffer[] = [];
    for await (const chunk of pack) packed.push(chunk as Buffer);
    expect(tarBuffer(specs).equals(Buffer.concat(packed))).toBe(true);
  });

  it('streams large bodies in chunks, the same bytes as tarBuffer', async () => {
    const specs: TarEntrySpec[] = [
      { path: 'big', content: 'abc', size: 1_000_003 },
      { path: 'zeros', size: 70_000 },
    ];
    const chunks: Buffer[] = [];
    for await (const chunk of tarChunks(specs)) chunks.push(Buffer.from(chunk));
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBe(64 * 1024);
    const whole = Buffer.concat(chunks);
    expect(whole.equals(tarBuffer(specs))).toBe(true);
    const { files } = await untar(whole);
    expect(files.get('big')?.equals(Buffer.from('abc'.repeat(333_335)).subarray(0, 1_000_003))).toBe(true);
    expect(files.get('zeros')?.equals(Buffer.alloc(70_000))).toBe(true);
  });

  it('writes GNU, PAX, base-256, sparse and hostile members that GNU tar reads', async () => {
    const path = join(dir, 'gnu.tar');
    await writeFile(
      path,
      tarBuffer([
        { path: `g/${'n'.repeat(150)}`, content: 'gnu long', format: 'gnu' },
        { path: 'gl', type: 'symlink', target: 'T'.repeat(200), format: 'gnu' },
        { path: 'big-uid', content: 'x', uid: 3_000_000_000, gid: 70_000, format: 'gnu' },
        { path: 'b256', content: 'hello', base256: true, format: 'gnu', uid: 1 },
        { path: 'paxed', content: 'abc', uid: 1234, gid: 99, format: 'pax' },
        { path: 'pax_global_header', type: 'global-pax', pax: { comment: 'abc' } },
        {
          path: 'sparse',
          content: 'S',
          size: 1027,
          sparse: {
            realSize: 100_000,
            map: [
              { offset: 0, length: 512 },
              { offset: 10_000, length: 512 },
              { offset: 40_000, length: 3 },
              { offset: 100_000, length: 0 },
            ],
          },
        },
        { path: 'big-uid-ustar', content: 'q', uid: 5_000_000 },
        { path: `${'deep/'.repeat(2000)}end`, content: 'ten k' },
        { path: '/abs/../../escape', content: 'e' },
        { path: 'dev/null', type: 'char', devmajor: 1, devminor: 3, format: 'gnu' },
      ]),
    );
    const listing = execFileSync('tar', ['--numeric-owner', '-tvf', path], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    expect(listing.map((fields) => [fields[1], fields[2], fields.slice(5).join(' ')])).toEqual([
      ['0/0', '8', `g/${'n'.repeat(150)}`],
      ['0/0', '0', `gl -> ${'T'.repeat(200)}`],
      ['3000000000/70000', '1', 'big-uid'],
      ['1/0', '5', 'b256'],
      ['1234/99', '3', 'paxed'],
      ['0/0', '100000', 'sparse'],
      ['5000000/0', '1', 'big-uid-ustar'],
      ['0/0', '5', `${'deep/'.repeat(2000)}end`],
      ['0/0', '1', '/abs/../../escape'],
      ['0/0', '1,3', 'dev/null'],
    ]);
    const sparse = execFileSync('tar', ['-xOf', path, 'sparse']);
    expect(sparse.length).toBe(100_000);
    const data = [0, 511, 10_000, 10_511, 40_000, 40_001, 40_002];
    expect(data.map((at) => String.fromCharCode(sparse[at]))).toEqual(['S', 'S', 'S', 'S', 'S', 'S', 'S']);
    expect(sparse.filter((byte) => byte !== 0).length).toBe(1027);
  });

  it('writes archives GNU tar lists, and zstd blobs the zstd tool accepts', async () => {
    const built: BuiltImage = buildImage(SPEC);
    const expected: Record<string, string[]> = {
      legacy: ['manifest.json', 'repositories', `${built.configDigest.slice(7)}.json`],
      docker25: ['blobs/', 'index.json', 'manifest.json', 'oci-layout', 'repositories'],
      containerd: ['blobs/', 'blobs/sha256/', 'index.json', 'manifest.json', 'oci-layout'],
    };
    for (const format of ['legacy', 'docker25', 'containerd'] as const) {
      const path = join(dir, `gnu-${format}.tar`);
      await writeDockerArchive(path, built, { format });
      const listed = execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n');
      expect(listed).toEqual(expect.arrayContaining(expected[format]));
    }
    const zstdLayer = built.layers[1];
    const zstdPath = join(dir, 'layer.tar.zst');
    await writeFile(zstdPath, zstdLayer.blob);
    const zstd = spawnSync('zstd', ['-t', '-q', zstdPath]);
    if (zstd.error) return; // no zstd tool on this machine
    expect(zstd.status).toBe(0);
  });
});
