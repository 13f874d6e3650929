import { RULE_LIST, type Rule } from '../rules/index.ts';
import type { FailOn, Level, Policy, PresetName, RuleId, RuleSettings } from './types.ts';

/** The options a rule starts with under a preset (`none` keeps recommended's, for rules a policy turns on); fresh copies. */
function presetOptions(rule: Rule, preset: PresetName): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(rule.options)) {
    const value = preset === 'strict' && spec.strict !== undefined ? spec.strict : spec.default;
    if (value !== undefined) options[key] = structuredClone(value);
  }
  return options;
}

/** The rule settings a preset stands for; a fresh copy each call, safe to change. */
export function presetRules(preset: PresetName): RuleSettings {
  const settings: Partial<Record<RuleId, { level: Level; options: object }>> = {};
  for (const rule of RULE_LIST) settings[rule.id] = { level: preset === 'none' ? 'off' : rule.levels[preset], options: presetOptions(rule, preset) };
  // Each rule's options were built from its own option specs, which type them.
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
