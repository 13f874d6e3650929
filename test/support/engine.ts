// The real Docker engine, registry, skopeo and gcc for tests. `bash .ci/run --services-only`
// starts the engine and the registry and prints the variables that point the tests at them.
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { describe, it } from 'vitest';

/** Set by CI: a test that needs the engine or the registry fails instead of skipping. */
export const REQUIRE_ENGINE = process.env.DISTROLESS_GUARD_REQUIRE_ENGINE === '1';

const DEFAULT_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 300_000;
const HOW_TO_START = 'run `bash .ci/run --services-only --detach` and export the lines it prints';

let engineAnswers: boolean | undefined;

/** Whether a Docker engine answers `docker version` (asked once per test file). */
export function engineAvailable(): boolean {
  if (engineAnswers === undefined) {
    const result = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      encoding: 'utf8',
      // Generous: a busy engine (parallel builds on two cores) answers slowly; a missing one at once.
      timeout: 10_000,
    });
    engineAnswers = result.status === 0 && result.stdout.trim() !== '';
  }
  return engineAnswers;
}

let registryAnswers: boolean | undefined;

/** `DISTROLESS_GUARD_TEST_REGISTRY` (host:port of a plain-HTTP registry) when its /v2/ answers. */
export function registryAddress(): string | undefined {
  const address = process.env.DISTROLESS_GUARD_TEST_REGISTRY;
  if (!address) return undefined;
  if (registryAnswers === undefined) {
    // Describe bodies are synchronous, so the probe runs in a child process.
    const probe = `fetch(${JSON.stringify(`http://${address}/v2/`)}, { signal: AbortSignal.timeout(8000) })
      .then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1));`;
    const result = spawnSync(process.execPath, ['-e', probe], { timeout: 10_000 });
    registryAnswers = result.status === 0;
  }
  return registryAnswers ? address : undefined;
}

function describeUnavailable(name: string, reason: string): void {
  if (REQUIRE_ENGINE) {
    describe(name, () => {
      it('has the real engine and registry it needs', () => {
        throw new Error(`${reason}; DISTROLESS_GUARD_REQUIRE_ENGINE=1 forbids skipping (${HOW_TO_START})`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${reason} (${HOW_TO_START})`);
  describe.skip(name, () => {
    it(`needs: ${reason}`, () => {});
  });
}

/** A describe block that needs the Docker engine: skipped without one, failed when REQUIRE_ENGINE. */
export function describeWithEngine(name: string, body: () => void): void {
  if (engineAvailable()) describe(name, body);
  else describeUnavailable(name, 'no Docker engine answers `docker version`');
}

/** A describe block that needs the engine and the test registry; `body` gets its host:port. */
export function describeWithRegistry(name: string, body: (registry: string) => void): void {
  if (!engineAvailable()) {
    describeUnavailable(name, 'no Docker engine answers `docker version`');
    return;
  }
  const registry = registryAddress();
  if (registry === undefined) {
    const configured = process.env.DISTROLESS_GUARD_TEST_REGISTRY;
    describeUnavailable(name, configured ? `the registry at ${configured} does not answer /v2/` : 'DISTROLESS_GUARD_TEST_REGISTRY is not set');
    return;
  }
  describe(name, () => body(registry));
}

interface RunOptions {
  input?: Buffer | string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a program to its end; rejects with its stderr (and the tail of stdout) on a non-zero exit. */
function run(command: string, args: string[], options: RunOptions = {}): Promise<{ stdout: Buffer; stderr: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const out = Buffer.concat(stdout);
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === 0) {
        resolve({ stdout: out, stderr: err });
        return;
      }
      const why = signal ? `killed by ${signal}${signal === 'SIGTERM' ? ` after ${timeoutMs} ms` : ''}` : `exit ${code}`;
      const outTail = out.toString('utf8').trim().slice(-2000);
      const details = [err.trim(), outTail && `stdout: ${outTail}`].filter(Boolean).join('\n');
      reject(new Error(`${command} ${args.join(' ')} failed (${why}): ${details}`));
    });
    // A program that exits without reading its input must not turn into an EPIPE error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the docker CLI; rejects with its stderr on a non-zero exit. */
