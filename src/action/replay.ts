import { readFile, stat } from 'node:fs/promises';
import * as core from '@actions/core';
import { UserError, messageOf } from '../errors.ts';
import { singleLine } from '../report/escape.ts';
import type { Report } from '../report/model.ts';
import { commentFailure, postComments } from './comment.ts';
import type { GitHubEvent } from './event.ts';
import { type Octokit, type PullRequest, httpStatus, pullRequestOf } from './github.ts';
import type { ReplayInputs } from './inputs.ts';
import { commentContext, runUrlOf, setReportOutputs, writeSummary } from './publish.ts';

/** Reports are a few megabytes; the file may come from an untrusted run, so its size is bounded. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * The second half of the fork-safe pattern: the comment and summary of a JSON report that a
 * `pull_request` run stored, posted from a run that holds a writable token. The report is data:
 * parsed field by field and escaped like any image text. The verdict is the check run's, so this
 * step does not fail for it.
 */
export async function replayReport(inputs: ReplayInputs, event: GitHubEvent, env: NodeJS.ProcessEnv, api: () => Octokit): Promise<void> {
  const eventPullRequest = pullRequestOf(event);
  const number = inputs.pullRequest ?? eventPullRequest?.number;
  if (number === undefined && inputs.comment !== 'never') {
    throw new UserError(`input pull-request: from-report on a ${event.name || 'non-pull-request'} event needs the number of the pull request to comment on`);
  }
  const report = await readReport(inputs.fromReport);
  // Names in a stored report are untrusted: one line each, so none can start a workflow command.
  core.info(`report ${inputs.fromReport}: ${report.images.map((image) => singleLine(image.name)).join(', ')} (${report.passed ? 'passed' : 'failed'})`);
  const runUrl = checkRunUrl(event) ?? runUrlOf(env);

  if (inputs.comment === 'never') core.info('comment: never, so no pull request comment');
  else if (!inputs.githubToken) core.info('no github-token: no comment');
  else if (number !== undefined) {
    const pr = eventPullRequest?.number === number ? eventPullRequest : await pullRequestToComment(api(), event, number);
    if (pr) await postComments(report, commentContext(api(), pr, inputs.comment, runUrl, env));
  }
  await writeSummary(report, runUrl, checkedCommit(event) ?? eventPullRequest?.headSha, event, env);
  setReportOutputs(report, { report: inputs.fromReport });
}

async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_REPORT_BYTES) throw new Error(`${size} bytes, more than a report ever holds (${MAX_REPORT_BYTES})`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`input from-report: cannot read ${path} (${messageOf(error)})`);
  }
  // The reader brings ajv and the report schema: loaded only when a report is read.
  const { parseJsonReport } = await import('../report/json-read.ts');
  return parseJsonReport(text, path);
}

/** The run that checked the images, when this one was started by it (`workflow_run`). */
function checkRunUrl(event: GitHubEvent): string | undefined {
  const url = (event.payload.workflow_run as { html_url?: unknown } | undefined)?.html_url;
  return typeof url === 'string' ? url : undefined;
}

/** The commit the check run checked, when this one was started by it (`workflow_run`). */
function checkedCommit(event: GitHubEvent): string | undefined {
  const sha = (event.payload.workflow_run as { head_sha?: unknown } | undefined)?.head_sha;
  return typeof sha === 'string' ? sha : undefined;
}

/**
 * The pull request as it is now. Under `workflow_run`, a report of another commit than the pull
 * request's head is stale (or names the wrong pull request): it is not posted.
 */
async function pullRequestToComment(octokit: Octokit, event: GitHubEvent, number: number): Promise<PullRequest | undefined> {
  const { owner, repo } = event.repo;
  let headSha: string;
  try {
    ({
      data: {
        head: { sha: headSha },
      },
    } = await octokit.rest.pulls.get({ owner, repo, pull_number: number }));
  } catch (error) {
    core.warning(httpStatus(error) === 404 ? `${owner}/${repo} has no pull request #${number}: no comment` : commentFailure(error, number));
    return undefined;
  }
  const reported = checkedCommit(event);
  if (reported !== undefined && reported !== headSha) {
    core.notice(
      `pull request #${number} is at ${headSha.slice(0, 12)}, but this report is from a run on ${reported.slice(0, 12)}: not commenting (the run of the newer commit will)`,
    );
    return undefined;
  }
  return { owner, repo, number, headSha };
}
