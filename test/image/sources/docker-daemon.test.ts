import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MergedFilesystem } from '../../../src/image/filesystem.ts';
import { FileRangeReader } from '../../../src/image/bytes.ts';
import { LocalSource } from '../../../src/image/sources/archive.ts';
import { DockerDaemonSource, engineSocket } from '../../../src/image/sources/docker-daemon.ts';
import { walkTarSync } from '../../../src/image/tar.ts';
import type { LoadedImage } from '../../../src/image/types.ts';
import { buildImage, compileC, describeWithEngine, docker, exportListing, removeImages, type ExportEntry } from '../../support/engine.ts';
import { tarBuffer } from '../../support/tar-writer.ts';

const TOOL = `
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "rm") == 0) return unlink(argv[2]) == 0 ? 0 : 1;
  puts("hello from a static binary");
  return 0;
}`;

/** The merged filesystem in the shape `docker export` gives, for comparing entry by entry. */
function asExport(image: LoadedImage): ExportEntry[] {
  const fs = MergedFilesystem.merge(image.layerIndexes);
  return [...fs.walk()]
    .map(
      (node): ExportEntry => ({
        path: node.path,
        type: node.type,
        mode: node.mode,
        uid: node.uid,
        gid: node.gid,
        size: node.type === 'file' ? node.size : 0,
        ...(node.type === 'symlink' ? { target: node.target } : node.type === 'hardlink' ? { target: node.target } : {}),
      }),
    )
    .filter((entry) => !['/etc'].includes(entry.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

describeWithEngine('images from the real Docker engine read like the runtime sees them', () => {
  const tag = 'distroless-guard-test/daemon:1';
  const work = mkdtempSync(join(tmpdir(), 'dg-daemon-'));
  let expected: ExportEntry[];

  beforeAll(async () => {
    const rootfs = tarBuffer([
      { path: 'usr/', type: 'dir' },
      { path: 'usr/bin/', type: 'dir' },
      { path: 'bin', type: 'symlink', target: 'usr/bin' },
      { path: 'usr/bin/tool', content: 'not really a tool', mode: 0o4755 },
      { path: 'usr/bin/tool-link', type: 'hardlink', target: 'usr/bin/tool' },
      { path: 'etc/', type: 'dir' },
      { path: 'etc/old', content: 'to be deleted' },
      { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n' },
      { path: 'var/', type: 'dir', mode: 0o755 },
      { path: 'var/data/', type: 'dir', mode: 0o750, uid: 65532, gid: 65532 },
    ]);
    await buildImage(tag, {
      dockerfile: 'FROM scratch\nADD rootfs.tar /\nCOPY app /app\nRUN ["/app", "rm", "/etc/old"]\nUSER 65532\nENTRYPOINT ["/app"]\n',
      files: { 'rootfs.tar': rootfs, app: { content: await compileC(TOOL, { static: true }), mode: 0o755 } },
    });
    expected = (await exportListing(tag)).filter((entry) => entry.path !== '/etc');
  });
  afterAll(async () => {
    await removeImages(tag);
    rmSync(work, { recursive: true, force: true });
  });

  it('docker-daemon: streams docker save and matches docker export entry by entry', async () => {
    const images = await new DockerDaemonSource(tag, `docker-daemon:${tag}`).load({ capture: () => undefined, files: true });
    expect(images).toHaveLength(1);
    expect(images[0].config.config?.Entrypoint).toEqual(['/app']);
    const listing = asExport(images[0]);
    expect(listing.find((e) => e.path === '/etc/old')).toBeUndefined();
    expect(listing.find((e) => e.path === '/app')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(listing).toEqual(expected);
  });

  it('docker-daemon: reads the Engine API socket that DOCKER_HOST names (or the default one)', () => {
    expect(engineSocket(process.env)).toBe(process.env.DOCKER_HOST ? process.env.DOCKER_HOST.replace(/^unix:\/\//, '') : '/var/run/docker.sock');
  });

  it('docker-daemon: through the docker CLI when a context is current, the same listing', async () => {
    const config = join(work, 'docker-config');
    const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    await docker(['--config', config, 'context', 'create', 'distroless-guard-test', '--docker', `host=${host}`]);
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: config, DOCKER_CONTEXT: 'distroless-guard-test' };
    delete env.DOCKER_HOST;
    expect(engineSocket(env)).toBeUndefined();
    const images = await new DockerDaemonSource(tag, `docker-daemon:${tag}`, env).load({ capture: () => undefined, files: true });
    expect(asExport(images[0])).toEqual(expected);
  });

  it('docker-archive: a docker save file on disk gives the same listing', async () => {
    const file = join(work, 'saved.tar');
    await docker(['save', '-o', file, tag]);
    const images = await new LocalSource(file, 'archive', `docker-archive:${file}`).load({ capture: () => undefined, files: true });
    expect(asExport(images[0])).toEqual(expected);
  });

  it('an image the engine does not have is one clear error', async () => {
    await expect(new DockerDaemonSource('distroless-guard-test/absent:404', 'x').load({ capture: () => undefined, files: true })).rejects.toThrow(
      'distroless-guard-test/absent:404: no such image in the Docker engine',
    );
  });
});

describeWithEngine('docker save archives with identical layers, plain and compressed', () => {
  const tag = 'archives-test/identical-layers:1';
  const work = mkdtempSync(join(tmpdir(), 'dg-identical-'));
  const saved = join(work, 'saved.tar');
  let expected: ExportEntry[];

  beforeAll(async () => {
    // The last COPY brings back the file the RUN removed: its layer has the first layer's bytes,
    // so docker save (1.12 to 24) writes its layer.tar as a symlink to the first one's.
    await buildImage(tag, {
      dockerfile: 'FROM scratch\nCOPY a /a\nCOPY app /app\nRUN ["/app", "rm", "/a"]\nCOPY a /a\n',
      files: { a: 'the same bytes twice\n', app: { content: await compileC(TOOL, { static: true }), mode: 0o755 } },
    });
    expected = (await exportListing(tag)).filter((entry) => entry.path !== '/etc');
    await docker(['save', '-o', saved, tag]);
  });
  afterAll(async () => {
    await removeImages(tag);
    rmSync(work, { recursive: true, force: true });
  });

  it('the engine really writes a symlinked layer.tar', async () => {
    const file = await open(saved, 'r');
    try {
      const members = [...walkTarSync(new FileRangeReader(file, 0, (await file.stat()).size))];
      expect(members.filter((member) => member.typeflag === '2' && member.name.endsWith('/layer.tar'))).toHaveLength(1);
    } finally {
      await file.close();
    }
  });

  it('docker-archive: and docker-daemon: read it as docker export shows it', async () => {
    const fromFile = await new LocalSource(saved, 'archive', `docker-archive:${saved}`).load({ capture: () => undefined, files: true });
    expect(fromFile[0].layerIndexes).toHaveLength(4);
    expect(asExport(fromFile[0])).toEqual(expected);
    const fromEngine = await new DockerDaemonSource(tag, `docker-daemon:${tag}`).load({ capture: () => undefined, files: true });
    expect(asExport(fromEngine[0])).toEqual(expected);
  });

  it('docker save | gzip reads as docker-archive:', async () => {
    const gz = join(work, 'saved.tar.gz');
    await promisify(execFile)('sh', ['-c', 'docker save "$1" | gzip > "$2"', 'sh', tag, gz]);
    const images = await new LocalSource(gz, 'archive', `docker-archive:${gz}`).load({ capture: () => undefined, files: true });
    expect(asExport(images[0])).toEqual(expected);
  });
});
