import { posix } from 'node:path';
import type { FileLookup, ImageConfig } from '../image/types.ts';
import { SHELL_NAMES, pathDirectories } from './binaries.ts';
import { type ElfInfo, parseShebang } from './elf.ts';
import { type LibraryResolution, resolveLibraries } from './libraries.ts';

export interface ProgramFacts {
  /** argv[0] as configured. */
  command: string;
  /** The path it resolves to through PATH, WorkingDir and symlinks; undefined when not found. */
  path?: string;
  layer?: number;
  executable: boolean;
  kind: 'elf' | 'script' | 'other' | 'missing' | 'unknown';
  elf?: ElfInfo;
  /** The `#!` interpreter of a script, itself resolved. */
  interpreter?: { command: string; path?: string; argument?: string };
  libraries?: LibraryResolution;
}

export interface EntrypointFacts {
  entrypoint: string[];
  cmd: string[];
  /** What the runtime runs: Entrypoint followed by Cmd. */
  argv: string[];
  /** `["/bin/sh", "-c", …]`: the form a Dockerfile's shell-form instruction produces. */
  entrypointShellForm: boolean;
  cmdShellForm: boolean;
  healthcheckShellForm: boolean;
  program?: ProgramFacts;
}

export function isShellForm(argv: readonly string[] | null | undefined): boolean {
  return !!argv && argv.length >= 2 && SHELL_NAMES.includes(posix.basename(argv[0])) && argv[1] === '-c';
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
  return {
    entrypoint,
    cmd,
    argv,
    entrypointShellForm: isShellForm(entrypoint),
    cmdShellForm: entrypoint.length === 0 && isShellForm(cmd),
    healthcheckShellForm: test[0] === 'CMD-SHELL',
    program: argv.length > 0 ? programFacts(fs, argv[0], config.config?.WorkingDir || '/', env) : undefined,
  };
}

/** Finds a command the way the runtime does: a name through PATH, a path from WorkingDir. */
export function locate(
  fs: FileLookup,
  command: string,
  workingDir: string,
  env: Map<string, string>,
): { path: string; layer: number; mode: number; regular: boolean } | undefined {
  const candidates = command.includes('/') ? [posix.resolve(workingDir, command)] : pathDirectories(env.get('PATH')).map((dir) => posix.join(dir, command));
  for (const candidate of candidates) {
    const found = fs.resolve(candidate);
    if (!found) continue;
    const regular = found.node.type === 'file' || found.node.type === 'hardlink';
    if (!regular && command.includes('/')) return { path: found.path, layer: found.node.layer, mode: found.node.mode, regular };
    if (regular) return { path: found.path, layer: found.node.layer, mode: found.node.mode, regular };
  }
  return undefined;
}

function programFacts(fs: FileLookup, command: string, workingDir: string, env: Map<string, string>): ProgramFacts {
  const found = locate(fs, command, workingDir, env);
  if (!found) return { command, executable: false, kind: 'missing' };
  const executable = found.regular && (found.mode & 0o111) !== 0;
  const base = { command, path: found.path, layer: found.layer, executable };
  const captured = fs.captured(found.path);
  if (!found.regular) return { ...base, kind: 'other' };
  if (!captured) return { ...base, kind: 'unknown' };
  if (captured.elf) {
    const libraries =
      captured.elf.dynamic || captured.elf.interpreter
        ? resolveLibraries(fs, found.path, captured.elf, { LD_LIBRARY_PATH: env.get('LD_LIBRARY_PATH') })
        : undefined;
    return { ...base, kind: 'elf', elf: captured.elf, ...(libraries ? { libraries } : {}) };
  }
  const shebang = parseShebang(captured.head);
  if (shebang) {
    // `#!/usr/bin/env python3`: env itself must exist, and it looks python3 up in PATH.
    const interpreter = locate(fs, shebang.interpreter, '/', env);
    return { ...base, kind: 'script', interpreter: { command: shebang.interpreter, path: interpreter?.path, argument: shebang.argument } };
  }
  return { ...base, kind: 'other' };
}
