/** The policy model the rules receive: levels, rule ids, typed options, resolved policies. */

export type Level = 'off' | 'warning' | 'error';
export type FailOn = 'error' | 'warning' | 'never';
export type PresetName = 'recommended' | 'strict' | 'none';

export const LEVELS: readonly Level[] = ['off', 'warning', 'error'];
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];
export const PRESET_NAMES: readonly PresetName[] = ['recommended', 'strict', 'none'];

/** Every rule id, in the order of the reference table in docs/policy.md. */
export const RULE_IDS = [
  'no-shell',
  'no-package-manager',
  'non-root-user',
  'exec-form-entrypoint',
  'entrypoint-runnable',
  'no-setuid',
  'no-secrets-in-env',
  'no-world-writable',
  'forbidden-paths',
  'max-size',
  'max-layers',
  'wasted-space',
  'size-increase',
  'allowed-base-images',
  'required-labels',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type NoOptions = Record<string, never>;

/** Each rule's options as the rule receives them: sizes in bytes, defaults filled in. */
export interface RuleOptionsMap {
  /** Shell names to look for besides the rule's built-in list. */
  'no-shell': { shells: string[] };
  /** Package manager names to look for besides the rule's built-in list. */
  'no-package-manager': { managers: string[] };
  'non-root-user': NoOptions;
  'exec-form-entrypoint': NoOptions;
  'entrypoint-runnable': NoOptions;
  'no-setuid': NoOptions;
  /** `names`: extra variable name globs that count as secrets; `allow`: name globs never reported. */
  'no-secrets-in-env': { names: string[]; allow: string[] };
  'no-world-writable': NoOptions;
  /** Globs of absolute paths (picomatch, dotfiles included; see `matchesGlob`). */
  'forbidden-paths': { paths: string[] };
  'max-size': { compressed?: number; uncompressed?: number };
  'max-layers': { max?: number };
  'wasted-space': { max: number };
  /** A finding when the growth exceeds any limit given; the loader ensures at least one is. */
  'size-increase': { bytes?: number; percent?: number };
  /** Image name globs. */
  'allowed-base-images': { images: string[] };
  /** Label name -> regular expression source (unanchored, no flags); `''` only requires presence. */
  'required-labels': { labels: Record<string, string> };
}

export interface RuleSetting<R extends RuleId = RuleId> {
  level: Level;
  options: RuleOptionsMap[R];
}

export type RuleSettings = { [R in RuleId]: RuleSetting<R> };

/** Option values an override sets; `null` removes an optional limit inherited from below. */
export type OptionsPatch<R extends RuleId> = { [K in keyof RuleOptionsMap[R]]?: RuleOptionsMap[R][K] | null };

/** What one `rules:` entry says: always a level, and the options it names. */
export interface RuleOverride<R extends RuleId = RuleId> {
  level: Level;
  options: OptionsPatch<R>;
}

export type RuleOverrides = { [R in RuleId]?: RuleOverride<R> };

export interface ImageOverride {
  /** picomatch glob, matched against the image name and its reference. */
  glob: string;
  failOn?: FailOn;
  rules: RuleOverrides;
}

export interface Exception {
  rule: RuleId;
  /** Glob of absolute paths in the image; without it every finding of the rule matches. */
  path?: string;
  /** Glob of image names; without it every image matches. */
  image?: string;
  reason: string;
  /** Last day the exception applies, YYYY-MM-DD (UTC). */
  until?: string;
  /** Where it is written, `file:line`. */
  source: string;
}

export interface Policy {
  /** The policy file path, or `built-in <preset>`. */
  source: string;
  extends: PresetName;
  failOn: FailOn;
  rules: RuleSettings;
  images: ImageOverride[];
  /** Exceptions in force, in file order. */
  exceptions: Exception[];
  /** Exceptions whose `until` has passed: they no longer apply; callers print a notice. */
  expiredExceptions: Exception[];
}
