import { describe, expect, it } from 'vitest';
import { factsOf } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';

const match = (path: string, glob: string, layer: number) => ({ path, layer, glob });
const matchesOf = async (spec: ImageSpec, pathGlobs?: string[]) => (await factsOf(spec, pathGlobs ? { pathGlobs } : {})).facts.pathMatches;
const TOOLS = ['**/bin/curl', '**/bin/wget', '**/bin/nc'];

/** Merged /usr: curl is written as bin/curl and lands in /usr/bin/curl; wget is a busybox applet. */
const tools: ImageSpec = {
  layers: [
    {
      entries: [
        { path: 'bin', type: 'symlink', target: 'usr/bin' },
        { path: 'usr/bin/busybox', content: 'x', mode: 0o755 },
      ],
    },
    {
      entries: [
        { path: 'bin/curl', content: 'x', mode: 0o755 },
        { path: 'usr/bin/wget', type: 'symlink', target: 'busybox' },
        { path: 'etc/ssl/private/server.pem', content: 'key' },
        { path: 'root/.ssh/id.pem', content: 'key' },
        { path: 'app', content: 'x', mode: 0o755 },
      ],
    },
  ],
};

describe('paths matching the asked globs', () => {
  it('lists the paths where the image stores them, symlinks included, with the glob that matched and the layer', async () => {
    expect(await matchesOf(tools, TOOLS)).toStrictEqual([match('/usr/bin/curl', '**/bin/curl', 1), match('/usr/bin/wget', '**/bin/wget', 1)]);
  });

  it('finds /bin/curl through /bin -> usr/bin and gives the real path /usr/bin/curl', async () => {
    expect(await matchesOf(tools, ['/bin/curl'])).toStrictEqual([match('/usr/bin/curl', '/bin/curl', 1)]);
    expect(await matchesOf(tools, ['/bin/w*'])).toStrictEqual([match('/usr/bin/wget', '/bin/w*', 1)]);
    expect(await matchesOf(tools, ['/usr/bin/curl'])).toStrictEqual([match('/usr/bin/curl', '/usr/bin/curl', 1)]);
  });

  it('matches **/*.pem anywhere, dotfiles included; a path once, under the first glob that matches', async () => {
    expect(await matchesOf(tools, ['**/*.pem', '/root/**'])).toStrictEqual([
      match('/etc/ssl/private/server.pem', '**/*.pem', 1),
      match('/root', '/root/**', 1),
      match('/root/.ssh', '/root/**', 1),
      match('/root/.ssh/id.pem', '**/*.pem', 1),
    ]);
  });

  it('is empty for an image without them or for no globs, and absent when none were asked for', async () => {
    const clean: ImageSpec = {
      layers: [
        {
          entries: [
            { path: 'app', content: 'x', mode: 0o755 },
            { path: 'usr/bin/curlish', content: 'x' },
          ],
        },
      ],
    };
    expect(await matchesOf(clean, TOOLS)).toStrictEqual([]);
    expect(await matchesOf(tools, [])).toStrictEqual([]);
    expect(await matchesOf(tools, ['/sbin/curl'])).toStrictEqual([]);
    expect(await matchesOf(tools)).toBeUndefined();
  });
});
