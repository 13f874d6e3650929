// RegistrySource against the real registry (docker-registry, plain HTTP on loopback), with images
// pushed by skopeo from OCI archives built in code, and an index PUT through the API.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { listedEntry } from '../../../src/image/layer-index.ts';
import { parseRegistryReference } from '../../../src/image/reference.ts';
import { RegistrySource } from '../../../src/image/sources/registry.ts';
import type { LoadOptions } from '../../../src/image/sources/source.ts';
import type { LoadedImage } from '../../../src/image/types.ts';
import { describeWithRegistry, skopeo } from '../../support/engine.ts';
import { type BuiltImage, type ImageSpec, MEDIA_TYPES, buildImage, writeOciArchive } from '../../support/images.ts';

const BINARY = randomBytes(96 * 1024);
const PASSWD = 'nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n';

function spec(architecture: string, compression: 'gzip' | 'none' = 'gzip'): ImageSpec {
  return {
    architecture,
    config: { User: '65532', Entrypoint: ['/usr/bin/app'] },
    layers: [
      {
        entries: [
          { path: 'etc/', type: 'dir' },
          { path: 'etc/passwd', content: PASSWD },
          { path: 'bin', type: 'symlink', target: 'usr/bin' },
        ],
        compression,
      },
      { entries: [{ path: 'usr/bin/app', content: BINARY, mode: 0o755, uid: 65532, gid: 65532 }], compression },
    ],
  };
}

