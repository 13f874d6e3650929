/**
 * What a file's text holds that is a credential: private keys with a key body, AWS keys with their
 * secret, the token formats of secret-tokens.ts, and the credentials of files whose names say what
 * they hold (.npmrc, .netrc, Docker and kube configs, .env). Pure: text in, detections out. A
 * detection carries the secret's fingerprint, never the secret.
 */
import picomatch from 'picomatch';
import { SECRET_NAMES, findTokens, fingerprintOf, isPlaceholder } from './secret-tokens.ts';

/** What a file's name says it is; `text` is any other small text file. */
export type FileRole = 'npmrc' | 'pypirc' | 'netrc' | 'git-credentials' | 'docker-config' | 'kubeconfig' | 'env' | 'aws-credentials' | 'keystore' | 'text';

/** One secret found in a file's text. */
export interface Detection {
  /** Words a finding uses: "<kind> in /path". */
  kind: string;
  fingerprint: string;
  /** 1-based line of the secret's start. */
  line?: number;
}

/** A detection with the range of text it covers, while a file is scanned. */
interface Hit {
  kind: string;
  start: number;
  end: number;
  value: string;
}

/** More findings in one file say nothing new. */
const MAX_PER_FILE = 16;

/** Credential formats worth a look in any text; most files hold none of these, and are done after a few searches. */
const MARKERS = [
  'PRIVATE KEY',
  'AKIA',
  'ASIA',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'github_pat_',
  'glpat-',
  'xox',
  'npm_',
  'pypi-',
  'AIza',
  '_live_',
  '://',
];
const MARKER_BYTES = MARKERS.map((marker) => Buffer.from(marker, 'latin1'));
const LONGEST_MARKER = Math.max(...MARKERS.map((marker) => marker.length));

/** Whether a plain text file may hold a credential format at all (a cheap test before the regular expressions). */
export function mayHoldToken(text: string): boolean {
  return MARKERS.some((marker) => text.includes(marker));
}

/**
 * mayHoldToken on a body in parts, as a stream hands it over: searched where they lie, joints
 * included, so a body that holds no marker (most) is never copied into one buffer or a string.
 */
export function partsMayHoldToken(parts: readonly Buffer[]): boolean {
  for (const [index, part] of parts.entries()) {
    if (MARKER_BYTES.some((marker) => part.includes(marker))) return true;
    const next = parts[index + 1];
    if (next === undefined) break;
    const joint = Buffer.concat([part.subarray(Math.max(0, part.length - LONGEST_MARKER + 1)), next.subarray(0, LONGEST_MARKER - 1)]);
    if (MARKER_BYTES.some((marker) => joint.includes(marker))) return true;
  }
  return false;
}

/**
 * The secrets in `text` (a file's first bytes read as latin1: offsets are byte offsets), most
 * specific detector first; a later one skips what an earlier one covered. Returns at most
 * MAX_PER_FILE, each secret once.
 */
