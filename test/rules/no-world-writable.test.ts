import { describe, expect, it } from 'vitest';
import { runRule } from '../support/facts.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const HINT = 'chmod o-w it in the build stage (COPY --chmod=0755)';
const check = (...layers: TarEntrySpec[][]) => runRule('no-world-writable', { layers: layers.map((entries) => ({ entries })) });

describe('no-world-writable', () => {
  it('reports world-writable files and directories with mode and layer', async () => {
    expect(
      await check(
        [
          { path: 'app/', type: 'dir', mode: 0o755 },
          { path: 'app/config', content: 'x', mode: 0o666 },
        ],
        [{ path: 'data/', type: 'dir', mode: 0o777 }],
      ),
    ).toStrictEqual([
      { message: '/app/config is world-writable (mode 0666)', path: '/app/config', layer: 0, hint: HINT },
      { message: '/data is world-writable (mode 0777)', path: '/data', layer: 1, hint: HINT },
    ]);
  });

  it('passes sticky /tmp and /var/tmp, and what is inside them', async () => {
    expect(
      await check([
        { path: 'tmp/', type: 'dir', mode: 0o1777 },
        { path: 'tmp/scratch', content: 'x', mode: 0o666 },
        { path: 'var/tmp/', type: 'dir', mode: 0o1777 },
        { path: 'app/config', content: 'x', mode: 0o644 },
      ]),
    ).toStrictEqual([]);
  });

  it('reports /tmp without the sticky bit, and what is inside it', async () => {
    expect(
      await check([
        { path: 'tmp/', type: 'dir', mode: 0o777 },
        { path: 'tmp/scratch', content: 'x', mode: 0o666 },
      ]),
    ).toStrictEqual([
      { message: '/tmp is world-writable (mode 0777)', path: '/tmp', layer: 0, hint: 'set the sticky bit: chmod 1777 /tmp' },
      { message: '/tmp/scratch is world-writable (mode 0666)', path: '/tmp/scratch', layer: 0, hint: HINT },
    ]);
  });

  it('reports a sticky world-writable directory that is not a scratch directory', async () => {
    expect(await check([{ path: 'srv/upload/', type: 'dir', mode: 0o1777 }])).toStrictEqual([
      { message: '/srv/upload is world-writable (mode 1777)', path: '/srv/upload', layer: 0, hint: HINT },
    ]);
  });
});
