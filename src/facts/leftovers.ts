/**
 * Build leftovers: a `.git` directory, package-manager state and caches the build left behind,
 * each with its visible bytes in the merged image and the layer that added most of them. Only a
 * few known directories are walked (their subtrees), and `.git` directories are found in one pass
 * over the tree that builds no path but for directories.
 */
import type { MergedFilesystem } from '../image/filesystem.ts';
import type { UserEntry } from './users.ts';

export type LeftoverKind =
  | 'git'
  | 'apt-lists'
  | 'apt-archives'
  | 'apt-package-cache'
  | 'apk-cache'
  | 'pip-cache'
  | 'npm-cache'
  | 'yarn-cache'
  | 'pnpm-store'
  | 'go-build-cache'
  | 'maven-repository'
  | 'gradle-cache'
  | 'composer-cache';

export interface Leftover {
  kind: LeftoverKind;
  /** The directory (as the merged filesystem names it, symlinks resolved). */
  path: string;
  /** Visible bytes of the regular files that count (apt's `lock` and `partial/` do not). */
  bytes: number;
  files: number;
  /** The layer that added most of those bytes (the directory's own layer when it holds none). */
  layer: number;
}

/**
 * Below this many bytes a cache is not reported: apt, dpkg and apk leave empty directories and
 * lock files in every clean image. A git repository is reported whatever its size (see `gitRepository`).
 */
export const LEFTOVER_MIN_BYTES = 4096;

/** Which files of a directory's subtree count: `relative` is the path below the directory, without a leading slash. */
type Counts = (relative: string) => boolean;

interface Place {
  kind: LeftoverKind;
  /** Absolute, or relative to each home directory (and the root, for a build run with HOME=/). */
  path: string;
  counts?: Counts;
}

const everything: Counts = () => true;

const PLACES: Place[] = [
  { kind: 'apt-lists', path: '/var/lib/apt/lists', counts: (relative) => relative !== 'lock' && relative !== 'partial' && !relative.startsWith('partial/') },
  { kind: 'apt-archives', path: '/var/cache/apt/archives', counts: (relative) => !relative.includes('/') && relative.endsWith('.deb') },
  { kind: 'apt-package-cache', path: '/var/cache/apt', counts: (relative) => !relative.includes('/') && relative.endsWith('.bin') },
  { kind: 'apk-cache', path: '/var/cache/apk' },
  { kind: 'yarn-cache', path: '/usr/local/share/.cache/yarn' },
  { kind: 'pip-cache', path: '.cache/pip' },
  { kind: 'npm-cache', path: '.npm/_cacache' },
  { kind: 'yarn-cache', path: '.cache/yarn' },
  { kind: 'pnpm-store', path: '.local/share/pnpm/store' },
  { kind: 'pnpm-store', path: '.pnpm-store' },
  { kind: 'go-build-cache', path: '.cache/go-build' },
  { kind: 'maven-repository', path: '.m2/repository' },
  { kind: 'gradle-cache', path: '.gradle/caches' },
  { kind: 'composer-cache', path: '.composer/cache' },
  { kind: 'composer-cache', path: '.cache/composer' },
];

/** The leftovers in `fs`, by path; `users` adds the home directories of /etc/passwd to `/root` and `/home/*`. */
export function leftoverFacts(fs: MergedFilesystem, users: readonly UserEntry[]): Leftover[] {
  const found = new Map<string, Leftover>();
  const homes = homeDirectories(fs, users);
  for (const place of PLACES) {
    const dirs = place.path.startsWith('/') ? [place.path] : homes.map((home) => (home === '/' ? `/${place.path}` : `${home}/${place.path}`));
    for (const dir of dirs) {
      const resolved = fs.resolve(dir);
      if (resolved?.node.type !== 'dir' || found.has(resolved.path)) continue;
      const leftover = measure(fs, place.kind, resolved.path, resolved.node.layer, place.counts ?? everything);
      if (leftover.bytes >= LEFTOVER_MIN_BYTES) found.set(resolved.path, leftover);
    }
  }
  for (const node of fs.find((entry) => entry.type === 'dir' && entry.name === '.git')) {
    // A cache may hold repositories of its own (Composer's, Go's): the cache is the finding.
    if ([...found.keys()].some((path) => node.path.startsWith(`${path}/`))) continue;
    const leftover = measure(fs, 'git', node.path, node.layer, everything);
    if (leftover.bytes >= LEFTOVER_MIN_BYTES || gitRepository(fs, node.path)) found.set(node.path, leftover);
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * A directory named `.git` holding `HEAD` or `config` is a repository: reported even when small,
 * since its config may carry a remote URL with a token in it.
 */
function gitRepository(fs: MergedFilesystem, dir: string): boolean {
  return ['HEAD', 'config'].some((name) => fs.lstat(`${dir}/${name}`)?.type === 'file');
}

/** `/`, `/root`, each directory in `/home`, and the passwd homes that are directories, each once (symlinks resolved). */
function homeDirectories(fs: MergedFilesystem, users: readonly UserEntry[]): string[] {
  const candidates = ['/', '/root', ...fs.list('/home').map((name) => `/home/${name}`), ...users.map((user) => user.home)];
  const homes = new Set<string>();
  for (const candidate of candidates) {
    if (!candidate.startsWith('/')) continue;
    const resolved = fs.resolve(candidate);
    if (resolved?.node.type === 'dir') homes.add(resolved.path);
  }
  return [...homes];
}

/** The regular files below `dir` that count: their bytes, and the layer that wrote most of them. */
function measure(fs: MergedFilesystem, kind: LeftoverKind, dir: string, dirLayer: number, counts: Counts): Leftover {
  const perLayer = new Map<number, number>();
  let bytes = 0;
  let files = 0;
  for (const node of fs.walk(dir)) {
    // As the size facts count: hard links are not counted twice.
    if (node.type !== 'file' || !counts(node.path.slice(dir.length + 1))) continue;
    files++;
    bytes += node.size;
    perLayer.set(node.layer, (perLayer.get(node.layer) ?? 0) + node.size);
  }
  let layer = dirLayer;
  let most = -1;
  for (const [index, size] of perLayer) {
    if (size > most || (size === most && index < layer)) {
      layer = index;
      most = size;
    }
  }
  return { kind, path: dir, bytes, files, layer };
}