export function detectSecrets(text: string, role: FileRole, complete: boolean): Detection[] {
  const hits: Hit[] = [];
  const add = (hit: Hit): void => {
    if (hits.length >= MAX_PER_FILE * 2 || hits.some((other) => hit.start < other.end && other.start < hit.end)) return;
    hits.push(hit);
  };
  if (role !== 'text' || mayHoldToken(text)) {
    for (const hit of privateKeys(text, complete)) add(hit);
    for (const hit of ROLE_DETECTORS[role]?.(text) ?? []) add(hit);
    for (const hit of awsKeys(text)) add(hit);
    for (const hit of tokens(text)) add(hit);
  }
  hits.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const detections: Detection[] = [];
  let line = 1;
  let counted = 0;
  for (const hit of hits) {
    const fingerprint = fingerprintOf(hit.value);
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    line += countNewlines(text, counted, hit.start);
    counted = hit.start;
    detections.push({ kind: hit.kind, fingerprint, line });
    if (detections.length >= MAX_PER_FILE) break;
  }
  return detections;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

const KEY_KINDS: Record<string, string> = {
  RSA: 'an RSA private key',
  EC: 'an EC private key',
  DSA: 'a DSA private key',
  OPENSSH: 'an OpenSSH private key',
  '': 'a PKCS#8 private key',
  ENCRYPTED: 'an encrypted PKCS#8 private key',
  PGP: 'a PGP private key',
};

const BEGIN_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
/** The fewest base64 characters of a real key body (an Ed25519 PKCS#8 key has 64); doc examples shorten theirs with `...`. */
const MIN_KEY_BODY = 64;
/** Longer than any real key's armour (an 8192-bit RSA key is about 6.5 KB). */
const MAX_KEY_TEXT = 64 * 1024;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
const ARMOR_HEADER = /^[A-Za-z][A-Za-z0-9-]*: /;
const PGP_CHECKSUM = /^=[A-Za-z0-9+/]{4}$/;

/**
 * PEM and OpenSSH private keys with a body: a BEGIN line alone (libcrypto's strings, docs, a
 * parser's source) is no key. Lines may be broken by newlines or by JSON's `\n` (a cloud service
 * account file), indented (YAML), and start with armour headers (`Proc-Type:`, `Version:`).
 */
function* privateKeys(text: string, complete: boolean): Generator<Hit> {
  BEGIN_KEY.lastIndex = 0;
  for (let match = BEGIN_KEY.exec(text); match; match = BEGIN_KEY.exec(text)) {
    const body = keyBody(text, match.index + match[0].length, complete);
    if (body === undefined) continue;
    const label = (match[1] ?? '').trim();
    const kind = KEY_KINDS[label] ?? 'a private key';
    yield { kind, start: match.index, end: body.end, value: body.base64 };
    BEGIN_KEY.lastIndex = body.end;
  }
}

function keyBody(text: string, from: number, complete: boolean): { base64: string; end: number } | undefined {
  const parts: string[] = [];
  let length = 0;
  let at = from;
  const limit = Math.min(text.length, from + MAX_KEY_TEXT);
  for (;;) {
    at = skipBreaks(text, at, limit);
    if (at >= limit) break;
    if (text.startsWith('-----END ', at)) return length >= MIN_KEY_BODY ? { base64: parts.join(''), end: at } : undefined;
    const lineEnd = endOfLine(text, at, limit);
    const line = text.slice(at, lineEnd).trim();
    if (BASE64_LINE.test(line)) {
      parts.push(line);
      length += line.length;
    } else if (!(ARMOR_HEADER.test(line) && length === 0) && !PGP_CHECKSUM.test(line)) return undefined;
    at = lineEnd;
  }
  // The text ends inside the key: a key all the same when the file was only partly read.
  return !complete && at >= text.length && length >= MIN_KEY_BODY ? { base64: parts.join(''), end: at } : undefined;
}

/** Past whitespace and JSON-escaped line breaks. */
function skipBreaks(text: string, at: number, limit: number): number {
  while (at < limit) {
    const code = text.charCodeAt(at);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) at++;
    else if (code === 0x5c && (text[at + 1] === 'n' || text[at + 1] === 'r')) at += 2;
    else break;
  }
  return at;
}

/** Where the line starting at `at` ends: a newline, a JSON `\n`, an armour line, or a quote closing a string. */
function endOfLine(text: string, at: number, limit: number): number {
  let end = at;
  while (end < limit) {
    const code = text.charCodeAt(end);
    if (code === 0x0a || code === 0x0d || (code === 0x5c && (text[end + 1] === 'n' || text[end + 1] === 'r'))) break;
    if (code === 0x2d && text.startsWith('-----', end)) break;
    end++;
  }
  return end;
}

const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
const AWS_SECRET_ASSIGNED = /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
const FORTY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** How far from its key id a bare secret may lie: the next field or line of the same record. */
const AWS_NEAR = 300;

/** An AWS access key id with its secret: assigned by name anywhere in the file, or a 40-character secret near the id. */
function* awsKeys(text: string): Generator<Hit> {
  if (!text.includes('AKIA') && !text.includes('ASIA')) return;
  const ids = [...text.matchAll(AWS_KEY_ID)].filter((match) => !isPlaceholder(match[0]));
  if (ids.length === 0) return;
  const assigned = [...text.matchAll(AWS_SECRET_ASSIGNED)].filter((match) => !isPlaceholder(match[1]));
  for (const id of ids) {
    let secret = assigned.length > 0 ? { index: assigned[0].index + assigned[0][0].length - 40, value: assigned[0][1] } : undefined;
    if (!secret) {
      const from = Math.max(0, id.index - AWS_NEAR);
      const around = text.slice(from, id.index + id[0].length + AWS_NEAR);
      const near = [...around.matchAll(FORTY)].find((match) => looksLikeAwsSecret(match[0]));
      secret = near && { index: from + near.index, value: near[0] };
    }
    if (!secret) continue;
    yield { kind: 'an AWS access key with its secret', start: Math.min(id.index, secret.index), end: Math.max(id.index + 20, secret.index + 40), value: id[0] };
  }
}

/** Mixed case, not hex (a SHA-1 is 40 characters too), not a template. */
function looksLikeAwsSecret(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9/+]/.test(value) && !isPlaceholder(value);
}

/** Documentation's hosts (RFC 2606): a URL with a password there is an example. */
const EXAMPLE_HOST = /^(?:[a-z0-9-]+\.)*(?:example(?:\.(?:com|org|net))?|invalid|test|localhost)(?![a-z0-9.-])/i;

