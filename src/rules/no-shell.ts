import { distrolessHint } from './hints.ts';
import type { Rule } from './rule.ts';

export const noShell: Rule<'no-shell'> = {
  id: 'no-shell',
  title: 'No shell in the image',
  needsFiles: true,
  check: ({ facts }) =>
    facts.shells.map((shell) => ({
      message: `shell ${shell.path}${shell.via ? ` (-> ${shell.via})` : ''} is in the image`,
      path: shell.path,
      layer: shell.layer,
      hint: distrolessHint(facts),
    })),
};
