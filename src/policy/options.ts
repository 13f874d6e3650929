import { messageOf } from '../errors.ts';
import type { PathSegment } from './messages.ts';
import { quote } from '../common/quote.ts';
import { globProblem } from '../common/glob.ts';
import { parseSize } from '../common/sizes.ts';
import type { RuleId, RuleOptionsMap } from './types.ts';

/** How an option is written in YAML and what the rule receives; each maps to a schema definition. */
export type OptionKind = 'names' | 'globs' | 'pathGlobs' | 'size' | 'count' | 'percent' | 'labels';

type KindFor<T> = T extends string[]
  ? 'names' | 'globs' | 'pathGlobs'
  : T extends number
    ? 'size' | 'count' | 'percent'
    : T extends Record<string, string>
      ? 'labels'
      : never;

/** Every option of every rule; typed so a kind always produces the option's declared type. */
export const OPTION_KINDS: { [R in RuleId]: { [K in keyof RuleOptionsMap[R]]-?: KindFor<NonNullable<RuleOptionsMap[R][K]>> } } = {
  'no-shell': { shells: 'names' },
  'no-package-manager': { managers: 'names' },
  'non-root-user': {},
  'exec-form-entrypoint': {},
  'entrypoint-runnable': {},
  'no-setuid': {},
  'no-secrets-in-env': { names: 'globs', allow: 'globs' },
  'no-world-writable': {},
  'forbidden-paths': { paths: 'pathGlobs' },
  'max-size': { compressed: 'size', uncompressed: 'size' },
  'max-layers': { max: 'count' },
  'wasted-space': { max: 'size' },
  'size-increase': { bytes: 'size', percent: 'percent' },
  'allowed-base-images': { images: 'globs' },
  'required-labels': { labels: 'labels' },
};

/** Reports a problem at `path`; never returns. */
export type Fail = (path: PathSegment[], message: string) => never;

/**
 * One option value as the rule receives it. The schema has checked its shape already; this
 * checks what the schema cannot (size arithmetic, globs, regular expressions) and converts.
 */
export function convertOption(kind: OptionKind, raw: unknown, path: PathSegment[], fail: Fail): unknown {
  switch (kind) {
    case 'names':
      return [...(raw as string[])];
    case 'globs':
    case 'pathGlobs':
      return (raw as string[]).map((glob, index) => {
        const problem = globProblem(glob);
        return problem === undefined ? glob : fail([...path, index], `${quote(glob)} is not a valid glob: ${problem}`);
      });
    case 'size':
      try {
        return parseSize(raw as string | number);
      } catch (error) {
        return fail(path, messageOf(error));
      }
    case 'count':
      return Number.isSafeInteger(raw) ? raw : fail(path, `${String(raw)} is too large`);
    case 'percent':
      return Number.isFinite(raw) ? raw : fail(path, `expected a percentage, got ${String(raw)}`);
    case 'labels':
      return Object.fromEntries(
        Object.entries(raw as Record<string, string | null>).map(([name, pattern]) => {
          const source = pattern ?? '';
          try {
            new RegExp(source);
          } catch (error) {
            fail([...path, name], `${quote(source)} is not a valid regular expression: ${messageOf(error)}`);
          }
          return [name, source];
        }),
      );
  }
}
