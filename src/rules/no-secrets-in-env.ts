import picomatch from 'picomatch';
import { SECRET_NAMES, tokenKindOf } from '../facts/secret-tokens.ts';
import { defineRule } from './rule.ts';

/** An absolute path with no spaces: where a secret is kept, not the secret. */
const FILE_REFERENCE = /^\/\S*$/;

/** Enough to recognise the variable, never enough to use it. */
export function redact(value: string): string {
  return `<redacted, ${value.length} chars>`;
}

export const noSecretsInEnv = defineRule({
  id: 'no-secrets-in-env',
  title: 'No credentials in the environment',
  anchor: 'no-secrets-in-env',
  levels: { recommended: 'error', strict: 'error' },
  options: { names: { kind: 'globs', default: [] }, allow: { kind: 'globs', default: [] } },
  needsFiles: false,
  check: ({ facts, options }) => {
    const isSecretName = picomatch([...SECRET_NAMES, ...options.names], { nocase: true });
    const allowed = options.allow.length > 0 ? picomatch(options.allow, { nocase: true }) : () => false;
    const hint =
      'pass secrets at run time (orchestrator secrets, mounted files) or with RUN --mount=type=secret at build time; ENV is stored in the image for anyone who pulls it';
    return facts.env.flatMap(([name, value]) => {
      if (value === '' || allowed(name)) return [];
      const shape = tokenKindOf(value);
      // DB_PASSWORD_FILE=/run/secrets/db, GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/key.json: where the secret is, not the secret.
      if (!shape && (!isSecretName(name) || FILE_REFERENCE.test(value))) return [];
      const why = shape ? `holds what looks like ${shape}` : 'has a name that suggests a credential';
      return [{ message: `ENV ${name}=${redact(value)} ${why}`, setting: 'ENV' as const, envName: name, hint }];
    });
  },
});
