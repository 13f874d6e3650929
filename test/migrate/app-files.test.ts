import { describe, expect, it } from 'vitest';
import { appFiles, isExcluded } from '../../src/migrate/app-files.ts';
import { factsOf } from '../support/facts.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

async function treeOf(layers: TarEntrySpec[][]) {
  return (await factsOf({ layers: layers.map((entries) => ({ entries })) })).fs;
}

describe('the app files', () => {
  it('copies a directory of its own whole (links kept), and reports a link alone that COPY cannot make', async () => {
    const tree = await treeOf([
      [
        { path: 'etc/os-release', content: 'ID=debian\n' },
        { path: 'usr/local/bin/', type: 'dir' },
      ],
      [
        { path: 'srv/app/', type: 'dir' },
        { path: 'srv/app/bin', content: 'x' },
        { path: 'srv/app/current', type: 'symlink', target: '.' },
        { path: 'usr/local/bin/dir-link', type: 'symlink', target: '/srv/app' },
        { path: 'usr/local/bin/tool', type: 'symlink', target: '/srv/app/bin' },
        { path: 'etc/passwd', content: 'app:x:1000:1000::/home/app:/bin/sh\n' },
        { path: 'home/app/.bashrc', content: '# skel' },
        { path: 'var/cache/apt/pkgcache.bin', content: 'x' },
      ],
    ]);
    const files = appFiles(tree, { osBaseLayer: 0 });
    expect(files.copies.map((copy) => [copy.source, copy.destination, copy.type])).toEqual([
      ['/srv/app', '/srv/app', 'dir'],
      ['/srv/app/bin', '/usr/local/bin/tool', 'file'],
    ]);
    expect(files.symlinks).toEqual([{ path: '/usr/local/bin/dir-link', target: '/srv/app' }]);
  });

  it('walks the deepest tree a layer may hold', async () => {
    const depth = 2000; // paths stop at 4095 bytes
    const dir = Array.from({ length: depth }, () => 'd').join('/');
    const tree = await treeOf([[{ path: 'etc/os-release', content: 'ID=debian\n' }], [{ path: `${dir}/leaf`, content: 'x' }]]);
    const files = appFiles(tree, { osBaseLayer: 0 });
    expect(files.copies).toEqual([{ source: '/d', destination: '/d', type: 'dir', files: 1, bytes: 1, role: 'app' }]);
  });

  it.each([
    ['/var/lib/apt/lists/x', true],
    ['/var/cache/apt', true],
    ['/etc/passwd-', true],
    ['/etc/shadow', true],
    ['/root/.cache/pip/x', true],
    ['/home/app/.profile', true],
    ['/usr/lib/python3/dist-packages/foo/__pycache__/x.pyc', true],
    ['/usr/local/lib/python3.11/site-packages/foo/__pycache__/x.pyc', false],
    ['/etc/myapp.conf', false],
    ['/home/app/data.db', false],
  ])('%s excluded: %s', (path, excluded) => {
    expect(isExcluded(path)).toBe(excluded);
  });
});
