// Local stand-ins for gcr.io/distroless/{static,base-nossl,base,cc}-debian12 and their :nonroot
// tags, built in the real engine from the Debian packages the real images are made of
// (../shared/DISTROLESS-BASES.md) and tagged with the real names, so that a Dockerfile written for
// them builds offline: the legacy builder uses a local image of the name it is given without pulling.
// Each image carries a label with the hash of what went into it; an engine that already has all of
// them with the right labels is left alone, so they are built once per engine (about a minute on vfs).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { debianPackages, mergedUsrRootfs, type DebianPackage } from './debian.ts';
import { buildImage, docker, type BuildFile } from './engine.ts';
import type { TarEntrySpec } from './tar-writer.ts';

export const DISTROLESS_BASES = ['static', 'base-nossl', 'base', 'cc'] as const;
export type DistrolessBase = (typeof DISTROLESS_BASES)[number];

/** The label whose value is the hash of an image's inputs (Dockerfile, layer bytes, parent's hash). */
export const CONTENT_LABEL = 'org.distroless-guard.test.content';

/** What each image adds to the one before it: the debian12 column of DISTROLESS-BASES.md. */
const PACKAGES: Record<DistrolessBase, string[]> = {
  static: ['base-files', 'netbase', 'tzdata', 'media-types'],
  'base-nossl': ['libc6'],
  base: ['libssl3'],
  cc: ['libgcc-s1', 'libstdc++6', 'libgomp1', 'gcc-12-base'],
};
const PARENT: Record<DistrolessBase, DistrolessBase | undefined> = { static: undefined, 'base-nossl': 'static', base: 'base-nossl', cc: 'base' };

/** `gcr.io/distroless/<base>-debian12`, with `:nonroot` when asked. */
export function distrolessName(base: DistrolessBase, nonroot = false): string {
  return `gcr.io/distroless/${base}-debian12${nonroot ? ':nonroot' : ''}`;
}

const ROOT = { uid: 0, gid: 0 };
const file = (path: string, content: string | Buffer, mode = 0o644, owner = ROOT): TarEntrySpec => ({ path, content, mode, ...owner });
const dir = (path: string, mode = 0o755, owner = ROOT): TarEntrySpec => ({ path, type: 'dir', mode, ...owner });

// As distroless writes them (common/variables.bzl, base/base.bzl).
const PASSWD = [
  'root:x:0:0:root:/root:/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin',
  'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin',
  '',
].join('\n');
const GROUP = ['root:x:0:', 'nobody:x:65534:', 'tty:x:5:', 'staff:x:50:', 'nonroot:x:65532:', ''].join('\n');
const NSSWITCH = [
  'passwd:         files',
  'group:          files',
  'shadow:         files',
  'gshadow:        files',
  'hosts:          files dns',
  'networks:       files',
  'protocols:      db files',
  'services:       db files',
  'ethers:         db files',
  'rpc:            db files',
  'netgroup:       nis',
  '',
].join('\n');
const OS_RELEASE = [
  'PRETTY_NAME="Distroless"',
  'NAME="Debian GNU/Linux"',
  'ID="debian"',
  'VERSION_ID="12"',
  'VERSION="Debian GNU/Linux 12 (bookworm)"',
  'VERSION_CODENAME="bookworm"',
  'HOME_URL="https://github.com/GoogleContainerTools/distroless"',
  'SUPPORT_URL="https://github.com/GoogleContainerTools/distroless/blob/master/README.md"',
  'BUG_REPORT_URL="https://github.com/GoogleContainerTools/distroless/issues/new"',
  '',
].join('\n');
const ENV = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt';

/**
 * The bundle update-ca-certificates would generate from the package's certificates (all of
 * /usr/share/ca-certificates, in name order), which is what distroless ships; the package's own
 * files (a shell script among them) are not in the image.
 */
async function caBundle(caCertificates: DebianPackage): Promise<Buffer> {
  const shared = join(caCertificates.root, 'usr/share/ca-certificates');
  const names = (await readdir(shared, { recursive: true })).filter((name) => name.endsWith('.crt')).sort();
  if (names.length === 0) throw new Error(`no certificates under ${shared}`);
  const certificates = await Promise.all(names.map((name) => readFile(join(shared, name), 'utf8')));
  return Buffer.from(certificates.map((text) => (text.endsWith('\n') ? text : `${text}\n`)).join(''));
}

