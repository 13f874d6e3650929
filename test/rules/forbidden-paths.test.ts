import { describe, expect, it } from 'vitest';
import { runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';

const HINT = 'remove it in the build stage, or do not COPY it into the final image';
const finding = (path: string, glob: string, layer: number) => ({ message: `${path} matches the forbidden path ${glob}`, path, layer, hint: HINT });

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

describe('forbidden-paths', () => {
  it('reports the default tools of the strict preset where the image stores them, symlinks included', async () => {
    expect(await runRule('forbidden-paths', tools)).toStrictEqual([finding('/usr/bin/curl', '**/bin/curl', 1), finding('/usr/bin/wget', '**/bin/wget', 1)]);
  });

  it('finds /bin/curl through /bin -> usr/bin and reports the real path /usr/bin/curl', async () => {
    expect(await runRule('forbidden-paths', tools, { options: { paths: ['/bin/curl'] } })).toStrictEqual([finding('/usr/bin/curl', '/bin/curl', 1)]);
    expect(await runRule('forbidden-paths', tools, { options: { paths: ['/bin/w*'] } })).toStrictEqual([finding('/usr/bin/wget', '/bin/w*', 1)]);
    expect(await runRule('forbidden-paths', tools, { options: { paths: ['/usr/bin/curl'] } })).toStrictEqual([finding('/usr/bin/curl', '/usr/bin/curl', 1)]);
  });

  it('matches **/*.pem anywhere, dotfiles included', async () => {
    expect(await runRule('forbidden-paths', tools, { options: { paths: ['**/*.pem'] } })).toStrictEqual([
      finding('/etc/ssl/private/server.pem', '**/*.pem', 1),
      finding('/root/.ssh/id.pem', '**/*.pem', 1),
    ]);
  });

  it('passes an image without them, and any image when no paths are given', async () => {
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
    expect(await runRule('forbidden-paths', clean)).toStrictEqual([]);
    expect(await runRule('forbidden-paths', tools, { options: { paths: [] } })).toStrictEqual([]);
    expect(await runRule('forbidden-paths', tools, { options: { paths: ['/sbin/curl'] } })).toStrictEqual([]);
  });
});
