/**
 * Language package managers and build tools: what a build stage needs and a final image does not
 * (pip, npm, gem, composer; compilers, make, git, the Go and Rust toolchains).
 */
import { posix } from 'node:path';
import type { FileLookup, FsNode } from '../image/types.ts';
import { type FoundBinary, type NameTest, findBinaries } from './binaries.ts';
import { parseShebang } from './shebang.ts';

/** Which runtime or job a tool belongs to: the hint for dropping it follows from it. */
export type ToolEcosystem = 'python' | 'node' | 'ruby' | 'php' | 'c' | 'rust' | 'go' | 'java' | 'build' | 'git';

export interface LanguageTool {
  /** What a finding calls it (`Python package manager`). */
  what: string;
  ecosystem: ToolEcosystem;
  kind: 'package-manager' | 'build-tool';
  /** Names its programs have in a bin directory. */
  names: RegExp;
  /** Names of the file a symlink of it leads to, where they differ (`npm` -> `npm-cli.js`). */
  files?: RegExp;
}

/** A version suffix as Debian and upstream installers write it: `gcc-12`, `clang++-17`. */
const VERSION = String.raw`(?:-[0-9]+(?:\.[0-9]+)*)?`;
/** A GNU target prefix: `x86_64-linux-gnu-gcc-12`, `x86_64-alpine-linux-musl-gcc`. */
const TARGET = String.raw`(?:[a-z0-9_]+-(?:[a-z0-9_]+-)?linux-[a-z0-9_]+-)?`;

export const LANGUAGE_TOOLS: readonly LanguageTool[] = [
  // pip, pip3, pip3.11 (Debian's python3-pip and python:3 images install all three).
  { what: 'Python package manager', ecosystem: 'python', kind: 'package-manager', names: /^(?:pip(?:[0-9]+(?:\.[0-9]+)?)?|pipx)$/ },
  {
    what: 'Node.js package manager',
    ecosystem: 'node',
    kind: 'package-manager',
    names: /^(?:npm|npx|yarn|yarnpkg|pnpm|pnpx|corepack)$/,
    // node images link npm -> ../lib/node_modules/npm/bin/npm-cli.js, corepack -> …/corepack/dist/corepack.js.
    files: /^(?:npm-cli|npx-cli|corepack|yarn|pnpm)\.c?js$/,
  },
  { what: 'Ruby package manager', ecosystem: 'ruby', kind: 'package-manager', names: /^(?:gem|bundle|bundler)$/ },
  { what: 'PHP package manager', ecosystem: 'php', kind: 'package-manager', names: /^composer(?:\.phar)?$/ },
  { what: 'C/C++ compiler', ecosystem: 'c', kind: 'build-tool', names: new RegExp(`^${TARGET}(?:cc|c\\+\\+|gcc|g\\+\\+|clang|clang\\+\\+)${VERSION}$`) },
  { what: 'Rust toolchain', ecosystem: 'rust', kind: 'build-tool', names: /^(?:cargo|rustc|rustup)$/ },
  { what: 'Go toolchain', ecosystem: 'go', kind: 'build-tool', names: /^go$/ },
  { what: 'Java build tool', ecosystem: 'java', kind: 'build-tool', names: /^(?:javac|mvn|gradle)$/ },
  { what: 'build tool', ecosystem: 'build', kind: 'build-tool', names: /^(?:make|gmake|cmake|ninja)$/ },
  { what: 'version control tool', ecosystem: 'git', kind: 'build-tool', names: /^git$/ },
];

/** The tool a program is, by its name or (through symlinks) the name of its file. */
export function languageToolOf(binary: Pick<FoundBinary, 'name' | 'realPath'>): LanguageTool | undefined {
  const realName = posix.basename(binary.realPath);
  return (
    LANGUAGE_TOOLS.find((tool) => tool.names.test(binary.name)) ??
    LANGUAGE_TOOLS.find((tool) => tool.files?.test(realName) === true || tool.names.test(realName))
  );
}

/** Programs that are tools of this kind, or carry one of the extra names a policy adds. */
export function toolTest(kind: LanguageTool['kind'], extraNames: readonly string[] = []): NameTest {
  const extra = new Set(extraNames);
  return (name, realName) => extra.has(name) || languageToolOf({ name, realPath: realName })?.kind === kind;
}

/** A script and the interpreter its `#!` line names. */
export interface ScriptInterpreter {
  script: string;
  interpreter: string;
}

/**
 * Every executable script among `executables` (the image's executable files) with an absolute `#!` interpreter (a relative one depends
 * on where the script is run from). The heads are already captured for every executable file.
 */
export function scriptInterpreters(fs: FileLookup, executables: readonly FsNode[]): ScriptInterpreter[] {
  const scripts: ScriptInterpreter[] = [];
  for (const node of executables) {
    const head = fs.captured(node.path)?.head;
    const shebang = head ? parseShebang(head) : undefined;
    if (shebang?.interpreter.startsWith('/')) scripts.push({ script: node.path, interpreter: posix.normalize(shebang.interpreter) });
  }
  return scripts;
}

/**
 * The tools `test` wants: by name in the bin directories (through symlinks, `npm` -> `npm-cli.js`),
 * then as the `#!` interpreter of a script (`#!/opt/tools/make -f`) wherever that lies. Each real
 * file once, under its own path when it lies beside the link that found it.
 */
export function findTools(fs: FileLookup, test: NameTest, dirs: readonly string[], scripts: readonly ScriptInterpreter[]): FoundBinary[] {
  const found = findBinaries(fs, test, dirs).map((binary) => {
    // `gmake -> make`, `gcc -> gcc-12`: the file itself sits beside the link of its other name, and is
    // what it is. (A file reached through a symlinked directory, `/bin/make`, keeps the path PATH finds.)
    // Only when the file's own name is one looked for (`yum -> dnf-3` stays yum).
    const name = posix.basename(binary.realPath);
    const inPlace =
      binary.via !== undefined &&
      test(name, name) &&
      fs.lstat(binary.path)?.type === 'symlink' &&
      posix.dirname(binary.realPath) === fs.resolve(posix.dirname(binary.path))?.path;
    if (!inPlace) return binary;
    const path = posix.join(posix.dirname(binary.path), name);
    return { name, path, realPath: binary.realPath, layer: binary.layer, ...(path !== binary.realPath ? { via: binary.realPath } : {}) };
  });
  const seen = new Set(found.map((binary) => binary.realPath));
  for (const { script, interpreter } of scripts) {
    const target = fs.resolve(interpreter);
    if (!target || (target.node.type !== 'file' && target.node.type !== 'hardlink')) continue;
    const realPath = target.node.linkedPath ?? target.path;
    const name = posix.basename(interpreter);
    if (seen.has(realPath) || !test(name, posix.basename(realPath))) continue;
    seen.add(realPath);
    found.push({ name, path: interpreter, realPath, layer: target.node.layer, ...(realPath !== interpreter ? { via: realPath } : {}), script });
  }
  return found;
}
