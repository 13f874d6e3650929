import { describe, expect, it } from 'vitest';
import { gatherFacts } from '../../src/facts/index.ts';
import { formatSize } from '../../src/common/sizes.ts';
import { maxSize } from '../../src/rules/max-size.ts';
import { factsOf, loadImage, runRule } from '../support/facts.ts';
import { buildImage, type ImageSpec } from '../support/images.ts';

const HINT = 'use a smaller base image and keep build tools out of the final stage';
// A gzip layer: its stored size is the compressed size.
const spec: ImageSpec = { layers: [{ compression: 'gzip', entries: [{ path: 'data', size: 10_000 }] }] };
const COMPRESSED = buildImage(spec).layers[0].blob.length;

describe('max-size', () => {
  it('reports a compressed size over the cap', async () => {
    expect(await runRule('max-size', spec, { options: { compressed: COMPRESSED - 1 } })).toStrictEqual([
      { message: `compressed size ${COMPRESSED} B exceeds the cap of ${COMPRESSED - 1} B`, setting: 'FROM', hint: HINT },
    ]);
    expect(await runRule('max-size', spec, { options: { compressed: 10 } })).toStrictEqual([
      { message: `compressed size ${formatSize(COMPRESSED)} exceeds the cap of 10 B`, setting: 'FROM', hint: HINT },
    ]);
  });

  it('reports an uncompressed size over the cap, in bytes when the units would read the same', async () => {
    const { sizes } = (await factsOf(spec)).facts;
    expect(await runRule('max-size', spec, { options: { uncompressed: sizes.uncompressed - 1 } })).toStrictEqual([
      { message: `uncompressed size ${sizes.uncompressed} B exceeds the cap of ${sizes.uncompressed - 1} B`, setting: 'FROM', hint: HINT },
    ]);
    expect(await runRule('max-size', spec, { options: { uncompressed: 1_000 } })).toStrictEqual([
      { message: `uncompressed size ${formatSize(sizes.uncompressed)} exceeds the cap of 1000 B`, setting: 'FROM', hint: HINT },
    ]);
  });

  it('passes sizes at or under the caps, and no caps at all', async () => {
    const { facts } = await factsOf(spec);
    expect(await runRule('max-size', spec, { options: { compressed: COMPRESSED, uncompressed: facts.sizes.uncompressed } })).toStrictEqual([]);
    expect(await runRule('max-size', spec)).toStrictEqual([]);
  });

  it('does not judge the uncompressed size when the layers were not read', async () => {
    const image = await loadImage(spec);
    const { facts, fs } = gatherFacts({ ...image, layerIndexes: [] });
    expect(maxSize.check({ facts, fs, options: { compressed: 1, uncompressed: 1 }, architecture: 'amd64' })).toStrictEqual([
      { message: `compressed size ${formatSize(COMPRESSED)} exceeds the cap of 1 B`, setting: 'FROM', hint: HINT },
    ]);
  });
});