const EXPECTED_ENTRIES = [
  [
    { path: '/etc', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
    { path: '/etc/passwd', type: 'file', mode: 0o644, uid: 0, gid: 0, size: PASSWD.length },
    { path: '/bin', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: 'usr/bin' },
  ],
  [{ path: '/usr/bin/app', type: 'file', mode: 0o755, uid: 65532, gid: 65532, size: BINARY.length }],
];

const FILES: LoadOptions = { capture: () => undefined, files: true };
const SIZES_ONLY: LoadOptions = { capture: () => undefined, files: false };

function read(text: string): RegistrySource {
  return new RegistrySource(parseRegistryReference(text.slice('docker://'.length), text), text, {
    dockerConfigPath: '/nonexistent/config.json',
    retryDelayMs: 0,
  });
}

function entries(image: LoadedImage): unknown[] {
  return image.layerIndexes.map((layer) => layer.entries.map(listedEntry));
}

interface PushedManifest {
  mediaType: string;
  layers: { mediaType: string; digest: string; size: number }[];
}

describeWithRegistry('RegistrySource against a real registry', (registry) => {
  const repository = `distroless-guard/registry-test-${randomBytes(4).toString('hex')}`;
  let dir = '';
  let amd64: BuiltImage;
  let arm64: BuiltImage;

  async function push(image: BuiltImage, tag: string, flags: string[] = []): Promise<void> {
    const archive = join(dir, `${tag}.tar`);
    await writeOciArchive(archive, image);
    await skopeo(['copy', '--dest-tls-verify=false', ...flags, `oci-archive:${archive}`, `docker://${registry}/${repository}:${tag}`]);
  }

  /** The manifest as the registry stores it (skopeo may rewrite what it pushes). */
  async function manifestOf(tag: string): Promise<{ digest: string; size: number; json: PushedManifest }> {
    const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
      headers: { accept: [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(', ') },
    });
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    return { digest: response.headers.get('docker-content-digest') ?? '', size: body.length, json: JSON.parse(body.toString('utf8')) as PushedManifest };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'registry-real-'));
    amd64 = buildImage(spec('amd64'));
    arm64 = buildImage(spec('arm64'));
    await push(amd64, 'plain');
    // skopeo 1.9 leaves gzip layers as they are; uncompressed ones it compresses as asked.
    await push(buildImage(spec('amd64', 'none')), 'zstd', ['--format', 'oci', '--dest-compress', '--dest-compress-format', 'zstd']);
    await push(arm64, 'arm64');
    const pushedAmd64 = await manifestOf('plain');
    const pushedArm64 = await manifestOf('arm64');
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [
        { mediaType: pushedAmd64.json.mediaType, digest: pushedAmd64.digest, size: pushedAmd64.size, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: pushedArm64.json.mediaType, digest: pushedArm64.digest, size: pushedArm64.size, platform: { os: 'linux', architecture: 'arm64' } },
      ],
    });
    const put = await fetch(`http://${registry}/v2/${repository}/manifests/multi`, {
      method: 'PUT',
      headers: { 'content-type': MEDIA_TYPES.ociIndex },
      body: index,
    });
    expect(put.status).toBe(201);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads an image skopeo pushed: entries, digests and sizes', async () => {
    const pushed = await manifestOf('plain');
    const [image, ...rest] = await read(`docker://${registry}/${repository}:plain`).load(FILES);
    expect(rest).toEqual([]);
    expect(image.digest).toBe(pushed.digest);
    expect(image.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(image.config.config).toEqual({ User: '65532', Entrypoint: ['/usr/bin/app'] });
    expect(entries(image)).toEqual(EXPECTED_ENTRIES);
    expect(image.layerIndexes.map((layer) => [layer.digest, layer.compressedSize, layer.diffId, layer.contentSize])).toEqual(
      pushed.json.layers.map((layer, i) => [layer.digest, layer.size, amd64.layers[i].diffId, i === 0 ? PASSWD.length : BINARY.length]),
    );
  });

  // Through the zstd program when PATH has one, and through Node's decoder (zstd-program.ts).
  it.each(['auto', 'builtin'])('reads zstd layers (DISTROLESS_GUARD_ZSTD=%s)', async (decoder) => {
    const previous = process.env.DISTROLESS_GUARD_ZSTD;
    process.env.DISTROLESS_GUARD_ZSTD = decoder;
    onTestFinished(() => {
      if (previous === undefined) delete process.env.DISTROLESS_GUARD_ZSTD;
      else process.env.DISTROLESS_GUARD_ZSTD = previous;
    });
    const pushed = await manifestOf('zstd');
    expect(pushed.json.layers.map((layer) => layer.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+zstd',
      'application/vnd.oci.image.layer.v1.tar+zstd',
    ]);
    const [image] = await read(`docker://${registry}/${repository}:zstd`).load(FILES);
    expect(entries(image)).toEqual(EXPECTED_ENTRIES);
    expect(image.layerIndexes.map((layer) => [layer.digest, layer.compressedSize, layer.diffId])).toEqual(
      pushed.json.layers.map((layer, i) => [layer.digest, layer.size, amd64.layers[i].diffId]),
    );
  });

  it('reads every platform of an index, or the one asked for, and sizes without layer bytes', async () => {
    const all = await read(`docker://${registry}/${repository}:multi`).load(FILES);
    expect(all.map((image) => image.platform.architecture)).toEqual(['amd64', 'arm64']);
    expect(all.map(entries)).toEqual([EXPECTED_ENTRIES, EXPECTED_ENTRIES]);

    const [arm] = await read(`docker://${registry}/${repository}:multi`).load({ ...SIZES_ONLY, platform: { os: 'linux', architecture: 'arm64' } });
    expect(arm.digest).toBe((await manifestOf('arm64')).digest);
    expect(arm.layerIndexes).toEqual([]);
    expect(arm.layers.map((layer) => layer.size)).toEqual((await manifestOf('arm64')).json.layers.map((layer) => layer.size));
  });

  it('names a missing tag', async () => {
    await expect(read(`docker://${registry}/${repository}:nope`).load(SIZES_ONLY)).rejects.toThrow(
      `docker://${registry}/${repository}:nope: manifest unknown: no tag "nope" in ${registry}/${repository}`,
    );
  });
});
