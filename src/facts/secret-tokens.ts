/**
 * Credential formats recognised in any text (file contents, history, labels, ENV values), and the
 * fingerprint findings name a secret by. A match gives positions, never a copy of the value to
 * print: whoever reports it prints `fingerprintOf(value)` and the kind.
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';

export interface TokenFormat {
  /** Words a finding uses: "holds what looks like <kind>". */
  kind: string;
  /** Global, so every occurrence is found; group `secret` (when present) is the secret part of the match. */
  pattern: RegExp;
}

/** Formats issued with a recognisable prefix: a match is a credential, not a guess from a name. */
export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { kind: 'an AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
  { kind: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'a PyPI token', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'a Stripe live key', pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{24,}\b/g },
  { kind: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/g },
  // scheme://user:password@host; the password is the secret (git's `https://TOKEN:x-oauth-basic@` puts it in the user).
  {
    kind: 'a password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/(?<user>[^\s:/@'"`<>]{1,256}):(?<secret>[^\s:/@'"`<>]{1,256})@[A-Za-z0-9.-]/g,
  },
];

/** Variable names that suggest a credential (picomatch globs, matched without case): ENV, build arguments, .env files. */
export const SECRET_NAMES: readonly string[] = [
  '*SECRET*',
  '*_TOKEN',
  'TOKEN',
  '*PASSWORD*',
  '*PASSWD*',
  '*API_KEY*',
  '*APIKEY*',
  '*PRIVATE_KEY*',
  '*ACCESS_KEY*',
  '*CREDENTIAL*',
];

export interface TokenMatch {
  kind: string;
  /** Where the secret part starts and ends in the text searched. */
  start: number;
  end: number;
}

/** Values that stand in for a secret in docs and templates: `${TOKEN}`, `$PASSWORD`, `<password>`, `****`, `xxxx`. */
export function isPlaceholder(value: string): boolean {
  if (TEMPLATE.test(value) || PLACEHOLDER_WORDS.test(value)) return true;
  // One character repeated after the format's prefix (ghp_xxxxxxxx…, ******): a template, not a key.
  const body = value.replace(FORMAT_PREFIX, '');
  return body.length > 0 && fewCharacters(body, 2);
}

const TEMPLATE = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|<[^>]*>|%[A-Za-z_]+%|\{\{.*\}\})$/;
const PLACEHOLDER_WORDS = /EXAMPLE|PLACEHOLDER|CHANGEME|YOUR_?[A-Z]*|REDACTED/i;
const FORMAT_PREFIX = /^[a-z]+[_-]|^github_pat_|^(?:AKIA|ASIA)/;

/** Whether `text` has at most `most` distinct characters (without building a set of them: this runs on every match). */
function fewCharacters(text: string, most: number): boolean {
  const seen: string[] = [];
  for (const char of text) {
    if (seen.includes(char)) continue;
    if (seen.length === most) return false;
    seen.push(char);
  }
  return true;
}

/** A literal each of TOKEN_FORMATS contains (kept in step with them; the tests run every format through it). */
const ANY_FORMAT = /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|npm_|pypi-|AIza|_live_|PRIVATE KEY|:\/\//;

/**
 * Every credential-shaped token in `text`, placeholders left out. `x-oauth-basic` and friends
 * mark the user part as the token of a URL.
 */
export function findTokens(text: string): TokenMatch[] {
  // One pass for what every format starts with; most text has none, and then ten searches are saved.
  if (!ANY_FORMAT.test(text)) return [];
  const matches: TokenMatch[] = [];
  for (const { kind, pattern } of TOKEN_FORMATS) {
    // exec on the shared pattern, not matchAll (which copies the pattern for every call).
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      let start = match.index;
      let value = match[0];
      const groups = match.groups;
      if (groups?.secret !== undefined && groups.user !== undefined) {
        const userIsToken = /^(?:x-oauth-basic|x-access-token|oauth2|git|token)$/i.test(groups.secret);
        value = userIsToken ? groups.user : groups.secret;
        start = match.index + match[0].indexOf(userIsToken ? `//${groups.user}` : `:${groups.secret}@`) + (userIsToken ? 2 : 1);
      }
      if (kind !== 'a private key' && isPlaceholder(value)) continue;
      matches.push({ kind, start, end: start + value.length });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

/** The kind of the first credential in `value`, as no-secrets-in-env words it. */
export function tokenKindOf(value: string): string | undefined {
  return findTokens(value)[0]?.kind;
}

/**
 * Enough to tell two secrets apart and to write an exception, never enough to use one: the first
 * four characters (a format's prefix, most often), the length and a hash prefix.
 */
export function fingerprintOf(value: string | Buffer): string {
  const text = typeof value === 'string' ? value : value.toString('latin1');
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 12);
  // A short password's first characters are too much of it.
  const head = text.length >= 20 ? text.slice(0, 4).replace(/[^\x21-\x7e]/g, '?') : '';
  return `${head}…(${text.length} chars, sha256:${hash})`;
}

const secretName = picomatch([...SECRET_NAMES], { nocase: true });

/** Whether `name` is one of `SECRET_NAMES`. */
export function isSecretName(name: string): boolean {
  return secretName(name);
}

/** An absolute path with no spaces: where a secret is kept (`DB_PASSWORD_FILE=/run/secrets/db`), not the secret. */
export function isFileReference(value: string): boolean {
  return /^\/\S*$/.test(value);
}

/** Values a credential-named variable holds when it is a switch, not a secret: `USE_SECRETS=false`, `TOKEN_TTL=3600`. */
function isSwitch(value: string): boolean {
  return /^(?:true|false|yes|no|on|off|none|null|[0-9]{1,6})$/i.test(value);
}

/**
 * Whether `value` of a variable named `name` is a secret going by the name alone: a credential
 * name (`isNamed`, `isSecretName` by default) with a value that is not empty, a placeholder, a file
 * path or a switch.
 */
export function isNamedSecret(name: string, value: string, isNamed: (name: string) => boolean = isSecretName): boolean {
  return value !== '' && isNamed(name) && !isFileReference(value) && !isPlaceholder(value) && !isSwitch(value);
}

/** The kind a secret found by its variable's name goes by, in findings and redaction markers. */
export const NAMED_SECRET_KIND = 'a value named as a credential';

/** What a report prints in place of a secret: its kind and fingerprint, never the value. */
export function redactionMarker(kind: string, value: string): string {
  return `<redacted: ${kind} ${fingerprintOf(value)}>`;
}

/** A span of text to replace by its redaction marker. */
export interface SecretSpan {
  kind: string;
  start: number;
  end: number;
}

/** `text` with each span (sorted or not, overlaps merged into the first) replaced by its marker. */
export function redactSpans(text: string, spans: readonly SecretSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (span.end <= at) continue;
    const start = Math.max(span.start, at);
    out += text.slice(at, start) + redactionMarker(span.kind, text.slice(start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * What to hide of each token in `text`: the token itself, and for a private key the whole block
 * from its BEGIN line to its END line (to the end of the text without one), not just the header.
 */
export function tokenSpans(text: string): SecretSpan[] {
  return findTokens(text).map((match) => {
    if (match.kind !== 'a private key') return match;
    const end = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/g;
    end.lastIndex = match.end;
    const found = end.exec(text);
    return { ...match, end: found ? found.index + found[0].length : text.length };
  });
}

/** `text` with every credential-shaped token replaced by its marker. */
export function redactTokens(text: string): string {
  const spans = tokenSpans(text);
  return spans.length === 0 ? text : redactSpans(text, spans);
}
