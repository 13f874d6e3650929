import type { FailOn, Level, Policy, PresetName, RuleId, RuleOptionsMap, RuleSettings } from './types.ts';
import { RULE_IDS } from './types.ts';

/** Network and privilege tools an attacker would reach for, wherever a bin/ directory is. */
export const DEFAULT_FORBIDDEN_PATHS: readonly string[] = ['curl', 'wget', 'nc', 'ncat', 'netcat', 'ssh', 'scp', 'telnet', 'sudo', 'su', 'doas'].map(
  (tool) => `**/bin/${tool}`,
);

/** Options each rule starts with, whatever the preset; the presets below only change a few. */
function defaultOptions(): { [R in RuleId]: RuleOptionsMap[R] } {
  return {
    'no-shell': { shells: [] },
    'no-package-manager': { managers: [] },
    'non-root-user': {},
    'exec-form-entrypoint': {},
    'entrypoint-runnable': {},
    'no-setuid': {},
    'no-secrets-in-env': { names: [], allow: [] },
    'no-world-writable': {},
    'forbidden-paths': { paths: [...DEFAULT_FORBIDDEN_PATHS] },
    'max-size': {},
    'max-layers': {},
    'wasted-space': { max: 10_000_000 },
    'size-increase': { percent: 10 },
    'allowed-base-images': { images: [] },
    'required-labels': { labels: {} },
  };
}

const RECOMMENDED_LEVELS: Record<RuleId, Level> = {
  'no-shell': 'error',
  'no-package-manager': 'error',
  'non-root-user': 'error',
  'exec-form-entrypoint': 'error',
  'entrypoint-runnable': 'error',
  'no-setuid': 'warning',
  'no-secrets-in-env': 'error',
  'no-world-writable': 'off',
  'forbidden-paths': 'off',
  'max-size': 'off',
  'max-layers': 'off',
  'wasted-space': 'warning',
  'size-increase': 'warning',
  'allowed-base-images': 'off',
  'required-labels': 'off',
};

const STRICT_LEVELS: Record<RuleId, Level> = {
  ...RECOMMENDED_LEVELS,
  'no-setuid': 'error',
  'no-world-writable': 'warning',
  'forbidden-paths': 'error',
  'wasted-space': 'error',
  'size-increase': 'error',
};

/** The rule settings a preset stands for; a fresh copy each call, safe to change. */
export function presetRules(preset: PresetName): RuleSettings {
  const options = defaultOptions();
  if (preset === 'strict') {
    options['wasted-space'] = { max: 1_000_000 };
    options['size-increase'] = { percent: 5 };
  }
  const levels = preset === 'strict' ? STRICT_LEVELS : RECOMMENDED_LEVELS;
  const settings: Partial<Record<RuleId, { level: Level; options: object }>> = {};
  for (const id of RULE_IDS) settings[id] = { level: preset === 'none' ? 'off' : levels[id], options: options[id] };
  // Every id was filled in from `options`, which is typed per rule.
  return settings as RuleSettings;
}

export const DEFAULT_FAIL_ON: FailOn = 'error';

/** A policy with no file behind it: the preset as it stands. */
export function builtinPolicy(preset: PresetName): Policy {
  return {
    source: `built-in ${preset}`,
    extends: preset,
    failOn: DEFAULT_FAIL_ON,
    rules: presetRules(preset),
    images: [],
    exceptions: [],
    expiredExceptions: [],
  };
}