function* tokens(text: string): Generator<Hit> {
  for (const match of findTokens(text)) {
    // Keys are found with their bodies, AWS ids with their secrets; an id or a BEGIN line alone is not a credential in a file.
    if (match.kind === 'a private key' || match.kind === 'an AWS access key') continue;
    if (match.kind === 'a password in a URL' && EXAMPLE_HOST.test(text.slice(text.indexOf('@', match.end) + 1, match.end + 300))) continue;
    yield { kind: match.kind, start: match.start, end: match.end, value: text.slice(match.start, match.end) };
  }
}

/** A value as written after `=` or `:`: quotes and a trailing comment taken off. */
function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    const close = value.indexOf(quote, 1);
    return close === -1 ? value.slice(1) : value.slice(1, close);
  }
  const comment = value.search(/\s#/);
  return comment === -1 ? value : value.slice(0, comment).trim();
}

/** A value that is a credential rather than a template, a switch or a count. */
function isCredentialValue(value: string): boolean {
  if (value.length < 3 || isPlaceholder(value)) return false;
  if (/^(?:true|false|yes|no|on|off|null|none|nil|undefined|\d+)$/i.test(value)) return false;
  // A path to where the secret is kept (/run/secrets/db), not the secret.
  return !/^\/\S*$/.test(value);
}

/** Every `name <sep> value` line of `text` the pattern matches: the value in group 2, its name in group 1. */
function* assignments(text: string, pattern: RegExp, kind: (name: string) => string | undefined): Generator<Hit> {
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    const name = match[1];
    const value = unquote(match[2]);
    const what = kind(name);
    if (what === undefined || !isCredentialValue(value)) continue;
    const start = match.index + match[0].indexOf(value, match[0].length - match[2].length);
    yield { kind: what, start, end: start + value.length, value };
  }
}

const isSecretName = picomatch([...SECRET_NAMES], { nocase: true });

const ROLE_DETECTORS: Partial<Record<FileRole, (text: string) => Iterable<Hit>>> = {
  npmrc: (text) =>
    assignments(text, /^[ \t]*(?:\S*:)?(_authToken|_auth|_password)[ \t]*=(.*)$/gm, (name) =>
      name === '_authToken' ? 'an npm auth token in .npmrc' : 'an npm registry password in .npmrc',
    ),
  pypirc: (text) => assignments(text, /^[ \t]*(password)[ \t]*[:=](.*)$/gm, () => 'a password in .pypirc'),
  netrc: netrcPasswords,
  'aws-credentials': (text) =>
    assignments(text, /^[ \t]*(aws_secret_access_key|aws_session_token)[ \t]*=(.*)$/gim, (name) =>
      name.toLowerCase() === 'aws_session_token' ? 'an AWS session token' : 'an AWS secret access key',
    ),
  // A value is one word: `token: Optional[str] = None` in code is not a kube config's token.
  kubeconfig: (text) =>
    assignments(
      text,
      /^[ \t-]*(token|client-key-data|password|id-token|refresh-token|access-token)[ \t]*:[ \t]*(["']?[^\s"'#]+["']?)[ \t]*(?:#.*)?$/gm,
      (name) =>
        name === 'client-key-data' ? 'a client key in a kube config' : name === 'password' ? 'a password in a kube config' : 'a token in a kube config',
    ),
  env: (text) =>
    assignments(text, /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=(.*)$/gm, (name) =>
      isSecretName(name) ? `a credential in a .env file (${name})` : undefined,
    ),
  'docker-config': dockerAuths,
};

/** `machine host login user password secret`, on one line or several. */
function* netrcPasswords(text: string): Generator<Hit> {
  const word = /\S+/g;
  let previous = '';
  for (const match of text.matchAll(word)) {
    if (previous === 'password' && isCredentialValue(match[0])) {
      yield { kind: 'a password in .netrc', start: match.index, end: match.index + match[0].length, value: match[0] };
    }
    previous = match[0];
  }
}

/** `auths` entries with `auth` (base64 user:password), or an identity token: not a config that only names a credsStore. */
function* dockerAuths(text: string): Generator<Hit> {
  if (!text.includes('"auths"')) return;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return;
  }
  const auths = (config as { auths?: unknown } | null)?.auths;
  if (typeof auths !== 'object' || auths === null) return;
  for (const entry of Object.values(auths)) {
    if (typeof entry !== 'object' || entry === null) continue;
    for (const key of ['auth', 'identitytoken', 'password', 'registrytoken']) {
      const value = (entry as Record<string, unknown>)[key];
      if (typeof value !== 'string' || !isCredentialValue(value)) continue;
      const start = Math.max(0, text.indexOf(JSON.stringify(value).slice(1, -1)));
      yield { kind: 'a registry credential in a Docker config.json', start, end: start + value.length, value };
    }
  }
}
