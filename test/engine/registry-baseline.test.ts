import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import { FakeRegistry } from '../support/fake-registry.ts';
import { buildImage, type ImageSpec, writeDockerArchive, writeOciArchive } from '../support/images.ts';

const work = mkdtempSync(join(tmpdir(), 'dg-registry-baseline-'));
let registry: FakeRegistry;

const spec = (extra: number, compression: 'gzip' | 'none'): ImageSpec => ({
  layers: [
    { compression, entries: [{ path: 'app', content: 'A', mode: 0o755 }] },
    { compression, entries: [{ path: 'data', size: 4096 + extra }] },
  ],
  config: { Entrypoint: ['/app'], User: '65532' },
});

beforeAll(async () => {
  registry = await FakeRegistry.start();
  registry.addImage('team/app', buildImage(spec(0, 'gzip')), 'main');
});
afterAll(async () => {
  await registry.close();
  rmSync(work, { recursive: true, force: true });
});

const blobRequests = () =>
  registry.requests.filter((request) => request.url.includes('/blobs/') && !request.url.includes(buildImage(spec(0, 'gzip')).configDigest));

describe('a docker:// baseline', () => {
  const baseline = () => `docker://${registry.host}/team/app:main`;
  const run = (reference: string) => check({ images: [{ name: 'app', reference, baseline: baseline() }], policy: builtinPolicy('none'), registry: {} });

  it('reads only manifests and config when the image has compressed sizes to compare', async () => {
    registry.requests.length = 0;
    const path = join(work, 'grown.tar');
    await writeOciArchive(path, spec(512, 'gzip'));
    const report = await run(`oci-archive:${path}`);
    expect(blobRequests()).toEqual([]);
    expect(report.images[0].baseline?.compressed).toBeDefined();
    expect(report.images[0].baseline?.uncompressed).toBeUndefined();
  });

  it('reads the baseline layers when the image was saved as plain tars, and compares uncompressed sizes', async () => {
    registry.requests.length = 0;
    const path = join(work, 'saved.tar');
    await writeDockerArchive(path, spec(512, 'none'), { format: 'docker25' });
    const report = await run(`docker-archive:${path}`);
    expect(blobRequests()).toHaveLength(2);
    const comparison = report.images[0].baseline;
    expect(comparison?.compressed).toBeUndefined();
    // 4096 + 512 bytes of data: one more 512-byte tar block.
    expect(comparison?.uncompressed?.delta).toBe(512);
    expect(comparison?.directories).toEqual([]);
  });
});
