import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { UserError, messageOf } from '../errors.ts';
import type { ImageInput } from '../engine/check.ts';
import { imageInputs, parsePlatform } from '../engine/inputs.ts';
import type { Platform } from '../image/types.ts';
import { FAIL_ON_VALUES, type FailOn } from '../policy/index.ts';
import { DEFAULT_POLICY_PATH } from '../engine/policy-file.ts';

export const COMMENT_MODES = ['always', 'on-change', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Where the policy comes from on a pull request: the checked-out files, or the base commit. */
export const POLICY_SOURCES = ['head', 'base'] as const;
export type PolicySource = (typeof POLICY_SOURCES)[number];

interface CommonInputs {
  comment: CommentMode;
  githubToken: string;
}

/** Check images: the usual run. */
export interface CheckInputs extends CommonInputs {
  mode: 'check';
  images: ImageInput[];
  policy: string;
  policySource: PolicySource;
  /** Unset: the policy's own fail-on. */
  failOn?: FailOn;
  platform?: Platform;
  sarif?: string;
  report: string;
}

/** Post the comment (and summary) of a JSON report an earlier run stored: the fork-safe second half. */
export interface ReplayInputs extends CommonInputs {
  mode: 'replay';
  fromReport: string;
  /** Unset: the pull request of the event, if it is one. */
  pullRequest?: number;
}

/** Every action input, parsed and validated once, before any work. */
export type ActionInputs = CheckInputs | ReplayInputs;

export type InputReader = {
  get(name: string): string;
  lines(name: string): string[];
};

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UserError(`input ${name}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

export function parseActionInputs(input: InputReader, env: NodeJS.ProcessEnv): ActionInputs {
  const comment = oneOf('comment', input.get('comment') || 'on-change', COMMENT_MODES);
  const githubToken = input.get('github-token');
  const pullRequest = pullRequestNumber(input.get('pull-request'));
  const fromReport = input.get('from-report');
  if (fromReport) {
    if (input.lines('images').some((line) => line.trim() !== '')) {
      throw new UserError('input from-report: give either images (to check them) or from-report (to post a stored report), not both');
    }
    if (!existsSync(fromReport)) throw new UserError(`input from-report: ${fromReport} does not exist`);
    return { mode: 'replay', comment, githubToken, fromReport, ...(pullRequest !== undefined ? { pullRequest } : {}) };
  }
  if (pullRequest !== undefined) throw new UserError('input pull-request: only used with from-report; a check comments on the pull request of its event');

  const failOn = input.get('fail-on');
  const policySource = oneOf('policy-source', input.get('policy-source') || 'head', POLICY_SOURCES);
  if (policySource === 'base' && !githubToken) {
    throw new UserError('input policy-source: base reads the policy of the base commit through the GitHub API, which needs github-token');
  }
  const platform = input.get('platform');
  const sarif = input.get('sarif');
  const inputs: CheckInputs = {
    mode: 'check',
    comment,
    githubToken,
    images: imageList(input, env.GITHUB_WORKSPACE ?? process.cwd()),
    policy: input.get('policy') || DEFAULT_POLICY_PATH,
    policySource,
    ...(failOn ? { failOn: oneOf('fail-on', failOn, FAIL_ON_VALUES) } : {}),
    ...(platform ? { platform: named('platform', () => parsePlatform(platform)) } : {}),
    ...(sarif ? { sarif } : {}),
    report: input.get('report') || join(env.RUNNER_TEMP ?? tmpdir(), 'distroless-guard-report.json'),
  };
  for (const image of inputs.images) {
    const reportPath = image.baseline?.startsWith('report:') ? image.baseline.slice('report:'.length) : undefined;
    if (reportPath !== undefined && !existsSync(reportPath)) {
      throw new UserError(`input baseline: ${image.baseline} does not exist (the JSON report of an earlier run was expected there)`);
    }
  }
  return inputs;
}

function imageList(input: InputReader, workspace: string): ImageInput[] {
  const lines = { images: input.lines('images'), baseline: input.lines('baseline'), dockerfile: input.lines('dockerfile') };
  checkNamedLines('images', lines.images, 'NAME=REF');
  checkNamedLines('baseline', lines.baseline, 'NAME=REF');
  checkNamedLines('dockerfile', lines.dockerfile, 'NAME=PATH');
  return named('images', () =>
    imageInputs({
      ...lines,
      defaultDockerfile: 'Dockerfile',
      workspace,
      label: { images: 'input images', baseline: 'input baseline', dockerfile: 'input dockerfile' },
    }),
  );
}

const NAME_CHARACTERS = /^[A-Za-z0-9._/-]+$/;

/**
 * A line with `=` before any `:` is meant as NAME=VALUE. The engine reads a line that is not quite
 * one (`app = x`, `app=`, `=x`) as a reference, which fails later with a confusing message.
 */
function checkNamedLines(name: string, lines: string[], form: string): void {
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals < 0 || line.slice(0, equals).includes(':')) continue;
    const [key, value] = [line.slice(0, equals), line.slice(equals + 1)];
    if (!NAME_CHARACTERS.test(key) || value.trim() === '' || /^\s/.test(value)) {
      throw new UserError(
        `input ${name}: "${line}" is not ${form}: the name is letters, digits, ".", "_", "/" or "-", followed by "=" and the value, without spaces`,
      );
    }
  }
}

/** Messages from deeper down (a reference, a platform) get the input they came from in front. */
function named<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof UserError) || error.message.startsWith('input ')) throw error;
    throw new UserError(`input ${name}: ${messageOf(error)}`);
  }
}

function pullRequestNumber(text: string): number | undefined {
  if (text === '') return undefined;
  if (!/^[1-9][0-9]{0,9}$/.test(text.trim())) throw new UserError(`input pull-request: "${text}" is not a pull request number`);
  return Number(text.trim());
}
