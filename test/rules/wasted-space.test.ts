import { describe, expect, it } from 'vitest';
import { factsOf, runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';

const HINT = 'delete files in the same RUN step that creates them, or build in a separate stage and COPY only the result';

/** apt lists downloaded in layer 1, deleted in layer 2; a config overwritten in layer 2. */
const spec: ImageSpec = {
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
};

describe('wasted-space', () => {
  it('counts the exact bytes hidden by later layers, per layer', async () => {
    const { facts } = await factsOf(spec);
    expect(facts.sizes.hidden).toBe(2_100_000);
    expect(facts.sizes.layers.map((layer) => layer.hidden)).toStrictEqual([100_000, 2_000_000, 0]);
  });

  it("reports hidden bytes over the strict preset's 1MB, at the layer that holds most of them", async () => {
    expect(await runRule('wasted-space', spec)).toStrictEqual([
      {
        message: '2 MiB of files are stored in layers but hidden by later ones (cap 976.6 KiB); layer 1 holds 1.9 MiB of them',
        layer: 1,
        hint: HINT,
      },
    ]);
  });

  it("passes under the recommended preset's 10MB and at exactly the cap; one byte over shows bytes", async () => {
    expect(await runRule('wasted-space', spec, { preset: 'recommended' })).toStrictEqual([]);
    expect(await runRule('wasted-space', spec, { options: { max: 2_100_000 } })).toStrictEqual([]);
    expect(await runRule('wasted-space', spec, { options: { max: 2_099_999 } })).toStrictEqual([
      {
        message: '2100000 B of files are stored in layers but hidden by later ones (cap 2099999 B); layer 1 holds 1.9 MiB of them',
        layer: 1,
        hint: HINT,
      },
    ]);
  });
});
