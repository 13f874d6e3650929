import { describe, expect, it } from 'vitest';
import { LEFTOVER_MIN_BYTES } from '../../src/facts/leftovers.ts';
import { debianPackages, describeWithApt, mergedUsrRootfs } from '../support/debian.ts';
import { checkRule, factsOf, factsOfTars } from '../support/facts.ts';
import { tarBuffer } from '../support/tar-writer.ts';

const KIB = 1024;
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/srv/app:/bin/sh\n';

describe('leftover facts', () => {
  it('finds caches in homes and at fixed places with their visible bytes and the layer that added most', async () => {
    const { facts } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'etc/passwd', content: PASSWD },
            // apt's lock and partial/ never count; the lists do.
            { path: 'var/lib/apt/lists/lock', content: '' },
            { path: 'var/lib/apt/lists/partial/', type: 'dir' },
            { path: 'var/lib/apt/lists/partial/half', content: 'p'.repeat(10 * KIB) },
            { path: 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease', content: 'r'.repeat(3 * KIB) },
            { path: 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', content: 'l'.repeat(2 * KIB) },
            { path: 'var/cache/apt/archives/partial/', type: 'dir' },
            { path: 'var/cache/apt/archives/lock', content: '' },
          ],
        },
        {
          entries: [
            { path: 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm-updates_InRelease', content: 'u'.repeat(6 * KIB) },
            { path: 'var/cache/apt/archives/curl_8.0_amd64.deb', content: 'd'.repeat(8 * KIB) },
            { path: 'var/cache/apt/pkgcache.bin', content: 'b'.repeat(5 * KIB) },
            { path: 'root/.cache/pip/http-v2/a/b/c', content: 'w'.repeat(20 * KIB) },
            // Home from /etc/passwd, outside /home.
            { path: 'srv/app/.npm/_cacache/index-v5/00/x', content: 'n'.repeat(5 * KIB) },
            // Under /home, and a small cache that is not worth a finding.
            { path: 'home/dev/.m2/repository/org/x.jar', content: 'm'.repeat(9 * KIB) },
            { path: 'home/dev/.cache/go-build/ab/cd', content: 'g'.repeat(LEFTOVER_MIN_BYTES - 1) },
            // HOME=/ at build time.
            { path: '.cache/pip/wheels/w.whl', content: 'p'.repeat(5 * KIB) },
            { path: 'usr/local/share/.cache/yarn/v6/pkg/index.js', content: 'y'.repeat(7 * KIB) },
          ],
        },
        {
          entries: [
            // A small repository is reported (its config may hold a remote with a token)...
            { path: 'app/.git/config', content: '[core]\n\tbare = false\n' },
            { path: 'app/.git/HEAD', content: 'ref: refs/heads/main\n' },
            // ...a directory merely named .git with a little in it is not...
            { path: 'opt/tool/.git/notes', content: 'hi' },
            // ...and a repository inside a cache is part of the cache.
            { path: 'root/.composer/cache/vcs/x/.git/HEAD', content: 'c'.repeat(5 * KIB) },
            // The whiteout hides the first curl download: it is not counted.
            { path: 'var/cache/apt/archives/.wh.curl_8.0_amd64.deb', content: '' },
            { path: 'var/cache/apt/archives/zlib_1.0_amd64.deb', content: 'z'.repeat(5 * KIB) },
          ],
        },
      ],
    });
    expect(facts.leftovers).toEqual([
      { kind: 'pip-cache', path: '/.cache/pip', bytes: 5 * KIB, files: 1, layer: 1 },
      { kind: 'git', path: '/app/.git', bytes: 42, files: 2, layer: 2 },
      { kind: 'maven-repository', path: '/home/dev/.m2/repository', bytes: 9 * KIB, files: 1, layer: 1 },
      { kind: 'pip-cache', path: '/root/.cache/pip', bytes: 20 * KIB, files: 1, layer: 1 },
      { kind: 'composer-cache', path: '/root/.composer/cache', bytes: 5 * KIB, files: 1, layer: 2 },
      { kind: 'npm-cache', path: '/srv/app/.npm/_cacache', bytes: 5 * KIB, files: 1, layer: 1 },
      { kind: 'yarn-cache', path: '/usr/local/share/.cache/yarn', bytes: 7 * KIB, files: 1, layer: 1 },
      { kind: 'apt-package-cache', path: '/var/cache/apt', bytes: 5 * KIB, files: 1, layer: 1 },
      { kind: 'apt-archives', path: '/var/cache/apt/archives', bytes: 5 * KIB, files: 1, layer: 2 },
      { kind: 'apt-lists', path: '/var/lib/apt/lists', bytes: 11 * KIB, files: 3, layer: 1 },
    ]);
  });

  it('measures a cache through a symlinked home once, at its real path', async () => {
    const { facts } = await factsOf({
      layers: [
        {
          entries: [
            { path: 'root', type: 'symlink', target: 'home/admin' },
            { path: 'home/admin/.gradle/caches/modules-2/a.jar', content: 'g'.repeat(6 * KIB) },
          ],
        },
      ],
    });
    expect(facts.leftovers).toEqual([{ kind: 'gradle-cache', path: '/home/admin/.gradle/caches', bytes: 6 * KIB, files: 1, layer: 0 }]);
  });
});

/** gcr.io/distroless/base's users, with a status.d entry per package instead of dpkg's status file. */
function distrolessExtras(names: string[]): Buffer {
  return tarBuffer([
    {
      path: 'etc/passwd',
      content:
        'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
    },
    { path: 'home/nonroot/', type: 'dir', uid: 65532, gid: 65532 },
    { path: 'root/', type: 'dir', mode: 0o700 },
    { path: 'tmp/', type: 'dir', mode: 0o1777 },
    ...names.map((name) => ({ path: `var/lib/dpkg/status.d/${name}`, content: `Package: ${name}\n` })),
  ]);
}

describeWithApt('leftover facts on clean images from real Debian packages', () => {
  const cases: [string, string[]][] = [
    [
      'a Debian minbase-like image (apt and dpkg leave empty lists/partial and archives/partial)',
      ['base-files', 'dash', 'bash', 'libtinfo6', 'libc6', 'apt', 'dpkg'],
    ],
    ['a distroless-style base', ['base-files', 'netbase', 'tzdata', 'ca-certificates', 'libc6', 'libssl3']],
    // The JRE (185 MB unpacked) is in test/heavy/leftovers-jre.test.ts.
    ['CPython', ['python3.11-minimal', 'libpython3.11-minimal', 'libpython3.11-stdlib']],
  ];
  for (const [name, packages] of cases) {
    it(`reports nothing on ${name}`, { timeout: 180_000 }, async () => {
      const rootfs = await mergedUsrRootfs(await debianPackages(packages));
      const facts = await factsOfTars([rootfs, distrolessExtras(packages)]);
      expect(facts.leftovers).toEqual([]);
      expect(checkRule('no-build-leftovers', facts)).toEqual([]);
    });
  }
});
