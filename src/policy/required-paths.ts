import { posix } from 'node:path';
import { quote } from '../common/quote.ts';
import type { RequiredPath } from '../rules/rule.ts';
import type { PathSegment } from './messages.ts';
import type { Fail } from './messages.ts';

/** One `required-paths` entry as the schema admits it. */
export interface RequiredPathFile {
  path: string;
  type?: RequiredPath['type'];
  mode?: string;
  owner?: string | number;
}

/** The largest uid or gid Linux has (32 bits; 2^32-1 itself means "no change" to chown). */
const MAX_ID = 0xfffffffe;

/** `/app/` is `/app`; `/` stays. */
function withoutSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/**
 * A required path as the check compares it: the path normalised, the mode as a number, the owner
 * as uid and gid. The schema has checked the shape (absolute path, octal digits, `uid[:gid]`).
 */
export function requiredPath(entry: RequiredPathFile, path: PathSegment[], fail: Fail): RequiredPath {
  const normal = withoutSlash(posix.normalize(entry.path));
  if (normal !== withoutSlash(entry.path)) {
    fail([...path, 'path'], `${quote(entry.path)} is not a plain absolute path; write it as ${quote(normal)}`);
  }
  const ids = entry.owner === undefined ? [] : String(entry.owner).split(':').map(Number);
  if (ids.some((id) => id > MAX_ID)) fail([...path, 'owner'], `${quote(String(entry.owner))} is out of range: a uid or gid is at most ${MAX_ID}`);
  const [uid, gid] = ids;
  return {
    path: normal,
    ...(entry.type === undefined ? {} : { type: entry.type }),
    ...(entry.mode === undefined ? {} : { mode: Number.parseInt(entry.mode.replace(/^0o/, ''), 8) }),
    ...(uid === undefined ? {} : { uid }),
    ...(gid === undefined ? {} : { gid }),
  };
}
