import { binaryFindings } from './binary-findings.ts';
import type { Rule } from './rule.ts';

export const noShell: Rule<'no-shell'> = {
  id: 'no-shell',
  title: 'No shell in the image',
  needsFiles: true,
  check: ({ facts }) => binaryFindings('shell', facts.shells, facts),
};
