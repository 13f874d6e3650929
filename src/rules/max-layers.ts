import type { Rule } from './rule.ts';

export const maxLayers: Rule<'max-layers'> = {
  id: 'max-layers',
  title: 'Layer count within the cap',
  needsFiles: false,
  check: ({ facts, options }) => {
    const count = facts.sizes.layers.length;
    if (options.max === undefined || count <= options.max) return [];
    return [
      { message: `the image has ${count} layers, more than the cap of ${options.max}`, setting: 'FROM', hint: 'merge RUN steps and COPY from one build stage' },
    ];
  },
};
