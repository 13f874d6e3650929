import pkg from '../../package.json' with { type: 'json' };
import type { RuleId } from '../policy/index.ts';
import { RULES } from '../rules/index.ts';

export const TOOL_VERSION: string = pkg.version;

/** `owner/name` of the repository package.json names (its `repository.url`). */
const PACKAGE_REPOSITORY = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(pkg.repository.url)![1];

/** The tool's home: SARIF's informationUri. */
export const REPOSITORY_URL = `https://github.com/${PACKAGE_REPOSITORY}`;

/** The runner's variables that say which copy of the action a step runs (empty for a local `uses: ./`). */
export interface ActionSourceEnv {
  GITHUB_ACTION_REPOSITORY?: string;
  GITHUB_ACTION_REF?: string;
}

/** Where a rule is explained: a section of docs/rules.md. */
export type RulesDocUrl = (rule: RuleId) => string;

/**
 * Rule links into docs/rules.md of the copy that runs: the action's repository and ref (a tag, a
 * branch or a commit) as the runner names them, so a fork or a pinned commit links to its own
 * text. Without them (the CLI, a local action) package.json's repository at the tag of the
 * version's major (`v0` for 0.x), the moving tag workflows use: the docs of the release that runs.
 */
export function rulesDocUrls(env: ActionSourceEnv): RulesDocUrl {
  const fromAction = env.GITHUB_ACTION_REPOSITORY && env.GITHUB_ACTION_REF && /^[\w.-]+\/[\w.-]+$/.test(env.GITHUB_ACTION_REPOSITORY);
  const repository = fromAction ? env.GITHUB_ACTION_REPOSITORY : PACKAGE_REPOSITORY;
  const ref = fromAction ? env.GITHUB_ACTION_REF! : `v${TOOL_VERSION.split('.')[0]}`;
  // A branch may hold `#`, `%` or `?`: each part of it escaped, its slashes kept (GitHub resolves `blob/feature/x/…`).
  const base = `https://github.com/${repository}/blob/${ref.split('/').map(encodeURIComponent).join('/')}/docs/rules.md`;
  return (rule) => `${base}#${RULES[rule].anchor}`;
}

/** One line saying what a rule checks. */
export function ruleTitle(rule: RuleId): string {
  return RULES[rule].title;
}
