import { posix } from 'node:path';
import picomatch from 'picomatch/posix.js';
import type { FileLookup } from '../image/types.ts';
import { matchesGlob } from '../common/glob.ts';
import type { RawFinding, Rule } from './rule.ts';

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

export const forbiddenPaths: Rule<'forbidden-paths'> = {
  id: 'forbidden-paths',
  title: 'No forbidden paths',
  needsFiles: true,
  check: ({ fs, options }) => {
    if (options.paths.length === 0) return [];
    const matchers = options.paths.map((glob) => ({ glob, variants: globsThroughSymlinks(fs, glob) }));
    const findings: RawFinding[] = [];
    for (const node of fs.walk()) {
      const hit = matchers.find((matcher) => matcher.variants.some((variant) => matchesGlob(variant, node.path)));
      if (hit)
        findings.push({
          message: `${node.path} matches the forbidden path ${hit.glob}`,
          path: node.path,
          layer: node.layer,
          hint: 'remove it in the build stage, or do not COPY it into the final image',
        });
    }
    return findings;
  },
};
