// What the app is: the entry point in exec form and the program it runs, resolved in the image
// as the runtime would, through a shell-form command string or a wrapper script when those
// only start a program.
import { posix } from 'node:path';
import { PACKAGE_MANAGER_NAMES, SHELL_NAMES, pathDirectories } from '../facts/binaries.ts';
import { type ProgramFacts, entrypointFacts } from '../facts/entrypoint.ts';
import type { FileLookup, ImageConfig } from '../image/types.ts';
import type { RuntimeKind } from './bases.ts';
import { readWrapper, splitCommand } from './command.ts';

export interface ResolvedEntry {
  entrypoint: string[];
  cmd: string[];
  program: ProgramFacts & { path: string };
  /** The runtime the program is (java, python3, node), or whose script it is. */
  runtime?: { kind: RuntimeKind; script?: string };
  /** argv[0] as found before its last symlink: the path written, or the first PATH directory that has it. */
  invoked: string;
  /** The wrapper script planned as the program it execs. */
  via?: string;
  env: [string, string][];
  notes: string[];
}

export type EntryResult = { entry: ResolvedEntry } | { blocked: { path?: string; reason: string } };

/** Runtimes by the name of their program. */
export function runtimeOf(name: string): RuntimeKind | undefined {
  if (name === 'java') return 'java';
  if (/^python3(\.\d+)?$/.test(name)) return 'python';
  if (name === 'node' || name === 'nodejs') return 'node';
  return undefined;
}

/** The command string of a shell-form argv (`/bin/sh -c STRING`), after its options. */
function commandString(argv: readonly string[]): string {
  for (let i = 1; i < argv.length; i++) {
    if (/^-[A-Za-z]*c/.test(argv[i])) return argv[i + 1] ?? '';
    if (/^[-+][oO]$/.test(argv[i])) i++;
  }
  return '';
}

/**
 * Resolves the entry point: shell form converted to words (or refused, naming the syntax), the
 * program found as runc finds it, a `#!/bin/sh` wrapper that only execs read as what it execs
 * (`scriptText` gives a script's whole text, when it was read).
 */
export function resolveEntry(fs: FileLookup, config: ImageConfig, scriptText: (path: string) => string | undefined): EntryResult {
  const notes: string[] = [];
  let entrypoint = config.config?.Entrypoint ?? [];
  let cmd = config.config?.Cmd ?? [];
  const facts = entrypointFacts(fs, config);
  if (facts.entrypointShellForm) {
    const split = splitCommand(commandString(entrypoint));
    if ('reason' in split) return { blocked: { reason: `the shell-form ENTRYPOINT needs a shell: it has ${split.reason}` } };
    notes.push(`the shell-form ENTRYPOINT "${commandString(entrypoint)}" is written in exec form`);
    if (cmd.length > 0) notes.push(`CMD ${JSON.stringify(cmd)} is dropped: a shell-form ENTRYPOINT never passed it on`);
    entrypoint = split.words;
    cmd = [];
  } else if (facts.cmdShellForm) {
    const split = splitCommand(commandString(cmd));
    if ('reason' in split) return { blocked: { reason: `the shell-form CMD needs a shell: it has ${split.reason}` } };
    notes.push(`the shell-form CMD "${commandString(cmd)}" is written in exec form`);
    cmd = split.words;
  }
  return resolveProgram(fs, config, { entrypoint, cmd, env: [], notes }, scriptText, 0);
}

/** Programs that only start the next argument: env (with its assignments), and the init shims tini and dumb-init. */
const LAUNCHERS = new Set(['env', 'tini', 'tini-static', 'dumb-init']);

/**
 * Plans the program a launcher starts instead of the launcher: `env`'s assignments become ENV,
 * an init shim's job is `docker run --init`'s. Options other than `--` and a shim's `-s`/`-g`/`-v`
 * stop the plan: what they change is not carried.
 */
function dropLauncher(
  fs: FileLookup,
  config: ImageConfig,
  partial: Partial,
  scriptText: (path: string) => string | undefined,
  depth: number,
  launcher: { name: string; path: string },
): EntryResult {
  const argv = [...partial.entrypoint, ...partial.cmd];
  const env: [string, string][] = [];
  let at = 1;
  const isEnv = posix.basename(launcher.path) === 'env' || launcher.name === 'env';
  for (; at < argv.length; at++) {
    const arg = argv[at];
    if (arg === '--') {
      at++;
      break;
    }
    if (isEnv && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      const eq = arg.indexOf('=');
      env.push([arg.slice(0, eq), arg.slice(eq + 1)]);
      continue;
    }
    if (!isEnv && /^-[sgvw]+$/.test(arg)) continue;
    if (arg.startsWith('-'))
      return { blocked: { path: launcher.path, reason: `the entry point's ${launcher.name} option ${arg} cannot be carried without ${launcher.name}` } };
    break;
  }
  if (at >= argv.length) return { blocked: { path: launcher.path, reason: `the entry point's ${launcher.name} starts no program` } };
  const fromEntrypoint = Math.max(0, partial.entrypoint.length - at);
  const next: Partial = {
    entrypoint: partial.entrypoint.slice(partial.entrypoint.length - fromEntrypoint),
    cmd: fromEntrypoint > 0 ? partial.cmd : partial.cmd.slice(at - partial.entrypoint.length),
    env: [...partial.env, ...env],
    notes: [
      ...partial.notes,
      isEnv
        ? `${launcher.path} (env) only starts ${argv[at]}: planned as that program${env.length ? ', its assignments as ENV' : ''}`
        : `${launcher.path} (an init shim) is left out: run the container with --init (or your orchestrator's equivalent) for signal forwarding and zombie reaping`,
    ],
    ...(partial.via ? { via: partial.via } : {}),
  };
  return resolveProgram(fs, config, next, scriptText, depth);
}

