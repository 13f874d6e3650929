import type { ProgramFacts } from '../facts/entrypoint.ts';
import { defineRule } from './rule.ts';

/** TLS libraries that verify servers against the system's CA certificates, by the DT_NEEDED names they go by. */
const TLS_LIBRARIES: [RegExp, string][] = [
  [/^libssl\.so(?:\.|$)/, 'OpenSSL'],
  [/^libgnutls\.so(?:\.|$)/, 'GnuTLS'],
  [/^libnss3\.so(?:\.|$)/, 'NSS'],
];

const HINT =
  'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ (from a build stage with ca-certificates installed), or build FROM gcr.io/distroless/static-debian12 or base-debian12, which have it';

/** Why the program needs CA certificates, or undefined when nothing says it does. */
function tlsUser(program: ProgramFacts): string | undefined {
  if (program.elf?.goBuildId !== undefined) return 'is a Go program, whose crypto/x509 reads the CA certificates from the image';
  for (const library of program.libraries?.libraries ?? []) {
    const known = TLS_LIBRARIES.find(([pattern]) => pattern.test(library.name));
    if (known) return `links ${library.name} (${known[1]}), which verifies servers against the CA certificates in the image`;
  }
  return undefined;
}

export const caCertificates = defineRule({
  id: 'ca-certificates',
  title: 'A CA bundle for an entry point that makes TLS connections',
  anchor: 'ca-certificates',
  levels: { recommended: 'warning', strict: 'warning' },
  options: {},
  needsFiles: true,
  check: ({ facts }) => {
    const program = facts.entrypoint.program;
    const ca = facts.caCertificates;
    if (!program?.path || !ca || ca.files.length > 0 || ca.directories.length > 0) return [];
    const why = tlsUser(program);
    if (!why) return [];
    // SSL_CERT_FILE and SSL_CERT_DIR replace the usual places: what they name is all that is read.
    const settings = [
      ...(ca.certFileEnv !== undefined ? [['SSL_CERT_FILE', ca.certFileEnv]] : []),
      ...(ca.certDirEnv !== undefined ? [['SSL_CERT_DIR', ca.certDirEnv]] : []),
    ];
    const where =
      settings.length > 0
        ? `${settings.map(([name, value]) => `${name}=${value}`).join(' and ')} ${settings.length > 1 ? 'point' : 'points'} at no CA certificate in the image`
        : 'the image has no CA bundle';
    const env = settings.length > 0 ? { setting: 'ENV' as const, envName: settings[0][0] } : {};
    return [
      {
        message: `${program.path} ${why}, but ${where}: TLS connections will fail ("x509: certificate signed by unknown authority", "certificate verify failed")`,
        path: program.path,
        layer: program.layer,
        ...env,
        hint: HINT,
      },
    ];
  },
});
