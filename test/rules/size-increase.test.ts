import { describe, expect, it } from 'vitest';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT = 'see the layers and directories that grew in the size table; keep build outputs and caches out of the final stage';
const REFERENCE = 'registry.example/app:main';
const COMPRESSED = 200;
const UNCOMPRESSED = 20_480;
const base = makeFacts();
const facts = makeFacts({ sizes: { ...base.sizes, compressed: COMPRESSED, uncompressed: UNCOMPRESSED } });

const finding = (message: string) => ({ message, setting: 'FROM', hint: HINT });

describe('size-increase', () => {
  it("reports compressed growth over the strict preset's 5%", () => {
    const before = COMPRESSED - 20;
    const percent = ((20 / before) * 100).toFixed(1);
    expect(checkRule('size-increase', facts, { baseline: { reference: REFERENCE, compressed: before, uncompressed: 1 } })).toStrictEqual([
      finding(`the image grew by 20 B (+${percent}%, compressed) against ${REFERENCE}, over the limit of 5%`),
    ]);
  });

  it('compares uncompressed sizes when the baseline has no compressed size, or the image none', () => {
    const before = UNCOMPRESSED - 1_000;
    const percent = ((1_000 / before) * 100).toFixed(1);
    const expected = [finding(`the image grew by 1000 B (+${percent}%, uncompressed) against ${REFERENCE}, over the limit of 5%`)];
    expect(checkRule('size-increase', facts, { baseline: { reference: REFERENCE, uncompressed: before } })).toStrictEqual(expected);
    const uncompressedOnly = makeFacts({ sizes: { ...facts.sizes, compressed: undefined } });
    expect(checkRule('size-increase', uncompressedOnly, { baseline: { reference: REFERENCE, compressed: 1, uncompressed: before } })).toStrictEqual(expected);
  });

  it('reports growth over a byte limit, naming every limit', () => {
    const baseline = { reference: REFERENCE, compressed: COMPRESSED - 6, uncompressed: 1 };
    const percent = ((6 / (COMPRESSED - 6)) * 100).toFixed(1);
    expect(checkRule('size-increase', facts, { baseline, options: { bytes: 5, percent: 50 } })).toStrictEqual([
      finding(`the image grew by 6 B (+${percent}%, compressed) against ${REFERENCE}, over the limit of 5 B / 50%`),
    ]);
    expect(checkRule('size-increase', facts, { baseline, options: { bytes: 6, percent: 50 } })).toStrictEqual([]);
  });

  it('passes growth within the limits, shrinking, no baseline, and a baseline of unknown size', () => {
    expect(
      checkRule('size-increase', facts, { preset: 'recommended', baseline: { reference: REFERENCE, compressed: COMPRESSED - 1, uncompressed: 1 } }),
    ).toStrictEqual([]);
    expect(checkRule('size-increase', facts, { baseline: { reference: REFERENCE, compressed: COMPRESSED * 2, uncompressed: 1 } })).toStrictEqual([]);
    expect(checkRule('size-increase', facts)).toStrictEqual([]);
    // A registry baseline read without its layers knows no uncompressed size: 0 is not a size to grow from.
    expect(checkRule('size-increase', facts, { baseline: { reference: REFERENCE, uncompressed: 0 } })).toStrictEqual([]);
  });
});
