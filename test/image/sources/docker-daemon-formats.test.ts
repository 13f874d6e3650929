/**
 * The docker-daemon: source against every `docker save` format, through both ways it reaches an
 * engine: a stand-in Engine API on a unix socket, and a stand-in `docker` command on PATH. The
 * engine here is 20.10 (legacy format only), while users run Docker 25+ (OCI layout) and 29
 * (containerd store), and engines fail in ways a healthy one cannot show.
 */
import { chmodSync, createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MergedFilesystem } from '../../../src/image/filesystem.ts';
import { DockerDaemonSource, engineSocket } from '../../../src/image/sources/docker-daemon.ts';
import { type ImageSpec, writeDockerArchive } from '../../support/images.ts';

const work = mkdtempSync(join(tmpdir(), 'dg-fake-docker-'));
const bin = join(work, 'bin');
const savedPath = process.env.PATH;

// FAKE_DOCKER_MODE: ok | missing | down | die (save stops after FAKE_DOCKER_BYTES bytes and fails).
const FAKE_DOCKER = `#!/bin/sh
case "$FAKE_DOCKER_MODE" in
  down) echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1 ;;
  missing) [ "$1" = image ] && { echo "Error: No such image: $5" >&2; exit 1; } ;;
esac
if [ "$1" = image ]; then echo sha256:0123; exit 0; fi
if [ "$1" = save ]; then
  if [ "$FAKE_DOCKER_MODE" = die ]; then head -c "$FAKE_DOCKER_BYTES" "$FAKE_DOCKER_ARCHIVE"; echo "Error response from daemon: unexpected EOF" >&2; exit 1; fi
  exec cat "$FAKE_DOCKER_ARCHIVE"
fi
echo "unexpected: $*" >&2; exit 2
`;

const spec = (architecture = 'amd64'): ImageSpec => ({
  architecture,
  layers: [
    {
      compression: 'gzip',
      entries: [
        { path: 'bin', type: 'symlink', target: 'usr/bin' },
        { path: 'usr/bin/', type: 'dir' },
        { path: 'usr/bin/app', content: 'APP', mode: 0o755 },
      ],
    },
    {
      compression: 'gzip',
      entries: [
        { path: 'etc/', type: 'dir' },
        { path: 'etc/passwd', content: 'root:x:0:0::/:/sbin/nologin\n' },
      ],
    },
  ],
  config: { Entrypoint: ['/bin/app'], User: '65532' },
});

const socket = join(work, 'docker.sock');
/** How the source reaches the engine: the socket DOCKER_HOST names, or the CLI (a remote host is its job). */
const TRANSPORTS = { 'Engine API': { DOCKER_HOST: `unix://${socket}` }, 'docker CLI': { DOCKER_HOST: 'ssh://builder' } };
type Transport = keyof typeof TRANSPORTS;

function source(transport: Transport = 'docker CLI', env: NodeJS.ProcessEnv = {}): DockerDaemonSource {
  return new DockerDaemonSource('app:1', 'docker-daemon:app:1', { ...process.env, ...TRANSPORTS[transport], ...env });
}

/** The Engine API's answer to `docker save`, by the same FAKE_DOCKER_* settings as the CLI. */
const requests: string[] = [];
const engine: Server = createServer((request, response) => {
  requests.push(`${request.method} ${request.url}`);
  const mode = process.env.FAKE_DOCKER_MODE;
  if (mode === 'missing') {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"reference does not exist"}\n');
    return;
  }
  const stream = createReadStream(process.env.FAKE_DOCKER_ARCHIVE as string, mode === 'die' ? { end: Number(process.env.FAKE_DOCKER_BYTES) - 1 } : {});
  response.writeHead(200, { 'content-type': 'application/x-tar' });
  // The daemon failing mid-save: the connection drops before the chunked body ends.
  stream.on('end', () => (mode === 'die' ? response.socket?.destroy() : response.end()));
  stream.on('data', (chunk) => response.write(chunk));
});

function useArchive(path: string, mode = 'ok', bytes = 0): void {
  process.env.FAKE_DOCKER_ARCHIVE = path;
  process.env.FAKE_DOCKER_MODE = mode;
  process.env.FAKE_DOCKER_BYTES = String(bytes);
}

