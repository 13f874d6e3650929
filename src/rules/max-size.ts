import { type RawFinding, defineRule } from './rule.ts';
import { formatSizePair } from './text.ts';

export const maxSize = defineRule({
  id: 'max-size',
  title: 'Image size within the caps',
  anchor: 'max-size',
  levels: { recommended: 'off', strict: 'off' },
  options: { compressed: { kind: 'size', optional: true }, uncompressed: { kind: 'size', optional: true } },
  needsFiles: false,
  missingOption: ({ compressed, uncompressed }) =>
    compressed === undefined && uncompressed === undefined ? 'a limit; set compressed, uncompressed or both' : undefined,
  check: ({ facts, options }) => {
    const findings: RawFinding[] = [];
    const { compressed, uncompressed } = facts.sizes;
    const hint = 'use a smaller base image and keep build tools out of the final stage';
    const over = (kind: string, size: number, cap: number): void => {
      const [sizeText, capText] = formatSizePair(size, cap);
      findings.push({ message: `${kind} size ${sizeText} exceeds the cap of ${capText}`, setting: 'FROM', hint });
    };
    if (options.compressed !== undefined && compressed !== undefined && compressed > options.compressed) over('compressed', compressed, options.compressed);
    if (options.uncompressed !== undefined && facts.filesRead && uncompressed > options.uncompressed) over('uncompressed', uncompressed, options.uncompressed);
    return findings;
  },
});
