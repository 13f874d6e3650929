import { quote } from '../common/quote.ts';
import { UserError } from '../errors.ts';

/** A step into parsed YAML: a mapping key or a list index. */
export type PathSegment = string | number;

/** Reports a problem at `path`; never returns. */
export type Fail = (path: PathSegment[], message: string) => never;

/** `file:line:column: path: message` as one line; the path is left out at the top level. */
export function policyError(where: string, path: readonly PathSegment[], message: string): UserError {
  const subject = path.length === 0 ? '' : `${formatPath(path)}: `;
  return new UserError(`${where}: ${subject}${message}`);
}

/** `rules.max-size.compressed`, `exceptions[0].reason`, `images["ghcr.io/acme/*"].rules`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_][\w-]{0,59}$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${quote(segment)}]`;
    })
    .join('');
}