export function docker(args: string[], options: { input?: Buffer | string; timeoutMs?: number } = {}): Promise<{ stdout: Buffer; stderr: string }> {
  return run('docker', args, options);
}

/**
 * Runs skopeo and returns its stdout; rejects with its stderr on a non-zero exit. skopeo 1.9 ignores
 * DOCKER_HOST, so `copy` and `inspect` of a `docker-daemon:` reference are pointed at it here.
 */
export async function skopeo(args: string[]): Promise<string> {
  const { stdout } = await run('skopeo', withDaemonHost(args));
  return stdout.toString('utf8');
}

function withDaemonHost(args: string[]): string[] {
  const host = process.env.DOCKER_HOST;
  const [command, ...rest] = args;
  if (!host || rest.length === 0) return args;
  const isDaemon = (reference: string | undefined) => reference?.startsWith('docker-daemon:') === true;
  const hostFlags: string[] = [];
  // The references are always the last arguments: `copy [flags] SRC DEST`, `inspect [flags] REF`.
  if (command === 'copy') {
    if (isDaemon(rest.at(-2))) hostFlags.push(`--src-daemon-host=${host}`);
    if (isDaemon(rest.at(-1))) hostFlags.push(`--dest-daemon-host=${host}`);
  } else if (command === 'inspect' && isDaemon(rest.at(-1))) {
    hostFlags.push(`--daemon-host=${host}`);
  }
  return [command, ...hostFlags, ...rest];
}

async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type BuildFile = string | Buffer | { content: Buffer | string; mode: number };

/**
 * Builds `tag` from a Dockerfile and files (paths relative to the context, parents created;
 * mode 0644 unless given, so pass `{ content, mode: 0o755 }` for programs) with the legacy builder
 * and no network; `buildArgs` are passed as `--build-arg NAME=VALUE`. Returns the image id (`sha256:...`).
 */
export function buildImage(
  tag: string,
  context: { dockerfile: string; files?: Record<string, BuildFile>; buildArgs?: Record<string, string> },
): Promise<string> {
  return withTempDir('distroless-guard-build-', async (dir) => {
    await writeFile(join(dir, 'Dockerfile'), context.dockerfile);
    for (const [path, file] of Object.entries(context.files ?? {})) {
      const target = join(dir, path);
      await mkdir(dirname(target), { recursive: true });
      const { content, mode } = typeof file === 'string' || Buffer.isBuffer(file) ? { content: file, mode: 0o644 } : file;
      await writeFile(target, content);
      // Explicit, so the umask of whoever runs the tests does not leak into the image.
      await chmod(target, mode);
    }
    // The legacy builder is what this engine has; pinning it keeps history strings the same everywhere.
    const buildArgs = Object.entries(context.buildArgs ?? {}).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]);
    await run('docker', ['build', '--network', 'none', '--force-rm', ...buildArgs, '-t', tag, dir], {
      timeoutMs: BUILD_TIMEOUT_MS,
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    const { stdout } = await docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
    return stdout.toString('utf8').trim();
  });
}

/** Compiles one C file with gcc (`-O2`, plus `-static` when asked, linked with `libraries` such as `ssl`) and returns the program. */
export function compileC(source: string, options: { static: boolean; libraries?: string[] }): Promise<Buffer> {
  return withTempDir('distroless-guard-gcc-', async (dir) => {
    await writeFile(join(dir, 'app.c'), source);
    const flags = options.static ? ['-static', '-O2'] : ['-O2'];
    const libraries = (options.libraries ?? []).map((name) => `-l${name}`);
    await run('gcc', [...flags, '-o', join(dir, 'app'), join(dir, 'app.c'), ...libraries]);
    return readFile(join(dir, 'app'));
  });
}

