/**
 * Secrets an image carries outside its files: build arguments and commands recorded in history
 * `created_by`, ENV values a later layer changed or blanked (the config keeps only the last), label
 * values and manifest annotations. Found once, at fact gathering, from the raw config; the facts
 * then hold the history and labels with each secret replaced by a marker (kind and fingerprint),
 * so no reporter can print a value.
 */
import { layerSources } from '../dockerfile/history-match.ts';
import type { HistoryEntry, ImageConfig, RuntimeConfig } from '../image/types.ts';
import { NAMED_SECRET_KIND, type SecretSpan, fingerprintOf, isNamedSecret, redactSpans, redactTokens, tokenSpans } from './secret-tokens.ts';

export type HistorySecretSource = 'build-arg' | 'env' | 'label' | 'annotation' | 'command';

/** One secret, named by fingerprint: never its value. */
export interface HistorySecret {
  source: HistorySecretSource;
  /** The build argument, ENV variable, label or annotation that holds it; absent for a command. */
  key?: string;
  /** "a GitHub token", "a value named as a credential", ... */
  kind: string;
  fingerprint: string;
  /** The layer its history entry made, when it made one. */
  layer?: number;
  /** Its entry in the config's history, when it came from there. */
  historyIndex?: number;
}

interface FoundSpan extends SecretSpan {
  source: HistorySecretSource;
  key?: string;
}

interface Assignment {
  key: string;
  /** Where the value starts and ends in the text. */
  start: number;
  end: number;
}

const METADATA_SOURCES: Record<string, HistorySecretSource> = { ARG: 'build-arg', ENV: 'env', LABEL: 'label' };
const LEGACY_METADATA = '#(nop)';

/**
 * Every secret in one `created_by`, with where it lies: values of `ARG`, `ENV` and `LABEL` entries
 * (BuildKit's `ENV K=V`, the classic builder's `/bin/sh -c #(nop)  ENV K=V`), the build arguments a
 * RUN records (`[RUN ]|N K=V ... command`), and tokens anywhere else.
 */
export function secretsInCreatedBy(text: string): FoundSpan[] {
  const nop = text.indexOf(LEGACY_METADATA);
  let at = nop === -1 ? 0 : nop + LEGACY_METADATA.length;
  at = skipSpace(text, at);
  const keyword = /^[A-Z]+/.exec(text.slice(at, at + 16))?.[0] ?? '';
  const metadata = METADATA_SOURCES[keyword];
  if (metadata && /\s/.test(text.charAt(at + keyword.length))) return attributed(text, assignmentsIn(text, at + keyword.length, text.length), metadata);
  // A RUN: BuildKit writes `RUN |N K=V cmd # buildkit`, the classic builder `|N K=V cmd`.
  if (nop === -1) {
    if (keyword === 'RUN') at = skipSpace(text, at + keyword.length);
    const count = /^\|(\d+)\s/.exec(text.slice(at, at + 24));
    if (count) return attributed(text, buildArgsIn(text, at + count[0].length, Number(count[1])), 'build-arg');
  }
  return attributed(text, [], 'command');
}

/**
 * The secrets of `assignments` (in text order) and of the rest of `text`: a value is whole when
 * its name says it is a credential, else its tokens; a token outside every value is a command's.
 * The text is searched for tokens once.
 */
function attributed(text: string, assignments: Assignment[], source: HistorySecretSource): FoundSpan[] {
  const found: FoundSpan[] = [];
  const tokens = tokenSpans(text);
  let next = 0;
  for (const { key, start, end } of assignments) {
    const inside: SecretSpan[] = [];
    for (; next < tokens.length && tokens[next].start < end; next++) {
      if (tokens[next].end > start) inside.push(tokens[next]);
      else found.push({ ...tokens[next], source: 'command' });
    }
    if (isNamedSecret(key, text.slice(start, end))) found.push({ source, key, kind: inside[0]?.kind ?? NAMED_SECRET_KIND, start, end });
    else for (const span of inside) found.push({ source, key, kind: span.kind, start: Math.max(span.start, start), end: Math.min(span.end, end) });
  }
  for (; next < tokens.length; next++) found.push({ ...tokens[next], source: 'command' });
  return found;
}

/**
 * `K=V K2=V2` from `from` to `to`. History does not quote values, so a value runs to the next
 * `NAME=` after a space (a value with spaces stays whole).
 */
function assignmentsIn(text: string, from: number, to: number): Assignment[] {
  const body = text.slice(from, to);
  const keys = [...body.matchAll(/(?<=^|\s)([^\s=]+)=/g)];
  return keys.map((match, i) => {
    const start = from + match.index + match[0].length;
    const next = i + 1 < keys.length ? from + keys[i + 1].index : to;
    return { key: match[1], start, end: start + text.slice(start, next).trimEnd().length };
  });
}

/** The `count` build arguments after `|N`: the last one's value ends at the first space, where the command starts. */
function buildArgsIn(text: string, from: number, count: number): Assignment[] {
  const args: Assignment[] = [];
  // Sticky and global patterns with lastIndex: no copies of the text, however many arguments it claims.
  const keyAt = /([^\s=]+)=/y;
  const nextKey = /\s[^\s=]+=/g;
  const space = /\s/g;
  let at = from;
  for (let i = 0; i < count; i++) {
    keyAt.lastIndex = at;
    const key = keyAt.exec(text);
    if (!key) break;
    const start = keyAt.lastIndex;
    // An argument that is not the last one runs to the next `NAME=`; without one (a count that claims
    // more than the entry holds), to the first space, as the last one does.
    nextKey.lastIndex = start;
    space.lastIndex = start;
    const end = (i + 1 < count ? nextKey.exec(text)?.index : undefined) ?? space.exec(text)?.index ?? text.length;
    args.push({ key: key[1], start, end });
    at = skipSpace(text, end);
  }
  return args;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}

