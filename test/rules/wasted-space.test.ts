import { describe, expect, it } from 'vitest';
import { checkRule } from '../support/facts.ts';
import { makeFacts, makeLayer } from '../support/report-factory.ts';

const HINT = 'delete files in the same RUN step that creates them, or build in a separate stage and COPY only the result';

/** A config overwritten (100 kB hidden in layer 0) and apt lists deleted (2 MB hidden in layer 1) by layer 2. */
const base = makeFacts();
const facts = makeFacts({
  sizes: {
    ...base.sizes,
    hidden: 2_100_000,
    layers: [makeLayer(0, 110_000, { hidden: 100_000 }), makeLayer(1, 2_010_000, { hidden: 2_000_000 }), makeLayer(2, 2_000)],
  },
});

describe('wasted-space', () => {
  it("reports hidden bytes over the strict preset's 1MB, at the layer that holds most of them", () => {
    expect(checkRule('wasted-space', facts)).toStrictEqual([
      {
        message: '2 MiB of files are stored in layers but hidden by later ones (cap 976.6 KiB); layer 1 holds 1.9 MiB of them',
        layer: 1,
        hint: HINT,
      },
    ]);
  });

  it("passes under the recommended preset's 10MB and at exactly the cap; one byte over shows bytes", () => {
    expect(checkRule('wasted-space', facts, { preset: 'recommended' })).toStrictEqual([]);
    expect(checkRule('wasted-space', facts, { options: { max: 2_100_000 } })).toStrictEqual([]);
    expect(checkRule('wasted-space', facts, { options: { max: 2_099_999 } })).toStrictEqual([
      {
        message: '2100000 B of files are stored in layers but hidden by later ones (cap 2099999 B); layer 1 holds 1.9 MiB of them',
        layer: 1,
        hint: HINT,
      },
    ]);
  });
});
