import pkg from '../../package.json' with { type: 'json' };
import type { RuleId } from '../policy/index.ts';
import { RULES } from '../rules/index.ts';

export const TOOL_VERSION: string = pkg.version;
export const REPOSITORY_URL = 'https://github.com/distroless-guard/distroless-guard';

/** The section of docs/rules.md that explains a rule (SARIF helpUri, comment links). */
export function rulesDocUrl(rule: RuleId): string {
  return `${REPOSITORY_URL}/blob/v${TOOL_VERSION.split('.')[0]}/docs/rules.md#${RULES[rule].anchor}`;
}

/** One line saying what a rule checks. */
export function ruleTitle(rule: RuleId): string {
  return RULES[rule].title;
}
