import { describe, expect, it } from 'vitest';
import { factsOf, runRule } from '../support/facts.ts';
import { buildImage, type ImageSpec } from '../support/images.ts';

const HINT = 'see the layers and directories that grew in the size table; keep build outputs and caches out of the final stage';
const REFERENCE = 'registry.example/app:main';
// A gzip layer: its stored size is the compressed size.
const spec: ImageSpec = { layers: [{ compression: 'gzip', entries: [{ path: 'data', size: 10_000 }] }] };
const COMPRESSED = buildImage(spec).layers[0].blob.length;

const finding = (message: string) => ({ message, setting: 'FROM', hint: HINT });

describe('size-increase', () => {
  it("reports compressed growth over the strict preset's 5%", async () => {
    const before = COMPRESSED - 20;
    const percent = ((20 / before) * 100).toFixed(1);
    expect(await runRule('size-increase', spec, { baseline: { reference: REFERENCE, compressed: before, uncompressed: 1 } })).toStrictEqual([
      finding(`the image grew by 20 B (+${percent}%, compressed) against ${REFERENCE}, over the limit of 5%`),
    ]);
  });

  it('compares uncompressed sizes when the baseline has no compressed size', async () => {
    const { facts } = await factsOf(spec);
    const before = facts.sizes.uncompressed - 1_000;
    const percent = ((1_000 / before) * 100).toFixed(1);
    expect(await runRule('size-increase', spec, { baseline: { reference: REFERENCE, uncompressed: before } })).toStrictEqual([
      finding(`the image grew by 1000 B (+${percent}%, uncompressed) against ${REFERENCE}, over the limit of 5%`),
    ]);
  });

  it('reports growth over a byte limit, naming every limit', async () => {
    const baseline = { reference: REFERENCE, compressed: COMPRESSED - 6, uncompressed: 1 };
    const percent = ((6 / (COMPRESSED - 6)) * 100).toFixed(1);
    expect(await runRule('size-increase', spec, { baseline, options: { bytes: 5, percent: 50 } })).toStrictEqual([
      finding(`the image grew by 6 B (+${percent}%, compressed) against ${REFERENCE}, over the limit of 5 B / 50%`),
    ]);
    expect(await runRule('size-increase', spec, { baseline, options: { bytes: 6, percent: 50 } })).toStrictEqual([]);
  });

  it('passes growth within the limits, shrinking, no baseline, and a baseline of unknown size', async () => {
    expect(
      await runRule('size-increase', spec, { preset: 'recommended', baseline: { reference: REFERENCE, compressed: COMPRESSED - 1, uncompressed: 1 } }),
    ).toStrictEqual([]);
    expect(await runRule('size-increase', spec, { baseline: { reference: REFERENCE, compressed: COMPRESSED * 2, uncompressed: 1 } })).toStrictEqual([]);
    expect(await runRule('size-increase', spec)).toStrictEqual([]);
    // A registry baseline read without its layers knows no uncompressed size: 0 is not a size to grow from.
    expect(await runRule('size-increase', spec, { baseline: { reference: REFERENCE, uncompressed: 0 } })).toStrictEqual([]);
  });
});
