/**
 * The docker-daemon: source against every `docker save` format, through a stand-in `docker`
 * command on PATH: the engine here is 20.10 (legacy format only), while users run Docker 25+
 * (OCI layout) and 29 (containerd store), and engines fail in ways a healthy one cannot show.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MergedFilesystem } from '../../../src/image/filesystem.ts';
import { DockerDaemonSource } from '../../../src/image/sources/docker-daemon.ts';
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

function source(): DockerDaemonSource {
  return new DockerDaemonSource('app:1', 'docker-daemon:app:1');
}

function useArchive(path: string, mode = 'ok', bytes = 0): void {
  process.env.FAKE_DOCKER_ARCHIVE = path;
  process.env.FAKE_DOCKER_MODE = mode;
  process.env.FAKE_DOCKER_BYTES = String(bytes);
}

beforeAll(() => {
  rmSync(bin, { recursive: true, force: true });
  writeFileSync(join(work, 'docker'), FAKE_DOCKER);
  chmodSync(join(work, 'docker'), 0o755);
  process.env.PATH = `${work}${delimiter}${savedPath ?? ''}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(work, { recursive: true, force: true });
});

describe('docker save streamed in one pass, in every format engines write', () => {
  for (const format of ['legacy', 'docker25', 'containerd'] as const) {
    for (const order of ['blobs-first', 'manifest-first'] as const) {
      it(`${format}, ${order}`, async () => {
        const path = join(work, `${format}-${order}.tar`);
        await writeDockerArchive(path, spec(), { format, order, repoTags: ['app:1'], ...(format === 'containerd' ? { extraPlatforms: [spec('arm64')] } : {}) });
        useArchive(path);
        const images = await source().load({ capture: () => undefined, files: true });
        expect(images.map((image) => image.platform.architecture)).toEqual(['amd64']);
        const fs = MergedFilesystem.merge(images[0].layerIndexes);
        expect(fs.resolve('/bin/app')).toMatchObject({ path: '/usr/bin/app', node: { type: 'file', size: 3, mode: 0o755 } });
        expect(fs.lstat('/etc/passwd')?.size).toBe(28);
        expect(images[0].config.config?.Entrypoint).toEqual(['/bin/app']);
      });
    }
  }
});

describe('engine failures are one clear line', () => {
  it('an engine that is not running', async () => {
    useArchive('/nonexistent', 'down');
    await expect(source().load({ capture: () => undefined, files: true })).rejects.toThrow(/^app:1: the Docker engine is not running \(Cannot connect/);
  });

  it('an image the engine does not have', async () => {
    useArchive('/nonexistent', 'missing');
    await expect(source().load({ capture: () => undefined, files: true })).rejects.toThrow('app:1: no such image in the Docker engine');
  });

  it('docker save dying mid-stream: the daemon error, no hang', async () => {
    const path = join(work, 'die.tar');
    await writeDockerArchive(path, spec(), { format: 'docker25', repoTags: ['app:1'] });
    useArchive(path, 'die', 3000);
    await expect(source().load({ capture: () => undefined, files: true })).rejects.toThrow(
      'docker-daemon:app:1: docker save failed (Error response from daemon: unexpected EOF)',
    );
  });

  it('docker missing from PATH', async () => {
    process.env.PATH = join(work, 'empty');
    try {
      await expect(source().load({ capture: () => undefined, files: true })).rejects.toThrow(/app:1: Docker is not installed/);
    } finally {
      process.env.PATH = `${work}${delimiter}${savedPath ?? ''}`;
    }
  });
});