/** `created_by` with every secret replaced by its marker. */
export function redactCreatedBy(text: string): string {
  const spans = secretsInCreatedBy(text);
  return spans.length === 0 ? text : redactSpans(text, spans);
}

/** Secrets in one `key=value` pair (a label, an annotation). */
function pairSecrets(key: string, value: string, source: HistorySecretSource): FoundSpan[] {
  return attributed(value, [{ key, start: 0, end: value.length }], source);
}

/** Labels with their secrets replaced by markers; the same object when none holds one. */
export function redactLabels(labels: Record<string, string>): Record<string, string> {
  let changed = false;
  const redacted = Object.fromEntries(
    Object.entries(labels).map(([key, value]) => {
      const spans = pairSecrets(key, value, 'label');
      if (spans.length > 0) changed = true;
      return [key, spans.length > 0 ? redactSpans(value, spans) : value];
    }),
  );
  return changed ? redacted : labels;
}

/** What fact gathering keeps of a config: the config as reports may show it, and the secrets taken out of it. */
export interface ScannedConfig {
  /**
   * History `created_by`, labels and the commands (ENTRYPOINT, CMD, HEALTHCHECK) with secrets
   * replaced by markers. Env stays: rules read it, and the JSON report writes only harmless values.
   */
  shown: ImageConfig;
  /**
   * Every secret in history, labels and annotations, once per source, key and value (a build
   * argument recorded by each RUN is one secret, at its first entry). An ENV value that is still
   * the variable's value is left to no-secrets-in-env, which reports the config.
   */
  secrets: HistorySecret[];
}

/** Reads each history entry once for both what it hides and what reports show of it. */
export function scanConfig(config: ImageConfig, layerCount: number, annotations: Record<string, string>): ScannedConfig {
  const history = Array.isArray(config.history) ? config.history : undefined;
  const spans = (history ?? []).map((entry) => (typeof entry.created_by === 'string' ? secretsInCreatedBy(entry.created_by) : []));
  const runtime = config.config;
  const commands = (list: string[] | null | undefined) => (Array.isArray(list) ? list.map((arg) => redactTokens(arg)) : list);
  const shownRuntime: RuntimeConfig | undefined = runtime && {
    ...runtime,
    ...(runtime.Labels ? { Labels: redactLabels(runtime.Labels) } : {}),
    ...(runtime.Entrypoint !== undefined ? { Entrypoint: commands(runtime.Entrypoint) } : {}),
    ...(runtime.Cmd !== undefined ? { Cmd: commands(runtime.Cmd) } : {}),
    ...(runtime.Healthcheck?.Test ? { Healthcheck: { ...runtime.Healthcheck, Test: commands(runtime.Healthcheck.Test) ?? [] } } : {}),
  };
  const shown: ImageConfig = {
    ...config,
    ...(shownRuntime ? { config: shownRuntime } : {}),
    ...(history
      ? {
          history: history.map((entry, i): HistoryEntry => {
            const text = entry.created_by;
            return typeof text === 'string' && spans[i].length > 0 ? { ...entry, created_by: redactSpans(text, spans[i]) } : entry;
          }),
        }
      : {}),
  };

  const found = new Map<string, HistorySecret>();
  const add = (secret: HistorySecret) => {
    const key = `${secret.source}\0${secret.key ?? ''}\0${secret.fingerprint}`;
    if (!found.has(key)) found.set(key, secret);
  };
  const current = new Map((runtime?.Env ?? []).map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]));
  const layers = new Map((layerSources(history, layerCount) ?? []).map((source) => [source.historyIndex, source.layer]));
  spans.forEach((entrySpans, historyIndex) => {
    const text = history?.[historyIndex].created_by ?? '';
    for (const span of entrySpans) {
      const value = text.slice(span.start, span.end);
      if (span.source === 'env' && span.key !== undefined && current.get(span.key)?.includes(value)) continue;
      const layer = layers.get(historyIndex);
      add({
        source: span.source,
        ...(span.key !== undefined ? { key: span.key } : {}),
        kind: span.kind,
        fingerprint: fingerprintOf(value),
        ...(layer !== undefined ? { layer } : {}),
        historyIndex,
      });
    }
  });
  const pairs: [HistorySecretSource, Record<string, string>][] = [
    ['label', runtime?.Labels ?? {}],
    ['annotation', annotations],
  ];
  for (const [source, values] of pairs) {
    for (const [key, value] of Object.entries(values)) {
      for (const span of pairSecrets(key, value, source)) add({ source, key, kind: span.kind, fingerprint: fingerprintOf(value.slice(span.start, span.end)) });
    }
  }
  return { shown, secrets: [...found.values()] };
}

/** `scanConfig`'s config as reports may show it. */
export function redactedConfig(config: ImageConfig): ImageConfig {
  return scanConfig(config, 0, {}).shown;
}

/** `scanConfig`'s secrets. */
export function historySecrets(config: ImageConfig, layerCount: number, annotations: Record<string, string>): HistorySecret[] {
  return scanConfig(config, layerCount, annotations).secrets;
}
