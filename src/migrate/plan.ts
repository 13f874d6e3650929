// The planner: facts of one image → a migration plan and its Dockerfile. Pure: the engine reads the
// image and hands over what it found.
import { posix } from 'node:path';
import type { DpkgOwnership } from '../facts/dpkg-files.ts';
import type { ImageFacts } from '../facts/index.ts';
import type { ImageConfig, LayerIndex } from '../image/types.ts';
import { type FileTree, appFiles } from './app-files.ts';
import { ARCHITECTURES, DISTROLESS_PATH, NONROOT_UID, baseLibraries } from './bases.ts';
import { chooseBase } from './choose-base.ts';
import { cacheOnlyDirs } from './loader-path.ts';
import { renderDockerfile } from './dockerfile.ts';
import { type ResolvedEntry, resolveEntry } from './entry.ts';
import { runtimeTrees } from './runtime-files.ts';
import type { MigrationPlan, PlannedCopy, PlannedLibrary } from './types.ts';

export interface PlanInput {
  /** The image as the user gave it. */
  image: string;
  /** `linux/amd64`, and the OCI architecture alone. */
  platform: string;
  architecture: string;
  config: ImageConfig;
  facts: ImageFacts;
  tree: FileTree;
  layerIndexes: readonly LayerIndex[];
  ownership?: DpkgOwnership;
  from: { reference: string; placeholder: boolean };
  /** Where the distroless images are, `gcr.io/distroless` by default. */
  registry: string;
  /** A script's whole text, when the engine read it (a wrapper the entry point runs). */
  scriptText: (path: string) => string | undefined;
}

const OS_MARKERS = new Set(['/etc/os-release', '/usr/lib/os-release', '/var/lib/dpkg/status']);
/** Labels that describe the source's base, which the result does not have. */
const BASE_LABELS = new Set(['org.opencontainers.image.base.name', 'org.opencontainers.image.base.digest']);
const TAR_BLOCK = 512;

/** The last layer of the OS base: the first that writes os-release or dpkg's status; -1 when none does. */
export function osBaseLayerOf(layers: readonly LayerIndex[]): number {
  return layers.findIndex((layer) => layer.entries.some((entry) => OS_MARKERS.has(`${entry.dir === '/' ? '' : entry.dir}/${entry.name}`)));
}

/** What a file adds to a layer tar: a header and its body in 512-byte blocks. */
function tarBytes(files: number, bytes: number): number {
  return files * TAR_BLOCK + Math.ceil(bytes / TAR_BLOCK) * TAR_BLOCK + files * (TAR_BLOCK / 2);
}

