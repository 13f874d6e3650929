import { formatSize } from '../policy/index.ts';
import type { RawFinding, Rule } from './rule.ts';

export const maxSize: Rule<'max-size'> = {
  id: 'max-size',
  title: 'Image size within the caps',
  needsFiles: false,
  check: ({ facts, options }) => {
    const findings: RawFinding[] = [];
    const { compressed, uncompressed } = facts.sizes;
    const hint = 'use a smaller base image and keep build tools out of the final stage';
    if (options.compressed !== undefined && compressed !== undefined && compressed > options.compressed) {
      findings.push({ message: `compressed size ${formatSize(compressed)} exceeds the cap of ${formatSize(options.compressed)}`, setting: 'FROM', hint });
    }
    if (options.uncompressed !== undefined && facts.filesRead && uncompressed > options.uncompressed) {
      findings.push({ message: `uncompressed size ${formatSize(uncompressed)} exceeds the cap of ${formatSize(options.uncompressed)}`, setting: 'FROM', hint });
    }
    return findings;
  },
};
