// The reader's defences one by one, below the CLI: what the corpus cases rely on, with the
// shapes a CLI run cannot isolate (timings of one step, a second entry for one path, a layout
// whose JSON points outside its directory).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { HeadCollector } from '../../src/image/collectors.ts';
import { MergedFilesystem } from '../../src/image/filesystem.ts';
import { entryPath, indexLayerStream } from '../../src/image/layer-index.ts';
import { DEFAULT_LIMITS, ReadBudget, limitsFromEnv } from '../../src/image/limits.ts';
import { LocalSource } from '../../src/image/sources/archive.ts';
import type { LayerIndex } from '../../src/image/types.ts';
import { type EntrySpec, layerEntry } from '../support/entries.ts';
import { buildImage } from '../support/images.ts';
import { tarBuffer, type TarEntrySpec } from '../support/tar-writer.ts';
import { layer, writeLegacyArchive } from './corpus.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-hostile-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

const captureAll = () => new HeadCollector(1024);

function index(entries: EntrySpec[]): LayerIndex {
  return {
    contentSize: 0,
    tarSize: 0,
    entries: entries.map(layerEntry),
    whiteouts: [],
    captured: new Map(),
  };
}

describe('the layer index', () => {
  it('keeps no captured bytes from an earlier entry the same layer replaced', async () => {
    const tar = tarBuffer([
      { path: 'app', content: 'first, executable', mode: 0o755 },
      { path: 'app', type: 'symlink', target: 'elsewhere' },
      { path: 'etc/passwd', content: 'root:x:0:0::/:/bin/sh\n' },
      { path: 'etc/passwd', content: 'nonroot:x:65532:65532::/:/sbin/nologin\n' },
    ]);
    const capture = (path: string) => (path === '/app' || path === '/etc/passwd' ? new HeadCollector(1024) : undefined);
    const layer = await indexLayerStream(once(tar), {}, capture, 'layer');
    expect([...layer.captured.keys()]).toEqual(['/etc/passwd']);
    expect(layer.captured.get('/etc/passwd')?.head.toString()).toBe('nonroot:x:65532:65532::/:/sbin/nologin\n');
  });

  it('charges what follows the end of the archive, where a bomb could hide', async () => {
    const tar = Buffer.concat([tarBuffer([{ path: 'a', content: 'a' }]), Buffer.alloc(10 * 1024 * 1024)]);
    const budget = new ReadBudget({ ...DEFAULT_LIMITS, maxBytes: 1024 * 1024 });
    await expect(indexLayerStream(once(zlib.gzipSync(tar)), {}, captureAll, 'layer', budget)).rejects.toThrow(
      new UserError("layer: the image's layers hold more than 1 MiB uncompressed; if it really is that large, raise DISTROLESS_GUARD_MAX_UNCOMPRESSED"),
    );
    const whole = await indexLayerStream(once(zlib.gzipSync(tar)), {}, captureAll, 'layer');
    expect(whole.tarSize).toBe(tar.length);
  });

  it('shares one budget between the layers of an image', async () => {
    const tar = tarBuffer([{ path: 'a', content: 'x'.repeat(3000) }]);
    const budget = new ReadBudget({ ...DEFAULT_LIMITS, maxBytes: 2 * tar.length - 1 });
    await indexLayerStream(once(tar), {}, captureAll, 'first', budget);
    await expect(indexLayerStream(once(tar), {}, captureAll, 'second', budget)).rejects.toThrow(/^second: the image's layers hold more than/);
  });
});

describe('limits from the environment', () => {
  it('reads sizes with units and counts, and defaults to 64 GiB and 2,000,000', () => {
    expect(limitsFromEnv({})).toEqual({ maxBytes: 64 * 1024 ** 3, maxEntries: 2_000_000 });
    expect(limitsFromEnv({ DISTROLESS_GUARD_MAX_UNCOMPRESSED: '100GiB', DISTROLESS_GUARD_MAX_ENTRIES: '5000000' })).toEqual({
      maxBytes: 100 * 1024 ** 3,
      maxEntries: 5_000_000,
    });
    expect(limitsFromEnv({ DISTROLESS_GUARD_MAX_UNCOMPRESSED: ' ', DISTROLESS_GUARD_MAX_ENTRIES: '' })).toEqual(DEFAULT_LIMITS);
  });
});

describe('the merged filesystem', () => {
  it('says why a path does not resolve, in the words of errno', () => {
    const fs = MergedFilesystem.merge([
      index([
        { path: '/loop', type: 'symlink', target: 'loop' },
        { path: '/file', size: 1 },
        { path: '/empty', type: 'symlink', target: '' },
        { path: '/dir', type: 'dir' },
      ]),
    ]);
    expect(['/loop', '/loop/x', '/file/x', '/nothing', '/empty', '/dir', '/'].map((path) => fs.whyMissing(path))).toEqual([
      'too many levels of symbolic links',
      'too many levels of symbolic links',
      'not a directory',
      'no such file or directory',
      'no such file or directory',
      undefined,
      undefined,
    ]);
  });

  it('merges and looks up deep names in time linear in their length', () => {
    // 300 files 2,000 directories deep, every one reached through a symlinked parent: a merge that
    // built the path string per component would copy some 2.4 GB of text here.
    const deep = 'a/'.repeat(2000);
    const entries: EntrySpec[] = [
      { path: '/real', type: 'dir' },
      { path: '/link', type: 'symlink', target: '/real' },
      ...Array.from({ length: 300 }, (_, i) => ({ path: `/link/${deep}f${i}`, size: 1 })),
    ];
    const started = performance.now();
    const fs = MergedFilesystem.merge([index(entries)]);
    for (let i = 0; i < 300; i++) expect(fs.resolve(`/link/${deep}f${i}`)?.path).toBe(`/real/${deep}f${i}`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect([...fs.walk()].length).toBe(2 + 2000 + 300);
  });

  it('bounds one lookup through long link targets', () => {
    // Forty links whose 4,000-byte targets wander 1,600 components each before leading on: Linux
    // would walk 64,000 components for one lookup; the reader gives up after 4,096 besides the path's own.
    const wander = 'x/../'.repeat(800);
    const links = Array.from({ length: 40 }, (_, i) => ({ path: `/l${i}`, type: 'symlink' as const, target: `${wander}l${i + 1}` }));
    const fs = MergedFilesystem.merge([index([{ path: '/x', type: 'dir' }, { path: '/l40', size: 1 }, ...links])]);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expect(fs.whyMissing('/l0')).toBe('too many levels of symbolic links');
    expect(fs.resolve('/l39')?.path).toBe('/l40');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('keeps a file that a whiteout below it names, where an entry below it would replace it', () => {
    const fs = MergedFilesystem.merge([
      index([{ path: '/app', size: 3 }]),
      { ...index([]), whiteouts: [{ path: '/app/x', opaque: false }] },
      { ...index([]), whiteouts: [{ path: '/app', opaque: true }] },
    ]);
    expect(fs.lstat('/app')?.type).toBe('file');
    const replaced = MergedFilesystem.merge([index([{ path: '/app', size: 3 }]), index([{ path: '/app/x', size: 1 }])]);
    expect([...replaced.walk()].map((node) => `${node.type} ${node.path}`)).toEqual(['dir /app', 'file /app/x']);
  });

  it('lets a hard link share only what exists once the entry it replaces is gone', () => {
    const fs = MergedFilesystem.merge([
      index([
        { path: '/d', type: 'dir' },
        { path: '/d/f', size: 5 },
      ]),
      index([{ path: '/d', type: 'hardlink', target: '/d/f' }]),
    ]);
    expect(fs.lstat('/d')).toEqual({ path: '/d', type: 'hardlink', mode: 0o644, uid: 0, gid: 0, size: 0, layer: 1, target: '/d/f' });
  });
});

describe('sources', () => {
  it('reads a docker save archive whose layer.tar is compressed (crane and ko write them), checking the diff id inside', async () => {
    const app = layer([{ path: 'app', content: 'x', mode: 0o755 }]);
    const path = join(dir, 'compressed-legacy.tar');
    await writeLegacyArchive(path, { layers: [app] }, 'app:1');
    const [image] = await new LocalSource(path, 'archive', `docker-archive:${path}`).load({ capture: () => undefined, files: true });
    expect(image.layerIndexes[0].entries.map(entryPath)).toEqual(['/app']);
    expect(image.layerIndexes[0].tarSize).toBe(app.tarSize);
    const wrong = `sha256:${'0'.repeat(64)}`;
    await writeLegacyArchive(path, { layers: [{ ...app, diffId: wrong }] }, 'app:1');
    await expect(new LocalSource(path, 'archive', `docker-archive:${path}`).load({ capture: () => undefined, files: true })).rejects.toThrow(
      `${path}: layer ${app.digest.slice(7)}/layer.tar: content does not match its digest (expected ${wrong}, got ${app.diffId})`,
    );
  });

  it('reads nothing outside an oci: directory, whatever its JSON names', async () => {
    const layout = join(dir, 'escape');
    await mkdir(layout, { recursive: true });
    await writeFile(join(dir, 'outside.tar'), tarBuffer([{ path: 'secret', content: 'from the runner' }]));
    const image = buildImage({ layers: [{ entries: [{ path: 'app', content: 'x' }], compression: 'none' }] });
    await writeFile(join(layout, 'config.json'), image.configBlob);
    await writeFile(join(layout, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: null, Layers: ['../outside.tar'] }]));
    const source = new LocalSource(layout, 'directory', `oci:${layout}`);
    await expect(source.load({ capture: () => undefined, files: true })).rejects.toThrow(
      new UserError(`${layout}: layer ../outside.tar is missing from the image (../outside.tar)`),
    );
  });

  it('refuses a legacy manifest.json whose entries have the wrong shape', async () => {
    const path = join(dir, 'legacy.tar');
    const spec: TarEntrySpec[] = [{ path: 'manifest.json', content: JSON.stringify([{ Config: 7, Layers: [null] }]) }];
    await writeFile(path, tarBuffer(spec));
    await expect(new LocalSource(path, 'archive', `docker-archive:${path}`).load({ capture: () => undefined, files: true })).rejects.toThrow(
      new UserError(`${path}: manifest.json is malformed (each entry needs Config, RepoTags and Layers as strings)`),
    );
  });
});
