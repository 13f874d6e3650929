import * as github from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type Octokit = ReturnType<typeof github.getOctokit>;

/**
 * The one octokit: GITHUB_API_URL for GitHub Enterprise, retries for 5xx, and throttling
 * that waits out primary and secondary rate limits a few times before giving up.
 */
export function createOctokit(token: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Octokit {
  return github.getOctokit(
    token,
    {
      baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
      request: { retries: 3 },
      throttle: {
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          log(`GitHub API rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
          return retryCount < 2;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          log(`GitHub API secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
          return retryCount < 2;
        },
      },
    },
    retry,
    throttling,
  );
}

/** The pull request this run belongs to, from the event payload; undefined outside pull requests. */
export function pullRequestOf(context: typeof github.context): { owner: string; repo: string; number: number; headSha: string } | undefined {
  const pr = context.payload.pull_request;
  if (!pr || typeof pr.number !== 'number') return undefined;
  const head = (pr.head as { sha?: string } | undefined)?.sha ?? context.sha;
  return { owner: context.repo.owner, repo: context.repo.repo, number: pr.number, headSha: head };
}
