import type { RuleId } from '../policy/index.ts';
import { allowedBaseImages } from './allowed-base-images.ts';
import { entrypointRunnable } from './entrypoint-runnable.ts';
import { execFormEntrypoint } from './exec-form-entrypoint.ts';
import { forbiddenPaths } from './forbidden-paths.ts';
import { maxLayers } from './max-layers.ts';
import { maxSize } from './max-size.ts';
import { noPackageManager } from './no-package-manager.ts';
import { noSecretsInEnv } from './no-secrets-in-env.ts';
import { noSetuid } from './no-setuid.ts';
import { noShell } from './no-shell.ts';
import { noWorldWritable } from './no-world-writable.ts';
import { nonRootUser } from './non-root-user.ts';
import type { Rule } from './rule.ts';
import { requiredLabels } from './required-labels.ts';
import { sizeIncrease } from './size-increase.ts';
import { wastedSpace } from './wasted-space.ts';

/** Every rule, keyed by id; the mapped type makes a missing rule a compile error. */
export const RULES: { [R in RuleId]: Rule<R> } = {
  'no-shell': noShell,
  'no-package-manager': noPackageManager,
  'non-root-user': nonRootUser,
  'exec-form-entrypoint': execFormEntrypoint,
  'entrypoint-runnable': entrypointRunnable,
  'no-setuid': noSetuid,
  'no-secrets-in-env': noSecretsInEnv,
  'no-world-writable': noWorldWritable,
  'forbidden-paths': forbiddenPaths,
  'max-size': maxSize,
  'max-layers': maxLayers,
  'wasted-space': wastedSpace,
  'size-increase': sizeIncrease,
  'allowed-base-images': allowedBaseImages,
  'required-labels': requiredLabels,
};
