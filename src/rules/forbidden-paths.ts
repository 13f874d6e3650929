import picomatch from 'picomatch';
import type { Rule } from './rule.ts';

export const forbiddenPaths: Rule<'forbidden-paths'> = {
  id: 'forbidden-paths',
  title: 'No forbidden paths',
  needsFiles: true,
  check: ({ fs, options }) => {
    if (options.paths.length === 0) return [];
    // Globs and paths compared without the leading slash, so `**/*.pem` matches `/etc/a.pem`.
    const matchers = options.paths.map((glob) => ({ glob, match: picomatch(glob.replace(/^\/+/, ''), { dot: true }) }));
    const findings = [];
    for (const node of fs.walk()) {
      const relative = node.path.slice(1);
      const hit = matchers.find((m) => m.match(relative));
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
