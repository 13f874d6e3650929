import { defineRule } from './rule.ts';

/** Network and privilege tools an attacker would reach for, wherever a bin/ directory is. */
export const DEFAULT_FORBIDDEN_PATHS: readonly string[] = ['curl', 'wget', 'nc', 'ncat', 'netcat', 'ssh', 'scp', 'telnet', 'sudo', 'su', 'doas'].map(
  (tool) => `**/bin/${tool}`,
);

export const forbiddenPaths = defineRule({
  id: 'forbidden-paths',
  title: 'No forbidden paths',
  anchor: 'forbidden-paths',
  levels: { recommended: 'off', strict: 'error' },
  options: { paths: { kind: 'pathGlobs', default: [...DEFAULT_FORBIDDEN_PATHS] } },
  needsFiles: true,
  // Matching walks every path of the image: only when the rule runs.
  factOptions: ({ level, options }) => (level === 'off' ? {} : { pathGlobs: options.paths }),
  check: ({ facts }) =>
    (facts.pathMatches ?? []).map((match) => ({
      message: `${match.path} matches the forbidden path ${match.glob}`,
      path: match.path,
      layer: match.layer,
      hint: 'remove it in the build stage, or do not COPY it into the final image',
    })),
});
