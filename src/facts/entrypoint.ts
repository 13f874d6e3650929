import { posix } from 'node:path';
import type { FileLookup, FsNode, ImageConfig } from '../image/types.ts';
import { SHELL_NAMES, pathDirectories } from './binaries.ts';
import type { ElfInfo } from './elf.ts';
import { capturedElf } from './executable-capture.ts';
import { type InterpreterArgument, interpreterArgument } from './interpreter-args.ts';
import { type LibraryResolution, resolveLibraries } from './libraries.ts';
import { parseShebang } from './shebang.ts';

export interface ProgramFacts {
  /** argv[0] as configured. */
  command: string;
  /** The path it resolves to through PATH, WorkingDir and symlinks; undefined when not found. */
  path?: string;
  layer?: number;
  /** What is at `path` (a directory is not a program) and its mode, set with `path`. */
  type?: FsNode['type'];
  mode?: number;
  /** A regular file with an x bit. */
  executable: boolean;
  /**
   * `other`: neither an ELF file nor a `#!` script, or not a regular file at all (then not
   * `executable`); `unknown`: its bytes were not captured.
   */
  kind: 'elf' | 'script' | 'other' | 'missing' | 'unknown';
  elf?: ElfInfo;
  /** The `#!` interpreter of a script, itself resolved (`path` only when it is a regular file). */
  interpreter?: {
    command: string;
    path?: string;
    argument?: string;
    /** For `#!/usr/bin/env X`: X, looked up through PATH as env does. */
    envCommand?: { command: string; path?: string };
  };
  libraries?: LibraryResolution;
}

export interface EntrypointFacts {
  entrypoint: string[];
  cmd: string[];
  /** What the runtime runs: Entrypoint followed by Cmd. */
  argv: string[];
  /** A shell running a command string (`["/bin/sh", "-c", …]`): the form a Dockerfile's shell-form instruction produces. */
  entrypointShellForm: boolean;
  cmdShellForm: boolean;
  healthcheckShellForm: boolean;
  program?: ProgramFacts;
  /** When argv[0] is an interpreter (python, node, ruby, perl, php, java, sh): the file argv asks it to run. */
  interpreterFile?: InterpreterFileFacts;
}

/** The file an interpreter is asked to run, looked for as that interpreter looks. */
export interface InterpreterFileFacts extends InterpreterArgument {
  /** The argument resolved from WorkingDir (a class path: each entry, a `dir/*` entry as its directory). */
  paths: string[];
  /** Whether the interpreter finds it: one of `paths` exists (node also tries `.js` and the like, a shell also PATH). */
  found: boolean;
}

/**
 * Whether argv runs a shell on a command string: a shell whose options include `-c`, as shell-form
 * instructions store it (`/bin/sh -c`, or the Dockerfile's SHELL such as `/bin/bash -o pipefail -c`).
 */
export function isShellForm(argv: readonly string[] | null | undefined): boolean {
  if (!argv || !SHELL_NAMES.includes(posix.basename(argv[0] ?? ''))) return false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    // Options end at `--` or at the first operand (a script file).
    if (arg === '--' || !/^(?:--?|\+)[A-Za-z]/.test(arg)) return false;
    if (/^-[A-Za-z]*c/.test(arg)) return true;
    if (/^[-+][oO]$/.test(arg)) i++; // `-o pipefail`: the option's name is not an operand
  }
  return false;
}

