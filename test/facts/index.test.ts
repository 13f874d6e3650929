import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureForFacts } from '../../src/facts/capture.ts';
import { gatherFacts } from '../../src/facts/index.ts';
import { LocalSource } from '../../src/image/sources/archive.ts';
import { factsOf, loadImage } from '../support/facts.ts';
import { type ImageSpec, writeOciLayout } from '../support/images.ts';

const BASE_NAME = 'org.opencontainers.image.base.name';
const BASE_DIGEST = 'org.opencontainers.image.base.digest';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('setuid, setgid and world-writable files', () => {
  it('lists setuid and setgid files (hard links too) with their mode and layer; not setgid directories', async () => {
    const { facts } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'usr/bin/passwd', content: 'x', mode: 0o4755 },
            { path: 'usr/bin/wall', content: 'x', mode: 0o2755 },
            { path: 'usr/bin/plain', content: 'x', mode: 0o755 },
            { path: 'var/mail/', type: 'dir', mode: 0o2775 },
          ],
        },
        {
          entries: [
            { path: 'usr/bin/su', content: 'x', mode: 0o6755 },
            { path: 'usr/bin/passwd2', type: 'hardlink', target: 'usr/bin/passwd', mode: 0o4755 },
          ],
        },
      ],
    });
    expect(facts.setuid).toStrictEqual([
      { path: '/usr/bin/passwd', mode: 0o4755, layer: 0, type: 'file' },
      { path: '/usr/bin/passwd2', mode: 0o4755, layer: 1, type: 'hardlink' },
      { path: '/usr/bin/su', mode: 0o6755, layer: 1, type: 'file' },
      { path: '/usr/bin/wall', mode: 0o2755, layer: 0, type: 'file' },
    ]);
  });

  it('lists world-writable files and directories, not symlinks (always 0777)', async () => {
    const { facts } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'tmp/', type: 'dir', mode: 0o1777 },
            { path: 'app/config', content: 'x', mode: 0o666 },
            { path: 'app/link', type: 'symlink', target: 'config' },
            { path: 'app/private', content: 'x', mode: 0o600 },
          ],
        },
        { entries: [{ path: 'data/', type: 'dir', mode: 0o777 }] },
      ],
    });
    expect(facts.worldWritable).toStrictEqual([
      { path: '/app/config', mode: 0o666, layer: 0, type: 'file' },
      { path: '/data', mode: 0o777, layer: 1, type: 'dir' },
      { path: '/tmp', mode: 0o1777, layer: 0, type: 'dir' },
    ]);
  });

  it('uses the mode the last layer set', async () => {
    const { facts } = await factsOf({
      layers: [{ entries: [{ path: 'bin/ping', content: 'x', mode: 0o4755 }] }, { entries: [{ path: 'bin/ping', content: 'x', mode: 0o755 }] }],
    });
    expect(facts.setuid).toStrictEqual([]);
  });
});

describe('layer commands from history', () => {
  const layers = [{ entries: [{ path: 'a', content: 'a' }] }, { entries: [{ path: 'b', content: 'b' }] }];

  it('pairs each non-empty history entry with the next layer, legacy and BuildKit forms alike', async () => {
    const { facts } = await factsOf({
      layers,
      history: [
        { created_by: '/bin/sh -c #(nop) ADD file:0123abcd in / ' },
        { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
        { created_by: 'ENV APP=1', comment: 'buildkit.dockerfile.v0', empty_layer: true },
        { created_by: 'RUN |1 V=2 /bin/sh -c make install # buildkit', comment: 'buildkit.dockerfile.v0' },
      ],
    });
    expect(facts.layerCommands).toStrictEqual(['/bin/sh -c #(nop) ADD file:0123abcd in / ', 'RUN |1 V=2 /bin/sh -c make install # buildkit']);
  });

  it('says nothing when history and layers disagree in number, or there is no history', async () => {
    const mismatch = await factsOf({ layers, history: [{ created_by: 'COPY a / # buildkit' }] });
    expect(mismatch.facts.layerCommands).toStrictEqual([undefined, undefined]);
    const image = await loadImage({ layers });
    delete image.config.history;
    expect(gatherFacts(image).facts.layerCommands).toStrictEqual([undefined, undefined]);
  });
});

describe('base image', () => {
  const layers = [{ entries: [{ path: 'app', content: 'x', mode: 0o755 }] }];

  it('from the manifest annotation, read through a real OCI layout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dg-facts-'));
    try {
      const spec: ImageSpec = { layers, annotations: { [BASE_NAME]: 'gcr.io/distroless/static-debian12:nonroot', [BASE_DIGEST]: DIGEST } };
      await writeOciLayout(dir, spec);
      const [image] = await new LocalSource(dir, 'directory', `oci:${dir}`).load({ capture: captureForFacts, files: true });
      const { facts } = gatherFacts(image, { dockerfileBase: 'debian:12' });
      expect(facts.baseImage).toStrictEqual({
        name: 'gcr.io/distroless/static-debian12:nonroot',
        digest: DIGEST,
        source: 'annotation',
        forms: ['gcr.io/distroless/static-debian12:nonroot'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('from the label when there is no annotation, before the Dockerfile', async () => {
    const { facts } = await factsOf({ layers, config: { Labels: { [BASE_NAME]: 'cgr.dev/chainguard/static:latest' } } }, { dockerfileBase: 'debian:12' });
    expect(facts.baseImage).toStrictEqual({ name: 'cgr.dev/chainguard/static:latest', source: 'label', forms: ['cgr.dev/chainguard/static:latest'] });
  });

  it("from the Dockerfile's final FROM, else unknown", async () => {
    expect((await factsOf({ layers }, { dockerfileBase: 'gcr.io/distroless/base-debian12' })).facts.baseImage).toStrictEqual({
      name: 'gcr.io/distroless/base-debian12',
      source: 'dockerfile',
      forms: ['gcr.io/distroless/base-debian12', 'gcr.io/distroless/base-debian12:latest'],
    });
    expect((await factsOf({ layers })).facts.baseImage).toBeUndefined();
  });

  it('knows a Docker Hub name in its short and full forms, and a name that is no reference only as written', async () => {
    expect((await factsOf({ layers }, { dockerfileBase: 'debian:12' })).facts.baseImage?.forms).toStrictEqual(['debian:12', 'docker.io/library/debian:12']);
    expect((await factsOf({ layers }, { dockerfileBase: 'docker.io/library/debian:12' })).facts.baseImage?.forms).toStrictEqual([
      'docker.io/library/debian:12',
      'debian:12',
    ]);
    expect((await factsOf({ layers }, { dockerfileBase: '${BASE}' })).facts.baseImage?.forms).toStrictEqual(['${BASE}']);
  });
});

describe('config facts', () => {
  it('Env in config order (split at the first =), labels, and whether files were read', async () => {
    const { facts } = await factsOf({
      layers: [{ entries: [{ path: 'app', content: 'x' }] }],
      config: { Env: ['PATH=/usr/bin', 'URL=http://x/?a=b', 'EMPTY=', 'NOVALUE'], Labels: { team: 'core' } },
    });
    expect(facts.env).toStrictEqual([
      ['PATH', '/usr/bin'],
      ['URL', 'http://x/?a=b'],
      ['EMPTY', ''],
    ]);
    expect(facts.labels).toStrictEqual({ team: 'core' });
    expect(facts.filesRead).toBe(true);
  });
});