export function planMigration(input: PlanInput): MigrationPlan {
  const { facts, config, tree } = input;
  const runtimeConfig = config.config ?? {};
  const plan: MigrationPlan = {
    version: 1,
    image: input.image,
    platform: input.platform,
    status: 'planned',
    from: input.from,
    entrypoint: [],
    cmd: [],
    workdir: runtimeConfig.WorkingDir || '/',
    env: [],
    expose: Object.keys(runtimeConfig.ExposedPorts ?? {}).sort(),
    labels: Object.fromEntries(Object.entries(runtimeConfig.Labels ?? {}).filter(([name]) => !BASE_LABELS.has(name))),
    ...(runtimeConfig.StopSignal ? { stopSignal: runtimeConfig.StopSignal } : {}),
    copies: [],
    libraries: [],
    size: { current: facts.sizes.uncompressed, estimated: 0, base: 0, files: 0, copied: 0 },
    notCarried: notCarried(config),
    notes: [],
    facts: [],
  };
  const osBaseLayer = osBaseLayerOf(input.layerIndexes);
  plan.facts.push(
    facts.os ? `os-release (${facts.os.source}): ${facts.os.prettyName ?? `${facts.os.id} ${facts.os.versionId}`}` : 'no os-release file',
    osBaseLayer >= 0
      ? `the OS base ends at layer ${osBaseLayer} (the first with os-release or dpkg's status); later layers are the app's`
      : "no OS layer: every layer is the app's",
    input.ownership
      ? `dpkg's file lists of ${input.ownership.lists} packages: files a package owns are not the app's`
      : "no dpkg file lists: every file the layers above the OS base added counts as the app's",
  );
  if (input.ownership?.truncated.length) plan.notes.push(`dpkg lists cut short, ownership may be partial: ${input.ownership.truncated.join(', ')}`);

  const resolved = resolveEntry(tree, config, input.scriptText);
  if ('blocked' in resolved) return ordered({ ...plan, status: 'blocked', blocked: resolved.blocked });
  const entry = resolved.entry;
  plan.notes.push(...entry.notes);
  const env = new Map([...facts.env, ...entry.env]);
  const chosen = chooseBase(entry, facts.os, env);
  plan.notes.push(...chosen.notes);
  const { base, release } = chosen;
  const supported = ARCHITECTURES[input.architecture];
  if (!supported?.includes(release)) plan.notes.push(`distroless publishes no ${input.architecture} image of -${release}: build for a platform it has`);

  // The user: the source's own non-root uid is kept (as numbers: the base's passwd does not name it); root becomes nonroot.
  const uid = facts.user.uid;
  const ownUser = facts.user.resolved && uid !== undefined && uid !== 0 && uid !== NONROOT_UID;
  const nonroot = !ownUser;
  plan.user = ownUser ? `${uid}:${facts.user.gid ?? 0}` : `${NONROOT_UID}:${NONROOT_UID}`;
  if (!facts.user.resolved) plan.notes.push(`USER ${facts.user.configured} does not resolve in the source image: the result runs as nonroot (${NONROOT_UID})`);
  else if (!ownUser && uid === 0)
    plan.notes.push(`the source runs as root; the result runs as nonroot (${NONROOT_UID}): give what it writes to ${NONROOT_UID} (COPY --chown)`);
  const baseImage = `${input.registry.replace(/\/+$/, '')}/${base.name}-${release}${nonroot ? ':nonroot' : ''}`;
  plan.base = { name: base.name, release, nonroot, image: baseImage, reason: chosen.reason };
  plan.program = { path: entry.program.path, kind: entry.program.kind, ...(entry.via ? { via: entry.via } : {}) };
  plan.facts.push(`the entry point ${JSON.stringify(entry.entrypoint.concat(entry.cmd))} runs ${entry.program.path} (${describeProgram(entry)})`);

  // The app's files, then what the program needs that neither they nor the base bring.
  const runtime = entry.runtime ? runtimeTrees(tree, entry, env) : undefined;
  const app = appFiles(tree, { osBaseLayer, ownership: input.ownership, excludedTrees: [...(runtime?.trees ?? []), ...(entry.via ? [entry.via] : [])] });
  const copies: PlannedCopy[] = [...app.copies];
  const covered = (path: string): boolean =>
    copies.some((copy) => copy.destination === path || (copy.type === 'dir' && path.startsWith(`${copy.destination}/`)));
  for (const link of app.symlinks) plan.notCarried.push(`symlink ${link.path} -> ${link.target}: COPY cannot make a symlink; point to its target instead`);
  for (const path of app.special) plan.notCarried.push(`${path}: a device or FIFO, which COPY does not carry`);
  if (runtime) plan.notes.push(...runtime.notes);

  let argv0 = [...entry.entrypoint, ...entry.cmd][0];
  if (!entry.runtime) {
    const invoked = invokedPath(argv0, plan.workdir, entry);
    if (!covered(entry.program.path)) copies.push(fileCopy(tree, entry.program.path, entry.program.path, 'program'));
    const pkg = input.ownership?.packageOf(entry.program.path);
    if (pkg) {
      plan.notes.push(
        `${entry.program.path} comes from the Debian package ${pkg}: only the program and its libraries are copied, not the package's configuration or data (dpkg -L ${pkg} lists them): add what it reads`,
      );
    }
    if (invoked !== entry.program.path && !covered(invoked)) {
      if (posix.basename(invoked) === posix.basename(entry.program.path)) {
        plan.notes.push(`${invoked} links to ${entry.program.path}: the entry point names the file itself`);
        argv0 = entry.program.path;
      } else {
        copies.push(fileCopy(tree, entry.program.path, invoked, 'program'));
      }
    } else if (!argv0.includes('/')) {
      argv0 = invoked;
    }
    const libraries = baseLibraries(base, release);
    const resolution = entry.program.libraries;
    const interpreter = resolution?.interpreter;
    if (interpreter && !libraries.has(posix.basename(interpreter.path))) {
      plan.libraries.push(
        placeLibrary(
          tree,
          posix.basename(interpreter.path),
          interpreter.found ? posix.resolve('/', interpreter.path) : undefined,
          entry.program.path,
          copies,
          covered,
        ),
      );
    }
    for (const library of resolution?.libraries ?? []) {
      if (libraries.has(library.name))
        plan.libraries.push({ name: library.name, ...(library.path ? { path: library.path } : {}), neededBy: library.neededBy, from: 'base' });
      else plan.libraries.push(placeLibrary(tree, library.name, library.path, library.neededBy, copies, covered));
    }
    for (const missing of plan.libraries.filter((library) => library.from === 'missing')) {
      plan.notes.push(`${missing.name} (needed by ${missing.neededBy}) is not in the source image either: the program may not start`);
    }
    const cacheDirs = entry.program.elf ? cacheOnlyDirs(tree, entry.program.path, entry.program.elf, plan.libraries, env.get('LD_LIBRARY_PATH')) : [];
    if (cacheDirs.length > 0) {
      env.set('LD_LIBRARY_PATH', [...cacheDirs, ...(env.get('LD_LIBRARY_PATH') ?? '').split(':').filter(Boolean)].join(':'));
      plan.notes.push(
        `${cacheDirs.join(', ')}: found through /etc/ld.so.conf (the source's ld.so.cache), which the base's loader does not know: put on LD_LIBRARY_PATH`,
      );
    }
    if (resolution?.incomplete.length)
      plan.notes.push(`some ELF files were not read whole, so the library list may be partial: ${resolution.incomplete.slice(0, 5).join(', ')}`);
    plan.facts.push(
      `the loader's search (RUNPATH/RPATH, LD_LIBRARY_PATH, ld.so.conf, multiarch directories) found ${resolution?.libraries.length ?? 0} libraries`,
    );
  }
  const argv = [argv0, ...[...entry.entrypoint, ...entry.cmd].slice(1)];
  const split = entry.entrypoint.length;
  if (entry.runtime && base.runtime) {
    // The base's runtime replaces the source's: its program, or the interpreter of a script.
    const head = [base.runtime.program, ...(entry.runtime.script ? [entry.runtime.script] : [])];
    plan.entrypoint = split > 0 ? [...head, ...argv.slice(1, split)] : [];
    plan.cmd = split > 0 ? argv.slice(split) : [...head, ...argv.slice(1)];
  } else {
    plan.entrypoint = argv.slice(0, split);
    plan.cmd = argv.slice(split);
  }

  plan.copies = dedupe(copies);
  // Docker sets HOME from passwd, which the base's does not have for the image's own user.
  const home = ownUser ? facts.users.find((user) => user.uid === uid)?.home : undefined;
  if (home && home !== '/' && !env.has('HOME')) {
    env.set('HOME', home);
    plan.notes.push(`HOME=${home} is set: the base's /etc/passwd has no user ${uid}, so Docker would set HOME=/`);
  }
  for (const [name, value] of env) {
    if (name === 'PATH' && value === DISTROLESS_PATH) continue;
    if (runtime?.dropEnv.includes(name)) continue;
    plan.env.push([name, value]);
  }
  if (runtime?.env) plan.env.push(...runtime.env);
  const files = plan.copies.reduce((sum, copy) => sum + copy.files, 0);
  const copied = plan.copies.reduce((sum, copy) => sum + copy.bytes, 0);
  plan.size = { current: facts.sizes.uncompressed, base: base.size, files, copied, estimated: base.size + tarBytes(files, copied) };
  plan.dockerfile = renderDockerfile(plan);
  return ordered(plan);
}