export function envOf(config: ImageConfig): Map<string, string> {
  const env = new Map<string, string>();
  for (const item of config.config?.Env ?? []) {
    const eq = item.indexOf('=');
    if (eq > 0) env.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return env;
}

export function entrypointFacts(fs: FileLookup, config: ImageConfig): EntrypointFacts {
  const entrypoint = config.config?.Entrypoint ?? [];
  const cmd = config.config?.Cmd ?? [];
  const argv = [...entrypoint, ...cmd];
  const env = envOf(config);
  const test = config.config?.Healthcheck?.Test ?? [];
  const workingDir = config.config?.WorkingDir || '/';
  const program = argv.length > 0 ? programFacts(fs, argv[0], workingDir, env) : undefined;
  const volumes = Object.keys(config.config?.Volumes ?? {}).map((volume) => posix.resolve('/', volume));
  const interpreterFile = interpreterFileFacts(fs, argv, program, workingDir, env, volumes);
  return {
    entrypoint,
    cmd,
    argv,
    entrypointShellForm: isShellForm(entrypoint),
    // With an Entrypoint, Cmd is only its arguments.
    cmdShellForm: entrypoint.length === 0 && isShellForm(cmd),
    healthcheckShellForm: test[0] === 'CMD-SHELL' || (test[0] === 'CMD' && isShellForm(test.slice(1))),
    program,
    ...(interpreterFile ? { interpreterFile } : {}),
  };
}

/** Node's main-module lookup adds these to a path that is not a file (CommonJS, plus the ESM ones to stay on the safe side). */
const NODE_EXTENSIONS = ['.js', '.json', '.node', '.mjs', '.cjs'];

function interpreterFileFacts(
  fs: FileLookup,
  argv: readonly string[],
  program: ProgramFacts | undefined,
  workingDir: string,
  env: Map<string, string>,
  volumes: readonly string[],
): InterpreterFileFacts | undefined {
  const argument = interpreterArgument(argv, program?.path);
  if (!argument || argument.argument === '') return undefined;
  // A path under a declared VOLUME may be mounted at run time: counted as there.
  const inVolume = (path: string): boolean => volumes.some((volume) => path === volume || path.startsWith(volume === '/' ? '/' : `${volume}/`));
  const exists = (path: string): boolean => inVolume(path) || fs.resolve(path) !== undefined;
  if (argument.role === 'classpath') {
    const entries = argument.argument.split(':');
    // An empty entry is the working directory: there is no telling what it holds.
    if (entries.includes('')) return undefined;
    const paths = entries.map((entry) => posix.resolve(workingDir, entry.endsWith('/*') || entry === '*' ? entry.slice(0, -1) : entry));
    return { ...argument, paths, found: paths.some(exists) };
  }
  const path = posix.resolve(workingDir, argument.argument);
  let found = exists(path);
  if (!found && argument.language === 'node') found = NODE_EXTENSIONS.some((extension) => exists(path + extension));
  // bash looks a name without a slash up in PATH when the working directory does not have it; dash does not.
  const searchesPath = posix.basename(program?.path ?? argv[0]) !== 'dash';
  if (!found && argument.language === 'shell' && searchesPath && !argument.argument.includes('/')) {
    found = pathDirectories(env.get('PATH')).some((dir) => exists(posix.join(dir, argument.argument)));
  }
  return { ...argument, paths: [path], found };
}

interface Located {
  path: string;
  layer: number;
  type: FsNode['type'];
  mode: number;
  regular: boolean;
}

function located(fs: FileLookup, path: string): Located | undefined {
  const found = fs.resolve(path);
  if (!found) return undefined;
  const regular = found.node.type === 'file' || found.node.type === 'hardlink';
  return { path: found.path, layer: found.node.layer, type: found.node.type, mode: found.node.mode, regular };
}

/**
 * Finds a command the way runc does: a path from WorkingDir as it is (whatever it is); a name
 * through PATH, taking the first executable regular file (else the first regular one, so a
 * missing x bit can be reported).
 */
export function locate(fs: FileLookup, command: string, workingDir: string, env: Map<string, string>): Located | undefined {
  if (command.includes('/')) return located(fs, posix.resolve(workingDir, command));
  let firstRegular: Located | undefined;
  for (const dir of pathDirectories(env.get('PATH'))) {
    const found = located(fs, posix.join(dir, command));
    if (!found?.regular) continue;
    if ((found.mode & 0o111) !== 0) return found;
    firstRegular ??= found;
  }
  return firstRegular;
}

function programFacts(fs: FileLookup, command: string, workingDir: string, env: Map<string, string>): ProgramFacts {
  const found = locate(fs, command, workingDir, env);
  if (!found) return { command, executable: false, kind: 'missing' };
  const executable = found.regular && (found.mode & 0o111) !== 0;
  const base = { command, path: found.path, layer: found.layer, type: found.type, mode: found.mode, executable };
  if (!found.regular) return { ...base, kind: 'other' };
  const captured = fs.captured(found.path);
  if (!captured) return { ...base, kind: 'unknown' };
  const elf = capturedElf(captured);
  if (elf) {
    const libraries = elf.dynamic || elf.interpreter ? resolveLibraries(fs, found.path, elf, { LD_LIBRARY_PATH: env.get('LD_LIBRARY_PATH') }) : undefined;
    return { ...base, kind: 'elf', elf, ...(libraries ? { libraries } : {}) };
  }
  const shebang = parseShebang(captured.head);
  if (!shebang) return { ...base, kind: 'other' };
  // The kernel opens the interpreter as written: no PATH search, a relative path from the working directory.
  const interpreter = located(fs, posix.resolve(workingDir, shebang.interpreter));
  const envCommand = posix.basename(shebang.interpreter) === 'env' ? envCommandOf(shebang.argument) : undefined;
  const envFound = envCommand !== undefined ? locate(fs, envCommand, workingDir, env) : undefined;
  return {
    ...base,
    kind: 'script',
    interpreter: {
      command: shebang.interpreter,
      ...(interpreter?.regular ? { path: interpreter.path } : {}),
      ...(shebang.argument !== undefined ? { argument: shebang.argument } : {}),
      ...(envCommand !== undefined ? { envCommand: { command: envCommand, ...(envFound?.regular ? { path: envFound.path } : {}) } } : {}),
    },
  };
}

/**
 * The program `env` runs for a `#!/usr/bin/env ARG` line. The kernel passes ARG as one argument, so
 * `python3 -u` is a program of that name; with `-S` env splits it and skips options and assignments.
 */
function envCommandOf(argument: string | undefined): string | undefined {
  if (argument === undefined) return undefined;
  const split = /^-S\s*(.*)$/.exec(argument);
  if (!split) return argument;
  return split[1].split(/\s+/).find((word) => word !== '' && !word.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
}
