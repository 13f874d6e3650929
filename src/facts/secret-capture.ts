/**
 * The secret scan's part of the layer reader: which files of a layer are worth reading for
 * credentials (by name, size and place), and a collector that reads their first bytes and keeps
 * only detections (kind, fingerprint, line), never the bytes. Every layer is scanned, so a file a
 * later layer removes is found where it still lies.
 */
import { NOTHING_KEPT } from '../image/collectors.ts';
import type { CapturedFile, Collector, LayerEntry } from '../image/types.ts';
import { type Detection, type FileRole, detectSecrets, partsMayHoldToken } from './secret-detect.ts';
import { keystoreDetections } from './secret-keystore.ts';

/** Bytes read of a file at most; a longer file named like a credential is read this far and its findings say so. */
export const SECRET_READ_CAP = 256 * 1024;
/** Shorter files cannot hold any format (the shortest, a GitLab token, has 26 characters); named files are read whatever their size. */
const MIN_SCANNED = 20;
/** A NUL byte in this many first bytes makes a file binary (as git and grep decide). */
const BINARY_PROBE = 1024;

/** What the scan found in one file of one layer. */
export interface SecretScan {
  detections: Detection[];
  /** The file was longer than SECRET_READ_CAP: only its start was read. */
  partial: boolean;
}

/** A captured file with what the scan found in it. */
interface CapturedWithSecrets extends CapturedFile {
  secrets?: SecretScan;
}

/** What the scan found in a captured file, if it found anything. */
export function capturedSecrets(file: CapturedFile): SecretScan | undefined {
  return (file as CapturedWithSecrets).secrets;
}

/**
 * Trees where public material lives (docs, headers, CA bundles, the JDK's own keystores, the test
 * data of third-party packages): a user's secret there is rare, and real images hold thousands of
 * files there (Trivy allow-lists usr/share and usr/include too).
 */
const ALLOWED_TREES = [
  '/usr/share/',
  '/usr/include/',
  '/usr/lib/jvm/',
  '/etc/ssl/certs/',
  '/etc/pki/',
  '/etc/ca-certificates/',
  '/usr/local/share/ca-certificates/',
  '/usr/lib/ssl/certs/',
];
const ALLOWED_PATTERNS = [
  // CPython's own test suite (libpython3.x-testsuite, or a source build's Lib/test).
  /^\/usr(?:\/local)?\/lib\/python[0-9.]+\/test\//,
  // Third-party packages' test data (keys and tokens made up for their tests).
  /\/(?:site|dist)-packages\/(?:[^/]+\/)*(?:tests?|testdata|testing)\//,
  /\/node_modules\/(?:[^/]+\/)*(?:tests?|__tests__|fixtures?|testdata)\//,
  /\/pkg\/mod\/(?:[^/]+\/)*testdata\//,
  /^\/usr(?:\/local)?\/(?:lib\/)?go(?:-[0-9.]+)?\/(?:[^/]+\/)*testdata\//,
];

/**
 * Where package managers put what they install: distribution files under /usr (but /usr/local and
 * /usr/src, where apps go), and Node, Python and Ruby packages anywhere. Public code, read by
 * thousands of files: their contents are not searched, though files named like credentials and
 * executable scripts there still are.
 */
function isPackageCode(path: string): boolean {
  if (path.startsWith('/usr/') && !path.startsWith('/usr/local/') && !path.startsWith('/usr/src/')) return true;
  return PACKAGE_DIRS.some((dir) => path.includes(dir));
}
const PACKAGE_DIRS = ['/node_modules/', '/site-packages/', '/dist-packages/', '/gems/'];

/** Bodies that are never text: compressed, compiled, media. Most are caught by the NUL probe too, but need no read at all. */
const BINARY_EXTENSIONS = new Set(
  'so a o ko pyc pyo class jar war ear zip gz tgz xz bz2 zst lz4 7z png jpg jpeg gif ico webp bmp tif tiff woff woff2 ttf otf eot mo wasm node db sqlite sqlite3 mp3 mp4 ogg pdf'.split(
    ' ',
  ),
);

const TEMPLATE_SUFFIX = /\.(?:example|sample|template|tmpl|dist|defaults?)$/;

const ROLE_BY_NAME = new Map<string, FileRole | 'key'>([
  ['.npmrc', 'npmrc'],
  ['npmrc', 'npmrc'],
  ['.pypirc', 'pypirc'],
  ['.netrc', 'netrc'],
  ['_netrc', 'netrc'],
  ['.git-credentials', 'git-credentials'],
  ['config.json', 'docker-config'],
  ['auth.json', 'docker-config'],
  ...['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk'].map((name): [string, 'key'] => [name, 'key']),
]);
const ROLE_BY_EXTENSION = new Map<string, FileRole | 'key'>([
  ...['p12', 'pfx', 'jks', 'jceks', 'keystore'].map((extension): [string, 'keystore'] => [extension, 'keystore']),
  ...['pem', 'key', 'ppk', 'asc', 'gpg'].map((extension): [string, 'key'] => [extension, 'key']),
]);

const KUBECONFIG_EXTENSIONS = new Set(['', 'yaml', 'yml', 'json', 'conf', 'config']);

/** The part of a name after its last dot, or '' (asked of every file in every layer: no regular expression). */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1);
}

