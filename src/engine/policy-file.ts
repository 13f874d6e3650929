import { existsSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { type Policy, builtinPolicy } from '../policy/index.ts';

export const DEFAULT_POLICY_PATH = '.github/distroless.yml';

/**
 * The policy at `path`; when the default file does not exist the recommended preset applies,
 * and `notice` says so in one line. A policy the user named must exist.
 */
export async function policyFromFile(path: string | undefined): Promise<{ policy: Policy; notice?: string }> {
  const file = path ?? DEFAULT_POLICY_PATH;
  if (existsSync(file)) {
    const { loadPolicy } = await import('../policy/load.ts');
    return { policy: await loadPolicy(file) };
  }
  if (path !== undefined && path !== DEFAULT_POLICY_PATH) throw new UserError(`${path}: the policy file does not exist`);
  return { policy: builtinPolicy('recommended'), notice: `no ${file} found: using the built-in recommended policy` };
}
