import { describe, expect, it } from 'vitest';
import { subjectOf } from '../../src/engine/subject.ts';
import { factsOf } from '../support/facts.ts';

describe('subjectOf', () => {
  it('resolves paths through symlinks and hard links, and a missing file under its resolved directory', async () => {
    const { fs } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'bin', type: 'symlink', target: 'usr/bin' },
            { path: 'usr/', type: 'dir' },
            { path: 'usr/bin/', type: 'dir' },
            { path: 'usr/bin/dash', content: 'dash', mode: 0o755 },
            { path: 'usr/bin/sh', type: 'symlink', target: 'dash' },
            { path: 'usr/bin/ash', type: 'hardlink', target: 'usr/bin/dash', mode: 0o755 },
          ],
        },
      ],
    });
    const subject = (path: string) => subjectOf({ message: 'x', path }, fs);
    expect(subject('/bin/sh')).toBe('/usr/bin/dash');
    expect(subject('/usr/bin/ash')).toBe('/usr/bin/dash');
    expect(subject('/bin/missing')).toBe('/usr/bin/missing');
    expect(subject('/nowhere/missing')).toBe('/nowhere/missing');
  });

  it('names config findings by setting and variable, and others by message without numbers', async () => {
    const { fs } = await factsOf({ layers: [{ entries: [] }] });
    expect(subjectOf({ message: 'ENV NPM_TOKEN=… is a token', setting: 'ENV', envName: 'NPM_TOKEN' }, fs)).toBe('ENV:NPM_TOKEN');
    expect(subjectOf({ message: 'no USER is set', setting: 'USER' }, fs)).toBe('USER');
    expect(subjectOf({ message: '1,234.5 MiB wasted in 12 files' }, fs)).toBe('# MiB wasted in # files');
  });
});
