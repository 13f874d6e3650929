/**
 * Two small images built in memory for the demo: the same app on a Debian-like base (shell,
 * package manager, shell-form CMD, root) and as a distroless image (static binary, nonroot).
 */
import { buildElf } from '../../test/support/elf-writer.ts';
import type { ImageSpec } from '../../test/support/images.ts';
import type { TarEntrySpec } from '../../test/support/tar-writer.ts';

const X86_64 = 62;
const server = buildElf({ class: 64, endian: 'little', machine: X86_64, type: 2, gap: 900_000 });
const dynamicBash = buildElf({
  class: 64,
  endian: 'little',
  machine: X86_64,
  type: 3,
  interpreter: '/lib64/ld-linux-x86-64.so.2',
  needed: ['libtinfo.so.6', 'libc.so.6'],
  gap: 1_200_000,
});
const tool = (gap: number) =>
  buildElf({ class: 64, endian: 'little', machine: X86_64, type: 3, interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'], gap });
const libc = buildElf({ class: 64, endian: 'little', machine: X86_64, type: 3, needed: ['ld-linux-x86-64.so.2'], soname: 'libc.so.6', gap: 1_900_000 });
const loader = buildElf({ class: 64, endian: 'little', machine: X86_64, type: 3, soname: 'ld-linux-x86-64.so.2', gap: 200_000 });

const dir = (path: string, mode = 0o755): TarEntrySpec => ({ path, type: 'dir', mode });
const file = (path: string, content: string | Buffer, mode = 0o644): TarEntrySpec => ({ path, content, mode });

const DPKG_STATUS = ['base-files', 'bash', 'dash', 'libc6', 'apt', 'dpkg', 'coreutils']
  .map((name) => `Package: ${name}\nStatus: install ok installed\nVersion: 1.0\n`)
  .join('\n');

/** The app as many teams ship it first: Debian-like base, shell-form CMD, running as root. */
export const debianApp: ImageSpec = {
  layers: [
    {
      entries: [
        { path: 'bin', type: 'symlink', target: 'usr/bin' },
        { path: 'lib64', type: 'symlink', target: 'usr/lib64' },
        dir('etc'),
        file('etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'),
        file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n'),
        file('etc/group', 'root:x:0:\n'),
        dir('usr'),
        dir('usr/bin'),
        file('usr/bin/bash', dynamicBash, 0o755),
        file('usr/bin/dash', tool(110_000), 0o755),
        { path: 'usr/bin/sh', type: 'symlink', target: 'dash' },
        file('usr/bin/apt', tool(20_000), 0o755),
        file('usr/bin/apt-get', tool(30_000), 0o755),
        file('usr/bin/dpkg', tool(300_000), 0o755),
        file('usr/bin/passwd', tool(60_000), 0o4755),
        dir('usr/lib64'),
        file('usr/lib64/ld-linux-x86-64.so.2', loader, 0o755),
        file('usr/lib64/libc.so.6', libc, 0o755),
        file('usr/lib64/libtinfo.so.6', tool(200_000), 0o644),
        dir('var'),
        dir('var/lib'),
        dir('var/lib/dpkg'),
        file('var/lib/dpkg/status', DPKG_STATUS),
        dir('tmp', 0o1777),
      ],
    },
    { entries: [dir('var/cache'), dir('var/cache/apt'), file('var/cache/apt/pkgcache.bin', Buffer.alloc(3_000_000, 7))] },
    { entries: [{ path: 'var/cache/apt/.wh.pkgcache.bin' }, dir('app'), file('app/server', server, 0o755)] },
  ],
  config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
    Cmd: ['/bin/sh', '-c', '/app/server --port 8080'],
    WorkingDir: '/app',
  },
  history: [
    { created_by: '/bin/sh -c #(nop) ADD file:5d6b639e8b6bcc011ee in / ' },
    { created_by: 'RUN /bin/sh -c apt-get update # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'COPY server /app/server # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'ENV API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', comment: 'buildkit.dockerfile.v0', empty_layer: true },
    { created_by: 'CMD ["/bin/sh" "-c" "/app/server --port 8080"]', comment: 'buildkit.dockerfile.v0', empty_layer: true },
  ],
};

/** The same app, distroless: a static binary on a base with passwd, os-release and nothing to run but the app. */
export const distrolessApp: ImageSpec = {
  layers: [
    {
      entries: [
        dir('etc'),
        file(
          'etc/passwd',
          'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
        ),
        file('etc/group', 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n'),
        dir('usr'),
        dir('usr/lib'),
        file('usr/lib/os-release', 'PRETTY_NAME="Distroless"\nID=debian\nVERSION_ID="12"\n'),
        dir('var'),
        dir('var/lib'),
        dir('var/lib/dpkg'),
        dir('var/lib/dpkg/status.d'),
        file('var/lib/dpkg/status.d/base-files', 'Package: base-files\nVersion: 12.4\n'),
        dir('tmp', 0o1777),
      ],
    },
    { entries: [dir('app'), file('app/server', server, 0o755)] },
  ],
  config: { Entrypoint: ['/app/server'], Cmd: ['--port', '8080'], User: '65532:65532', Env: ['PATH=/usr/local/bin:/usr/bin:/bin'] },
  history: [
    { created_by: 'bazel build //base:static', comment: 'from gcr.io/distroless/static-debian12' },
    { created_by: 'COPY /out/server /app/server # buildkit', comment: 'buildkit.dockerfile.v0' },
  ],
};
