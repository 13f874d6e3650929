import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { rulesDocUrls } from '../report/links.ts';
import { renderSummary } from '../report/markdown.ts';
import type { ImageReport, Report } from '../report/model.ts';
import { type ReportFormat, writeReport } from '../report/output.ts';
import { type CommentContext, commentKey } from './comment.ts';
import type { GitHubEvent } from './event.ts';
import { type Octokit, type PullRequest, dockerfileUrlAt } from './github.ts';
import type { CommentMode } from './inputs.ts';
import type { Migrations } from './migration.ts';

/** The report as a file in one format (the JSON report, SARIF), its folder made when missing; rule links go to the action's own copy (`env`). Resolves to notes on what the file left out. */
export async function writeReportFile(path: string, report: Report, format: ReportFormat, env: NodeJS.ProcessEnv): Promise<string[]> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'w');
  try {
    // writeFile on a handle writes all of a chunk, from where the last one ended.
    return await writeReport(report, format, { write: (chunk) => file.writeFile(chunk) }, { color: false, rulesDocUrl: rulesDocUrls(env) });
  } finally {
    await file.close();
  }
}

/** This workflow run's page, which the comment links to. */
export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_RUN_ID ? `${serverUrlOf(env)}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
}

function serverUrlOf(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_SERVER_URL || 'https://github.com';
}

/** The job summary; Dockerfile lines link to `sha`, the pull request's head or the pushed commit. */
export async function writeSummary(
  report: Report,
  runUrl: string | undefined,
  sha: string | undefined,
  event: GitHubEvent,
  env: NodeJS.ProcessEnv,
  migrations?: Migrations,
): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return;
  const repository = event.repo;
  const dockerfileUrl = sha ? dockerfileUrlAt(serverUrlOf(env), repository, sha) : undefined;
  await core.summary.addRaw(renderSummary(report, { rulesDocUrl: rulesDocUrls(env), runUrl, dockerfileUrl, migrations })).write();
}

export function commentContext(
  octokit: Octokit,
  pr: PullRequest,
  mode: CommentMode,
  runUrl: string | undefined,
  env: NodeJS.ProcessEnv,
  migrations?: Migrations,
): CommentContext {
  return {
    ...(migrations ? { migrations } : {}),
    octokit,
    pr,
    mode,
    serverUrl: serverUrlOf(env),
    runUrl,
    rulesDocUrl: rulesDocUrls(env),
    warn: (line) => core.warning(line),
    info: (line) => core.info(line),
  };
}

/** The outputs action.yml lists, keyed by image name like the comments. */
export function setReportOutputs(report: Report, paths: { report: string; sarif?: string }): void {
  const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
  const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
  const keyed = <T>(value: (image: ImageReport) => T): Record<string, T> =>
    Object.fromEntries(report.images.map((image) => [commentKey(report, image), value(image)]));
  core.setOutput('passed', String(report.passed));
  core.setOutput('errors', String(errors));
  core.setOutput('warnings', String(warnings));
  core.setOutput('report', paths.report);
  if (paths.sarif) core.setOutput('sarif', paths.sarif);
  // null for an unknown compressed size, as in the JSON report (layers stored as plain tars have none).
  core.setOutput(
    'sizes',
    JSON.stringify(keyed((image) => ({ compressed: image.size.compressed ?? null, uncompressed: image.size.uncompressed, layers: image.size.layers }))),
  );
  core.setOutput(
    'size-deltas',
    JSON.stringify(
      keyed((image) =>
        image.baseline
          ? {
              ...(image.baseline.compressed ? { compressed: image.baseline.compressed.delta } : {}),
              ...(image.baseline.uncompressed ? { uncompressed: image.baseline.uncompressed.delta } : {}),
            }
          : null,
      ),
    ),
  );
  const verdict = report.passed
    ? 'passed'
    : `failed: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (fail-on: ${report.failOn})`;
  core.info(`distroless-guard ${verdict}`);
}

/** `migration`: the Dockerfile written for the first image that failed no-shell or no-package-manager and could be planned. */
export function setMigrationOutput(migrations: Migrations): void {
  const written = [...migrations.values()].find((migration) => migration.written)?.written;
  if (written) core.setOutput('migration', written);
}
