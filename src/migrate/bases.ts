// The distroless base images as a table: what each provides, for which Debian releases, and about
// how large it is. Source: /work/shared/DISTROLESS-BASES.md (read from
// GoogleContainerTools/distroless at cd08076: */config.bzl, common/variables.bzl). Where that page
// and the images disagree, the images win: change this table, not the planner.

export type BaseName = 'static' | 'base-nossl' | 'base' | 'cc' | 'java17' | 'java21' | 'java25' | 'python3' | 'nodejs22' | 'nodejs24' | 'nodejs26';
export type DebianSuffix = 'debian12' | 'debian13';
export type RuntimeKind = 'java' | 'python' | 'node';

export interface DistrolessBase {
  name: BaseName;
  /** The Debian releases it is published for. */
  releases: readonly DebianSuffix[];
  /** Shared objects (by soname, as DT_NEEDED names them) the image has in its library directories. */
  libraries: readonly string[];
  /** Approximate uncompressed size in bytes: the Installed-Size of its Debian packages (bookworm, amd64), plus a runtime's own. */
  size: number;
  /** The runtime it carries, for java, python3 and nodejs images. */
  runtime?: { kind: RuntimeKind; program: string; version?: string };
  /** What it adds, in the words of the plan. */
  provides: string;
}

/** glibc's shared objects (Debian's libc6) and its loaders, one per architecture. */
export const GLIBC = [
  'libc.so.6',
  'libm.so.6',
  'libpthread.so.0',
  'libdl.so.2',
  'librt.so.1',
  'libresolv.so.2',
  'libutil.so.1',
  'libanl.so.1',
  'libnsl.so.1',
  'libBrokenLocale.so.1',
  'libmvec.so.1',
  'libnss_files.so.2',
  'libnss_dns.so.2',
  'libnss_compat.so.2',
  'libnss_hesiod.so.2',
  'libc_malloc_debug.so.0',
  'libthread_db.so.1',
  'ld-linux-x86-64.so.2',
  'ld-linux-aarch64.so.1',
  'ld-linux-armhf.so.3',
  'ld-linux.so.2',
  'ld64.so.2',
  'ld64.so.1',
  'ld-linux-riscv64-lp64d.so.1',
] as const;
const OPENSSL = ['libssl.so.3', 'libcrypto.so.3'];
/** debian13's base adds libzstd1 and zlib1g (OpenSSL 3.5 links them). */
const BASE13_EXTRA = ['libzstd.so.1', 'libz.so.1'];
const CC = ['libstdc++.so.6', 'libgcc_s.so.1', 'libgomp.so.1'];
const JAVA_EXTRA = [
  'libz.so.1',
  'libjpeg.so.62',
  'liblcms2.so.2',
  'libfreetype.so.6',
  'libexpat.so.1',
  'libfontconfig.so.1',
  'libuuid.so.1',
  'libbrotlidec.so.1',
  'libbrotlicommon.so.1',
  'libcrypt.so.1',
  'libpng16.so.16',
  'libbz2.so.1.0',
];
const PYTHON_EXTRA = [
  'libbz2.so.1.0',
  'libexpat.so.1',
  'liblzma.so.5',
  'libsqlite3.so.0',
  'libuuid.so.1',
  'libncursesw.so.6',
  'libtinfo.so.6',
  'libz.so.1',
  'libcom_err.so.2',
  'libcrypt.so.1',
  'libgssapi_krb5.so.2',
  'libk5crypto.so.3',
  'libkeyutils.so.1',
  'libkrb5.so.3',
  'libkrb5support.so.0',
  'libnsl.so.2',
  'libreadline.so.8',
  'libtirpc.so.3',
  'libffi.so.8',
  'libpython3.13.so.1.0',
];

const MIB = 1024 * 1024;
// Uncompressed sizes (layer tar bytes, as `check` counts them) of images built from the same Debian
// packages as distroless' debian12 amd64 images (measured 2026-12 on the test stand-ins; the
// packages' Installed-Size gives the same within 10%). debian13 is taken to be the same size.
const STATIC_SIZE = 2_860_544;
/** + libc6. */
const BASE_NOSSL_SIZE = 15_702_528;
/** + libssl3. */
const BASE_SIZE = 21_371_904;
/** + libgcc-s1, libstdc++6, libgomp1, gcc-12-base. */
const CC_SIZE = 24_120_832;

