import { posix } from 'node:path';
import type { FileLookup } from '../image/types.ts';

export const SHELL_NAMES = ['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox', 'toybox'];
export const PACKAGE_MANAGER_NAMES = ['apt', 'apt-get', 'dpkg', 'apk', 'yum', 'dnf', 'microdnf', 'rpm', 'zypper', 'pacman'];

/** Where runtimes and people look for programs, beyond the image's own PATH. */
export const USUAL_BIN_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/busybox'];

/** Docker's PATH when the image sets none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface FoundBinary {
  name: string;
  /** The path as found in a bin directory (`/bin/sh`). */
  path: string;
  /** Where that path leads after symlinks (`/usr/bin/dash`). */
  realPath: string;
  /** The layer that wrote the file itself. */
  layer: number;
  /** Set when the path is a symlink or hard link to something else. */
  via?: string;
  /** Set when found as the `#!` interpreter of this script rather than in a bin directory. */
  script?: string;
}

/**
 * Which programs a search wants, by the name in the bin directory and the name of the file it
 * leads to (`npm` -> `npm-cli.js`): for names no plain list can hold (`gcc-12`, `pip3.11`).
 */
export type NameTest = (name: string, realName: string) => boolean;

/**
 * Programs with one of `names` in the PATH directories and the usual bin directories, found
 * through symlinked directories (`/bin` → `usr/bin`), symlinked names (`sh` → `busybox`) and hard
 * links; each real file is reported once, under the first path that reaches it. A name whose
 * symlink dangles (or leads to a directory) is not counted: nothing can run it.
 */
export function findBinaries(fs: FileLookup, names: readonly string[] | NameTest, pathDirs: readonly string[]): FoundBinary[] {
  const wanted = typeof names === 'function' ? undefined : new Set(names);
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const found: FoundBinary[] = [];
  for (const dir of [...pathDirs, ...USUAL_BIN_DIRS]) {
    const realDir = fs.resolve(dir);
    if (!realDir || realDir.node.type !== 'dir' || seenDirs.has(realDir.path)) continue;
    seenDirs.add(realDir.path);
    for (const name of fs.list(dir)) {
      // A plain list is decided before any lookup: bin directories hold thousands of names.
      if (wanted && !wanted.has(name)) continue;
      const path = posix.join(dir, name);
      const target = fs.resolve(path);
      if (!target || (target.node.type !== 'file' && target.node.type !== 'hardlink')) continue;
      // Hard links share one file: the path they were linked to stands for it.
      const realPath = target.node.linkedPath ?? target.path;
      if (typeof names === 'function' && !names(name, posix.basename(realPath))) continue;
      if (seenFiles.has(realPath)) continue;
      seenFiles.add(realPath);
      found.push({ name, path, realPath, layer: target.node.layer, ...(realPath !== path ? { via: realPath } : {}) });
    }
  }
  return found;
}

/** The directories of a `PATH` value, absolute ones only (a relative entry is resolved against nothing at exec time). */
export function pathDirectories(path: string | undefined): string[] {
  return (path ?? DEFAULT_PATH).split(':').filter((dir) => dir.startsWith('/'));
}
