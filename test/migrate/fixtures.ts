// Traditional Debian-shaped images built in code for the planner: a merged-/usr OS layer with glibc,
// a dpkg database with file lists (which name /lib paths, as Debian's packages do), then the
// layers an app's Dockerfile adds.
import type { RuntimeConfig } from '../../src/image/types.ts';
import { buildElf, type ElfSpec } from '../support/elf-writer.ts';
import type { ImageSpec, LayerSpec } from '../support/images.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const X86 = { class: 64, endian: 'little', machine: 62 } as const;
export const LOADER = '/lib64/ld-linux-x86-64.so.2';
const MULTIARCH = 'usr/lib/x86_64-linux-gnu';

/** A dynamically linked program (PT_INTERP glibc's loader) that needs these libraries. */
export function dynamicProgram(needed: string[], extra: Partial<ElfSpec> = {}): Buffer {
  return buildElf({ ...X86, type: 3, interpreter: LOADER, needed, ...extra });
}
export const STATIC_PROGRAM = buildElf({ ...X86, type: 2 });
export function library(soname: string, needed: string[] = []): Buffer {
  return buildElf({ ...X86, type: 3, soname, needed });
}

/** One package: its files (paths without the leading slash) and the paths its .list names. */
interface Package {
  name: string;
  files: TarEntrySpec[];
  listed: string[];
}

function lib(name: string, file: string, soname: string, needed: string[] = [], size = 0): TarEntrySpec[] {
  const content = library(soname, needed);
  return [
    { path: `${MULTIARCH}/${file}`, content: size > content.length ? Buffer.concat([content, Buffer.alloc(size - content.length)]) : content },
    ...(file !== soname ? [{ path: `${MULTIARCH}/${soname}`, type: 'symlink' as const, target: file }] : []),
  ];
}

export const PACKAGES: Record<string, Package> = {
  libc6: {
    name: 'libc6',
    files: [
      ...lib('libc6', 'libc.so.6', 'libc.so.6', ['ld-linux-x86-64.so.2'], 2000),
      ...lib('libc6', 'libm.so.6', 'libm.so.6', ['libc.so.6']),
      { path: `${MULTIARCH}/ld-linux-x86-64.so.2`, content: library('ld-linux-x86-64.so.2'), mode: 0o755 },
      { path: 'usr/lib64/', type: 'dir' },
      { path: 'usr/lib64/ld-linux-x86-64.so.2', type: 'symlink', target: '../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' },
    ],
    listed: ['/lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/libm.so.6', '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', '/lib64/ld-linux-x86-64.so.2'],
  },
  dash: {
    name: 'dash',
    files: [
      { path: 'usr/bin/dash', content: dynamicProgram(['libc.so.6']), mode: 0o755 },
      { path: 'usr/bin/sh', type: 'symlink', target: 'dash' },
    ],
    listed: ['/bin/dash', '/bin/sh', '/usr/bin/dash'],
  },
  zlib1g: {
    name: 'zlib1g',
    files: lib('zlib1g', 'libz.so.1.2.13', 'libz.so.1', ['libc.so.6'], 4000),
    listed: ['/lib/x86_64-linux-gnu/libz.so.1.2.13', '/lib/x86_64-linux-gnu/libz.so.1'],
  },
  libssl3: {
    name: 'libssl3',
    files: [
      ...lib('libssl3', 'libssl.so.3', 'libssl.so.3', ['libcrypto.so.3', 'libc.so.6']),
      ...lib('libssl3', 'libcrypto.so.3', 'libcrypto.so.3', ['libc.so.6']),
    ],
    listed: ['/usr/lib/x86_64-linux-gnu/libssl.so.3', '/usr/lib/x86_64-linux-gnu/libcrypto.so.3'],
  },
  hello: {
    name: 'hello',
    files: [{ path: 'usr/bin/hello', content: dynamicProgram(['libc.so.6']), mode: 0o755 }],
    listed: ['/usr/bin/hello', '/usr/share/hello/greeting.txt'],
  },
  'libstdc++6': {
    name: 'libstdc++6',
    files: [
      ...lib('libstdc++6', 'libstdc++.so.6.0.30', 'libstdc++.so.6', ['libm.so.6', 'libc.so.6', 'libgcc_s.so.1']),
      ...lib('libgcc-s1', 'libgcc_s.so.1', 'libgcc_s.so.1', ['libc.so.6']),
    ],
    listed: ['/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30', '/usr/lib/x86_64-linux-gnu/libstdc++.so.6', '/lib/x86_64-linux-gnu/libgcc_s.so.1'],
  },
};

export const PASSWD = 'root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n';

function dpkgFiles(packages: Package[]): TarEntrySpec[] {
  const status = packages.map((pkg) => `Package: ${pkg.name}\nStatus: install ok installed\nArchitecture: amd64\n`).join('\n');
  return [
    { path: 'var/lib/dpkg/status', content: status },
    ...packages.map((pkg) => ({ path: `var/lib/dpkg/info/${pkg.name}:amd64.list`, content: `/.\n${pkg.listed.join('\n')}\n` })),
  ];
}

/** The OS layer: merged /usr, os-release, passwd, glibc and dash, with their dpkg records. */
export function osLayer(osRelease = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'): LayerSpec {
  const packages = [PACKAGES.libc6, PACKAGES.dash];
  return {
    entries: [
      { path: 'bin', type: 'symlink', target: 'usr/bin' },
      { path: 'lib', type: 'symlink', target: 'usr/lib' },
      { path: 'lib64', type: 'symlink', target: 'usr/lib64' },
      { path: 'etc/', type: 'dir' },
      { path: 'etc/os-release', content: osRelease },
      { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\n' },
      { path: 'usr/', type: 'dir' },
      { path: 'usr/bin/', type: 'dir' },
      { path: 'usr/local/', type: 'dir' },
      { path: 'usr/local/bin/', type: 'dir' },
      { path: 'usr/lib/', type: 'dir' },
      { path: `${MULTIARCH}/`, type: 'dir' },
      { path: 'tmp/', type: 'dir', mode: 0o1777 },
      ...packages.flatMap((pkg) => pkg.files),
      ...dpkgFiles(packages),
    ],
  };
}

/** An `apt-get install` layer: the packages' files, the whole dpkg database again, apt's leftovers. */
export function aptLayer(names: string[]): LayerSpec {
  const packages = [PACKAGES.libc6, PACKAGES.dash, ...names.map((name) => PACKAGES[name])];
  return {
    entries: [
      ...names.flatMap((name) => PACKAGES[name].files),
      ...dpkgFiles(packages),
      { path: 'var/cache/apt/pkgcache.bin', content: 'cache' },
      { path: 'var/lib/apt/lists/deb.debian.org_dists', content: 'lists' },
      { path: 'etc/ld.so.cache', content: 'ld.so.cache' },
    ],
  };
}

export interface AppImage {
  /** Packages installed above the OS layer. */
  packages?: string[];
  /** The app's own layer. */
  app: TarEntrySpec[];
  config: RuntimeConfig;
  osRelease?: string;
  extraLayers?: LayerSpec[];
}

export function appImage({ packages = [], app, config, osRelease, extraLayers = [] }: AppImage): ImageSpec {
  return {
    layers: [osLayer(osRelease), ...(packages.length ? [aptLayer(packages)] : []), { entries: app }, ...extraLayers],
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ...config },
  };
}
