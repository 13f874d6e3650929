import type { ImageReport, Report } from '../report/model.ts';
import { renderImageComment } from '../report/markdown.ts';
import { singleLine } from '../report/escape.ts';
import type { RulesDocUrl } from '../report/links.ts';
import type { CommentMode } from './inputs.ts';
import type { Migrations } from './migration.ts';
import { type Octokit, type PullRequest, dockerfileUrlAt, httpStatus } from './github.ts';

export interface CommentContext {
  octokit: Octokit;
  pr: PullRequest;
  mode: CommentMode;
  serverUrl: string;
  runUrl?: string;
  rulesDocUrl: RulesDocUrl;
  warn: (line: string) => void;
  info: (line: string) => void;
  /** Plans for images that failed no-shell or no-package-manager: a collapsed section of their comment. */
  migrations?: Migrations;
}

/** The comment key: the image name, with the platform when one name covers several. */
export function commentKey(report: Report, image: ImageReport): string {
  const sameName = report.images.filter((other) => other.name === image.name);
  return sameName.length > 1 ? `${image.name}@${image.platform}` : image.name;
}

export function commentMarker(key: string): string {
  // The key is untrusted text: keep the marker a well-formed HTML comment whatever it holds.
  return `<!-- distroless-guard:image=${key.replace(/-->|[\r\n]/g, '_')} -->`;
}

/** Findings, or a size change: the compressed one when known, the delta the comment's table shows. */
function changed(image: ImageReport): boolean {
  const baseline = image.baseline;
  const delta = baseline?.compressed ?? baseline?.uncompressed;
  return image.findings.length > 0 || (delta !== undefined && delta.delta !== 0);
}

interface CommentAuthor {
  login?: string;
  type?: string;
}

/**
 * Creates or updates one sticky comment per image, found by its hidden marker among comments by
 * the token's own user. A 403/404 (a fork's read-only token) becomes one warning; never a failure.
 */
export async function postComments(report: Report, context: CommentContext): Promise<void> {
  const { octokit, pr } = context;
  try {
    const self = await ownLogin(octokit);
    const own = (author: CommentAuthor | null | undefined) => (self === undefined ? author?.type === 'Bot' : author?.login === self);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
    for (const image of report.images) {
      const marker = commentMarker(commentKey(report, image));
      const body = renderImageComment(report, image, {
        marker,
        rulesDocUrl: context.rulesDocUrl,
        runUrl: context.runUrl,
        dockerfileUrl: dockerfileUrlAt(context.serverUrl, pr, pr.headSha),
        ...(context.migrations ? { migrations: context.migrations } : {}),
      });
      const existing = comments.find((comment) => comment.body?.includes(marker) && own(comment.user));
      if (existing) {
        await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body });
        context.info(`updated the pull request comment for ${singleLine(image.name)}`);
      } else if (context.mode === 'always' || changed(image)) {
        await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body });
        context.info(`commented on the pull request for ${singleLine(image.name)}`);
      } else {
        context.info(`nothing to report for ${singleLine(image.name)} and no earlier comment: no comment (comment: on-change)`);
      }
    }
  } catch (error) {
    context.warn(commentFailure(error, pr.number));
  }
}

/** The one warning for a comment that could not be written; the step's verdict stays as it was. */
export function commentFailure(error: unknown, number: number): string {
  const status = httpStatus(error);
  if (status === 403 || status === 404) {
    return `cannot comment on pull request #${number} (HTTP ${status}): the token is read-only, as on pull requests from forks; annotations, summary and reports are still written. See the fork-safe workflow in the README.`;
  }
  return `could not update the comment on pull request #${number}: ${(error as Error).message.split('\n')[0]}`;
}

/**
 * A personal token can ask who it is. An installation token (the workflow's, or a GitHub App's)
 * cannot: undefined then, and its comments are recognised as a bot's.
 */
async function ownLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch {
    return undefined;
  }
}
