import { posix } from 'node:path';
import { layerSources } from '../dockerfile/history-match.ts';
import { type BaseImage, baseImageOf } from './base-image.ts';

export type { BaseImage } from './base-image.ts';
export type { SecretFile } from './secret-files.ts';
import { MergedFilesystem } from '../image/filesystem.ts';
import { type CaCertificateFacts, caCertificateFacts } from './ca-certificates.ts';
import type { EntryFields, FsNode, LoadedImage } from '../image/types.ts';
import { type HistorySecret, redactLabels, scanConfig } from './history-secrets.ts';
import { type FoundBinary, PACKAGE_MANAGER_NAMES, SHELL_NAMES, findBinaries, pathDirectories } from './binaries.ts';
import { type EntrypointFacts, entrypointFacts, envOf } from './entrypoint.ts';
import { type OsFacts, osFacts } from './os.ts';
import { type PackageInventory, packageInventories } from './packages.ts';
import { type PathMatch, matchPaths } from './paths.ts';
import { type SecretFile, secretFilesOf } from './secret-files.ts';
import { type SizeFacts, sizeFacts } from './sizes.ts';
import { findTools, scriptInterpreters, toolTest } from './tools.ts';
import { type RequiredPath, type RequiredPathState, requiredPathStates } from './required-paths.ts';
import { type GroupEntry, type RuntimeUser, type UserEntry, groupsOf, runtimeUser, usersOf } from './users.ts';
import { type Leftover, leftoverFacts } from './leftovers.ts';

export type { Leftover, LeftoverKind } from './leftovers.ts';

export interface FileFlag {
  path: string;
  mode: number;
  layer: number;
  type: FsNode['type'];
}

/** What we know about one image; rules decide from this alone. */
export interface ImageFacts {
  /** False when layers were not read (a size-only baseline): file facts are then empty. */
  filesRead: boolean;
  os?: OsFacts;
  users: UserEntry[];
  groups: GroupEntry[];
  user: RuntimeUser;
  packages: PackageInventory[];
  shells: FoundBinary[];
  /** OS package managers, and language ones (pip, npm, gem, composer). */
  packageManagers: FoundBinary[];
  /** Compilers, make, git, the Go and Rust toolchains. */
  buildTools: FoundBinary[];
  entrypoint: EntrypointFacts;
  /** `Env` as name/value pairs, in config order. */
  env: [string, string][];
  labels: Record<string, string>;
  setuid: FileFlag[];
  worldWritable: FileFlag[];
  sizes: SizeFacts;
  /** `created_by` of the history entry behind each layer; undefined where history does not say. */
  layerCommands: (string | undefined)[];
  baseImage?: BaseImage;
  /** Paths matching the globs `FactOptions.pathGlobs` asked for; absent when none were asked for. */
  pathMatches?: PathMatch[];
  /** `.git` directories and package-manager caches, by path; absent where not gathered (a report read back from JSON). */
  leftovers?: Leftover[];
  /** Secrets in files of any layer, removed ones included (kind, path, layer, fingerprint; never the value). */
  secretFiles: SecretFile[];
  /** The CA certificates TLS clients would find; absent when the facts did not come from the image's files (a report read back). */
  caCertificates?: CaCertificateFacts;
  /** What is at each path `FactOptions.requiredPaths` asked for; absent when none were asked for. */
  requiredPaths?: RequiredPathState[];
  /**
   * Secrets in history, labels and annotations, by fingerprint (labels, layerCommands and the
   * entry point hold them redacted). Absent in facts read back from a JSON report.
   */
  historySecrets?: HistorySecret[];
}

export interface FactOptions {
  extraShells?: readonly string[];
  extraPackageManagers?: readonly string[];
  extraBuildTools?: readonly string[];
  /** Globs of absolute paths to find in the image (forbidden paths). */
  pathGlobs?: readonly string[];
  /** Paths whose type, mode and owner the policy requires. */
  requiredPaths?: readonly RequiredPath[];
  /** The final `FROM` of the Dockerfile, when one was given. */
  dockerfileBase?: string;
}

