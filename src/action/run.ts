import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { check } from '../engine/check.ts';
import { policyFromFile } from '../engine/policy-file.ts';
import { planAnnotations } from '../report/annotations.ts';
import { renderJson } from '../report/json.ts';
import { TOOL_VERSION, ruleTitle, rulesDocUrl } from '../report/links.ts';
import { renderSummary } from '../report/markdown.ts';
import type { Report } from '../report/model.ts';
import { renderSarif } from '../report/sarif.ts';
import { postComments } from './comment.ts';
import { createOctokit, pullRequestOf } from './github.ts';
import type { ActionInputs } from './inputs.ts';

async function writeOutputFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** The action's work once inputs are parsed: check, then every report; returns whether it passed. */
export async function runAction(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (inputs.githubToken) core.setSecret(inputs.githubToken);
  const { policy, notice } = await policyFromFile(inputs.policy);
  if (notice) core.info(notice);
  else core.info(`policy: ${policy.source}`);

  const report = await core.group('Checking images', () =>
    check({
      images: inputs.images,
      policy,
      failOn: inputs.failOn,
      platform: inputs.platform,
      registry: { githubToken: inputs.githubToken || undefined, onSecret: (secret) => core.setSecret(secret) },
      log: (line) => core.info(line),
    }),
  );
  for (const line of report.notices) core.notice(line);

  await writeOutputFile(inputs.report, renderJson(report));
  if (inputs.sarif) {
    const dockerfileFor = (image: Report['images'][number]) => inputs.images.find((input) => input.name === image.name)?.dockerfile?.path;
    await writeOutputFile(
      inputs.sarif,
      `${JSON.stringify(renderSarif(report, { rulesDocUrl, ruleTitle, toolVersion: TOOL_VERSION, dockerfileFor }), null, 2)}\n`,
    );
  }

  for (const annotation of planAnnotations(report, {}).annotations) {
    const properties = { title: annotation.title, file: annotation.file, startLine: annotation.startLine, endLine: annotation.endLine };
    if (annotation.level === 'error') core.error(annotation.message, properties);
    else if (annotation.level === 'warning') core.warning(annotation.message, properties);
    else core.notice(annotation.message, properties);
  }

  const runUrl = env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(renderSummary(report, { rulesDocUrl, runUrl })).write();
  }

  const pr = pullRequestOf(github.context);
  if (inputs.comment !== 'never' && pr && inputs.githubToken) {
    await postComments(report, {
      octokit: createOctokit(inputs.githubToken, env, (line) => core.info(line)),
      pr,
      mode: inputs.comment,
      serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
      runUrl,
      warn: (line) => core.warning(line),
      info: (line) => core.info(line),
    });
  } else if (inputs.comment !== 'never' && !pr) {
    core.info('not a pull request: no comment');
  }

  setOutputs(report, inputs);
  return report.passed;
}

function setOutputs(report: Report, inputs: ActionInputs): void {
  const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
  const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
  const keyed = <T>(value: (image: Report['images'][number]) => T): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const image of report.images)
      out[report.images.filter((i) => i.name === image.name).length > 1 ? `${image.name}@${image.platform}` : image.name] = value(image);
    return out;
  };
  core.setOutput('passed', String(report.passed));
  core.setOutput('errors', String(errors));
  core.setOutput('warnings', String(warnings));
  core.setOutput('report', inputs.report);
  if (inputs.sarif) core.setOutput('sarif', inputs.sarif);
  core.setOutput('sizes', JSON.stringify(keyed((image) => image.size)));
  core.setOutput(
    'size-deltas',
    JSON.stringify(
      keyed((image) =>
        image.baseline
          ? { ...(image.baseline.compressed ? { compressed: image.baseline.compressed.delta } : {}), uncompressed: image.baseline.uncompressed.delta }
          : null,
      ),
    ),
  );
  const verdict = report.passed
    ? 'passed'
    : `failed: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (fail-on: ${report.failOn})`;
  core.info(`distroless-guard ${verdict}`);
}
