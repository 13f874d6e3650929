import { describe, expect, it } from 'vitest';
import type { PathMatch } from '../../src/facts/paths.ts';
import { RULES } from '../../src/rules/index.ts';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT = 'remove it in the build stage, or do not COPY it into the final image';
const finding = (path: string, glob: string, layer: number) => ({ message: `${path} matches the forbidden path ${glob}`, path, layer, hint: HINT });

describe('forbidden-paths', () => {
  it('reports each path that matched a forbidden glob, with the glob and the layer', () => {
    const pathMatches: PathMatch[] = [
      { path: '/usr/bin/curl', layer: 1, glob: '/bin/curl' },
      { path: '/root/.ssh/id.pem', layer: 2, glob: '**/*.pem' },
    ];
    expect(checkRule('forbidden-paths', makeFacts({ pathMatches }))).toStrictEqual([
      finding('/usr/bin/curl', '/bin/curl', 1),
      finding('/root/.ssh/id.pem', '**/*.pem', 2),
    ]);
  });

  it('passes an image where nothing matched', () => {
    expect(checkRule('forbidden-paths', makeFacts({ pathMatches: [] }))).toStrictEqual([]);
  });

  it('asks fact gathering for its globs when on, and for nothing when off', () => {
    const { factOptions } = RULES['forbidden-paths'];
    expect(factOptions?.({ level: 'error', options: { paths: ['/bin/curl'] } })).toStrictEqual({ pathGlobs: ['/bin/curl'] });
    expect(factOptions?.({ level: 'off', options: { paths: ['/bin/curl'] } })).toStrictEqual({});
  });
});
