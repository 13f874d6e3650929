/**
 * The rule catalog: every rule definition, in the order docs/rules.md lists them. Rule ids, option
 * types, presets and the option validator of the policy are derived from it.
 */
import type { FactOptions } from '../facts/index.ts';
import { allowedBaseImages } from './allowed-base-images.ts';
import { caCertificates } from './ca-certificates.ts';
import { entrypointRunnable } from './entrypoint-runnable.ts';
import { execFormEntrypoint } from './exec-form-entrypoint.ts';
import { forbiddenPaths } from './forbidden-paths.ts';
import { maxLayers } from './max-layers.ts';
import { maxSize } from './max-size.ts';
import { noBuildLeftovers } from './no-build-leftovers.ts';
import { noBuildTools } from './no-build-tools.ts';
import { noPackageManager } from './no-package-manager.ts';
import { noSecretFiles } from './no-secret-files.ts';
import { noSecretsInEnv } from './no-secrets-in-env.ts';
import { noSecretsInHistory } from './no-secrets-in-history.ts';
import { noSetuid } from './no-setuid.ts';
import { noShell } from './no-shell.ts';
import { noWorldWritable } from './no-world-writable.ts';
import { nonRootUser } from './non-root-user.ts';
import { requiredLabels } from './required-labels.ts';
import { requiredPaths } from './required-paths.ts';
import type { Level, OptionsOf, RuleDefinition } from './rule.ts';
import { sizeIncrease } from './size-increase.ts';
import { wastedSpace } from './wasted-space.ts';

const CATALOG = [
  noShell,
  noPackageManager,
  nonRootUser,
  execFormEntrypoint,
  entrypointRunnable,
  noSetuid,
  noSecretsInEnv,
  noSecretFiles,
  noSecretsInHistory,
  noWorldWritable,
  forbiddenPaths,
  maxSize,
  maxLayers,
  wastedSpace,
  sizeIncrease,
  allowedBaseImages,
  requiredLabels,
  noBuildLeftovers,
  caCertificates,
  noBuildTools,
  requiredPaths,
] as const;

type Defined = (typeof CATALOG)[number];

export type RuleId = Defined['id'];

/** Each rule's options as the rule receives them: sizes in bytes, defaults filled in. */
export type RuleOptionsMap = { [R in RuleId]: OptionsOf<Extract<Defined, { id: R }>['options']> };

/** Any rule, its options as a policy resolved them; what the engine and the policy iterate over. */
export type Rule = RuleDefinition<RuleId>;

/** Every rule, in docs order. */
export const RULE_LIST: readonly Rule[] = CATALOG;

/** Every rule id, in docs order. */
export const RULE_IDS: readonly RuleId[] = CATALOG.map((rule) => rule.id);

/** Every rule, keyed by id. */
export const RULES = Object.fromEntries(CATALOG.map((rule) => [rule.id, rule])) as { [R in RuleId]: Extract<Defined, { id: R }> };

/** What fact gathering must know of the rules' settings (a policy's, for one image). */
export function factOptionsFor(settings: { [R in RuleId]: { level: Level; options: RuleOptionsMap[R] } }): FactOptions {
  const options: FactOptions = {};
  for (const rule of RULE_LIST) Object.assign(options, rule.factOptions?.(settings[rule.id]));
  return options;
}
