import { messageOf } from '../errors.ts';
import type { Fail, PathSegment } from './messages.ts';
import { quote } from '../common/quote.ts';
import { globProblem } from '../common/glob.ts';
import { parseSize } from '../common/sizes.ts';
import type { OptionKind } from '../rules/rule.ts';
import { type RequiredPathFile, requiredPath } from './required-paths.ts';

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
    case 'flag':
      return raw;
    case 'requiredPaths':
      return (raw as RequiredPathFile[]).map((entry, index) => requiredPath(entry, [...path, index], fail));
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
