import { toolFindings } from './tool-findings.ts';
import { defineRule } from './rule.ts';

export const noPackageManager = defineRule({
  id: 'no-package-manager',
  title: 'No OS or language package manager in the image',
  anchor: 'no-package-manager',
  levels: { recommended: 'error', strict: 'error' },
  options: { managers: { kind: 'names', default: [] } },
  needsFiles: true,
  // Whatever the level: the report lists the package managers found.
  factOptions: ({ options }) => ({ extraPackageManagers: options.managers }),
  check: ({ facts }) => toolFindings('package manager', facts.packageManagers, facts),
});
