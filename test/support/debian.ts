// Real Debian (or Ubuntu: whatever the host's apt knows) packages for image tests: downloaded with
// `apt-get download`, unpacked with `dpkg-deb -x` once per machine into a cache under os.tmpdir(),
// and laid out as a merged-/usr base lays them out.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { REQUIRE_ENGINE } from './engine.ts';
import { tarBuffer, type TarEntrySpec } from './tar-writer.ts';
import { comparePaths } from '../../src/image/filesystem.ts';

export interface DebianPackage {
  name: string;
  version: string;
  /** The unpacked package: its files as `dpkg-deb -x` writes them. */
  root: string;
  /** The control paragraph (`dpkg-deb -f`), ending in a newline. */
  control: string;
}

/** The top-level directories a merged-/usr system keeps under /usr, with a symlink in their place. */
const MERGED_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];
/** What debian:*-slim leaves out (its dpkg path-exclude list), to keep test images small. */
const SLIM_EXCLUDED = ['usr/share/doc/', 'usr/share/man/', 'usr/share/info/', 'usr/share/locale/', 'usr/share/groff/', 'usr/share/lintian/'];

let aptAnswers: boolean | undefined;

/** Whether `apt-get` and `dpkg-deb` are on PATH. */
export function aptAvailable(): boolean {
  aptAnswers ??= ['apt-get', 'dpkg-deb'].every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
  return aptAnswers;
}