const BOTH: readonly DebianSuffix[] = ['debian12', 'debian13'];
const TRIXIE: readonly DebianSuffix[] = ['debian13'];

/** Smallest first: the planner takes the first base that has what the program needs. */
export const BASES: readonly DistrolessBase[] = [
  { name: 'static', releases: BOTH, libraries: [], size: STATIC_SIZE, provides: 'no C library: for statically linked programs' },
  { name: 'base-nossl', releases: BOTH, libraries: [...GLIBC], size: BASE_NOSSL_SIZE, provides: 'glibc' },
  { name: 'base', releases: BOTH, libraries: [...GLIBC, ...OPENSSL], size: BASE_SIZE, provides: 'glibc and OpenSSL (libssl3)' },
  { name: 'cc', releases: BOTH, libraries: [...GLIBC, ...OPENSSL, ...CC], size: CC_SIZE, provides: 'glibc, OpenSSL, libstdc++, libgcc_s and libgomp' },
  ...(['17', '21', '25'] as const).map(
    (version): DistrolessBase => ({
      name: `java${version}`,
      releases: TRIXIE,
      libraries: [...GLIBC, ...OPENSSL, ...CC, ...JAVA_EXTRA],
      size: CC_SIZE + 8 * MIB + 130 * MIB,
      runtime: { kind: 'java', program: '/usr/bin/java', version },
      provides: `a Temurin ${version} JRE at /usr/bin/java`,
    }),
  ),
  {
    name: 'python3',
    releases: TRIXIE,
    libraries: [...GLIBC, ...OPENSSL, ...BASE13_EXTRA, ...PYTHON_EXTRA],
    size: BASE_SIZE + 40 * MIB,
    runtime: { kind: 'python', program: '/usr/bin/python3', version: '3.13' },
    provides: 'CPython 3.13 at /usr/bin/python3',
  },
  ...(['22', '24', '26'] as const).map(
    (version): DistrolessBase => ({
      name: `nodejs${version}`,
      releases: TRIXIE,
      libraries: [...GLIBC, ...OPENSSL, ...CC],
      size: CC_SIZE + 110 * MIB,
      runtime: { kind: 'node', program: '/nodejs/bin/node', version },
      provides: `Node.js ${version} at /nodejs/bin/node`,
    }),
  ),
];

/** The libraries a base has for a release (debian13's base family adds zstd and zlib). */
export function baseLibraries(base: DistrolessBase, release: DebianSuffix): ReadonlySet<string> {
  const extra = release === 'debian13' && base.name !== 'static' && base.name !== 'base-nossl' ? BASE13_EXTRA : [];
  return new Set([...base.libraries, ...extra]);
}

export function baseNamed(name: BaseName): DistrolessBase {
  return BASES.find((base) => base.name === name) as DistrolessBase;
}

/** The release suffix for the source's os-release: bookworm → debian12, trixie → debian13. */
export const DEBIAN_RELEASES: Readonly<Record<string, DebianSuffix>> = { '12': 'debian12', '13': 'debian13' };
export const DEFAULT_RELEASE: DebianSuffix = 'debian12';

/** What every distroless image sets: a PATH equal to it is not written again. */
export const DISTROLESS_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const NONROOT_UID = 65532;
export const DEFAULT_REGISTRY = 'gcr.io/distroless';

/** Architectures distroless publishes (Debian names through OCI names). */
export const ARCHITECTURES: Readonly<Record<string, readonly DebianSuffix[]>> = {
  amd64: BOTH,
  arm64: BOTH,
  arm: BOTH,
  s390x: BOTH,
  ppc64le: BOTH,
  riscv64: TRIXIE,
};

/** Directories every distroless image has: copied into, never over (a whole-directory COPY stops below them). */
export const BASE_DIRECTORIES: ReadonlySet<string> = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/lib64',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/lib',
  '/usr/local/sbin',
  '/usr/local/share',
  '/usr/sbin',
  '/usr/share',
  '/var',
  '/var/lib',
  '/etc/ssl',
  '/etc/ssl/certs',
  '/home/nonroot',
]);
