import { layerSources } from '../dockerfile/history-match.ts';
import { type BaseImage, baseImageOf } from './base-image.ts';

export type { BaseImage } from './base-image.ts';
import { MergedFilesystem } from '../image/filesystem.ts';
import type { FsNode, LoadedImage } from '../image/types.ts';
import { type HistorySecret, redactLabels, scanConfig } from './history-secrets.ts';
import { type FoundBinary, PACKAGE_MANAGER_NAMES, SHELL_NAMES, findBinaries, pathDirectories } from './binaries.ts';
import { type EntrypointFacts, entrypointFacts, envOf } from './entrypoint.ts';
import { type OsFacts, osFacts } from './os.ts';
import { type PackageInventory, packageInventories } from './packages.ts';
import { type PathMatch, matchPaths } from './paths.ts';
import { type SizeFacts, sizeFacts } from './sizes.ts';
import { type GroupEntry, type RuntimeUser, type UserEntry, groupsOf, runtimeUser, usersOf } from './users.ts';

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
  packageManagers: FoundBinary[];
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
  /**
   * Secrets in history, labels and annotations, by fingerprint (labels, layerCommands and the
   * entry point hold them redacted). Absent in facts read back from a JSON report.
   */
  historySecrets?: HistorySecret[];
}

export interface FactOptions {
  extraShells?: readonly string[];
  extraPackageManagers?: readonly string[];
  /** Globs of absolute paths to find in the image (forbidden paths). */
  pathGlobs?: readonly string[];
  /** The final `FROM` of the Dockerfile, when one was given. */
  dockerfileBase?: string;
}

export interface GatheredFacts {
  facts: ImageFacts;
  fs: MergedFilesystem;
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
  // Most files are neither: only the others get a path.
  for (const node of fs.find((entry) => entry.type !== 'symlink' && (entry.mode & 0o6002) !== 0)) {
    const flag = { path: node.path, mode: node.mode, layer: node.layer, type: node.type };
    if ((node.type === 'file' || node.type === 'hardlink') && (node.mode & 0o6000) !== 0) setuid.push(flag);
    if ((node.mode & 0o002) !== 0) worldWritable.push(flag);
  }
  // What reports may print: history, labels and commands with their secrets replaced by markers.
  const { shown, secrets } = scanConfig(image.config, image.layers.length, image.annotations);
  const sources = layerSources(shown.history, image.layers.length);
  const facts: ImageFacts = {
    filesRead,
    os: osFacts(fs),
    users,
    groups,
    user: runtimeUser(image.config.config?.User, users, groups),
    packages: packageInventories(fs),
    shells: findBinaries(fs, [...SHELL_NAMES, ...(options.extraShells ?? [])], pathDirs),
    packageManagers: findBinaries(fs, [...PACKAGE_MANAGER_NAMES, ...(options.extraPackageManagers ?? [])], pathDirs),
    entrypoint: entrypointFacts(fs, shown),
    env: [...env],
    labels: shown.config?.Labels ?? {},
    setuid,
    worldWritable,
    sizes: sizeFacts(image, filesRead ? fs : undefined),
    layerCommands: image.layers.map((_, i) => sources?.find((source) => source.layer === i)?.createdBy),
    baseImage: baseImageOf({ ...image, config: shown, annotations: redactLabels(image.annotations) }, options.dockerfileBase),
    ...(options.pathGlobs ? { pathMatches: matchPaths(fs, options.pathGlobs) } : {}),
    historySecrets: secrets,
  };
  return { facts, fs };
}
