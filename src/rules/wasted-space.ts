import { formatSize } from '../common/sizes.ts';
import { defineRule } from './rule.ts';
import { formatSizePair } from './text.ts';

export const wastedSpace = defineRule({
  id: 'wasted-space',
  title: 'Little space hidden by later layers',
  anchor: 'wasted-space',
  levels: { recommended: 'warning', strict: 'error' },
  options: { max: { kind: 'size', default: 10_000_000, strict: 1_000_000 } },
  needsFiles: true,
  check: ({ facts, options }) => {
    const { hidden, layers } = facts.sizes;
    if (hidden <= options.max) return [];
    const worst = layers.reduce((a, b) => (b.hidden > a.hidden ? b : a));
    const [hiddenText, capText] = formatSizePair(hidden, options.max);
    return [
      {
        message: `${hiddenText} of files are stored in layers but hidden by later ones (cap ${capText}); layer ${worst.index} holds ${formatSize(worst.hidden)} of them`,
        layer: worst.index,
        hint: 'delete files in the same RUN step that creates them, or build in a separate stage and COPY only the result',
      },
    ];
  },
});
