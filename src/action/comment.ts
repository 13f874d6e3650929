import type { ImageReport, Report } from '../report/model.ts';
import { renderImageComment } from '../report/markdown.ts';
import { rulesDocUrl } from '../report/links.ts';
import type { CommentMode } from './inputs.ts';
import type { Octokit } from './github.ts';

export interface PullRequest {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
}

export interface CommentContext {
  octokit: Octokit;
  pr: PullRequest;
  mode: CommentMode;
  serverUrl: string;
  runUrl?: string;
  warn: (line: string) => void;
  info: (line: string) => void;
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

function changed(image: ImageReport): boolean {
  return (
    image.findings.length > 0 || (image.baseline !== undefined && (image.baseline.uncompressed.delta !== 0 || (image.baseline.compressed?.delta ?? 0) !== 0))
  );
}

/**
 * Creates or updates one sticky comment per image, found by its hidden marker among comments by
 * the token's own user. A 403/404 (a fork's read-only token) becomes one warning; never a failure.
 */
export async function postComments(report: Report, context: CommentContext): Promise<void> {
  const { octokit, pr } = context;
  try {
    const self = await ownLogin(octokit);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
    for (const image of report.images) {
      const marker = commentMarker(commentKey(report, image));
      const body = renderImageComment(report, image, {
        marker,
        rulesDocUrl,
        runUrl: context.runUrl,
        dockerfileUrl: (location) =>
          `${context.serverUrl}/${pr.owner}/${pr.repo}/blob/${pr.headSha}/${location.file.split('/').map(encodeURIComponent).join('/')}#L${location.line}`,
      });
      const existing = comments.find((comment) => comment.body?.includes(marker) && (self === undefined || comment.user?.login === self));
      if (existing) {
        await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body });
        context.info(`updated the pull request comment for ${image.name}`);
      } else if (context.mode === 'always' || changed(image)) {
        await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body });
        context.info(`commented on the pull request for ${image.name}`);
      }
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) {
      context.warn(
        `cannot comment on pull request #${pr.number} (HTTP ${status}): the token is read-only, as on pull requests from forks; annotations, summary and reports are still written. See the fork-safe workflow in the README.`,
      );
    } else {
      context.warn(`could not update the pull request comment: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

/** A personal token can ask who it is; the workflow token cannot, and posts as github-actions[bot]. */
async function ownLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch {
    return 'github-actions[bot]';
  }
}
