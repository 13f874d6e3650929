import { describe, expect, it } from 'vitest';
import { buildImage } from '../support/images.ts';
import { factsOf, loadImage } from '../support/facts.ts';
import { gatherFacts } from '../../src/facts/index.ts';

const built = buildImage({
  layers: [
    {
      compression: 'none',
      entries: [
        { path: 'usr/', type: 'dir' },
        { path: 'usr/lib/', type: 'dir' },
        { path: 'usr/lib/a', size: 100 },
        { path: 'usr/bin/', type: 'dir' },
        { path: 'usr/bin/b', size: 50 },
        { path: 'etc/', type: 'dir' },
        { path: 'etc/conf', size: 10 },
        { path: 'big', size: 1000 },
      ],
    },
    {
      entries: [
        { path: 'usr/lib/a', size: 30 },
        { path: 'etc/.wh.conf', content: '' },
      ],
    },
    {
      compression: 'zstd',
      entries: [
        { path: 'usr/bin/.wh..wh..opq', content: '' },
        { path: 'usr/bin/c', size: 5 },
        { path: 'usr/lib/deep/er/f', size: 7 },
        { path: 'opt/big-link', type: 'hardlink', target: 'big' },
      ],
    },
  ],
});

describe('size facts', () => {
  it('per layer: stored size, content bytes, bytes later layers hide, entries', async () => {
    const { facts } = await factsOf(built);
    expect(
      facts.sizes.layers.map(({ index, diffId, digest, compressed, content, hidden, files }) => ({
        index,
        diffId,
        digest,
        compressed,
        content,
        hidden,
        files,
      })),
    ).toStrictEqual([
      // /usr/lib/a overwritten (100), /etc/conf deleted (10), /usr/bin/b under an opaque directory (50)
      {
        index: 0,
        diffId: built.layers[0].diffId,
        digest: built.layers[0].digest,
        // Stored as a plain tar: no compressed size, rather than the tar's length under that name.
        compressed: undefined,
        content: 1160,
        hidden: 160,
        files: 8,
      },
      { index: 1, diffId: built.layers[1].diffId, digest: built.layers[1].digest, compressed: built.layers[1].blob.length, content: 30, hidden: 0, files: 1 },
      { index: 2, diffId: built.layers[2].diffId, digest: built.layers[2].digest, compressed: built.layers[2].blob.length, content: 12, hidden: 0, files: 3 },
    ]);
    expect(facts.sizes.hidden).toBe(160);
    expect(facts.sizes.compressed).toBeUndefined();
    expect(facts.sizes.uncompressed).toBe(facts.sizes.layers.reduce((sum, layer) => sum + layer.uncompressed, 0));
  });

  it('per layer: uncompressed is the length of the layer tar', async () => {
    const { facts } = await factsOf(built);
    expect(facts.sizes.layers.map((layer) => layer.uncompressed)).toStrictEqual(built.layers.map((layer) => layer.tar.length));
  });

  it('visible file bytes per directory down to depth 2, largest first; hard links and root files not counted twice', async () => {
    const { facts } = await factsOf(built);
    expect(facts.sizes.directories).toStrictEqual([
      { path: '/usr', size: 42 },
      { path: '/usr/lib', size: 37 },
      { path: '/usr/bin', size: 5 },
    ]);
  });

  it('counts the exact bytes a later layer hides, a whole directory removed by a whiteout included', async () => {
    const { facts } = await factsOf({
      layers: [
        { entries: [{ path: 'etc/app.conf', size: 100_000 }] },
        {
          entries: [
            { path: 'var/lib/apt/lists/main', size: 2_000_000 },
            { path: 'usr/bin/tool', size: 1_000 },
          ],
        },
        {
          entries: [
            { path: 'var/lib/apt/.wh.lists', content: '' },
            { path: 'etc/app.conf', size: 10 },
          ],
        },
      ],
    });
    expect(facts.sizes.hidden).toBe(2_100_000);
    expect(facts.sizes.layers.map((layer) => layer.hidden)).toStrictEqual([100_000, 2_000_000, 0]);
  });

  it('without compressed sizes for every layer, no total compressed size', async () => {
    const image = await loadImage(built);
    image.layers[1] = { ...image.layers[1], size: undefined };
    image.layerIndexes[1] = { ...image.layerIndexes[1], compressedSize: undefined };
    const { facts } = gatherFacts(image);
    expect(facts.sizes.layers[1].compressed).toBeUndefined();
    expect(facts.sizes.compressed).toBeUndefined();
  });

  it('without layers read (a size-only baseline): stored sizes only, no files', async () => {
    const image = await loadImage(built);
    const { facts } = gatherFacts({ ...image, layerIndexes: [] });
    expect(facts.filesRead).toBe(false);
    expect(facts.sizes).toStrictEqual({
      uncompressed: 0,
      hidden: 0,
      layers: built.layers.map((layer, index) => ({
        index,
        diffId: layer.diffId,
        digest: layer.digest,
        compressed: index === 0 ? undefined : layer.blob.length,
        uncompressed: 0,
        content: 0,
        hidden: 0,
        files: 0,
      })),
      directories: [],
    });
  });
});
