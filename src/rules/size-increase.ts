import { defineRule } from './rule.ts';
import { formatSizePair } from './text.ts';

export const sizeIncrease = defineRule({
  id: 'size-increase',
  title: 'Growth against the baseline within limits',
  anchor: 'size-increase',
  levels: { recommended: 'warning', strict: 'error' },
  options: { bytes: { kind: 'size', optional: true }, percent: { kind: 'percent', default: 10, strict: 5, optional: true } },
  needsFiles: false,
  missingOption: ({ bytes, percent }) => (bytes === undefined && percent === undefined ? 'a limit; set bytes, percent or both' : undefined),
  check: ({ facts, options, baseline }) => {
    if (!baseline) return [];
    // Compare like with like: compressed where both sides know it, else uncompressed.
    const useCompressed = baseline.compressed !== undefined && facts.sizes.compressed !== undefined;
    const before = useCompressed ? (baseline.compressed ?? 0) : (baseline.uncompressed ?? 0);
    const after = useCompressed ? (facts.sizes.compressed ?? 0) : facts.sizes.uncompressed;
    // No image is 0 bytes: 0 means that side's size is not known (layers not read), so there is nothing to compare.
    if (before === 0 || after === 0) return [];
    const growth = after - before;
    const percent = (growth / before) * 100;
    const overBytes = options.bytes !== undefined && growth > options.bytes;
    const overPercent = options.percent !== undefined && percent > options.percent;
    if (growth <= 0 || (!overBytes && !overPercent)) return [];
    const [growthText, bytesText] = formatSizePair(growth, options.bytes ?? growth);
    const limit = [options.bytes !== undefined && bytesText, options.percent !== undefined && `${options.percent}%`].filter(Boolean).join(' / ');
    return [
      {
        message: `the image grew by ${growthText} (+${percent.toFixed(1)}%, ${useCompressed ? 'compressed' : 'uncompressed'}) against ${baseline.reference}, over the limit of ${limit}`,
        setting: 'FROM',
        hint: 'see the layers and directories that grew in the size table; keep build outputs and caches out of the final stage',
      },
    ];
  },
});
