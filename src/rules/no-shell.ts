import { binaryFindings } from './binary-findings.ts';
import { defineRule } from './rule.ts';

export const noShell = defineRule({
  id: 'no-shell',
  title: 'No shell in the image',
  anchor: 'no-shell',
  levels: { recommended: 'error', strict: 'error' },
  options: { shells: { kind: 'names', default: [] } },
  needsFiles: true,
  // Whatever the level: the report lists the shells found.
  factOptions: ({ options }) => ({ extraShells: options.shells }),
  check: ({ facts }) => binaryFindings('shell', facts.shells, facts),
});
