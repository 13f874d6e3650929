/**
 * What a rule is made of: the vocabulary every rule file uses to define itself. A leaf of rules/:
 * the catalog (index.ts) collects the definitions, and the policy derives its tables from them.
 */
import type { FactOptions, ImageFacts } from '../facts/index.ts';
import type { RequiredPath } from '../facts/required-paths.ts';

export type { RequiredPath } from '../facts/required-paths.ts';

export type Level = 'off' | 'warning' | 'error';
export type PresetName = 'recommended' | 'strict' | 'none';

/** What an option of each kind holds once loaded; each kind has its definition in docs/policy.schema.json. */
export interface OptionValues {
  /** Plain names (shells, package managers). */
  names: string[];
  /** picomatch globs (image names, variable names). */
  globs: string[];
  /** Globs of absolute paths in the image (picomatch, dotfiles included; see `matchesGlob`). */
  pathGlobs: string[];
  /** Bytes; written as `80MB`, `1.5GiB` or a number. */
  size: number;
  count: number;
  /** 10 means 10%. */
  percent: number;
  /** Label name -> regular expression source (unanchored, no flags); `''` only requires presence. */
  labels: Record<string, string>;
  /** On or off. */
  flag: boolean;
  /** Paths that must exist, with the type, mode and owner given; written as a list of `{ path, type, mode, owner }`. */
  requiredPaths: RequiredPath[];
}

export type OptionKind = keyof OptionValues;

export interface OptionSpec<K extends OptionKind = OptionKind> {
  kind: K;
  /** The value the presets start from; without one the option is a limit nobody has set. */
  default?: OptionValues[K];
  /** The strict preset's value, where it differs from `default`. */
  strict?: OptionValues[K];
  /** A limit a policy may remove with `null`: the rule then receives undefined. */
  optional?: true;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** The options a rule receives, typed from its specs: optional limits may be undefined. */
export type OptionsOf<S extends OptionSpecs> = Flat<
  { [K in keyof S as S[K] extends { optional: true } ? never : K]: OptionValues[S[K]['kind']] } & {
    [K in keyof S as S[K] extends { optional: true } ? K : never]?: OptionValues[S[K]['kind']];
  }
>;

/** One object type instead of an intersection, so options read as written. */
type Flat<T> = { [K in keyof T]: T[K] };

/** The Dockerfile setting behind a config finding, so annotations can point at its line. */
export type ConfigSetting = 'USER' | 'ENTRYPOINT' | 'CMD' | 'ENV' | 'HEALTHCHECK' | 'LABEL' | 'FROM' | 'ARG';

/** What a rule says, before the policy gives it a level and the Dockerfile a line. */
export interface RawFinding {
  message: string;
  /** The image path it concerns. */
  path?: string;
  /** The layer that introduced it. */
  layer?: number;
  /** The config setting that caused it. */
  setting?: ConfigSetting;
  /** The ENV variable or LABEL the finding is about, so the annotation lands on the line that sets it. */
  envName?: string;
  /** The config history entry behind it (an ENV later changed, a RUN that recorded a secret), so the annotation lands on its line. */
  historyIndex?: number;
  hint?: string;
  /** A secret's fingerprint (facts/secret-tokens.ts `fingerprintOf`), never its value; policy exceptions can match it. */
  fingerprint?: string;
}

export interface BaselineSizes {
  reference: string;
  compressed?: number;
  /** Undefined when the baseline's layers were not read. */
  uncompressed?: number;
}

/** All a rule sees: facts, its options, and the image's architecture and baseline; never the filesystem. */
export interface RuleContext<O = OptionsOf<OptionSpecs>> {
  facts: ImageFacts;
  options: O;
  /** Normalised as containerd does (`x86_64` is `amd64`), as ELF facts name machines. */
  architecture: string;
  baseline?: BaselineSizes;
}

/** One rule, whole: the catalog, the policy presets, the option validator and the docs checks read it from here. */
export interface RuleDefinition<Id extends string = string, S extends OptionSpecs = OptionSpecs> {
  id: Id;
  /** One line: what it checks. */
  title: string;
  /** The heading of its section in docs/rules.md. */
  anchor: string;
  /** Its level in each preset; `none` turns every rule off. */
  levels: Record<Exclude<PresetName, 'none'>, Level>;
  /** Each option as a policy writes it under the rule, in the order the docs list them. */
  options: S;
  /** Whether it needs file facts (skipped for images whose layers were not read). */
  needsFiles: boolean;
  /** What the policy must set before the rule can be on (`a limit; set max`), when its options lack it. */
  missingOption?(options: OptionsOf<S>): string | undefined;
  /** What fact gathering must know of this rule's setting (names to look for, globs to match). */
  factOptions?(setting: { level: Level; options: OptionsOf<S> }): FactOptions;
  /** Pure: a function of the context alone. */
  check(context: RuleContext<OptionsOf<S>>): RawFinding[];
}

/** A rule definition with its id and option types inferred from what it is given. */
export function defineRule<Id extends string, S extends OptionSpecs>(definition: RuleDefinition<Id, S>): RuleDefinition<Id, S> {
  return definition;
}
