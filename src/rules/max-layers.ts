import { defineRule } from './rule.ts';

export const maxLayers = defineRule({
  id: 'max-layers',
  title: 'Layer count within the cap',
  anchor: 'max-layers',
  levels: { recommended: 'off', strict: 'off' },
  options: { max: { kind: 'count', optional: true } },
  needsFiles: false,
  missingOption: ({ max }) => (max === undefined ? 'a limit; set max' : undefined),
  check: ({ facts, options }) => {
    const count = facts.sizes.layers.length;
    if (options.max === undefined || count <= options.max) return [];
    return [
      { message: `the image has ${count} layers, more than the cap of ${options.max}`, setting: 'FROM', hint: 'merge RUN steps and COPY from one build stage' },
    ];
  },
});
