import type { ErrorObject } from 'ajv';
import { Ajv } from 'ajv';
import schema from '../../docs/policy.schema.json' with { type: 'json' };
import type { Part } from './document.ts';
import type { PathSegment } from './messages.ts';
import { quote } from '../common/quote.ts';
import { RULE_IDS } from './types.ts';

/** The first thing wrong with a policy value, and where: ready for `policyError`. */
export interface SchemaProblem {
  path: PathSegment[];
  part: Part;
  message: string;
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  if (validator === undefined) {
    const ajv = new Ajv({ verbose: true, allowUnionTypes: true, strict: true });
    // Messages editors (yaml-language-server) show; the loader shows them too.
    ajv.addVocabulary(['errorMessage', 'patternErrorMessage']);
    validator = ajv.compile(schema);
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

/** Checks a policy value against the schema; undefined when it conforms. */
export function schemaProblem(value: unknown): SchemaProblem | undefined {
  const errors = validate(value);
  if (errors.length === 0) return undefined;
  // ajv stops at the first failing keyword and lists the innermost error first
  // (an if/then/else or propertyNames failure follows the error that caused it).
  const [error, next] = errors;
  const path = pointerToPath(error.instancePath, value);
  if (next?.keyword === 'propertyNames' && next.instancePath === error.instancePath) {
    const name = String((next.params as { propertyName: string }).propertyName);
    return { path: [...path, name], part: 'key', message: 'a key must not be empty' };
  }
  return explain(error, path);
}

function explain(error: ErrorObject, path: PathSegment[]): SchemaProblem {
  const parent = error.parentSchema as { errorMessage?: string; patternErrorMessage?: string; properties?: object } | undefined;
  const at = (message: string, part: Part = 'value'): SchemaProblem => ({ path, part, message });
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      return { path: [...path, key], part: 'key', message: unknownKey(key, path, Object.keys(parent?.properties ?? {})) };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return at(`missing ${missing}${MISSING_HINTS[missing] ?? ''}`);
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const isRuleId = allowed.length === RULE_IDS.length && allowed.every((id, index) => id === RULE_IDS[index]);
      if (isRuleId) return at(`unknown rule ${quote(error.data)}${suggestion(error.data, allowed, `expected one of ${allowed.join(', ')}`)}`);
      return at(`expected one of ${allowed.join(', ')}${suggestion(error.data, allowed)}`);
    }
    case 'type': {
      const expected = parent?.errorMessage ?? `expected ${typeNames((error.params as { type: string | string[] }).type)}`;
      return at(`${expected}, got ${describe(error.data)}`);
    }
    case 'pattern':
      return at(`${quote(error.data)} ${parent?.patternErrorMessage ?? `does not match ${String(error.schema)}`}`);
    case 'minLength':
      return at('must not be empty');
    default:
      return at(parent?.errorMessage ?? error.message ?? 'is not valid');
  }
}

const MISSING_HINTS: Record<string, string> = {
  level: ' (off, warning or error)',
  rule: ' (the id of the rule to waive)',
  reason: ' (why the exception is needed)',
};

/** An unknown rule, rule option or key, with the nearest known name when one is close. */
function unknownKey(key: string, parentPath: PathSegment[], known: string[]): string {
  if (isRulesMap(parentPath)) return `unknown rule${suggestion(key, known, `expected one of ${known.join(', ')}`)}`;
  if (isRulesMap(parentPath.slice(0, -1))) {
    const rule = String(parentPath[parentPath.length - 1]);
    const options = known.filter((name) => name !== 'level');
    if (options.length === 0) return `unknown option: ${rule} takes no options, only level`;
    return `unknown option of ${rule}${suggestion(key, known, `expected ${known.join(', ')}`)}`;
  }
  return `unknown key${suggestion(key, known, `expected ${known.join(', ')}`)}`;
}

/** `rules` at the top or inside an `images` entry. */
function isRulesMap(path: readonly PathSegment[]): boolean {
  if (path.length === 1) return path[0] === 'rules';
  return path.length === 3 && path[0] === 'images' && path[2] === 'rules';
}

/** `; did you mean X?` when a candidate is a few edits away, else `; <fallback>` (or nothing). */
function suggestion(word: unknown, candidates: readonly string[], fallback?: string): string {
  const nearest = typeof word === 'string' ? closest(word, candidates) : undefined;
  if (nearest !== undefined) return `; did you mean ${nearest}?`;
  return fallback === undefined ? '' : `; ${fallback}`;
}

/** The candidate nearest to `word` by edit distance, when near enough to be a typo of it. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function typeNames(type: string | string[]): string {
  const types = (Array.isArray(type) ? type : [type]).filter((name) => name !== 'null');
  return types.map((name) => TYPE_NAMES[name] ?? name).join(' or ');
}

function describe(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'boolean') return String(data);
  if (typeof data === 'number') return `the number ${data}`;
  return `the string ${quote(data)}`;
}

/** A JSON pointer from ajv as path segments; list indices become numbers. */
function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let data = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const segment = Array.isArray(data) ? Number(key) : key;
    path.push(segment);
    data = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  }
  return path;
}
