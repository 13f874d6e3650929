import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.ts';
import { HeadCollector } from '../../../src/image/collectors.ts';
import { parseRegistryReference } from '../../../src/image/reference.ts';
import { type RegistryOptions, RegistrySource } from '../../../src/image/sources/registry.ts';
import { parseChallenges } from '../../../src/image/sources/registry-auth.ts';
import type { LoadOptions } from '../../../src/image/sources/source.ts';
import { entryPath } from '../../../src/image/layer-index.ts';
import type { LayerIndex, LoadedImage, Platform } from '../../../src/image/types.ts';
import { FakeRegistry, type FakeRegistryOptions, sha256 } from '../../support/fake-registry.ts';
import { type BuiltImage, MEDIA_TYPES, buildImage } from '../../support/images.ts';

/** Incompressible bytes, the same every run. */
function noise(length: number, seed: string): Buffer {
  const parts: Buffer[] = [];
  let block = Buffer.from(seed);
  for (let total = 0; total < length; total += 32) {
    block = createHash('sha256').update(block).digest();
    parts.push(block);
  }
  return Buffer.concat(parts).subarray(0, length);
}

const BIG = noise(300 * 1024, 'big');

function appImage(architecture = 'amd64', variant?: string): BuiltImage {
  return buildImage({
    architecture,
    variant,
    config: { User: '65532', Entrypoint: ['/app'] },
    layers: [
      {
        entries: [
          { path: 'etc/', type: 'dir' },
          { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' },
        ],
      },
      {
        entries: [
          { path: 'app', content: BIG, mode: 0o755 },
          { path: 'bin', type: 'symlink', target: 'usr/bin' },
        ],
      },
    ],
  });
}

const registries: FakeRegistry[] = [];
const tempDirs: string[] = [];

async function startRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const registry = await FakeRegistry.start(options);
  registries.push(registry);
  return registry;
}

afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function source(text: string, options: RegistryOptions = {}): RegistrySource {
  return new RegistrySource(parseRegistryReference(text.replace(/^docker:\/\//, ''), text), text, {
    dockerConfigPath: '/nonexistent/config.json',
    retryDelayMs: 0,
    ...options,
  });
}

/** Where a `Range: bytes=N-` request starts. */
function resumedFrom(range: string | string[] | undefined): number {
  return Number(/^bytes=(\d+)-$/.exec(String(range))?.[1]);
}

const NOTHING: LoadOptions = { capture: () => undefined, files: true };
const SIZES_ONLY: LoadOptions = { capture: () => undefined, files: false };

function paths(image: LoadedImage): string[][] {
  return image.layerIndexes.map((layer) => layer.entries.map(entryPath));
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

function blobRequests(registry: FakeRegistry, image: BuiltImage): string[] {
  const layerDigests = new Set(image.layers.map((layer) => layer.digest));
  return registry.requests.map((request) => request.url.split('/').at(-1) ?? '').filter((digest) => layerDigests.has(digest));
}

function indexOf(images: { image: BuiltImage; platform?: Platform }[], extra: object[] = []): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [
        ...images.map(({ image }) => ({
          mediaType: image.manifest.mediaType,
          digest: image.manifestDigest,
          size: image.manifestBlob.length,
          platform: image.platform,
        })),
        ...extra,
      ],
    }),
  );
}

/** The big layer as read without faults, for comparison. */
async function cleanLoad(registry: FakeRegistry): Promise<LayerIndex> {
  registry.interceptors.splice(0);
  const [image] = await source(`docker://${registry.host}/app`).load(NOTHING);
  return image.layerIndexes[1];
}

