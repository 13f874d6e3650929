import * as core from '@actions/core';
import type { CheckOptions } from '../engine/check.ts';
import { policyFromFile } from '../engine/policy-file.ts';
import type { Policy } from '../policy/index.ts';
import { type Annotation, planAnnotations } from '../report/annotations.ts';
import type { Report } from '../report/model.ts';
import { postComments } from './comment.ts';
import { type GitHubEvent, eventOf } from './event.ts';
import { type Octokit, type PullRequest, createOctokit, pullRequestOf } from './github.ts';
import type { ActionInputs, CheckInputs } from './inputs.ts';
import { policyFromBase } from './policy-source.ts';
import { migrationDir, needsMigration, planMigrations } from './migration.ts';
import { commentContext, runUrlOf, setMigrationOutput, setReportOutputs, writeReportFile, writeSummary } from './publish.ts';
import { replayReport } from './replay.ts';

/** The engine as the action runs it: check(), or check() in a worker thread. */
export type Engine = (options: CheckOptions) => Promise<Report>;

/** The action's work once inputs are parsed, in the environment `env` (the runner's, its event included); returns whether the step passes. */
export async function runAction(inputs: ActionInputs, env: NodeJS.ProcessEnv, engine: Engine): Promise<boolean> {
  let octokit: Octokit | undefined;
  const api = () => (octokit ??= createOctokit(inputs.githubToken, env, (line) => core.info(line)));
  const event = eventOf(env);
  if (inputs.mode === 'replay') {
    await replayReport(inputs, event, env, api);
    return true;
  }
  return checkImages(inputs, event, env, api, engine);
}

async function checkImages(inputs: CheckInputs, event: GitHubEvent, env: NodeJS.ProcessEnv, api: () => Octokit, engine: Engine): Promise<boolean> {
  const pr = pullRequestOf(event);
  const { policy, notice, annotation } = await actionPolicy(inputs, pr, event, api, env.GITHUB_WORKSPACE ?? process.cwd());

  const report = await core.group('Checking images', () =>
    engine({
      images: inputs.images,
      policy,
      failOn: inputs.failOn,
      platform: inputs.platform,
      registry: { githubToken: inputs.githubToken || undefined, onSecret: (secret) => core.setSecret(secret) },
      log: (line) => core.info(line),
    }),
  );
  const notices: Annotation[] = [...(annotation ? [annotation] : []), ...report.notices.map((message): Annotation => ({ level: 'notice', message }))];
  // The summary and the comment say it too: the reviewer reads those, not the log.
  if (notice) report.notices.unshift(notice);

  await writeReportFile(inputs.report, report, 'json', env);
  if (inputs.sarif) for (const message of await writeReportFile(inputs.sarif, report, 'sarif', env)) notices.push({ level: 'notice', message });

  // The verdict is the first error annotation; the caller sets the exit code.
  for (const planned of planAnnotations(report, { notices }).annotations) {
    // Only the properties it has: `::error ::` for none would differ from what the runner documents.
    const all = { title: planned.title, file: planned.file, startLine: planned.startLine, endLine: planned.endLine };
    const properties = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
    if (planned.level === 'error') core.error(planned.message, properties);
    else if (planned.level === 'warning') core.warning(planned.message, properties);
    else core.notice(planned.message, properties);
  }

  // A plan for each image that is not distroless yet (no-shell, no-package-manager failed).
  const migrations = report.images.some((image) => needsMigration(report, image))
    ? await core.group('Planning the path to distroless', () =>
        planMigrations(report, {
          dir: migrationDir(env),
          githubToken: inputs.githubToken,
          log: (line) => core.info(line),
          warn: (line) => core.warning(line),
        }),
      )
    : undefined;

  const runUrl = runUrlOf(env);
  await writeSummary(report, runUrl, pr?.headSha ?? (env.GITHUB_SHA || undefined), event, env, migrations);

  if (inputs.comment === 'never') core.info('comment: never, so no pull request comment');
  else if (!pr) core.info('not a pull request: no comment');
  else if (!inputs.githubToken) core.info('no github-token: no comment');
  else await postComments(report, commentContext(api(), pr, inputs.comment, runUrl, env, migrations));

  setReportOutputs(report, { report: inputs.report, sarif: inputs.sarif });
  if (migrations) setMigrationOutput(migrations);
  return report.passed;
}

/**
 * The policy file of the workspace, or with `policy-source: base` the base commit's copy; `notice`
 * is set when the pull request's own copy is not the one that applies, `annotation` when the step
 * should say something about the policy (annotated with the findings, within GitHub's cap).
 */
async function actionPolicy(
  inputs: CheckInputs,
  pr: PullRequest | undefined,
  event: GitHubEvent,
  api: () => Octokit,
  workspace: string,
): Promise<{ policy: Policy; notice?: string; annotation?: Annotation }> {
  if (inputs.policySource === 'base') {
    if (pr?.baseSha !== undefined) {
      const base = await policyFromBase(api(), { owner: pr.owner, repo: pr.repo, sha: pr.baseSha }, inputs.policy, workspace);
      if (!base.differs) {
        core.info(base.message);
        return { policy: base.policy };
      }
      return {
        policy: base.policy,
        notice: base.message,
        annotation: { level: 'notice', title: 'distroless-guard policy', file: base.file, message: base.message },
      };
    }
  }
  const { policy, notice } = await policyFromFile(inputs.policy);
  core.info(notice ?? `policy: ${policy.source}`);
  if (inputs.policySource !== 'base') return { policy };
  return {
    policy,
    annotation: {
      level: 'notice',
      message: `policy-source: base applies to pull requests; this ${event.name || 'run'} event uses ${inputs.policy} from the workspace`,
    },
  };
}
