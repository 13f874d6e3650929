import picomatch from 'picomatch';
import type { HistorySecret } from '../facts/history-secrets.ts';
import { NAMED_SECRET_KIND } from '../facts/secret-tokens.ts';
import { defineRule } from './rule.ts';
import type { RawFinding } from './rule.ts';

const HINTS: Record<HistorySecret['source'], string> = {
  'build-arg':
    'pass it with RUN --mount=type=secret (or an SSH mount) instead of a build argument: every RUN records the build arguments in scope, and the history ships with the image',
  env: 'a later ENV does not remove it: the history keeps every value; pass secrets at run time or with RUN --mount=type=secret, then rotate this one',
  label: 'labels are public metadata of the image; move the secret out of LABEL and rotate it',
  annotation: 'annotations are public metadata of the image; move the secret out of the annotation and rotate it',
  command: 'the command is recorded in the history as written; pass the secret with RUN --mount=type=secret, then rotate it',
};

/** How a finding names where it lies; the key is a name, never the value. */
function where(secret: HistorySecret): string {
  const key = secret.key ?? '';
  switch (secret.source) {
    case 'build-arg':
      return `build argument ${key} recorded in the image history`;
    case 'env':
      return `ENV ${key}, changed or blanked by a later instruction but kept in the image history,`;
    case 'label':
      return `label ${key}`;
    case 'annotation':
      return `annotation ${key}`;
    default:
      return 'a command recorded in the image history';
  }
}

const SETTINGS = { 'build-arg': 'ARG', env: 'ENV', label: 'LABEL' } as const;

export const noSecretsInHistory = defineRule({
  id: 'no-secrets-in-history',
  title: 'No credentials in build arguments, history, labels or annotations',
  anchor: 'no-secrets-in-history',
  levels: { recommended: 'error', strict: 'error' },
  options: { allow: { kind: 'globs', default: [] } },
  needsFiles: false,
  check: ({ facts, options }) => {
    const allowed = options.allow.length > 0 ? picomatch(options.allow, { nocase: true }) : () => false;
    return (facts.historySecrets ?? []).flatMap((secret): RawFinding[] => {
      if (secret.key !== undefined && allowed(secret.key)) return [];
      const setting = secret.source === 'annotation' || secret.source === 'command' ? undefined : SETTINGS[secret.source];
      return [
        {
          message: `${where(secret)} ${secret.kind === NAMED_SECRET_KIND ? 'holds a value and has a name that suggests a credential' : `holds what looks like ${secret.kind}`} (${secret.fingerprint})`,
          ...(secret.layer !== undefined && secret.source === 'command' ? { layer: secret.layer } : {}),
          ...(setting ? { setting, envName: secret.key } : {}),
          ...(secret.historyIndex !== undefined ? { historyIndex: secret.historyIndex } : {}),
          hint: HINTS[secret.source],
          fingerprint: secret.fingerprint,
        },
      ];
    });
  },
});