export interface GatheredFacts {
  facts: ImageFacts;
  fs: MergedFilesystem;
}

function isExecutableFile(entry: EntryFields): boolean {
  return (entry.type === 'file' || entry.type === 'hardlink') && (entry.mode & 0o111) !== 0;
}

export function gatherFacts(image: LoadedImage, options: FactOptions = {}): GatheredFacts {
  const fs = MergedFilesystem.merge(image.layerIndexes);
  const filesRead = image.layerIndexes.length === image.layers.length && image.layers.length > 0;
  const env = envOf(image.config);
  const pathDirs = pathDirectories(env.get('PATH'));
  const users = usersOf(fs);
  const groups = groupsOf(fs);
  const setuid: FileFlag[] = [];
  const worldWritable: FileFlag[] = [];
  const executables: FsNode[] = [];
  // Most files are none of these: only the others get a path, in one walk.
  for (const node of fs.find((entry) => (entry.type !== 'symlink' && (entry.mode & 0o6002) !== 0) || isExecutableFile(entry))) {
    if (isExecutableFile(node)) executables.push(node);
    if ((node.mode & 0o6002) === 0) continue;
    const flag = { path: node.path, mode: node.mode, layer: node.layer, type: node.type };
    if ((node.type === 'file' || node.type === 'hardlink') && (node.mode & 0o6000) !== 0) setuid.push(flag);
    if ((node.mode & 0o002) !== 0) worldWritable.push(flag);
  }
  // What reports may print: history, labels and commands with their secrets replaced by markers.
  const { shown, secrets } = scanConfig(image.config, image.layers.length, image.annotations);
  const sources = layerSources(shown.history, image.layers.length);
  const entrypoint = entrypointFacts(fs, shown);
  // Tools are also looked for beside the entry point (`/nodejs/bin/node`), which PATH may not list.
  const entryDir = entrypoint.program?.path === undefined ? [] : [posix.dirname(entrypoint.program.path)];
  const scripts = scriptInterpreters(fs, executables);
  const osManagers = new Set([...PACKAGE_MANAGER_NAMES, ...(options.extraPackageManagers ?? [])]);
  const languageManagers = toolTest('package-manager');
  const facts: ImageFacts = {
    filesRead,
    os: osFacts(fs),
    users,
    groups,
    user: runtimeUser(image.config.config?.User, users, groups),
    packages: packageInventories(fs),
    shells: findBinaries(fs, [...SHELL_NAMES, ...(options.extraShells ?? [])], pathDirs),
    packageManagers: findTools(fs, (name, realName) => osManagers.has(name) || languageManagers(name, realName), [...pathDirs, ...entryDir], scripts),
    buildTools: findTools(fs, toolTest('build-tool', options.extraBuildTools), [...pathDirs, ...entryDir], scripts),
    entrypoint,
    env: [...env],
    labels: shown.config?.Labels ?? {},
    setuid,
    worldWritable,
    sizes: sizeFacts(image, filesRead ? fs : undefined),
    layerCommands: image.layers.map((_, i) => sources?.find((source) => source.layer === i)?.createdBy),
    baseImage: baseImageOf({ ...image, config: shown, annotations: redactLabels(image.annotations) }, options.dockerfileBase),
    ...(options.pathGlobs ? { pathMatches: matchPaths(fs, options.pathGlobs) } : {}),
    leftovers: leftoverFacts(fs, users),
    secretFiles: secretFilesOf(image.layerIndexes, fs),
    ...(filesRead ? { caCertificates: caCertificateFacts(fs, env, image.config.config?.WorkingDir || '/') } : {}),
    ...(options.requiredPaths ? { requiredPaths: requiredPathStates(fs, options.requiredPaths) } : {}),
    historySecrets: secrets,
  };
  return { facts, fs };
}
