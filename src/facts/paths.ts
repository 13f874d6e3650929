import { posix } from 'node:path';
import picomatch from 'picomatch/posix.js';
import { matchesGlob } from '../common/glob.ts';
import type { MergedFilesystem } from '../image/filesystem.ts';
import type { FileLookup } from '../image/types.ts';

/** A path of the image that one of the asked globs matches. */
export interface PathMatch {
  path: string;
  /** The layer that last wrote it. */
  layer: number;
  /** The first glob, in the order asked, that matches it. */
  glob: string;
}

/**
 * The glob and, when its leading directories go through a symlink, the same glob on the real
 * directory: `/bin/curl` with `/bin -> usr/bin` must find `/usr/bin/curl`, the path the image stores.
 */
function globsThroughSymlinks(fs: FileLookup, glob: string): string[] {
  const { base, glob: rest, isGlob } = picomatch.scan(glob);
  if (!base.startsWith('/')) return [glob];
  const dir = isGlob ? base : posix.dirname(base);
  const tail = isGlob ? rest : posix.basename(base);
  const real = fs.resolve(dir)?.path;
  return real === undefined || real === posix.normalize(dir) ? [glob] : [glob, posix.join(real, tail)];
}

/** Every path of the image, in walk order, that one of `globs` matches (through symlinked directories). */
export function matchPaths(fs: MergedFilesystem, globs: readonly string[]): PathMatch[] {
  if (globs.length === 0) return [];
  const matchers = globs.map((glob) => ({ glob, variants: globsThroughSymlinks(fs, glob) }));
  const matches: PathMatch[] = [];
  for (const node of fs.walk()) {
    const hit = matchers.find((matcher) => matcher.variants.some((variant) => matchesGlob(variant, node.path)));
    if (hit) matches.push({ path: node.path, layer: node.layer, glob: hit.glob });
  }
  return matches;
}
