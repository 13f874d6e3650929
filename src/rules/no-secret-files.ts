import { defineRule } from './rule.ts';

/** The scan's cap, as findings word it (facts/secret-capture.ts SECRET_READ_CAP). */
const READ_CAP_WORDS = '256 KiB';

export const noSecretFiles = defineRule({
  id: 'no-secret-files',
  title: 'No secrets in files of any layer',
  anchor: 'no-secret-files',
  levels: { recommended: 'error', strict: 'error' },
  options: {},
  needsFiles: true,
  check: ({ facts }) =>
    facts.secretFiles.map((secret) => {
      const where = secret.line !== undefined ? `${secret.path}:${secret.line}` : secret.path;
      const partly = secret.partial ? ` (only its first ${READ_CAP_WORDS} were read)` : '';
      const removed = secret.removedIn !== undefined ? `; removed in layer ${secret.removedIn}, but layer ${secret.layer} still holds it` : '';
      const hint =
        (secret.removedIn !== undefined ? 'a file removed by a later layer is still in the image for anyone who pulls it: ' : '') +
        'pass credentials to the build with RUN --mount=type=secret, or use them in an earlier stage of a multi-stage build and copy only what it produced; rotate the credential, it has been exposed';
      return {
        message: `${secret.kind} in ${where}${partly}: ${secret.fingerprint}${removed}`,
        path: secret.path,
        layer: secret.layer,
        fingerprint: secret.fingerprint,
        hint,
      };
    }),
});
