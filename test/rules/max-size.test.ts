import { describe, expect, it } from 'vitest';
import { formatSize } from '../../src/common/sizes.ts';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT = 'use a smaller base image and keep build tools out of the final stage';
const COMPRESSED = 9_876;
const UNCOMPRESSED = 20_480;
const base = makeFacts();
const facts = makeFacts({ sizes: { ...base.sizes, compressed: COMPRESSED, uncompressed: UNCOMPRESSED } });

describe('max-size', () => {
  it('reports a compressed size over the cap', () => {
    expect(checkRule('max-size', facts, { options: { compressed: COMPRESSED - 1 } })).toStrictEqual([
      { message: `compressed size ${COMPRESSED} B exceeds the cap of ${COMPRESSED - 1} B`, setting: 'FROM', hint: HINT },
    ]);
    expect(checkRule('max-size', facts, { options: { compressed: 10 } })).toStrictEqual([
      { message: `compressed size ${formatSize(COMPRESSED)} exceeds the cap of 10 B`, setting: 'FROM', hint: HINT },
    ]);
  });

  it('reports an uncompressed size over the cap, in bytes when the units would read the same', () => {
    expect(checkRule('max-size', facts, { options: { uncompressed: UNCOMPRESSED - 1 } })).toStrictEqual([
      { message: `uncompressed size ${UNCOMPRESSED} B exceeds the cap of ${UNCOMPRESSED - 1} B`, setting: 'FROM', hint: HINT },
    ]);
    expect(checkRule('max-size', facts, { options: { uncompressed: 1_000 } })).toStrictEqual([
      { message: `uncompressed size ${formatSize(UNCOMPRESSED)} exceeds the cap of 1000 B`, setting: 'FROM', hint: HINT },
    ]);
  });

  it('passes sizes at or under the caps, and no caps at all', () => {
    expect(checkRule('max-size', facts, { options: { compressed: COMPRESSED, uncompressed: UNCOMPRESSED } })).toStrictEqual([]);
    expect(checkRule('max-size', facts)).toStrictEqual([]);
  });

  it('does not judge the uncompressed size when the layers were not read', () => {
    expect(checkRule('max-size', { ...facts, filesRead: false }, { options: { compressed: 1, uncompressed: 1 } })).toStrictEqual([
      { message: `compressed size ${formatSize(COMPRESSED)} exceeds the cap of 1 B`, setting: 'FROM', hint: HINT },
    ]);
  });

  it('does not judge the compressed size when it is not known', () => {
    expect(checkRule('max-size', makeFacts({ sizes: { ...facts.sizes, compressed: undefined } }), { options: { compressed: 1 } })).toStrictEqual([]);
  });
});
