import { binaryFindings } from './binary-findings.ts';
import type { Rule } from './rule.ts';

export const noPackageManager: Rule<'no-package-manager'> = {
  id: 'no-package-manager',
  title: 'No OS package manager in the image',
  needsFiles: true,
  check: ({ facts }) => binaryFindings('package manager', facts.packageManagers, facts),
};