/** A describe block that needs apt: skipped without it, failed when DISTROLESS_GUARD_REQUIRE_ENGINE=1. */
export function describeWithApt(name: string, body: () => void): void {
  if (aptAvailable()) {
    describe(name, body);
    return;
  }
  const reason = 'apt-get and dpkg-deb are needed to download real Debian packages';
  if (REQUIRE_ENGINE) {
    describe(name, () => {
      it('has apt-get and dpkg-deb', () => {
        throw new Error(`${reason}; DISTROLESS_GUARD_REQUIRE_ENGINE=1 forbids skipping`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(name, () => {
    it(`needs: ${reason}`, () => {});
  });
}

function run(command: string, args: string[], cwd?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    const why = result.error?.message ?? `exit ${result.status}`;
    throw new Error(`${command} ${args.join(' ')} failed (${why}): ${(result.stderr ?? '').trim().slice(-2000)}`);
  }
  return result.stdout;
}

function cacheDir(): string {
  const architecture = run('dpkg', ['--print-architecture']).trim();
  return join(tmpdir(), `distroless-guard-debian-${architecture}`);
}

/**
 * The packages, unpacked: downloaded and extracted on first use, then reused from the cache (each
 * package is renamed into place whole, so a run that dies halfway leaves nothing half-written).
 */
export async function debianPackages(names: string[]): Promise<DebianPackage[]> {
  const cache = cacheDir();
  await mkdir(cache, { recursive: true });
  const missing: string[] = [];
  for (const name of names) {
    if (!(await exists(join(cache, name, 'control')))) missing.push(name);
  }
  if (missing.length > 0) await fetchPackages(cache, missing);
  return Promise.all(
    names.map(async (name) => {
      const control = await readFile(join(cache, name, 'control'), 'utf8');
      return { name, version: field(control, 'Version'), root: join(cache, name, 'root'), control };
    }),
  );
}

async function fetchPackages(cache: string, names: string[]): Promise<void> {
  const work = await mkdtemp(join(cache, '.download-'));
  // The versions an empty system would get, as debianClosure resolves them: a package installed on
  // the host from elsewhere (nodesource's nodejs) would otherwise be the candidate, with no source.
  const download = () => run('apt-get', ['download', '-o', `Dir::State::Status=${emptyStatus(cache)}`, ...names], work);
  try {
    await writeFile(emptyStatus(cache), '');
    try {
      download();
    } catch {
      // The package lists may be missing or stale (a fresh runner): refresh them once.
      if (process.getuid?.() === 0) run('apt-get', ['update', '-qq']);
      else run('sudo', ['-n', 'apt-get', 'update', '-qq']);
      download();
    }
    const debs = await readdir(work);
    for (const name of names) {
      const deb = debs.find((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${name} wrote no ${name}_*.deb (found: ${debs.join(', ')})`);
      const staging = join(work, `unpacked-${name}`);
      await mkdir(staging);
      run('dpkg-deb', ['-x', join(work, deb), join(staging, 'root')]);
      await writeFile(join(staging, 'control'), run('dpkg-deb', ['-f', join(work, deb)]));
      await rename(staging, join(cache, name)).catch(async (error: unknown) => {
        // Another test process unpacked it first; theirs is as good.
        if (!(await exists(join(cache, name, 'control')))) throw error;
      });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The packages an install of `names` on an empty system would bring (dependencies resolved by
 * apt as `apt-get install --no-install-recommends` would, alternatives picked as it picks them),
 * sorted: a root filesystem of them is what debootstrap plus that install would give, without
 * maintainer scripts. apt answers in about ten seconds, so the answer is cached beside the packages.
 */
export async function debianClosure(names: string[]): Promise<string[]> {
  const cache = cacheDir();
  await mkdir(cache, { recursive: true });
  const key = createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16);
  const cached = join(cache, `closure-${key}.json`);
  if (await exists(cached)) return JSON.parse(await readFile(cached, 'utf8')) as string[];
  const empty = emptyStatus(cache);
  await writeFile(empty, '');
  const simulate = () => run('apt-get', ['install', '--simulate', '--no-install-recommends', '-o', `Dir::State::Status=${empty}`, ...names]);
  let output: string;
  try {
    output = simulate();
  } catch {
    if (process.getuid?.() === 0) run('apt-get', ['update', '-qq']);
    else run('sudo', ['-n', 'apt-get', 'update', '-qq']);
    output = simulate();
  }
  const closure = [...output.matchAll(/^Inst (\S+)/gm)].map((match) => match[1]).sort();
  await writeFile(`${cached}.tmp-${process.pid}`, JSON.stringify(closure));
  await rename(`${cached}.tmp-${process.pid}`, cached);
  return closure;
}

/**
 * A root filesystem tar of the packages as a merged-/usr Debian base has them: `/bin`, `/sbin`,
 * `/lib`, `/lib64`… moved under `/usr` with symlinks in their place (as usrmerge and debootstrap
 * do), without what slim images drop, owned by root, and with `/var/lib/dpkg/status` listing the
 * packages as installed. Unpack it in an image with `ADD rootfs.tar /`.
 *
 * Options: `records: 'status.d'` keeps one control file per package under
 * `/var/lib/dpkg/status.d/` as distroless images do, instead of `status`; `fileLists` adds dpkg's
 * `/var/lib/dpkg/info/<package>.list` (the paths as the package ships them, before the merge), as
 * a Debian system has them; `copyright` keeps `/usr/share/doc/<package>/copyright`, as distroless
 * does; `extra` entries are added last and win over the packages' own.
 */
export async function mergedUsrRootfs(
  packages: DebianPackage[],
  options: { records?: 'status' | 'status.d'; fileLists?: boolean; copyright?: boolean; extra?: TarEntrySpec[] } = {},
): Promise<Buffer> {
  const entries = new Map<string, TarEntrySpec>();
  const lists = new Map<string, string[]>();
  for (const pkg of packages) {
    const tree = await readTree(pkg.root);
    lists.set(pkg.name, ['/.', ...tree.map((entry) => `/${entry.path}`)]);
    for (const entry of tree) {
      const path = mergedPath(entry.path);
      const copyright = options.copyright === true && /^usr\/share\/doc(\/[^/]+(\/copyright)?)?$/.test(path);
      if (!copyright && SLIM_EXCLUDED.some((prefix) => `${path}/`.startsWith(prefix))) continue;
      // Directories shared by packages keep the first one's attributes; files the last one's.
      if (entry.type === 'dir' && entries.has(path)) continue;
      entries.set(path, { ...entry, path });
    }
  }
  for (const dir of MERGED_DIRS) {
    if (entries.get(`usr/${dir}`)?.type === 'dir') entries.set(dir, { path: dir, type: 'symlink', target: `usr/${dir}`, uid: 0, gid: 0 });
  }
  const addDirs = (...dirs: string[]) => {
    for (const dir of dirs) if (!entries.has(dir)) entries.set(dir, { path: dir, type: 'dir', uid: 0, gid: 0 });
  };
  addDirs('var', 'var/lib', 'var/lib/dpkg');
  if (options.records === 'status.d') {
    addDirs('var/lib/dpkg/status.d');
    for (const pkg of packages) {
      const path = `var/lib/dpkg/status.d/${pkg.name}`;
      entries.set(path, { path, content: pkg.control, mode: 0o644, uid: 0, gid: 0 });
    }
  } else {
    const status = packages.map((pkg) => pkg.control.replace(/^(Package: .*\n)/, '$1Status: install ok installed\n')).join('\n');
    entries.set('var/lib/dpkg/status', { path: 'var/lib/dpkg/status', content: status, mode: 0o644, uid: 0, gid: 0 });
  }
  if (options.fileLists) {
    addDirs('var/lib/dpkg/info');
    for (const pkg of packages) {
      const paths = lists.get(pkg.name) ?? [];
      // dpkg names the files of a Multi-Arch: same package with its architecture: libc6:amd64.list.
      const arch = /^Multi-Arch: same$/m.test(pkg.control) ? `:${field(pkg.control, 'Architecture')}` : '';
      const path = `var/lib/dpkg/info/${pkg.name}${arch}.list`;
      entries.set(path, { path, content: `${paths.join('\n')}\n`, mode: 0o644, uid: 0, gid: 0 });
    }
  }
  for (const entry of options.extra ?? []) entries.set(entry.path.replace(/\/+$/, ''), { ...entry, path: entry.path.replace(/\/+$/, '') });
  const sorted = [...entries.values()].sort((a, b) => comparePaths(a.path, b.path));
  return tarBuffer(sorted.map((entry) => (entry.type === 'dir' ? { ...entry, path: `${entry.path}/` } : entry)));
}

function mergedPath(path: string): string {
  const [top] = path.split('/');
  return MERGED_DIRS.includes(top) ? `usr/${path}` : path;
}

/** Every entry under `root` (relative paths, parents first), as lstat sees it. */
async function readTree(root: string): Promise<TarEntrySpec[]> {
  const entries: TarEntrySpec[] = [];
  const names = (await readdir(root, { recursive: true })).sort();
  // Recursive readdir walks into symlinked directories (nodejs's /usr/share/node_modules -> nodejs):
  // what is under a symlink is the package's only through the symlink.
  const links: string[] = [];
  for (const path of names) {
    if (links.some((link) => path.startsWith(`${link}/`))) continue;
    const full = join(root, path);
    const stats = await lstat(full);
    if (stats.isSymbolicLink()) links.push(path);
    const mode = stats.mode & 0o7777;
    if (stats.isDirectory()) entries.push({ path, type: 'dir', mode, uid: 0, gid: 0 });
    else if (stats.isSymbolicLink()) entries.push({ path, type: 'symlink', target: await readlink(full), uid: 0, gid: 0 });
    else if (stats.isFile()) entries.push({ path, content: await readFile(full), mode, uid: 0, gid: 0 });
    else throw new Error(`${full}: packages for tests should hold only files, directories and symlinks`);
  }
  return entries;
}

/** A dpkg status file listing nothing: apt then resolves as on an empty system. */
function emptyStatus(cache: string): string {
  return join(cache, 'empty-status');
}

function field(control: string, name: string): string {
  const match = new RegExp(`^${name}: (.*)$`, 'm').exec(control);
  if (!match) throw new Error(`control paragraph without ${name}:\n${control}`);
  return match[1];
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
