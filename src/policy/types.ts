/** The policy model the engine receives: levels, rule ids, typed options, resolved policies. */
import type { Level, PresetName } from '../rules/rule.ts';
import type { RuleId, RuleOptionsMap } from '../rules/index.ts';

export type { Level, PresetName } from '../rules/rule.ts';
export type { RuleId, RuleOptionsMap } from '../rules/index.ts';
export { RULE_IDS } from '../rules/index.ts';

/**
 * The lowest level that fails the check. `new-error` and `new-warning` (the ratchet) fail only on
 * findings at that level that the baseline did not have; without a baseline they act as the plain level.
 */
export type FailOn = 'error' | 'warning' | 'never' | 'new-error' | 'new-warning';

export const LEVELS: readonly Level[] = ['off', 'warning', 'error'];
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never', 'new-error', 'new-warning'];
export const PRESET_NAMES: readonly PresetName[] = ['recommended', 'strict', 'none'];

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
  /** A secret's fingerprint as a finding prints it; without it every secret matches. */
  fingerprint?: string;
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
