import type { Document, Node as YamlNode, YAMLError } from 'yaml';
import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { UserError } from '../errors.ts';
import type { PathSegment } from './messages.ts';
import { quote } from '../common/quote.ts';
import { policyError } from './messages.ts';

/** Whether a message is about a key itself (unknown, empty) or about what it holds. */
export type Part = 'key' | 'value';

/** A policy file parsed as YAML: its plain value, and where each part of it is written. */
export interface YamlSource {
  /** The plain value; undefined when the file holds nothing (empty, comments only, `~`). */
  value: unknown;
  /** `file:line:column` of the node at `path`, or of the closest enclosing node that exists. */
  position(path: readonly PathSegment[], part?: Part): string;
  /** `file:line` of the node at `path`. */
  line(path: readonly PathSegment[]): string;
}

// Bigger than any real policy, small enough that parsing hostile input stays quick.
const MAX_POLICY_BYTES = 1024 * 1024;
// Aliases are legitimate for sharing a list; yaml counts expansions weighted by size, so a
// billion-laughs document trips this long before it costs memory.
const MAX_ALIAS_COUNT = 100;
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((tag) => `tag:yaml.org,2002:${tag}`));

/** Parses one YAML document with positions; syntax problems and hostile input become UserErrors. */
export function readYaml(text: string, source: string): YamlSource {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw new UserError(`${source}: the policy file is larger than 1 MiB`);
  const lineCounter = new LineCounter();
  // The core schema even under a %YAML 1.1 directive: there `off` would be false and dates timestamps.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, schema: 'core', uniqueKeys: true });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) throw policyError(at(problem.pos[0]), [], yamlProblem(problem, doc));
  checkNodes(doc, at);

  const locate = (path: readonly PathSegment[], part: Part): number => nodeOffset(doc, path, part);
  const position = (path: readonly PathSegment[], part: Part = 'value'): string => at(locate(path, part));
  const line = (path: readonly PathSegment[]): string => {
    const { line: number } = lineCounter.linePos(locate(path, 'value'));
    return `${source}:${number}`;
  };
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { value: undefined, position, line };
  return { value: toPlainValue(doc, at), position, line };
}

function yamlProblem(problem: YAMLError, doc: Document): string {
  switch (problem.code) {
    case 'DUPLICATE_KEY':
      return `duplicate key ${quote(keyAt(doc, problem.pos[0]))} (a key may appear once per mapping)`;
    case 'MULTIPLE_DOCS':
      return 'expected one YAML document, found more (remove the extra ---)';
    default: {
      // yaml may append "at line L, column C:" and an excerpt: the position is already in front.
      const firstLine = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return `invalid YAML: ${firstLine}`;
    }
  }
}

function keyAt(doc: Document, offset: number): string {
  let text = '';
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        text = keyText(pair.key);
        return visit.BREAK;
      }
    },
  });
  return text;
}

/** Keys must be plain scalars and values plain data: no `? [a, b]` keys, no `!!set` or `!!binary`. */
function checkNodes(doc: Document, at: (offset: number) => string): void {
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isCollection(key) || isAlias(key)) {
        const offset = (key as YamlNode).range?.[0] ?? 0;
        throw policyError(at(offset), [], 'a key must be a plain string, not a list, mapping or alias');
      }
    },
    Node(_, node) {
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        const tag = node.tag.replace('tag:yaml.org,2002:', '!!');
        throw policyError(at(node.range?.[0] ?? 0), [], `the YAML tag ${tag} is not supported in a policy`);
      }
    },
  });
}

function toPlainValue(doc: Document, at: (offset: number) => string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml reports alias trouble (too many expansions, an alias before its anchor) as ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    let offset = 0;
    visit(doc, {
      Alias(_, alias) {
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const reason = /Excessive alias count/.test(error.message)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): the document looks like an alias bomb`
      : `invalid YAML: ${error.message}`;
    throw policyError(at(offset), [], reason);
  }
}

function keyText(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return String(key);
}

/** Offset of the node at `path`; stops at the deepest node that exists (so a missing key points at its mapping). */
function nodeOffset(doc: Document, path: readonly PathSegment[], part: Part): number {
  let node: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) break;
      keyNode = isScalar(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      keyNode = undefined;
      node = node.items[segment];
    } else {
      break;
    }
  }
  const valueRange = (node as YamlNode | null)?.range;
  // An empty value (`reason:`) has a zero-length range after the colon: its key reads better.
  const emptyValue = valueRange === undefined || valueRange === null || valueRange[0] === valueRange[1];
  if (keyNode?.range && (part === 'key' || emptyValue)) return keyNode.range[0];
  return valueRange?.[0] ?? 0;
}
