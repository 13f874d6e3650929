import { describe, expect, it } from 'vitest';
import { checkRule } from '../support/facts.ts';
import { makeFacts, makeLayer } from '../support/report-factory.ts';

const facts = makeFacts();
const threeLayers = makeFacts({ sizes: { ...facts.sizes, layers: [0, 1, 2].map((index) => makeLayer(index, 1000)) } });

describe('max-layers', () => {
  it('reports more layers than the cap', () => {
    expect(checkRule('max-layers', threeLayers, { options: { max: 2 } })).toStrictEqual([
      { message: 'the image has 3 layers, more than the cap of 2', setting: 'FROM', hint: 'merge RUN steps and COPY from one build stage' },
    ]);
  });

  it('passes at the cap, and without one', () => {
    expect(checkRule('max-layers', threeLayers, { options: { max: 3 } })).toStrictEqual([]);
    expect(checkRule('max-layers', threeLayers)).toStrictEqual([]);
  });
});