interface Partial {
  entrypoint: string[];
  cmd: string[];
  env: [string, string][];
  notes: string[];
  via?: string;
}

function resolveProgram(fs: FileLookup, config: ImageConfig, partial: Partial, scriptText: (path: string) => string | undefined, depth: number): EntryResult {
  const { entrypoint, cmd } = partial;
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) return { blocked: { reason: 'the image has no ENTRYPOINT or CMD: there is no program to plan for' } };
  const env = [...(config.config?.Env ?? []), ...partial.env.map(([name, value]) => `${name}=${value}`)];
  const program = entrypointFacts(fs, { ...config, config: { ...config.config, Env: env, Entrypoint: entrypoint, Cmd: cmd } }).program;
  if (!program || program.kind === 'missing' || program.path === undefined)
    return { blocked: { path: argv[0], reason: `the entry point's program ${argv[0]} is not in the image` } };
  const path = program.path;
  const name = posix.basename(path);
  const resolved = { ...program, path };
  const workdir = config.config?.WorkingDir || '/';
  const pathVariable = env.findLast((item) => item.startsWith('PATH='))?.slice(5);
  const invoked = argv[0].includes('/')
    ? posix.resolve(workdir, argv[0])
    : (pathDirectories(pathVariable)
        .map((dir) => posix.join(dir, argv[0]))
        .find((candidate) => fs.resolve(candidate)?.path === path) ?? path);
  if (program.kind === 'elf') {
    const called = posix.basename(argv[0]);
    if (SHELL_NAMES.includes(name) || SHELL_NAMES.includes(called))
      return { blocked: { path, reason: `the entry point runs a shell (${argv.join(' ').slice(0, 120)}); distroless images have none` } };
    if (PACKAGE_MANAGER_NAMES.includes(name) || PACKAGE_MANAGER_NAMES.includes(called))
      return { blocked: { path, reason: 'the entry point runs a package manager, which distroless images do not have' } };
    if (LAUNCHERS.has(name) || LAUNCHERS.has(called)) return dropLauncher(fs, config, partial, scriptText, depth, { name: called, path });
    const kind = runtimeOf(name) ?? runtimeOf(called);
    return { entry: { ...partial, program: resolved, invoked, ...(kind ? { runtime: { kind } } : {}) } };
  }
  if (program.kind !== 'script') {
    const what = program.kind === 'unknown' ? 'its bytes were not read' : 'it is neither an ELF program nor a #! script';
    return { blocked: { path, reason: `the entry point's program cannot be planned: ${what}` } };
  }
  const interpreter = program.interpreter?.envCommand?.command ?? posix.basename(program.interpreter?.command ?? '');
  const runtime = runtimeOf(interpreter);
  if (runtime) {
    // The runtime base runs the script: its interpreter is the base's, the script is the app's.
    const script = argv[0].includes('/') ? invoked : path;
    partial.notes.push(`${path} is a ${interpreter} script: the ${interpreter} of the base runs it`);
    return { entry: { ...partial, program: resolved, invoked, runtime: { kind: runtime, script } } };
  }
  if (!SHELL_NAMES.includes(interpreter)) {
    return {
      blocked: { path, reason: `the entry point is a ${interpreter || 'script'} script, and no distroless base has ${interpreter || 'its interpreter'}` },
    };
  }
  const text = scriptText(path);
  const read = text === undefined ? { reason: 'its text could not be read' } : readWrapper(text);
  if ('reason' in read || depth > 0) {
    const why = 'reason' in read ? read.reason : 'it execs another script';
    return { blocked: { path, reason: `the entry point is a shell script (${why}); distroless images have no shell to run it` } };
  }
  const { wrapper } = read;
  const fromEntrypoint = entrypoint.length > 0;
  const scriptArgs = argv.slice(1);
  if (!wrapper.passesArguments && scriptArgs.length > 0)
    partial.notes.push(`the arguments ${JSON.stringify(scriptArgs)} are dropped: ${path} does not pass "$@" on`);
  const next: Partial = {
    entrypoint: fromEntrypoint ? [...wrapper.argv, ...(wrapper.passesArguments ? entrypoint.slice(1) : [])] : [],
    cmd: fromEntrypoint ? (wrapper.passesArguments ? cmd : []) : [...wrapper.argv, ...(wrapper.passesArguments ? scriptArgs : [])],
    env: [...partial.env, ...wrapper.env],
    notes: [...partial.notes, `${path} is a shell script that only execs ${wrapper.argv[0]}: planned as that program, without the script`],
    via: path,
  };
  return resolveProgram(fs, config, next, scriptText, depth + 1);
}