/** What the name says a file is: a credential store, a key, or nothing in particular (undefined). */
function roleByName(dir: string, name: string): FileRole | 'key' | undefined {
  const named = ROLE_BY_NAME.get(name);
  if (named !== undefined) return named;
  if (name === 'credentials' || name === 'config') {
    if (dir.endsWith('/.aws')) return 'aws-credentials';
    if (name === 'config' && dir.endsWith('/.kube')) return 'kubeconfig';
    if (name === 'config' && dir.endsWith('/.git')) return 'text';
  }
  if (name === '.env' || name.startsWith('.env.')) return TEMPLATE_SUFFIX.test(name) ? 'text' : 'env';
  // kubeconfig, dev.kubeconfig, kubeconfig.yaml; not a client library's kubeconfig.py.
  if (name.includes('kubeconfig') && KUBECONFIG_EXTENSIONS.has(name.endsWith('kubeconfig') ? '' : extensionOf(name))) return 'kubeconfig';
  return ROLE_BY_EXTENSION.get(extensionOf(name));
}

/** Whether a path lies where public material lives (ALLOWED_TREES, ALLOWED_PATTERNS). */
export function isAllowListed(path: string): boolean {
  return ALLOWED_TREES.some((tree) => path.startsWith(tree)) || (path.includes('test') && ALLOWED_PATTERNS.some((pattern) => pattern.test(path)));
}

/**
 * Whether to read a regular file for secrets, and as what: a file named like a credential store or
 * a key whatever its size (up to the cap), any other file when small, not known to be binary and
 * not installed package code; nothing under the allow-listed trees.
 */
export function secretCandidate(path: string, entry: LayerEntry): { role: FileRole; named: boolean } | undefined {
  if (entry.size === 0) return undefined;
  const byName = roleByName(entry.dir, entry.name);
  if (byName === undefined) {
    if (entry.size < MIN_SCANNED || entry.size > SECRET_READ_CAP) return undefined;
    if (BINARY_EXTENSIONS.has(extensionOf(entry.name)) || entry.name.includes('.so.')) return undefined;
    if ((entry.mode & 0o111) === 0 && isPackageCode(path)) return undefined;
  }
  if (isAllowListed(path)) return undefined;
  if (byName === undefined) return { role: 'text', named: false };
  return { role: byName === 'key' ? 'text' : byName, named: true };
}

/** A collector that scans a file for secrets, keeping nothing when it finds none. */
export function createSecretCollector(role: FileRole): Collector {
  return new SecretCollector(role);
}

/**
 * Runs the executable collector (ELF facts, `#!` line) and the secret scan over one body: a script
 * or a file marked executable by a careless COPY may hold a credential; an ELF body stops the
 * scan at its first bytes.
 */
export function withSecretScan<C extends CapturedFile>(collector: Collector<C>, role: FileRole): Collector<C> {
  const scan = new SecretCollector(role);
  let wantsMore = true;
  let scanWantsMore = true;
  const combined = (captured: C, found: CapturedFile): C => (found === NOTHING_KEPT ? captured : { ...captured, secrets: capturedSecrets(found) });
  return {
    push(chunk) {
      if (wantsMore) wantsMore = collector.push(chunk);
      if (scanWantsMore) scanWantsMore = scan.push(chunk);
      return wantsMore || scanWantsMore;
    },
    finish(size) {
      return combined(collector.finish(size), scan.finish(size));
    },
    ...(collector.readAt
      ? { readAt: (read: (offset: number, length: number) => Buffer, size: number) => combined(collector.readAt!(read, size), scan.readAt(read, size)) }
      : {}),
  };
}

class SecretCollector implements Collector {
  private readonly role: FileRole;
  private readonly parts: Buffer[] = [];
  private kept = 0;
  private binary = false;

  constructor(role: FileRole) {
    this.role = role;
  }

  push(chunk: Buffer): boolean {
    if (this.binary || this.kept >= SECRET_READ_CAP) return false;
    if (this.kept < BINARY_PROBE && this.role !== 'keystore' && chunk.subarray(0, BINARY_PROBE - this.kept).includes(0)) {
      this.binary = true;
      this.parts.length = 0;
      return false;
    }
    const take = Math.min(chunk.length, SECRET_READ_CAP - this.kept);
    // Views: chunks stay valid until finish returns, and are scanned there.
    this.parts.push(take === chunk.length ? chunk : chunk.subarray(0, take));
    this.kept += take;
    return this.kept < SECRET_READ_CAP;
  }

  finish(size: number): CapturedFile {
    if (this.binary || (this.role === 'text' && !partsMayHoldToken(this.parts))) return NOTHING_KEPT;
    const bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
    this.parts.length = 0;
    return this.scan(bytes, size);
  }

  readAt(read: (offset: number, length: number) => Buffer, size: number): CapturedFile {
    // The probe first: an ELF file (most executables) costs one small read, not the cap.
    if (this.role !== 'keystore' && read(0, Math.min(size, BINARY_PROBE)).includes(0)) return NOTHING_KEPT;
    const bytes = read(0, Math.min(size, SECRET_READ_CAP));
    if (this.role === 'text' && !partsMayHoldToken([bytes])) return NOTHING_KEPT;
    return this.scan(bytes, size);
  }

  private scan(bytes: Buffer, size: number): CapturedFile {
    const partial = size > bytes.length;
    const detections = this.role === 'keystore' ? keystoreDetections(bytes, !partial) : detectSecrets(bytes.toString('latin1'), this.role, !partial);
    if (detections.length === 0) return NOTHING_KEPT;
    const captured: CapturedWithSecrets = { head: NOTHING_KEPT.head, truncated: size > 0, secrets: { detections, partial } };
    return captured;
  }
}
