import { distrolessHint } from './hints.ts';
import type { Rule } from './rule.ts';

export const noPackageManager: Rule<'no-package-manager'> = {
  id: 'no-package-manager',
  title: 'No OS package manager in the image',
  needsFiles: true,
  check: ({ facts }) =>
    facts.packageManagers.map((manager) => ({
      message: `package manager ${manager.path}${manager.via ? ` (-> ${manager.via})` : ''} is in the image`,
      path: manager.path,
      layer: manager.layer,
      hint: distrolessHint(facts),
    })),
};
