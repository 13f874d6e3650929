import { matchesGlob } from '../common/glob.ts';
import type { Exception, FailOn, Policy, RuleId, RuleOverride, RuleOverrides, RuleSetting, RuleSettings } from './types.ts';
import { RULE_IDS } from './types.ts';

/** `setting` with an override on top: its level, and the options it names (null removes one). */
function applyOverride<R extends RuleId>(setting: RuleSetting<R>, override: RuleOverride<R>): RuleSetting<R> {
  const options: Record<string, unknown> = { ...setting.options };
  for (const [key, value] of Object.entries(override.options)) {
    if (value === null) delete options[key];
    else options[key] = value;
  }
  // Keys and value types come from OptionsPatch<R>, the same shape minus the nulls removed above.
  return { level: override.level, options: options as RuleSetting<R>['options'] };
}

export function applyOverrides(settings: RuleSettings, overrides: RuleOverrides): RuleSettings {
  const result: Record<RuleId, RuleSetting> = { ...settings };
  for (const id of RULE_IDS) {
    const override = overrides[id];
    if (override !== undefined) result[id] = applyOverride(result[id], override);
  }
  // Each id gets its own setting back with its own override applied.
  return result as RuleSettings;
}

/** The fail-on level and rule settings for one image: every matching `images:` entry, in file order. */
export function policyForImage(policy: Policy, image: { name: string; reference: string }): { failOn: FailOn; rules: RuleSettings } {
  let failOn = policy.failOn;
  let rules = policy.rules;
  for (const override of policy.images) {
    if (!matchesGlob(override.glob, image.name) && !matchesGlob(override.glob, image.reference)) continue;
    failOn = override.failOn ?? failOn;
    rules = applyOverrides(rules, override.rules);
  }
  return { failOn, rules };
}

/** The first exception in force that waives this finding. */
export function findException(policy: Policy, finding: { rule: RuleId; path?: string; fingerprint?: string; image: string }): Exception | undefined {
  return policy.exceptions.find(
    (exception) =>
      exception.rule === finding.rule &&
      (exception.path === undefined || (finding.path !== undefined && matchesGlob(exception.path, finding.path))) &&
      (exception.fingerprint === undefined || exception.fingerprint === finding.fingerprint) &&
      (exception.image === undefined || matchesGlob(exception.image, finding.image)),
  );
}

/** Whether an exception with this `until` has expired on `today` (it still applies on that day). */
export function isExpired(until: string | undefined, today: Date): boolean {
  return until !== undefined && until < today.toISOString().slice(0, 10);
}
