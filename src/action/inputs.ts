import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { UserError } from '../errors.ts';
import type { ImageInput } from '../engine/check.ts';
import { imageInputs } from '../engine/inputs.ts';
import { parsePlatform } from '../image/platform.ts';
import type { Platform } from '../image/types.ts';
import { FAIL_ON_VALUES, type FailOn } from '../policy/index.ts';

export const COMMENT_MODES = ['always', 'on-change', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Every action input, parsed and validated once. */
export interface ActionInputs {
  images: ImageInput[];
  policy: string;
  failOn: FailOn;
  comment: CommentMode;
  platform?: Platform;
  githubToken: string;
  sarif?: string;
  report: string;
}

export type InputReader = {
  get(name: string): string;
  lines(name: string): string[];
};

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UserError(`input ${name}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

export function parseActionInputs(input: InputReader, env: NodeJS.ProcessEnv): ActionInputs {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const platform = input.get('platform');
  return {
    images: imageInputs({
      images: input.lines('images'),
      baseline: input.lines('baseline'),
      dockerfile: input.lines('dockerfile'),
      defaultDockerfile: 'Dockerfile',
      workspace,
      label: { images: 'input images', baseline: 'input baseline', dockerfile: 'input dockerfile' },
    }),
    policy: input.get('policy') || '.github/distroless.yml',
    failOn: oneOf('fail-on', input.get('fail-on') || 'error', FAIL_ON_VALUES),
    comment: oneOf('comment', input.get('comment') || 'on-change', COMMENT_MODES),
    ...(platform ? { platform: parsePlatform(platform) } : {}),
    githubToken: input.get('github-token'),
    ...(input.get('sarif') ? { sarif: input.get('sarif') } : {}),
    report: input.get('report') || join(env.RUNNER_TEMP ?? tmpdir(), 'distroless-guard-report.json'),
  };
}
