import { describe, expect, it } from 'vitest';
import type { FileFlag } from '../../src/facts/index.ts';
import { checkRule } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const HINT = 'chmod o-w it in the build stage (COPY --chmod=0755)';
const dir = (path: string, mode: number, layer = 0): FileFlag => ({ path, mode, layer, type: 'dir' });
const file = (path: string, mode: number, layer = 0): FileFlag => ({ path, mode, layer, type: 'file' });
const check = (...worldWritable: FileFlag[]) => checkRule('no-world-writable', makeFacts({ worldWritable }));

describe('no-world-writable', () => {
  it('reports world-writable files and directories with mode and layer', () => {
    expect(check(file('/app/config', 0o666), dir('/data', 0o777, 1))).toStrictEqual([
      { message: '/app/config is world-writable (mode 0666)', path: '/app/config', layer: 0, hint: HINT },
      { message: '/data is world-writable (mode 0777)', path: '/data', layer: 1, hint: HINT },
    ]);
  });

  it('passes sticky /tmp and /var/tmp, and what is inside them', () => {
    expect(check(dir('/tmp', 0o1777), file('/tmp/scratch', 0o666), dir('/var/tmp', 0o1777))).toStrictEqual([]);
  });

  it('reports /tmp without the sticky bit, and what is inside it', () => {
    expect(check(dir('/tmp', 0o777), file('/tmp/scratch', 0o666))).toStrictEqual([
      { message: '/tmp is world-writable (mode 0777)', path: '/tmp', layer: 0, hint: 'set the sticky bit: chmod 1777 /tmp' },
      { message: '/tmp/scratch is world-writable (mode 0666)', path: '/tmp/scratch', layer: 0, hint: HINT },
    ]);
  });

  it('reports a sticky world-writable directory that is not a scratch directory, and a file beside a scratch directory named like it', () => {
    expect(check(dir('/srv/upload', 0o1777), dir('/tmp', 0o1777), file('/tmpfile', 0o666))).toStrictEqual([
      { message: '/srv/upload is world-writable (mode 1777)', path: '/srv/upload', layer: 0, hint: HINT },
      { message: '/tmpfile is world-writable (mode 0666)', path: '/tmpfile', layer: 0, hint: HINT },
    ]);
  });
});