/** The plan's fields in the order its JSON documents them (docs/migrate.md). */
function ordered(plan: MigrationPlan): MigrationPlan {
  const { version, image, platform, status, blocked, from, base, program, entrypoint, cmd, user, workdir, env, expose, labels, stopSignal, ...rest } = plan;
  const { copies, libraries, size, notCarried, notes, facts, dockerfile } = rest;
  return {
    version,
    image,
    platform,
    status,
    ...(blocked ? { blocked } : {}),
    from,
    ...(base ? { base } : {}),
    ...(program ? { program } : {}),
    entrypoint,
    cmd,
    ...(user ? { user } : {}),
    workdir,
    env,
    expose,
    labels,
    ...(stopSignal ? { stopSignal } : {}),
    copies,
    libraries,
    size,
    notCarried,
    notes,
    facts,
    ...(dockerfile ? { dockerfile } : {}),
  };
}

function describeProgram(entry: ResolvedEntry): string {
  const elf = entry.program.elf;
  if (entry.program.kind === 'script') return `a script for ${entry.program.interpreter?.envCommand?.command ?? entry.program.interpreter?.command}`;
  if (!elf) return entry.program.kind;
  if (!elf.interpreter && !elf.dynamic) return `a static ELF ${elf.machineName} program`;
  return `a dynamic ELF ${elf.machineName} program, loader ${elf.interpreter ?? 'none'}, needs ${elf.needed.join(', ') || 'nothing'}`;
}

