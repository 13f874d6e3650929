import { describe, expect, it } from 'vitest';
import { factsOf } from '../support/facts.ts';

const STATUS = [
  'Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\nDescription: GNU C Library\n multi-line description',
  'Package: old-tool\nStatus: deinstall ok config-files\nVersion: 1.0',
  'Package: half\nStatus: install reinstreq half-installed\nVersion: 1.0',
  'Package: bash\nStatus: hold ok installed\nVersion: 5.2',
  'Package: base-files\nStatus: install ok installed\nVersion: 12.4',
  'Package: no-status\nVersion: 1',
].join('\n\n');

describe('package inventory', () => {
  it('dpkg status: only packages whose Status says installed, sorted', async () => {
    const { facts } = await factsOf({ layers: [{ entries: [{ path: 'var/lib/dpkg/status', content: `${STATUS}\n` }] }] });
    expect(facts.packages).toStrictEqual([{ manager: 'dpkg', source: '/var/lib/dpkg/status', count: 3, names: ['base-files', 'bash', 'libc6'] }]);
  });

  it('dpkg status.d/* as distroless writes it: one paragraph per file, md5sums files ignored', async () => {
    const { facts } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'var/lib/dpkg/status.d/', type: 'dir' },
            { path: 'var/lib/dpkg/status.d/base-files', content: 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n' },
            { path: 'var/lib/dpkg/status.d/base-files.md5sums', content: 'd41d8cd98f00b204e9800998ecf8427e  etc/debian_version\n' },
            { path: 'var/lib/dpkg/status.d/tzdata', content: 'Package: tzdata\nVersion: 2024a\n' },
          ],
        },
        { entries: [{ path: 'var/lib/dpkg/status.d/netbase', content: 'Package: netbase\nVersion: 6.4\n' }] },
      ],
    });
    expect(facts.packages).toStrictEqual([{ manager: 'dpkg', source: '/var/lib/dpkg/status.d', count: 3, names: ['base-files', 'netbase', 'tzdata'] }]);
  });

  it('apk installed database: P: lines, each name once', async () => {
    const installed = 'C:Q1abc=\nP:musl\nV:1.2.5-r0\n\nC:Q1def=\nP:busybox\nV:1.36.1-r29\n\nP:apk-tools\nV:2.14\n\nP:musl\n';
    const { facts } = await factsOf({ layers: [{ entries: [{ path: 'lib/apk/db/installed', content: installed }] }] });
    expect(facts.packages).toStrictEqual([{ manager: 'apk', source: '/lib/apk/db/installed', count: 3, names: ['apk-tools', 'busybox', 'musl'] }]);
  });

  it('lists every database found, and none for an image without one', async () => {
    const both = await factsOf({
      layers: [
        {
          entries: [
            { path: 'var/lib/dpkg/status', content: 'Package: a\nStatus: install ok installed\n' },
            { path: 'lib/apk/db/installed', content: 'P:b\n' },
          ],
        },
      ],
    });
    expect(both.facts.packages.map((p) => [p.manager, p.source, p.names])).toStrictEqual([
      ['dpkg', '/var/lib/dpkg/status', ['a']],
      ['apk', '/lib/apk/db/installed', ['b']],
    ]);
    const none = await factsOf({ layers: [{ entries: [{ path: 'app', content: 'x' }] }] });
    expect(none.facts.packages).toStrictEqual([]);
  });

  it('a database deleted by a later layer is gone', async () => {
    const { facts } = await factsOf({
      layers: [
        { entries: [{ path: 'var/lib/dpkg/status', content: 'Package: a\nStatus: install ok installed\n' }] },
        { entries: [{ path: 'var/lib/dpkg/.wh.status', content: '' }] },
      ],
    });
    expect(facts.packages).toStrictEqual([]);
  });
});
