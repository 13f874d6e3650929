import { posix } from 'node:path';
import type { FileLookup } from '../image/types.ts';
import type { TextInputs } from './inputs.ts';

const DPKG_INFO = '/var/lib/dpkg/info';

/**
 * dpkg's file lists (`/var/lib/dpkg/info/<package>[:arch].list`), one path a line: which package
 * owns which file. Read only by `migrate` (see captureForMigration), which needs to tell the
 * image's own files from its packages' files.
 */
export const DPKG_LIST_INPUTS: TextInputs = {
  patterns: [{ pattern: /^\/var\/lib\/dpkg\/info\/[^/]+\.list$/, cap: 16 << 20 }],
};

export interface DpkgOwnership {
  /** Lists read (one per installed package). */
  lists: number;
  /** Lists that were cut short by the capture cap: ownership may be missing some paths. */
  truncated: string[];
  /** Whether a path (as the merged filesystem names it, symlinked directories resolved) belongs to a package. */
  owns(path: string): boolean;
  /** The package whose list names the path (`nginx`, from `nginx:amd64.list`). */
  packageOf(path: string): string | undefined;
}

/**
 * The paths dpkg's lists name, each as the merged filesystem would name it: a package lists
 * `/bin/ls`, which on a merged-/usr image is `/usr/bin/ls`, so each directory is resolved through
 * the image's symlinks (once per directory). Undefined when the image has no dpkg lists.
 */
export function dpkgOwnership(fs: FileLookup): DpkgOwnership | undefined {
  const names = fs.list(DPKG_INFO).filter((name) => name.endsWith('.list'));
  if (names.length === 0) return undefined;
  const owned = new Map<string, string>();
  const truncated: string[] = [];
  const realDirs = new Map<string, string>();
  const realDir = (dir: string): string => {
    let real = realDirs.get(dir);
    if (real === undefined) {
      real = fs.resolve(dir)?.path ?? dir;
      realDirs.set(dir, real);
    }
    return real;
  };
  let lists = 0;
  for (const name of names) {
    const path = `${DPKG_INFO}/${name}`;
    const captured = fs.captured(path);
    if (!captured) continue;
    lists++;
    if (captured.truncated) truncated.push(path);
    const pkg = name.slice(0, -'.list'.length).split(':')[0];
    for (const line of captured.head.toString('utf8').split('\n')) {
      if (!line.startsWith('/') || line === '/.') continue;
      const clean = posix.normalize(line);
      owned.set(clean, pkg);
      owned.set(posix.join(realDir(posix.dirname(clean)), posix.basename(clean)), pkg);
    }
  }
  return { lists, truncated, owns: (path) => owned.has(path), packageOf: (path) => owned.get(path) };
}
