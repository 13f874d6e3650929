import { describe, expect, it } from 'vitest';
import { runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';

const spec: ImageSpec = { layers: ['a', 'b', 'c'].map((name) => ({ entries: [{ path: name, content: name }] })) };

describe('max-layers', () => {
  it('reports more layers than the cap', async () => {
    expect(await runRule('max-layers', spec, { options: { max: 2 } })).toStrictEqual([
      { message: 'the image has 3 layers, more than the cap of 2', setting: 'FROM', hint: 'merge RUN steps and COPY from one build stage' },
    ]);
  });

  it('passes at the cap, and without one', async () => {
    expect(await runRule('max-layers', spec, { options: { max: 3 } })).toStrictEqual([]);
    expect(await runRule('max-layers', spec)).toStrictEqual([]);
  });
});
