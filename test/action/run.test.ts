// The action's work in-process (runAction), with an environment of the test's own: the event it
// acts on is the one that environment names, never process.env's (which test/setup.ts clears).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventOf } from '../../src/action/event.ts';
import type { CheckInputs, ReplayInputs } from '../../src/action/inputs.ts';
import { runAction } from '../../src/action/run.ts';
import { DEFAULT_POLICY_PATH } from '../../src/engine/policy-file.ts';
import { MAX_RESULTS_PER_RUN, type SarifLog } from '../../src/report/sarif.ts';
import { startFakeGitHub } from '../support/fake-github.ts';
import { makeFinding, makeImage, makeReport } from '../support/report-factory.ts';
import { assertGithubAcceptsSarif } from '../support/sarif-rules.ts';

const OWNER = 'acme';
const REPO = 'app';
const HEAD_SHA = 'a'.repeat(40);

const github = await startFakeGitHub();
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-action-run-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  // The action's log goes to stdout as workflow commands; the tests look at what it did instead.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return () => vi.restoreAllMocks();
});

async function eventEnv(name: string, payload: object): Promise<NodeJS.ProcessEnv> {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(payload));
  return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path, GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: github.url, RUNNER_TEMP: dir };
}

function pullRequestPayload(number: number): object {
  return { number, pull_request: { number, head: { sha: HEAD_SHA }, base: { sha: 'b'.repeat(40) } } };
}

describe('runAction', () => {
  it('comments on the pull request of the event its env names, and writes the report and SARIF from the report', async () => {
    expect(process.env.GITHUB_EVENT_PATH).toBeUndefined();
    const env = await eventEnv('pull_request', pullRequestPayload(31));
    const report = makeReport([makeImage({ dockerfile: 'services/app/Dockerfile', findings: [makeFinding({ location: undefined })] })]);
    const inputs: CheckInputs = {
      mode: 'check',
      comment: 'always',
      githubToken: github.token,
      images: [{ name: 'app', reference: 'docker-daemon:app:ci' }],
      policy: DEFAULT_POLICY_PATH,
      policySource: 'head',
      report: join(dir, 'out', 'report.json'),
      sarif: join(dir, 'out', 'report.sarif'),
    };
    expect(await runAction(inputs, env, async () => report)).toBe(false);

    expect(github.commentsOn(OWNER, REPO, 31)).toHaveLength(1);
    expect(JSON.parse(await readFile(inputs.report, 'utf8'))).toMatchObject({ passed: false, images: [{ image: 'app' }] });
    const sarifText = await readFile(inputs.sarif as string, 'utf8');
    assertGithubAcceptsSarif(sarifText);
    const sarif = JSON.parse(sarifText) as SarifLog;
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('services/app/Dockerfile');
  });

  it('notices what the SARIF file left out, within the annotations', async () => {
    const env = await eventEnv('push', { ref: 'refs/heads/main' });
    const findings = Array.from({ length: MAX_RESULTS_PER_RUN + 1 }, (_, i) => makeFinding({ path: `/p${i}` }));
    const inputs: CheckInputs = {
      mode: 'check',
      comment: 'never',
      githubToken: '',
      images: [{ name: 'app', reference: 'docker-daemon:app:ci' }],
      policy: DEFAULT_POLICY_PATH,
      policySource: 'head',
      report: join(dir, 'cut', 'report.json'),
      sarif: join(dir, 'cut', 'report.sarif'),
    };
    expect(await runAction(inputs, env, async () => makeReport([makeImage({ findings })]))).toBe(false);
    assertGithubAcceptsSarif(await readFile(inputs.sarif as string, 'utf8'));
    const lines = vi
      .mocked(process.stdout.write)
      .mock.calls.map(([chunk]) => String(chunk))
      .join('')
      .split('\n');
    expect(lines.filter((line) => line.startsWith('::error::'))).toEqual([
      '::error::distroless-guard: the policy check failed (see the annotations and the job summary)',
    ]);
    expect(lines.filter((line) => line.startsWith('::notice'))).toEqual([
      '::notice::SARIF run distroless-guard/app/linux/amd64/: 1 less severe result left out: code scanning keeps 5,000 results per run; the JSON report and the job summary have them all',
    ]);
  });

  it('names the event of its env when a stored report has no pull request to comment on', async () => {
    const env = await eventEnv('push', { ref: 'refs/heads/main' });
    const inputs: ReplayInputs = { mode: 'replay', comment: 'on-change', githubToken: github.token, fromReport: join(dir, 'absent.json') };
    await expect(runAction(inputs, env, () => Promise.reject(new Error('no check in a replay')))).rejects.toThrow(
      'input pull-request: from-report on a push event needs the number of the pull request to comment on',
    );
  });
});

describe('eventOf', () => {
  it('reads the payload at GITHUB_EVENT_PATH, and the repository from GITHUB_REPOSITORY or else the payload', async () => {
    const env = await eventEnv('pull_request', { ...pullRequestPayload(5), repository: { name: 'other', owner: { login: 'someone' } } });
    const event = eventOf({ ...env, GITHUB_SHA: HEAD_SHA });
    expect({ name: event.name, sha: event.sha, number: (event.payload.pull_request as { number: number }).number, repo: event.repo }).toEqual({
      name: 'pull_request',
      sha: HEAD_SHA,
      number: 5,
      repo: { owner: OWNER, repo: REPO },
    });
    expect(eventOf({ ...env, GITHUB_REPOSITORY: undefined }).repo).toEqual({ owner: 'someone', repo: 'other' });
  });

  it('has an empty payload and name outside a workflow, and says so when a repository is needed', () => {
    const event = eventOf({ GITHUB_EVENT_PATH: join(dir, 'missing.json') });
    expect({ name: event.name, payload: event.payload }).toEqual({ name: '', payload: {} });
    expect(() => event.repo).toThrow(/GITHUB_REPOSITORY/);
  });
});
