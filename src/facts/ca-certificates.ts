import { posix } from 'node:path';
import type { FileLookup } from '../image/types.ts';

/** Where a program that makes TLS connections looks for the CA certificates it trusts, and what the image has there. */
export interface CaCertificateFacts {
  /** SSL_CERT_FILE from Env, when set: Go and OpenSSL read it instead of the usual bundle files. */
  certFileEnv?: string;
  /** SSL_CERT_DIR from Env, when set: Go (a `:`-separated list) and OpenSSL read it instead of the usual directories. */
  certDirEnv?: string;
  /** The bundle files looked at (SSL_CERT_FILE, else the usual ones) that are non-empty regular files. */
  files: string[];
  /** The directories looked at (SSL_CERT_DIR's, else the usual ones) that hold a non-empty regular file. */
  directories: string[];
}

/**
 * The bundle files Go's crypto/x509 tries on Linux (root_linux.go), which also cover OpenSSL's and
 * GnuTLS's defaults on Debian, Fedora, Alpine and SUSE (Debian's /usr/lib/ssl/cert.pem links to the first).
 */
export const CA_BUNDLE_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
/** The directories Go reads every file of, and OpenSSL its hashed names (Debian's /usr/lib/ssl/certs links to the first). */
export const CA_DIRECTORIES = ['/etc/ssl/certs', '/etc/pki/tls/certs', '/usr/lib/ssl/certs'];
/** A directory is looked into this far: one certificate is enough to count. */
const MAX_DIRECTORY_ENTRIES = 1000;

function nonEmptyFile(fs: FileLookup, path: string): boolean {
  const found = fs.resolve(path);
  return found !== undefined && (found.node.type === 'file' || found.node.type === 'hardlink') && found.node.size > 0;
}

function holdsFile(fs: FileLookup, dir: string): boolean {
  const found = fs.resolve(dir);
  if (found?.node.type !== 'dir') return false;
  return fs
    .list(found.path)
    .slice(0, MAX_DIRECTORY_ENTRIES)
    .some((name) => nonEmptyFile(fs, posix.join(found.path, name)));
}

export function caCertificateFacts(fs: FileLookup, env: Map<string, string>, workingDir: string): CaCertificateFacts {
  const certFileEnv = env.get('SSL_CERT_FILE') || undefined;
  const certDirEnv = env.get('SSL_CERT_DIR') || undefined;
  // A relative value is opened from the process's working directory.
  const files = (certFileEnv !== undefined ? [posix.resolve(workingDir, certFileEnv)] : CA_BUNDLE_FILES).filter((path) => nonEmptyFile(fs, path));
  const dirs =
    certDirEnv !== undefined
      ? certDirEnv
          .split(':')
          .filter(Boolean)
          .map((dir) => posix.resolve(workingDir, dir))
      : CA_DIRECTORIES;
  const directories = dirs.filter((dir) => holdsFile(fs, dir));
  return { ...(certFileEnv !== undefined ? { certFileEnv } : {}), ...(certDirEnv !== undefined ? { certDirEnv } : {}), files, directories };
}