export type ExportEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface ExportEntry {
  /** Absolute, without a trailing slash: `/usr/bin/x`. */
  path: string;
  type: ExportEntryType;
  /** Permission bits only (`mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  /** Bytes of content for files, 0 for everything else. */
  size: number;
  /** A symlink's target as written; a hard link's target as an absolute path. */
  target?: string;
}

const TAR_TYPES: Partial<Record<string, ExportEntryType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};

// Added by the runtime to every container, not part of the image.
const RUNTIME_FILES = new Set(['/.dockerenv', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf']);
const RUNTIME_TREES = ['/dev', '/proc', '/sys'];

function absolute(tarPath: string): string {
  const trimmed = tarPath.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return `/${trimmed}`;
}

function isRuntimeEntry(path: string): boolean {
  return RUNTIME_FILES.has(path) || RUNTIME_TREES.some((tree) => path === tree || path.startsWith(`${tree}/`));
}

/**
 * The merged filesystem of `image` as the engine sees it (`docker export` of a created container),
 * sorted by path, without what the runtime adds to every container: /.dockerenv, /etc/hosts,
 * /etc/hostname, /etc/resolv.conf, /dev, /proc and /sys. The runtime also adds /etc/mtab (a symlink
 * to /proc/mounts) and /etc itself when the image has none: such an /etc/mtab is dropped, and so is
 * an /etc left empty; an image that really has an empty /etc cannot be told apart here.
 */
export async function exportListing(image: string): Promise<ExportEntry[]> {
  // An image without a command cannot be created; the command is never run.
  const created = await docker(['create', '--network', 'none', image, '/distroless-guard-export']);
  const container = created.stdout.toString('utf8').trim();
  try {
    const entries = await readExport(container);
    const runtimeMtab = entries.some((e) => e.path === '/etc/mtab' && e.type === 'symlink' && e.target === '/proc/mounts');
    const kept = entries.filter((e) => !isRuntimeEntry(e.path) && !(runtimeMtab && e.path === '/etc/mtab'));
    const etcHasChildren = kept.some((e) => e.path.startsWith('/etc/'));
    return kept.filter((e) => etcHasChildren || !(e.path === '/etc' && e.type === 'dir')).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } finally {
    await docker(['rm', '--force', '--volumes', container]).catch(() => undefined);
  }
}

async function readExport(container: string): Promise<ExportEntry[]> {
  const child = spawn('docker', ['export', container], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const extract = tar.extract();
  const entries: ExportEntry[] = [];
  const reading = (async () => {
    for await (const entry of extract) {
      const { header } = entry;
      const path = absolute(header.name);
      const type = TAR_TYPES[header.type ?? 'file'];
      if (type === undefined) throw new Error(`docker export of ${container}: unexpected tar entry type ${header.type} at ${path}`);
      const listed: ExportEntry = {
        path,
        type,
        mode: (header.mode ?? 0) & 0o7777,
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        size: type === 'file' ? (header.size ?? 0) : 0,
      };
      if (type === 'symlink') listed.target = header.linkname ?? '';
      if (type === 'hardlink') listed.target = absolute(header.linkname ?? '');
      if (path !== '/') entries.push(listed);
      entry.resume();
    }
  })();
  try {
    await Promise.all([pipeline(child.stdout, extract), reading]);
  } catch (error) {
    child.kill();
    throw error;
  }
  const code = await exited;
  if (code !== 0) {
    throw new Error(`docker export ${container} failed (exit ${code}): ${Buffer.concat(stderr).toString('utf8').trim()}`);
  }
  return entries;
}

/** Removes images by tag or id, ignoring any that are already gone. */
export async function removeImages(...refs: string[]): Promise<void> {
  if (refs.length === 0) return;
  await docker(['image', 'rm', '--force', ...refs]).catch(() => undefined);
}