/** Where argv[0] is found before its last symlink: the path itself, or the first PATH directory that has it. */
function invokedPath(command: string, workdir: string, entry: ResolvedEntry): string {
  if (command.includes('/')) return posix.resolve(workdir, command);
  return entry.invoked;
}

function fileCopy(tree: FileTree, source: string, destination: string, role: PlannedCopy['role']): PlannedCopy {
  const node = tree.resolve(source)?.node;
  const owner = node && (node.uid !== 0 || node.gid !== 0) ? { chown: `${node.uid}:${node.gid}` } : {};
  const real = tree.resolve(source)?.path ?? source;
  const size = node?.type === 'hardlink' ? (tree.resolve(node.linkedPath ?? real)?.node.size ?? 0) : (node?.size ?? 0);
  return { source: real, destination, type: 'file', files: 1, bytes: size, role, ...owner };
}

function placeLibrary(
  tree: FileTree,
  name: string,
  path: string | undefined,
  neededBy: string,
  copies: PlannedCopy[],
  covered: (path: string) => boolean,
): PlannedLibrary {
  if (path === undefined) return { name, neededBy, from: 'missing' };
  if (covered(path)) return { name, path, neededBy, from: 'app' };
  // The loader opens the name it looked up; the file behind a symlink chain is copied under that name.
  copies.push(fileCopy(tree, path, path, 'library'));
  return { name, path, neededBy, from: 'copied' };
}

function dedupe(copies: PlannedCopy[]): PlannedCopy[] {
  const seen = new Set<string>();
  return copies.filter((copy) => !seen.has(copy.destination) && seen.add(copy.destination));
}

/** What the source configures that the result does not have, and why. */
function notCarried(config: ImageConfig): string[] {
  const runtime = config.config ?? {};
  const lines: string[] = [];
  const test = runtime.Healthcheck?.Test ?? [];
  if (test.length > 0 && test[0] !== 'NONE') {
    lines.push(
      test[0] === 'CMD-SHELL'
        ? `HEALTHCHECK ${test.slice(1).join(' ')}: it runs in a shell, which distroless has not; probe from outside (an orchestrator's HTTP or TCP check)`
        : `HEALTHCHECK ${JSON.stringify(test.slice(1))}: its program is not copied; add it, or probe from outside`,
    );
  }
  const volumes = Object.keys(runtime.Volumes ?? {});
  if (volumes.length > 0)
    lines.push(
      `VOLUME ${volumes.join(' ')}: declare volumes where the container runs; a VOLUME in the image would be owned by root, not by the user the result runs as`,
    );
  if (runtime.Shell?.length) lines.push(`SHELL ${JSON.stringify(runtime.Shell)}: there is no shell to set`);
  return lines;
}
