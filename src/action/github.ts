import * as github from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { DockerfileLocation } from '../report/model.ts';
import type { GitHubEvent } from './event.ts';

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
      // The retry plugin's own defaults: 5xx retried 3 times with backoff, 4xx not. (A `request.retries`
      // here would make it retry every error, a read-only token's 403 included, without waiting.)
      retry: { retries: 3 },
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

export interface PullRequest {
  owner: string;
  repo: string;
  number: number;
  /** The commit Dockerfile links point at. */
  headSha: string;
  /** The commit the pull request merges into, where `policy-source: base` reads the policy. */
  baseSha?: string;
}

/** The pull request this run belongs to, from the event payload; undefined outside pull requests. */
export function pullRequestOf(event: GitHubEvent): PullRequest | undefined {
  const pr = event.payload.pull_request as { number?: unknown; head?: unknown; base?: unknown } | undefined;
  if (!pr || typeof pr.number !== 'number') return undefined;
  const head = (pr.head as { sha?: unknown } | undefined)?.sha;
  const base = (pr.base as { sha?: unknown } | undefined)?.sha;
  return {
    owner: event.repo.owner,
    repo: event.repo.repo,
    number: pr.number,
    headSha: typeof head === 'string' ? head : (event.sha ?? ''),
    ...(typeof base === 'string' ? { baseSha: base } : {}),
  };
}

/** A link to a Dockerfile line at a commit, for the comment and the summary. */
export function dockerfileUrlAt(serverUrl: string, repository: { owner: string; repo: string }, sha: string): (location: DockerfileLocation) => string {
  return (location) =>
    `${serverUrl}/${repository.owner}/${repository.repo}/blob/${sha}/${location.file.split('/').map(encodeURIComponent).join('/')}#L${location.line}`;
}

/** The status of a failed API call, when it was an HTTP answer. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
