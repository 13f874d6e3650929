import { existsSync, readFileSync } from 'node:fs';

/**
 * The workflow event this run belongs to, as the runner describes it in the environment. Read from
 * the env the action is given, not from `@actions/github`'s context, which reads process.env once
 * when it is first imported.
 */
export interface GitHubEvent {
  /** GITHUB_EVENT_NAME (`pull_request`, `push`, `workflow_run`); empty when unset. */
  name: string;
  /** The webhook payload at GITHUB_EVENT_PATH; empty when there is none. */
  payload: Record<string, unknown>;
  /** GITHUB_SHA. */
  sha: string | undefined;
  /** GITHUB_REPOSITORY, else the payload's repository; read only when needed (comments, links): outside a workflow there may be neither. */
  readonly repo: { owner: string; repo: string };
}

export function eventOf(env: NodeJS.ProcessEnv): GitHubEvent {
  const path = env.GITHUB_EVENT_PATH;
  const payload = path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  return {
    name: env.GITHUB_EVENT_NAME ?? '',
    payload,
    sha: env.GITHUB_SHA,
    get repo() {
      if (env.GITHUB_REPOSITORY) {
        const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
        return { owner, repo };
      }
      const repository = payload.repository as { name?: string; owner?: { login?: string } } | undefined;
      if (repository?.name && repository.owner?.login) return { owner: repository.owner.login, repo: repository.name };
      throw new Error("the GitHub event names no repository: GITHUB_REPOSITORY should be set, like 'owner/repo'");
    },
  };
}
