import { formatSize } from '../policy/index.ts';
import type { Rule } from './rule.ts';

export const sizeIncrease: Rule<'size-increase'> = {
  id: 'size-increase',
  title: 'Growth against the baseline within limits',
  needsFiles: false,
  check: ({ facts, options, baseline }) => {
    if (!baseline) return [];
    // Compare like with like: compressed where both sides know it, else uncompressed.
    const useCompressed = baseline.compressed !== undefined && facts.sizes.compressed !== undefined;
    const before = useCompressed ? (baseline.compressed as number) : baseline.uncompressed;
    const after = useCompressed ? (facts.sizes.compressed as number) : facts.sizes.uncompressed;
    if (before === 0 && !useCompressed && !facts.filesRead) return [];
    const growth = after - before;
    if (growth <= 0) return [];
    const percent = before > 0 ? (growth / before) * 100 : Infinity;
    const overBytes = options.bytes !== undefined && growth > options.bytes;
    const overPercent = options.percent !== undefined && percent > options.percent;
    if (!overBytes && !overPercent) return [];
    const limit = [options.bytes !== undefined && formatSize(options.bytes), options.percent !== undefined && `${options.percent}%`]
      .filter(Boolean)
      .join(' / ');
    const kind = useCompressed ? 'compressed' : 'uncompressed';
    return [
      {
        message: `the image grew by ${formatSize(growth)} (${Number.isFinite(percent) ? `+${percent.toFixed(1)}%` : 'new'}, ${kind}) against ${baseline.reference}, over the limit of ${limit}`,
        setting: 'FROM',
        hint: 'see the layers and directories that grew in the size table; keep build outputs and caches out of the final stage',
      },
    ];
  },
};
