import { describe, expect, it } from 'vitest';
import { factsOf, runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';

const HINT = 'see the layers and directories that grew in the size table; keep build outputs and caches out of the final stage';
const REFERENCE = 'registry.example/app:main';
// Stored uncompressed, so the compressed size is the tar's length: 512 + 10240 + 1024 bytes.
const spec: ImageSpec = { layers: [{ compression: 'none', entries: [{ path: 'data', size: 10_000 }] }] };
const COMPRESSED = 11_776;

const finding = (message: string) => ({ message, setting: 'FROM', hint: HINT });

describe('size-increase', () => {
  it("reports compressed growth over the strict preset's 5%", async () => {
    expect(await runRule('size-increase', spec, { baseline: { reference: REFERENCE, compressed: 10_000, uncompressed: 1 } })).toStrictEqual([
      finding(`the image grew by 1.7 KiB (+17.8%, compressed) against ${REFERENCE}, over the limit of 5%`),
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
    const baseline = { reference: REFERENCE, compressed: COMPRESSED - 600, uncompressed: 1 };
    expect(await runRule('size-increase', spec, { baseline, options: { bytes: 500, percent: 50 } })).toStrictEqual([
      finding(`the image grew by 600 B (+5.4%, compressed) against ${REFERENCE}, over the limit of 500 B / 50%`),
    ]);
    expect(await runRule('size-increase', spec, { baseline, options: { bytes: 600, percent: 50 } })).toStrictEqual([]);
  });

  it('passes growth within the limits, shrinking, no baseline, and a baseline of unknown size', async () => {
    expect(
      await runRule('size-increase', spec, { preset: 'recommended', baseline: { reference: REFERENCE, compressed: COMPRESSED - 1_000, uncompressed: 1 } }),
    ).toStrictEqual([]);
    expect(await runRule('size-increase', spec, { baseline: { reference: REFERENCE, compressed: 50_000, uncompressed: 1 } })).toStrictEqual([]);
    expect(await runRule('size-increase', spec)).toStrictEqual([]);
    // A registry baseline read without its layers knows no uncompressed size: 0 is not a size to grow from.
    expect(await runRule('size-increase', spec, { baseline: { reference: REFERENCE, uncompressed: 0 } })).toStrictEqual([]);
  });
});