/** The files static-debian12 has beside its packages' own. */
async function staticExtras(): Promise<TarEntrySpec[]> {
  const [caCertificates] = await debianPackages(['ca-certificates']);
  const nonroot = { uid: 65532, gid: 65532 };
  return [
    dir('etc'),
    file('etc/passwd', PASSWD),
    file('etc/group', GROUP),
    file('etc/nsswitch.conf', NSSWITCH),
    // base-files ships a symlink to ../usr/lib/os-release; distroless writes its own.
    file('etc/os-release', OS_RELEASE),
    dir('etc/ssl'),
    dir('etc/ssl/certs'),
    file('etc/ssl/certs/ca-certificates.crt', await caBundle(caCertificates)),
    dir('home'),
    dir('home/nonroot', 0o700, nonroot),
    dir('root', 0o700),
    dir('tmp', 0o1777),
    // Scanners list the certificates' package too, though only the bundle is in the image.
    file('var/lib/dpkg/status.d/ca-certificates', caCertificates.control),
  ];
}

interface Planned {
  name: string;
  /** The Dockerfile without its label line. */
  dockerfile: string;
  files: Record<string, Buffer>;
  hash: string;
}

/** The hash of an image's inputs: its parent's hash, its Dockerfile and its context files. */
export function contentHash(parentHash: string, dockerfile: string, files: Record<string, Buffer | string> = {}): string {
  const hash = createHash('sha256').update(parentHash).update('\0').update(dockerfile);
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) hash.update('\0').update(name).update('\0').update(content);
  return hash.digest('hex');
}

/**
 * Builds `name` from `dockerfile` (plus a LABEL line holding `hash`) and `files` (or what the
 * function gives, made only when a build is needed), unless the engine already has an image of
 * that name with that label. Returns whether it built.
 */
export async function buildUnlessLabelled(
  name: string,
  dockerfile: string,
  files: Record<string, BuildFile> | (() => Promise<Record<string, BuildFile>>),
  hash: string,
): Promise<boolean> {
  if ((await labelOf(name)) === hash) return false;
  const context = typeof files === 'function' ? await files() : files;
  await buildImage(name, { dockerfile: `${dockerfile}LABEL ${CONTENT_LABEL}=${hash}\n`, files: context });
  return true;
}

/** The eight images in build order (each after its parent), with the hash of their inputs. */
async function plan(): Promise<Planned[]> {
  const planned: Planned[] = [];
  const hashes = new Map<DistrolessBase, string>();
  for (const base of DISTROLESS_BASES) {
    const packages = await debianPackages(PACKAGES[base]);
    const parent = PARENT[base];
    const rootfs = await mergedUsrRootfs(packages, { records: 'status.d', copyright: true, extra: base === 'static' ? await staticExtras() : [] });
    const files = { 'rootfs.tar': rootfs };
    const from = parent ? distrolessName(parent) : 'scratch';
    const body = `FROM ${from}\nADD rootfs.tar /\n${parent ? '' : `${ENV}\n`}`;
    const hash = contentHash(parent ? (hashes.get(parent) ?? '') : '', body, files);
    hashes.set(base, hash);
    planned.push({ name: distrolessName(base), dockerfile: body, files, hash });
    const nonroot = `FROM ${distrolessName(base)}\nUSER 65532\nWORKDIR /home/nonroot\n`;
    planned.push({ name: distrolessName(base, true), dockerfile: nonroot, files: {}, hash: contentHash(hash, nonroot) });
  }
  return planned;
}

/** The content label of an image in the engine; undefined when there is no such image. */
export async function labelOf(name: string): Promise<string | undefined> {
  try {
    const { stdout } = await docker(['image', 'inspect', '--format', `{{ index .Config.Labels "${CONTENT_LABEL}" }}`, name]);
    return stdout.toString('utf8').trim();
  } catch {
    return undefined;
  }
}

let ensured: Promise<{ built: string[]; seconds: number }> | undefined;

/**
 * Makes sure the engine has the eight stand-ins, building those whose label does not match (a
 * child's hash includes its parent's, so a changed parent rebuilds its children). Returns the
 * names built and the seconds it took. Once per test process; concurrent callers share the work.
 */
export function ensureDistrolessBases(): Promise<{ built: string[]; seconds: number }> {
  ensured ??= (async () => {
    const started = performance.now();
    const built: string[] = [];
    for (const image of await plan()) {
      if (await buildUnlessLabelled(image.name, image.dockerfile, image.files, image.hash)) built.push(image.name);
    }
    return { built, seconds: Math.round((performance.now() - started) / 100) / 10 };
  })();
  return ensured;
}
