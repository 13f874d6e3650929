import type { BaseName, DebianSuffix } from './bases.ts';

/** One `COPY --from=app SOURCE DESTINATION` line. */
export interface PlannedCopy {
  /** The path in the source image (a regular file or a directory, never a symlink). */
  source: string;
  /** Where it goes: the source path, or the name the loader looks up for a library reached through a symlink. */
  destination: string;
  type: 'file' | 'dir';
  /** Files (1 for a file) and content bytes copied. */
  files: number;
  bytes: number;
  /** Why it is copied. */
  role: 'program' | 'library' | 'app';
  /** `uid:gid` for `--chown`, when the source is not owned by root. */
  chown?: string;
}

/** One library of the program's closure and where the result gets it. */
export interface PlannedLibrary {
  name: string;
  /** Where the loader finds it in the source image. */
  path?: string;
  neededBy: string;
  /** `base`: the chosen base has it; `copied`: a COPY line brings it; `app`: it comes with the app's files; `missing`: not found in the source either. */
  from: 'base' | 'copied' | 'app' | 'missing';
}

export interface MigrationPlan {
  version: 1;
  /** The image as given. */
  image: string;
  platform: string;
  /** `blocked`: no plan (exit 1); `blocked` says why. */
  status: 'planned' | 'blocked';
  blocked?: { path?: string; reason: string };
  /** The first stage's image: `--from`, the engine name of a docker-daemon: input, else a placeholder to replace. */
  from: { reference: string; placeholder: boolean };
  base?: {
    name: BaseName;
    release: DebianSuffix;
    nonroot: boolean;
    /** The full reference written after FROM. */
    image: string;
    reason: string;
  };
  /** The resolved program the entry point runs, and how it was reached. */
  program?: { path: string; kind: string; via?: string };
  /** What the result runs, in exec form. */
  entrypoint: string[];
  cmd: string[];
  user?: string;
  workdir: string;
  env: [string, string][];
  expose: string[];
  labels: Record<string, string>;
  stopSignal?: string;
  copies: PlannedCopy[];
  libraries: PlannedLibrary[];
  size: {
    /** The source image, uncompressed (its layer tars). */
    current: number;
    /** The chosen base's approximate size plus what the COPY lines add. */
    estimated: number;
    base: number;
    /** Files and content bytes the COPY lines add. */
    files: number;
    copied: number;
  };
  /** Parts of the source's configuration the result does not carry, each with why. */
  notCarried: string[];
  /** Conversions and assumptions worth reading before building. */
  notes: string[];
  /** The facts the plan relied on. */
  facts: string[];
  /** The Dockerfile, when planned. */
  dockerfile?: string;
}