describe('RegistrySource', () => {
  it('reads a tagged image: manifest, config and layers, each digest checked', async () => {
    const registry = await startRegistry();
    const image = appImage();
    registry.addImage('team/app', image, 'v1');
    const [loaded, ...rest] = await source(`docker://${registry.host}/team/app:v1`).load({
      capture: (path) => (path === '/etc/passwd' ? new HeadCollector(1024) : undefined),
      files: true,
    });
    expect(rest).toEqual([]);
    expect(loaded.reference).toBe(`docker://${registry.host}/team/app:v1`);
    expect(loaded.digest).toBe(image.manifestDigest);
    expect(loaded.configDigest).toBe(image.configDigest);
    expect(loaded.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(loaded.config.config).toEqual({ User: '65532', Entrypoint: ['/app'] });
    expect(paths(loaded)).toEqual([
      ['/etc', '/etc/passwd'],
      ['/app', '/bin'],
    ]);
    expect(loaded.layerIndexes[1].entries[0]).toEqual({ dir: '/', name: 'app', type: 'file', mode: 0o755, uid: 0, gid: 0, size: BIG.length });
    expect(loaded.layerIndexes.map((layer) => [layer.digest, layer.diffId, layer.compressedSize])).toEqual(
      image.layers.map((layer) => [layer.digest, layer.diffId, layer.blob.length]),
    );
    expect(loaded.layerIndexes[0].captured.get('/etc/passwd')?.head.toString()).toBe('root:x:0:0:root:/root:/sbin/nologin\n');
    expect(registry.requests.map((request) => [request.method, request.url])).toEqual([
      ['GET', '/v2/team/app/manifests/v1'],
      ['GET', `/v2/team/app/blobs/${image.configDigest}`],
      ['GET', `/v2/team/app/blobs/${image.layers[0].digest}`],
      ['GET', `/v2/team/app/blobs/${image.layers[1].digest}`],
    ]);
    expect(registry.requests[0].headers.accept).toBe(
      'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    );
  });

  it('reads an image by digest', async () => {
    const registry = await startRegistry();
    const image = appImage();
    registry.addImage('app', image);
    const [loaded] = await source(`docker://${registry.host}/app@${image.manifestDigest}`).load(SIZES_ONLY);
    expect(loaded.digest).toBe(image.manifestDigest);
    expect(registry.requests[0].url).toBe(`/v2/app/manifests/${image.manifestDigest}`);
  });

  it('with files: false fetches no layer blob and stays under 64 KiB', async () => {
    const registry = await startRegistry();
    const image = appImage();
    registry.addImage('app', image, 'latest');
    const [loaded] = await source(`docker://${registry.host}/app`).load(SIZES_ONLY);
    expect(loaded.layerIndexes).toEqual([]);
    expect(loaded.layers.map((layer) => layer.size)).toEqual(image.layers.map((layer) => layer.blob.length));
    expect(loaded.layers[1].size).toBeGreaterThan(300 * 1024);
    expect(registry.requests.map((request) => request.url)).toEqual(['/v2/app/manifests/latest', `/v2/app/blobs/${image.configDigest}`]);
    expect(registry.bytesServed).toBe(image.manifestBlob.length + image.configBlob.length);
    expect(registry.bytesServed).toBeLessThan(64 * 1024);
  });

  describe('authentication', () => {
    it('answers a Bearer challenge at the realm with service and scope, and reuses the token', async () => {
      const registry = await startRegistry({ auth: 'bearer' });
      const image = appImage();
      registry.addImage('team/app', image, 'v1');
      const secrets: string[] = [];
      const [loaded] = await source(`docker://${registry.host}/team/app:v1`, { onSecret: (secret) => secrets.push(secret) }).load(NOTHING);
      expect(paths(loaded)).toEqual([
        ['/etc', '/etc/passwd'],
        ['/app', '/bin'],
      ]);
      const tokenRequests = registry.requestsTo(/^\/token/);
      expect(tokenRequests.map((request) => request.url)).toEqual(['/token?service=fake-registry&scope=repository%3Ateam%2Fapp%3Apull']);
      expect(tokenRequests[0].headers.authorization).toBeUndefined();
      expect(secrets).toEqual(['token-1']);
      const api = registry.requestsTo(/^\/v2\//);
      // One unauthenticated try, then every request carries the one token.
      expect(api.map((request) => request.headers.authorization)).toEqual([undefined, 'Bearer token-1', 'Bearer token-1', 'Bearer token-1', 'Bearer token-1']);
    });

    it('sends Basic credentials from the Docker config when the registry asks for Basic', async () => {
      const registry = await startRegistry({ auth: 'basic', credentials: { username: 'alice', password: 's3cret' } });
      registry.addImage('app', appImage(), 'latest');
      const dir = await mkdtemp(join(tmpdir(), 'registry-test-'));
      tempDirs.push(dir);
      const configPath = join(dir, 'config.json');
      await writeFile(
        configPath,
        JSON.stringify({ auths: { [`http://${registry.host}`]: { auth: Buffer.from('alice:s3cret').toString('base64') } }, credsStore: 'desktop' }),
      );
      const secrets: string[] = [];
      await source(`docker://${registry.host}/app`, { dockerConfigPath: configPath, onSecret: (secret) => secrets.push(secret) }).load(SIZES_ONLY);
      const basic = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
      expect(registry.requests.map((request) => request.headers.authorization)).toEqual([undefined, basic, basic]);
      expect(secrets).toEqual(['s3cret', Buffer.from('alice:s3cret').toString('base64')]);
    });

    it('gives the GitHub token to the token service of a ghcr.io-like registry', async () => {
      const registry = await startRegistry({ auth: 'bearer', credentials: { username: 'x-access-token', password: 'ghs_workflow' } });
      registry.addImage('owner/app', appImage(), 'main');
      const secrets: string[] = [];
      const options = { githubToken: 'ghs_workflow', githubTokenHosts: [registry.host], onSecret: (secret: string) => secrets.push(secret) };
      const [loaded] = await source(`docker://${registry.host}/owner/app:main`, options).load(SIZES_ONLY);
      expect(loaded.platform.architecture).toBe('amd64');
      expect(registry.requestsTo(/^\/token/).map((request) => request.headers.authorization)).toEqual([
        `Basic ${Buffer.from('x-access-token:ghs_workflow').toString('base64')}`,
      ]);
      expect(secrets).toContain('ghs_workflow');
      expect(secrets).toContain('token-1');
    });

    it('does not offer the GitHub token to other registries', async () => {
      const registry = await startRegistry({ auth: 'bearer', credentials: { username: 'x-access-token', password: 'ghs_workflow' } });
      registry.addImage('owner/app', appImage(), 'main');
      const error = await failure(source(`docker://${registry.host}/owner/app:main`, { githubToken: 'ghs_workflow' }).load(SIZES_ONLY));
      expect(error.message).toBe(
        `docker://${registry.host}/owner/app:main: access denied by ${registry.host} (HTTP 401); log in with docker login or pass github-token`,
      );
      expect(registry.requestsTo(/^\/token/).map((request) => request.headers.authorization)).toEqual([undefined]);
    });

    it('says access denied on a Basic challenge without credentials, and on 403', async () => {
      const registry = await startRegistry({ auth: 'basic', credentials: { username: 'alice', password: 's3cret' } });
      registry.addImage('app', appImage(), 'latest');
      const error = await failure(source(`docker://${registry.host}/app`).load(SIZES_ONLY));
      expect(error.message).toBe(`docker://${registry.host}/app: access denied by ${registry.host} (HTTP 401); log in with docker login or pass github-token`);

      const forbidding = await startRegistry();
      forbidding.interceptors.push((_request, response) => {
        response.writeHead(403, { 'content-length': '0' }).end();
        return true;
      });
      const forbidden = await failure(source(`docker://${forbidding.host}/app:v2`).load(SIZES_ONLY));
      expect(forbidden.message).toBe(
        `docker://${forbidding.host}/app:v2: access denied by ${forbidding.host} (HTTP 403); log in with docker login or pass github-token`,
      );
      expect(forbidding.requests).toHaveLength(1);
    });

    it('does not send the registry token along a blob redirect to another host', async () => {
      const cdn = await startRegistry();
      const registry = await startRegistry({ auth: 'bearer', redirectBlobsTo: cdn.host });
      const image = appImage();
      registry.addImage('app', image, 'latest');
      cdn.addImage('unused', image);
      const [loaded] = await source(`docker://${registry.host}/app`).load(NOTHING);
      expect(paths(loaded)).toEqual([
        ['/etc', '/etc/passwd'],
        ['/app', '/bin'],
      ]);
      expect(cdn.requests.map((request) => request.url)).toEqual([`/cdn/${image.configDigest}`, ...image.layers.map((layer) => `/cdn/${layer.digest}`)]);
      expect(cdn.requests.map((request) => request.headers.authorization)).toEqual([undefined, undefined, undefined]);
      expect(registry.requestsTo(/\/blobs\//).map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-1']);
    });

    it('parses challenges with quoted commas and several schemes', () => {
      expect(parseChallenges('Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull,push", Basic realm="x\\"y"')).toEqual([
        { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'reg', scope: 'repository:a/b:pull,push' } },
        { scheme: 'basic', params: { realm: 'x"y' } },
      ]);
    });
  });

  describe('retries', () => {
    it('waits as Retry-After says after a 429, then succeeds', async () => {
      const registry = await startRegistry();
      registry.addImage('app', appImage(), 'latest');
      let refused = 0;
      registry.interceptors.push((_request, response) => {
        if (refused++ > 0) return false;
        response.writeHead(429, { 'retry-after': '30', 'content-length': '0' }).end();
        return true;
      });
      const times: number[] = [];
      registry.interceptors.unshift(() => {
        times.push(performance.now());
        return false;
      });
      // retryDelayMs 10 scales the 30 s asked for to 300 ms (the plain backoff would be 10 ms).
      const [loaded] = await source(`docker://${registry.host}/app`, { retryDelayMs: 10 }).load(SIZES_ONLY);
      expect(loaded.platform.architecture).toBe('amd64');
      expect(registry.requests.map((request) => request.url)).toEqual([
        '/v2/app/manifests/latest',
        '/v2/app/manifests/latest',
        expect.stringMatching(/^\/v2\/app\/blobs\//),
      ]);
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(290);
    });

    it('retries a 503 and a connection reset before the answer', async () => {
      const registry = await startRegistry();
      registry.addImage('app', appImage(), 'latest');
      let seen = 0;
      registry.interceptors.push((request, response) => {
        seen++;
        if (seen === 1) {
          response.writeHead(503, { 'content-length': '0' }).end();
          return true;
        }
        if (seen === 2) {
          request.socket.destroy();
          return true;
        }
        return false;
      });
      const [loaded] = await source(`docker://${registry.host}/app`).load(SIZES_ONLY);
      expect(loaded.platform.architecture).toBe('amd64');
      expect(registry.requests.map((request) => request.url.split('/')[3])).toEqual(['manifests', 'manifests', 'manifests', 'blobs']);
    });

    it('retries a server that goes silent', async () => {
      const registry = await startRegistry();
      registry.addImage('app', appImage(), 'latest');
      let seen = 0;
      registry.interceptors.push(() => seen++ === 0);
      const [loaded] = await source(`docker://${registry.host}/app`, { timeoutMs: 200 }).load(SIZES_ONLY);
      expect(loaded.platform.architecture).toBe('amd64');
      expect(registry.requests.map((request) => request.url)).toEqual([
        '/v2/app/manifests/latest',
        '/v2/app/manifests/latest',
        expect.stringMatching(/^\/v2\/app\/blobs\//),
      ]);
    });

    it('gives up after 4 tries of HTTP 500', async () => {
      const registry = await startRegistry();
      registry.interceptors.push((_request, response) => {
        response.writeHead(500, { 'content-length': '0' }).end();
        return true;
      });
      const error = await failure(source(`docker://${registry.host}/app:v1`).load(SIZES_ONLY));
      expect(error.message).toBe(`docker://${registry.host}/app:v1: reading manifest v1 from ${registry.host} gave up after 4 tries: HTTP 500`);
      expect(registry.requests).toHaveLength(4);
    });

    it('resumes a blob cut off mid-way with Range', async () => {
      const registry = await startRegistry();
      const image = appImage();
      registry.addImage('app', image, 'latest');
      const big = image.layers[1];
      const half = Math.floor(big.blob.length / 2);
      let cut = false;
      registry.interceptors.push((request, response) => {
        if (cut || !request.url?.endsWith(big.digest)) return false;
        cut = true;
        response.writeHead(200, { 'content-length': String(big.blob.length), 'accept-ranges': 'bytes' });
        response.write(big.blob.subarray(0, half), () => request.socket.destroy());
        return true;
      });
      const [loaded] = await source(`docker://${registry.host}/app`).load(NOTHING);
      const bigRequests = registry.requests.filter((request) => request.url.endsWith(big.digest));
      // It resumes from what it had passed on; bytes received but not yet read are lost with the connection.
      expect(bigRequests.map((request) => request.headers.range)).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
      expect(resumedFrom(bigRequests[1].headers.range)).toBeGreaterThan(0);
      expect(resumedFrom(bigRequests[1].headers.range)).toBeLessThanOrEqual(half);
      expect(loaded.layerIndexes[1].entries.map((entry) => [entryPath(entry), entry.size])).toEqual([
        ['/app', BIG.length],
        ['/bin', 0],
      ]);
      expect(loaded.layerIndexes[1]).toEqual(await cleanLoad(registry));
    });

    it('starts a cut-off blob over when the registry ignores Range', async () => {
      const registry = await startRegistry();
      const image = appImage();
      registry.addImage('app', image, 'latest');
      const big = image.layers[1];
      const third = Math.floor(big.blob.length / 3);
      let served = 0;
      registry.interceptors.push((request, response) => {
        if (!request.url?.endsWith(big.digest)) return false;
        served++;
        response.writeHead(200, { 'content-length': String(big.blob.length) });
        if (served === 1) response.write(big.blob.subarray(0, third), () => request.socket.destroy());
        else response.end(big.blob);
        return true;
      });
      const [loaded] = await source(`docker://${registry.host}/app`).load(NOTHING);
      const ranges = registry.requests.filter((request) => request.url.endsWith(big.digest)).map((request) => request.headers.range);
      expect(ranges).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
      expect(resumedFrom(ranges[1])).toBeLessThanOrEqual(third);
      expect(loaded.layerIndexes[1].entries.map(entryPath)).toEqual(['/app', '/bin']);
      expect(loaded.layerIndexes[1]).toEqual(await cleanLoad(registry));
    });
  });

  describe('errors', () => {
    it('names the missing tag', async () => {
      const registry = await startRegistry();
      registry.addImage('team/app', appImage(), 'v1');
      const error = await failure(source(`docker://${registry.host}/team/app:v2`).load(SIZES_ONLY));
      expect(error.message).toBe(`docker://${registry.host}/team/app:v2: manifest unknown: no tag "v2" in ${registry.host}/team/app`);
    });

    it('refuses a layer whose bytes do not match its digest', async () => {
      const registry = await startRegistry();
      const image = appImage();
      registry.addImage('app', image, 'latest');
      const small = image.layers[0];
      // The same tar compressed differently: it inflates fine, only the digest tells.
      const recompressed = gzipSync(small.tar, { level: 1 });
      expect(sha256(recompressed)).not.toBe(small.digest);
      registry.interceptors.push((request, response) => {
        if (!request.url?.endsWith(small.digest)) return false;
        response.writeHead(200, { 'content-length': String(recompressed.length) }).end(recompressed);
        return true;
      });
      const error = await failure(source(`docker://${registry.host}/app`).load(NOTHING));
      expect(error.message).toBe(
        `docker://${registry.host}/app: layer ${small.digest}: content does not match its digest (expected ${small.digest}, got ${sha256(recompressed)})`,
      );
    });

    it('refuses a manifest that does not match Docker-Content-Digest, and a config that does not match its digest', async () => {
      const registry = await startRegistry();
      const image = appImage();
      registry.addImage('app', image, 'latest');
      registry.interceptors.push((request, response) => {
        if (request.url !== '/v2/app/manifests/latest') return false;
        response.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': `sha256:${'0'.repeat(64)}` }).end(image.manifestBlob);
        return true;
      });
      const error = await failure(source(`docker://${registry.host}/app`).load(SIZES_ONLY));
      expect(error.message).toBe(
        `docker://${registry.host}/app: manifest latest: content does not match its digest (expected sha256:${'0'.repeat(64)}, got ${image.manifestDigest})`,
      );

      registry.interceptors.splice(0, 1, (request, response) => {
        if (!request.url?.endsWith(image.configDigest)) return false;
        response.writeHead(200).end(image.configBlob.toString().replace('65532', '0'));
        return true;
      });
      const config = await failure(source(`docker://${registry.host}/app`).load(SIZES_ONLY));
      expect(config.message).toMatch(new RegExp(`^docker://${registry.host}/app: config ${image.configDigest}: content does not match its digest`));
    });

    it('refuses a manifest that is not JSON, and one of an unknown media type', async () => {
      const registry = await startRegistry();
      registry.addManifest('app', Buffer.from('<html>not a manifest</html>'), MEDIA_TYPES.ociManifest, 'html');
      registry.addManifest('app', Buffer.from('{"schemaVersion":1,"name":"app"}'), 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'old');
      registry.addManifest('app', Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.example+json"}'), 'application/json', 'odd');
      expect((await failure(source(`docker://${registry.host}/app:html`).load(SIZES_ONLY))).message).toBe(
        `docker://${registry.host}/app:html: manifest html is not valid JSON`,
      );
      expect((await failure(source(`docker://${registry.host}/app:old`).load(SIZES_ONLY))).message).toBe(
        `docker://${registry.host}/app:old: unsupported manifest media type "application/vnd.docker.distribution.manifest.v1+prettyjws"; expected an OCI or Docker v2 image index or manifest`,
      );
      expect((await failure(source(`docker://${registry.host}/app:odd`).load(SIZES_ONLY))).message).toBe(
        `docker://${registry.host}/app:odd: unsupported manifest media type "application/vnd.example+json"; expected an OCI or Docker v2 image index or manifest`,
      );
    });

    it('names a blob the registry does not have', async () => {
      const registry = await startRegistry();
      const image = appImage();
      registry.addManifest('app', image.manifestBlob, image.manifest.mediaType, 'latest');
      const error = await failure(source(`docker://${registry.host}/app`).load(SIZES_ONLY));
      expect(error.message).toBe(`docker://${registry.host}/app: blob unknown: no blob ${image.configDigest} in ${registry.host}/app (HTTP 404)`);
    });
  });

  describe('multi-platform images', () => {
    function multiPlatform(registry: FakeRegistry): { amd64: BuiltImage; arm64: BuiltImage; attestation: BuiltImage } {
      const amd64 = appImage('amd64');
      const arm64 = appImage('arm64');
      const attestation = buildImage({
        architecture: 'unknown',
        os: 'unknown',
        layers: [{ entries: [{ path: 'provenance.json', content: '{}' }], compression: 'none' }],
      });
      registry.addImage('app', amd64);
      registry.addImage('app', arm64);
      registry.addImage('app', attestation);
      const index = indexOf(
        [{ image: amd64 }, { image: arm64 }],
        [
          {
            mediaType: MEDIA_TYPES.ociManifest,
            digest: attestation.manifestDigest,
            size: attestation.manifestBlob.length,
            platform: { os: 'unknown', architecture: 'unknown' },
            annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': amd64.manifestDigest },
          },
        ],
      );
      registry.addManifest('app', index, MEDIA_TYPES.ociIndex, 'latest');
      return { amd64, arm64, attestation };
    }

    it('reads every real platform, skips the attestation, and downloads a shared layer once', async () => {
      const registry = await startRegistry();
      const { amd64, arm64, attestation } = multiPlatform(registry);
      // Same layer bytes on both platforms: only the configs differ.
      expect(amd64.layers.map((layer) => layer.digest)).toEqual(arm64.layers.map((layer) => layer.digest));
      const loaded = await source(`docker://${registry.host}/app`).load(NOTHING);
      expect(loaded.map((image) => [image.platform.architecture, image.digest])).toEqual([
        ['amd64', amd64.manifestDigest],
        ['arm64', arm64.manifestDigest],
      ]);
      expect(loaded.map(paths)).toEqual([
        [
          ['/etc', '/etc/passwd'],
          ['/app', '/bin'],
        ],
        [
          ['/etc', '/etc/passwd'],
          ['/app', '/bin'],
        ],
      ]);
      expect(registry.requests.some((request) => request.url.includes(attestation.manifestDigest))).toBe(false);
      expect(blobRequests(registry, amd64)).toEqual(amd64.layers.map((layer) => layer.digest));
    });

    it('reads only the platform asked for', async () => {
      const registry = await startRegistry();
      const { amd64, arm64 } = multiPlatform(registry);
      const loaded = await source(`docker://${registry.host}/app`).load({ ...SIZES_ONLY, platform: { os: 'linux', architecture: 'arm64' } });
      expect(loaded.map((image) => image.digest)).toEqual([arm64.manifestDigest]);
      expect(registry.requests.some((request) => request.url.includes(amd64.manifestDigest) || request.url.includes(amd64.configDigest))).toBe(false);
    });

    it('lists the platforms there are when the one asked for is missing', async () => {
      const registry = await startRegistry();
      multiPlatform(registry);
      const error = await failure(source(`docker://${registry.host}/app`).load({ ...SIZES_ONLY, platform: { os: 'linux', architecture: 's390x' } }));
      expect(error.message).toBe(`docker://${registry.host}/app: no image for platform linux/s390x; it has: linux/amd64, linux/arm64`);
    });
  });

  it('marks foreign layers absent without asking for them', async () => {
    const registry = await startRegistry();
    const image = appImage();
    const manifest = {
      ...image.manifest,
      layers: [
        { ...image.manifest.layers[0], mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', urls: ['https://example.invalid/x'] },
        image.manifest.layers[1],
      ],
    };
    registry.addBlob(image.configBlob);
    registry.addBlob(image.layers[1].blob);
    registry.addManifest('app', Buffer.from(JSON.stringify(manifest)), MEDIA_TYPES.ociManifest, 'latest');
    const [loaded] = await source(`docker://${registry.host}/app`).load(NOTHING);
    expect(loaded.layerIndexes[0].absent).toBe('a foreign layer, not stored with the image');
    expect(loaded.layerIndexes[0].entries).toEqual([]);
    expect(paths(loaded)[1]).toEqual(['/app', '/bin']);
    expect(blobRequests(registry, image)).toEqual([image.layers[1].digest]);
  });
});