beforeAll(async () => {
  rmSync(bin, { recursive: true, force: true });
  writeFileSync(join(work, 'docker'), FAKE_DOCKER);
  chmodSync(join(work, 'docker'), 0o755);
  process.env.PATH = `${work}${delimiter}${savedPath ?? ''}`;
  await new Promise<void>((resolve) => engine.listen(socket, resolve));
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await new Promise((resolve) => engine.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe.each(Object.keys(TRANSPORTS) as Transport[])('docker save through the %s, streamed in one pass', (transport) => {
  for (const format of ['legacy', 'docker25', 'containerd'] as const) {
    for (const order of ['blobs-first', 'manifest-first'] as const) {
      it(`${format}, ${order}`, async () => {
        const path = join(work, `${format}-${order}.tar`);
        await writeDockerArchive(path, spec(), { format, order, repoTags: ['app:1'], ...(format === 'containerd' ? { extraPlatforms: [spec('arm64')] } : {}) });
        useArchive(path);
        const images = await source(transport).load({ capture: () => undefined, files: true });
        expect(images.map((image) => image.platform.architecture)).toEqual(['amd64']);
        const fs = MergedFilesystem.merge(images[0].layerIndexes);
        expect(fs.resolve('/bin/app')).toMatchObject({ path: '/usr/bin/app', node: { type: 'file', size: 3, mode: 0o755 } });
        expect(fs.lstat('/etc/passwd')?.size).toBe(28);
        expect(images[0].config.config?.Entrypoint).toEqual(['/bin/app']);
      });
    }
  }

  it('an image the engine does not have', async () => {
    useArchive('/nonexistent', 'missing');
    await expect(source(transport).load({ capture: () => undefined, files: true })).rejects.toThrow('app:1: no such image in the Docker engine');
  });

  it('docker save dying mid-stream: the failure, no hang', async () => {
    const path = join(work, 'die.tar');
    await writeDockerArchive(path, spec(), { format: 'docker25', repoTags: ['app:1'] });
    useArchive(path, 'die', 3000);
    await expect(source(transport).load({ capture: () => undefined, files: true })).rejects.toThrow(
      transport === 'docker CLI'
        ? 'docker-daemon:app:1: docker save failed (Error response from daemon: unexpected EOF)'
        : /^docker-daemon:app:1: docker save failed \(the engine closed the connection: /,
    );
  });
});

describe('the Engine API', () => {
  it('is asked what docker save asks, once', async () => {
    const path = join(work, 'asked.tar');
    await writeDockerArchive(path, spec(), { format: 'legacy', repoTags: ['app:1'] });
    useArchive(path);
    requests.length = 0;
    await source('Engine API').load({ capture: () => undefined, files: true });
    expect(requests).toEqual(['GET /images/get?names=app%3A1']);
  });

  it('gives way to the CLI when its socket is not there', async () => {
    const path = join(work, 'fallback.tar');
    await writeDockerArchive(path, spec(), { format: 'legacy', repoTags: ['app:1'] });
    useArchive(path);
    const images = await source('Engine API', { DOCKER_HOST: `unix://${join(work, 'absent.sock')}` }).load({ capture: () => undefined, files: true });
    expect(images[0].config.config?.Entrypoint).toEqual(['/bin/app']);
  });

  it('is used only where the docker CLI would use the same socket', () => {
    const config = join(work, 'config');
    rmSync(config, { recursive: true, force: true });
    const home = { HOME: join(work, 'home'), DOCKER_CONFIG: config };
    expect(engineSocket({ ...home })).toBe('/var/run/docker.sock');
    expect(engineSocket({ ...home, DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toBe('/run/user/1000/docker.sock');
    expect(engineSocket({ ...home, DOCKER_HOST: 'tcp://10.0.0.1:2376' })).toBeUndefined();
    expect(engineSocket({ ...home, DOCKER_CONTEXT: 'remote' })).toBeUndefined();
    expect(engineSocket({ ...home, DOCKER_CONTEXT: 'default' })).toBe('/var/run/docker.sock');
    // DOCKER_HOST wins over DOCKER_CONTEXT, as it does for the CLI.
    expect(engineSocket({ ...home, DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///run/docker.sock' })).toBe('/run/docker.sock');
    // Docker Desktop makes its own context current in the config file.
    mkdirSync(config);
    writeFileSync(join(config, 'config.json'), '{"currentContext": "desktop-linux"}');
    expect(engineSocket({ ...home })).toBeUndefined();
    expect(engineSocket({ ...home, DOCKER_HOST: 'unix:///var/run/docker.sock' })).toBe('/var/run/docker.sock');
  });
});

describe('engine failures are one clear line', () => {
  it('an engine that is not running', async () => {
    useArchive('/nonexistent', 'down');
    await expect(source('Engine API', { DOCKER_HOST: `unix://${join(work, 'absent.sock')}` }).load({ capture: () => undefined, files: true })).rejects.toThrow(
      /^app:1: the Docker engine is not running \(Cannot connect/,
    );
  });

  it('docker missing from PATH', async () => {
    process.env.PATH = join(work, 'empty');
    try {
      await expect(source('docker CLI', { PATH: process.env.PATH }).load({ capture: () => undefined, files: true })).rejects.toThrow(
        /app:1: Docker is not installed/,
      );
    } finally {
      process.env.PATH = `${work}${delimiter}${savedPath ?? ''}`;
    }
  });
});
