import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError, messageOf } from '../errors.ts';
import { type Policy, builtinPolicy } from '../policy/index.ts';
import { type Octokit, httpStatus } from './github.ts';

export interface BasePolicy {
  policy: Policy;
  /** The policy file, relative to the repository root. */
  file: string;
  /** Says which policy applies; when `differs`, that the pull request's own copy does not. */
  message: string;
  /** Whether the pull request's copy differs from the one used (a notice, not just a log line). */
  differs: boolean;
}

/**
 * The policy as the pull request's base commit has it, read through the contents API, so that a
 * pull request cannot loosen the check it is held to; the checked-out copy is only compared.
 */
export async function policyFromBase(
  octokit: Octokit,
  base: { owner: string; repo: string; sha: string },
  path: string,
  workspace: string,
): Promise<BasePolicy> {
  const file = repositoryPath(path, workspace);
  const commit = base.sha.slice(0, 12);
  const atBase = await readAtCommit(octokit, base, file);
  const local = resolve(workspace, file);
  const atHead = existsSync(local) ? await readFile(local, 'utf8') : undefined;
  if (atBase === undefined) {
    const message = `the base commit ${commit} has no ${file}: using the built-in recommended policy`;
    if (atHead === undefined) return { policy: builtinPolicy('recommended'), file, message, differs: false };
    return {
      policy: builtinPolicy('recommended'),
      file,
      message: `this pull request adds ${file}, but with policy-source: base it is checked against the base commit, which has none (the built-in recommended policy applies); the new policy applies once merged`,
      differs: true,
    };
  }
  const { parsePolicy } = await import('../policy/load.ts');
  const policy = parsePolicy(atBase, `${file}@${commit}`);
  if (atHead === atBase) return { policy, file, message: `policy: ${file} as of the base commit ${commit}`, differs: false };
  const change = atHead === undefined ? 'deletes' : 'changes';
  return {
    policy,
    file,
    message: `this pull request ${change} ${file}, but with policy-source: base it is checked against the base commit's copy (${commit}); the change applies once merged`,
    differs: true,
  };
}

/** The policy path as the contents API names it: relative to the repository root, with `/`. */
function repositoryPath(path: string, workspace: string): string {
  const inside = relative(workspace, resolve(workspace, path));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new UserError(`input policy: ${path} is outside the repository (${workspace}), so policy-source: base cannot read it from the base commit`);
  }
  return inside.split(sep).join('/');
}

async function readAtCommit(octokit: Octokit, at: { owner: string; repo: string; sha: string }, file: string): Promise<string | undefined> {
  const where = `${file} at the base commit ${at.sha.slice(0, 12)}`;
  let data: Awaited<ReturnType<Octokit['rest']['repos']['getContent']>>['data'];
  try {
    ({ data } = await octokit.rest.repos.getContent({ owner: at.owner, repo: at.repo, path: file, ref: at.sha }));
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404) return undefined;
    const reason = `${status === undefined ? '' : `HTTP ${status}: `}${messageOf(error).split('\n')[0]}`;
    throw new UserError(`policy-source base: cannot read ${where} (${reason}); the token needs contents: read`);
  }
  if (Array.isArray(data) || data.type !== 'file') throw new UserError(`policy-source base: ${where} is not a file`);
  if (data.encoding !== 'base64') throw new UserError(`policy-source base: ${where} is too large for the contents API`);
  return Buffer.from(data.content, 'base64').toString('utf8');
}
