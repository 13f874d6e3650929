// The action as GitHub runs it: the ncc bundle (`node index.js`) in a child process, with the
// environment a runner gives a step (every input of action.yml as INPUT_*, defaults included, the
// event payload, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, ...), against a fake GitHub API that records
// every request. The bundle is built from the current sources once per run (test/global-setup-action.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildElf } from '../support/elf-writer.ts';
import { buildImage as buildImageWithEngine, describeWithEngine, describeWithRegistry, removeImages, skopeo } from '../support/engine.ts';
import { COMMENT_WRITES, FakeGitHub, type FakeGitHubOptions, startFakeGitHub } from '../support/fake-github.ts';
import { type BuiltImage, type ImageSpec, buildImage, writeDockerArchive, writeOciArchive } from '../support/images.ts';
import { ENGINE_DOCKERFILE, HISTORY_DOCKERFILE, buildPlantedImage, expectNoSecret, historyImage } from '../support/planted-secrets.ts';
import { assertGithubAcceptsSarif } from '../support/sarif-rules.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = inject('actionBundle');

const OWNER = 'acme';
const REPO = 'app';
const HEAD_SHA = '9f3c2b1a0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
const BASE_SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const MERGE_SHA = '5555555555555555555555555555555555555555';
/** The copy of the action the step runs (`uses: someone/guard-fork@v1.2`): rule links go to its docs. */
const ACTION_REPOSITORY = 'someone/guard-fork';
const ACTION_REF = 'v1.2';
const RULES_DOC = `https://github.com/${ACTION_REPOSITORY}/blob/${ACTION_REF}/docs/rules.md`;
const ACTION_YML = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};

// ---- images, built in code ----

const X86_64 = 62;
const SERVER = buildElf({ class: 64, endian: 'little', machine: X86_64, type: 2, gap: 20_000 });
const SHELL = buildElf({ class: 64, endian: 'little', machine: X86_64, type: 2, gap: 40_000 });
const BASE_HISTORY = { created_by: '/bin/sh -c #(nop) ADD file:0c4f2a77e1f0e5c1b9a2 in / ' };

const dir = (path: string, mode = 0o755): TarEntrySpec => ({ path, type: 'dir', mode });
const file = (path: string, content: string | Buffer, mode = 0o644): TarEntrySpec => ({ path, content, mode });

/** The pull request's first push: a base with a shell, running as root, CMD in shell form. */
const FAILING_DOCKERFILE = 'FROM example.com/base:1\nCOPY server /app/server\nCMD /app/server\n';
const failingImage: ImageSpec = {
  layers: [
    {
      entries: [dir('etc'), file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n'), file('etc/group', 'root:x:0:\n'), dir('bin'), file('bin/sh', SHELL, 0o755)],
    },
    { entries: [dir('app'), file('app/server', SERVER, 0o755)] },
  ],
  config: { Cmd: ['/bin/sh', '-c', '/app/server'] },
  history: [
    BASE_HISTORY,
    { created_by: 'COPY server /app/server # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'CMD ["/bin/sh" "-c" "/app/server"]', comment: 'buildkit.dockerfile.v0', empty_layer: true },
  ],
};
/** What the findings of `failingImage` annotate: rule → Dockerfile line. */
const FAILING_ANNOTATIONS = [
  { level: 'error', title: 'exec-form-entrypoint', line: 3 },
  { level: 'error', title: 'no-shell', line: 1 },
  { level: 'error', title: 'non-root-user', line: 1 },
];

/** The same app, fixed: no shell, a non-root user, ENTRYPOINT in exec form. */
const FIXED_DOCKERFILE = 'FROM example.com/base:1\nCOPY server /app/server\nUSER 65532:65532\nENTRYPOINT ["/app/server"]\n';
const fixedImage: ImageSpec = {
  layers: [
    {
      entries: [
        dir('etc'),
        file('etc/passwd', 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n'),
        file('etc/group', 'root:x:0:\nnonroot:x:65532:\n'),
      ],
    },
    { entries: [dir('app'), file('app/server', SERVER, 0o755)] },
  ],
  config: { Entrypoint: ['/app/server'], User: '65532:65532' },
  history: [
    BASE_HISTORY,
    { created_by: 'COPY server /app/server # buildkit', comment: 'buildkit.dockerfile.v0' },
    { created_by: 'USER 65532:65532', comment: 'buildkit.dockerfile.v0', empty_layer: true },
    { created_by: 'ENTRYPOINT ["/app/server"]', comment: 'buildkit.dockerfile.v0', empty_layer: true },
  ],
};

/** The fixed image with a data file: two of them differ by exactly the file's growth (sizes are multiples of 512, the tar block). */
function withData(bytes: number): ImageSpec {
  return {
    ...fixedImage,
    layers: [...fixedImage.layers, { entries: [file('app/data.bin', randomBytes(bytes))] }],
    history: [
      ...(fixedImage.history ?? []).slice(0, 2),
      { created_by: 'COPY data.bin /app/ # buildkit', comment: 'buildkit.dockerfile.v0' },
      ...(fixedImage.history ?? []).slice(2),
    ],
  };
}
const SMALL_DATA = 512_000;
const BIG_DATA = 1_024_000;

// ---- the runner's side ----

interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

interface ActionResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  outputs: Record<string, string>;
  summary: string;
}

interface Workspace {
  dir: string;
  runnerTemp: string;
}

let scratch = '';
let archives: Record<'failing' | 'fixed' | 'small' | 'big', string> & Record<'failingBuilt' | 'fixedBuilt' | 'smallBuilt' | 'bigBuilt', BuiltImage>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'distroless-guard-action-'));
  const failingBuilt = buildImage(failingImage);
  const fixedBuilt = buildImage(fixedImage);
  const smallBuilt = buildImage(withData(SMALL_DATA));
  const bigBuilt = buildImage(withData(BIG_DATA));
  archives = {
    failing: join(scratch, 'failing.tar'),
    fixed: join(scratch, 'fixed.tar'),
    small: join(scratch, 'small.tar'),
    big: join(scratch, 'big.tar'),
    failingBuilt,
    fixedBuilt,
    smallBuilt,
    bigBuilt,
  };
  await writeDockerArchive(archives.failing, failingBuilt, { format: 'docker25', repoTags: ['app:pr'] });
  await writeOciArchive(archives.fixed, fixedBuilt);
  await writeOciArchive(archives.small, smallBuilt);
  await writeOciArchive(archives.big, bigBuilt);
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const github = await startFakeGitHub();

/** A fresh fake GitHub for one test (faults and users of its own), closed when the test ends. */
async function ownFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = await FakeGitHub.start(options);
  onTestFinished(() => fake.close());
  return fake;
}

async function makeWorkspace(files: Record<string, string> = { Dockerfile: FAILING_DOCKERFILE }): Promise<Workspace> {
  const root = await mkdtemp(join(scratch, 'job-'));
  const workspace = join(root, 'workspace');
  const runnerTemp = join(root, 'runner-temp');
  await mkdir(workspace, { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
  await writeFiles(workspace, files);
  return { dir: workspace, runnerTemp };
}

async function writeFiles(workspace: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
}

function pullRequestEvent(number: number, headSha = HEAD_SHA): object {
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      state: 'open',
      title: 'Ship the server',
      head: { sha: headSha, ref: 'feature', repo: { full_name: `contributor/${REPO}`, fork: true } },
      base: { sha: BASE_SHA, ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } },
      user: { login: 'contributor' },
    },
    repository: { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } },
    sender: { login: 'contributor' },
  };
}

const PUSH_EVENT = {
  ref: 'refs/heads/main',
  before: BASE_SHA,
  after: MERGE_SHA,
  repository: { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } },
};

function workflowRunEvent(headSha: string): object {
  return {
    action: 'completed',
    workflow_run: {
      id: 8080,
      event: 'pull_request',
      conclusion: 'failure',
      head_sha: headSha,
      head_branch: 'feature',
      html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/8080`,
      pull_requests: [],
      head_repository: { full_name: `contributor/${REPO}` },
    },
    repository: { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } },
  };
}

interface RunOptions {
  inputs: Record<string, string>;
  workspace: Workspace;
  event?: { name: string; payload: object };
  fake?: FakeGitHub;
  env?: Record<string, string>;
}

/** Runs the step as the runner would: every action.yml input (defaults filled in), then the test's. */
async function runStep(options: RunOptions): Promise<ActionResult> {
  const fake = options.fake ?? github;
  fake.clearRequests();
  const { dir: workspace, runnerTemp } = options.workspace;
  const step = await mkdtemp(join(runnerTemp, 'step-'));
  const outputFile = join(step, 'output');
  const summaryFile = join(step, 'summary');
  const eventFile = join(step, 'event.json');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const event = options.event ?? { name: 'pull_request', payload: pullRequestEvent(7) };
  await writeFile(eventFile, JSON.stringify(event.payload));
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(ACTION_YML.inputs)) {
    inputs[`INPUT_${name.toUpperCase()}`] = (input.default ?? '').replace('${{ github.token }}', fake.token);
  }
  for (const [name, value] of Object.entries(options.inputs)) inputs[`INPUT_${name.toUpperCase()}`] = value;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? step,
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REF: event.name === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_WORKFLOW: 'images',
    GITHUB_JOB: 'check',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'contributor',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_API_URL: fake.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_REPOSITORY: ACTION_REPOSITORY,
    GITHUB_ACTION_REF: ACTION_REF,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...inputs,
    ...options.env,
  };
  const { code, stdout, stderr } = await runNode([DIST], { cwd: workspace, env });
  return {
    exitCode: code,
    stdout,
    stderr,
    commands: parseCommands(stdout),
    outputs: parseOutputs(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
  };
}

function runNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

const unescapeData = (text: string) => text.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
const unescapeProperty = (text: string) => unescapeData(text.replaceAll('%3A', ':').replaceAll('%2C', ','));

/** `::command key=value,...::message` lines, unescaped as the runner reads them. */
function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of match[2] ? match[2].split(',') : []) {
      const equals = pair.indexOf('=');
      properties[pair.slice(0, equals)] = unescapeProperty(pair.slice(equals + 1));
    }
    commands.push({ command: match[1], properties, message: unescapeData(match[3]) });
  }
  return commands;
}

/** The `name<<DELIMITER` blocks `core.setOutput` appends to GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const end = lines.indexOf(match[2], i + 1);
    outputs[match[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

function annotations(result: ActionResult): { level: string; title?: string; file?: string; line?: number }[] {
  return result.commands
    .filter((c) => ['error', 'warning'].includes(c.command) && c.properties.title !== undefined)
    .map((c) => ({ level: c.command, title: c.properties.title, file: c.properties.file, line: c.properties.line ? Number(c.properties.line) : undefined }));
}

function ofCommand(result: ActionResult, command: string): string[] {
  return result.commands.filter((c) => c.command === command).map((c) => c.message);
}

const byTitle = <T extends { title?: string }>(items: T[]) => [...items].sort((a, b) => (a.title ?? '').localeCompare(b.title ?? ''));
const marker = (name: string) => `<!-- distroless-guard:image=${name} -->`;
const commentsPath = (number: number) => `/repos/${OWNER}/${REPO}/issues/${number}/comments`;

// ---- the tests ----

describe('the action on a pull request', () => {
  it('annotates the Dockerfile lines, writes outputs, summary and report, and creates one comment', async () => {
    const workspace = await makeWorkspace();
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}` } });

    expect(result.exitCode).toBe(1);
    expect(byTitle(annotations(result))).toEqual(FAILING_ANNOTATIONS.map((a) => ({ ...a, file: 'Dockerfile' })));
    // The verdict comes first, where GitHub's cap of 10 errors per step cannot hide it.
    expect(ofCommand(result, 'error')[0]).toBe('distroless-guard: the policy check failed (see the annotations and the job summary)');

    const report = JSON.parse(await readFile(join(workspace.runnerTemp, 'distroless-guard-report.json'), 'utf8')) as {
      passed: boolean;
      policy: string;
      images: { image: string; errors: number; warnings: number; size: { compressed: number; uncompressed: number; layers: number } }[];
    };
    expect(report.passed).toBe(false);
    expect(report.policy).toBe('built-in recommended');
    expect(report.images.map((i) => [i.image, i.errors, i.warnings])).toEqual([['app', 3, 0]]);

    expect(result.outputs).toEqual({
      passed: 'false',
      errors: '3',
      warnings: '0',
      report: join(workspace.runnerTemp, 'distroless-guard-report.json'),
      sizes: JSON.stringify({ app: report.images[0].size }),
      'size-deltas': JSON.stringify({ app: null }),
      migration: join(workspace.runnerTemp, 'distroless-guard-migrate', '0-app', 'Dockerfile'),
    });
    // no-shell failed: the path to distroless is planned, written, and shown collapsed.
    expect(await readFile(result.outputs.migration, 'utf8')).toMatch(/^# Written by distroless-guard migrate from docker-archive:/);
    // A docker save archive stores layers as plain tars: no compressed size, rather than the tars' length under that name.
    expect(report.images[0].size).toMatchObject({ compressed: null, layers: 2 });
    for (const name of Object.keys(result.outputs)) expect(ACTION_YML.outputs).toHaveProperty(name);

    expect(result.summary).toContain('### ❌ distroless-guard: 3 errors in app');
    expect(result.summary).toContain(`[Dockerfile:3](https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/Dockerfile#L3)`);

    expect(github.calls()).toEqual([`GET /user`, `GET ${commentsPath(7)}`, `POST ${commentsPath(7)}`]);
    const [comment] = github.commentsOn(OWNER, REPO, 7);
    expect(github.commentsOn(OWNER, REPO, 7)).toHaveLength(1);
    expect(comment.user.login).toBe('github-actions[bot]');
    expect(comment.body.startsWith(`${marker('app')}\n### ❌ distroless-guard: 3 errors in app`)).toBe(true);
    // Links go to the Dockerfile at the pull request's head, and to this run.
    expect(comment.body).toContain(`[Dockerfile:3](https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/Dockerfile#L3)`);
    expect(comment.body).toContain(`(https://github.com/${OWNER}/${REPO}/actions/runs/4242)`);
    // Rule links go to the docs of the action's own repository and ref.
    expect(comment.body).toContain(`[\`no-shell\`](${RULES_DOC}#no-shell)`);
    expect(result.summary).toContain(`[\`no-shell\`](${RULES_DOC}#no-shell)`);
    expect(`${comment.body}${result.summary}`).not.toContain('github.com/distroless-guard/');
    expect(comment.body).toContain('<details><summary>Path to distroless');
    expect(result.summary).toContain('<details><summary>Path to distroless');
  });

  it("links rules in the SARIF file to the action's repository and ref, and to package.json's repository for a local action", async () => {
    const workspace = await makeWorkspace();
    const sarif = join(workspace.runnerTemp, 'out.sarif');
    const helpUris = async () => {
      const log = JSON.parse(await readFile(sarif, 'utf8')) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
      return log.runs[0].tool.driver.rules.map((rule) => rule.helpUri);
    };
    const inputs = { images: `app=docker-archive:${archives.failing}`, sarif, comment: 'never' };
    await runStep({ workspace, inputs });
    expect(await helpUris()).toContain(`${RULES_DOC}#no-shell`);
    // `uses: ./`: the runner leaves both empty.
    await runStep({ workspace, inputs, env: { GITHUB_ACTION_REPOSITORY: '', GITHUB_ACTION_REF: '' } });
    expect((await helpUris()).find((uri) => uri.endsWith('#no-shell'))).toMatch(
      /^https:\/\/github\.com\/distroless-guard\/distroless-guard\/blob\/v\d+\/docs\/rules\.md#no-shell$/,
    );
  });

  it('updates its comment on the next push, and turns it to "all clear" once the image is fixed', async () => {
    const workspace = await makeWorkspace();
    const inputs = { images: `app=docker-archive:${archives.failing}` };
    const event = { name: 'pull_request', payload: pullRequestEvent(8) };
    await runStep({ workspace, inputs, event });
    const [created] = github.commentsOn(OWNER, REPO, 8);

    const again = await runStep({ workspace, inputs, event });
    expect(again.exitCode).toBe(1);
    expect(github.calls()).toEqual([`GET /user`, `GET ${commentsPath(8)}`, `PATCH /repos/${OWNER}/${REPO}/issues/comments/${created.id}`]);
    expect(github.commentsOn(OWNER, REPO, 8)).toHaveLength(1);

    await writeFiles(workspace.dir, { Dockerfile: FIXED_DOCKERFILE });
    const fixed = await runStep({
      workspace,
      inputs: { images: `app=oci-archive:${archives.fixed}` },
      event: { name: 'pull_request', payload: pullRequestEvent(8, 'b'.repeat(40)) },
    });
    expect(fixed.exitCode).toBe(0);
    expect(annotations(fixed)).toEqual([]);
    expect(fixed.outputs.passed).toBe('true');
    expect(github.calls()).toEqual([`GET /user`, `GET ${commentsPath(8)}`, `PATCH /repos/${OWNER}/${REPO}/issues/comments/${created.id}`]);
    const comments = github.commentsOn(OWNER, REPO, 8);
    expect(comments.map((c) => c.id)).toEqual([created.id]);
    expect(comments[0].body.startsWith(`${marker('app')}\n### ✅ distroless-guard: all clear in app`)).toBe(true);
    expect(fixed.summary).toContain('### ✅ distroless-guard: all clear in app');
  });

  it('with comment: on-change, creates nothing for a clean image without an earlier comment', async () => {
    const workspace = await makeWorkspace({ Dockerfile: FIXED_DOCKERFILE });
    const result = await runStep({
      workspace,
      inputs: { images: `app=oci-archive:${archives.fixed}` },
      event: { name: 'pull_request', payload: pullRequestEvent(9) },
    });
    expect(result.exitCode).toBe(0);
    expect(github.calls()).toEqual([`GET /user`, `GET ${commentsPath(9)}`]);
    expect(github.commentsOn(OWNER, REPO, 9)).toEqual([]);
  });

  it('with comment: always, comments on a clean image too', async () => {
    const workspace = await makeWorkspace({ Dockerfile: FIXED_DOCKERFILE });
    const result = await runStep({
      workspace,
      inputs: { images: `app=oci-archive:${archives.fixed}`, comment: 'always' },
      event: { name: 'pull_request', payload: pullRequestEvent(10) },
    });
    expect(result.exitCode).toBe(0);
    expect(github.commentsOn(OWNER, REPO, 10).map((c) => c.body.split('\n').slice(0, 2))).toEqual([
      [marker('app'), '### ✅ distroless-guard: all clear in app'],
    ]);
  });

  it('with comment: never, makes no API call at all', async () => {
    const workspace = await makeWorkspace();
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, comment: 'never' } });
    expect(result.exitCode).toBe(1);
    expect(byTitle(annotations(result))).toHaveLength(3);
    expect(github.requests).toEqual([]);
  });

  it('outside a pull request (push), annotates and reports without commenting', async () => {
    const workspace = await makeWorkspace();
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}` }, event: { name: 'push', payload: PUSH_EVENT } });
    expect(result.exitCode).toBe(1);
    expect(byTitle(annotations(result))).toEqual(FAILING_ANNOTATIONS.map((a) => ({ ...a, file: 'Dockerfile' })));
    expect(result.stdout).toContain('not a pull request: no comment');
    expect(github.requests).toEqual([]);
  });

  it('keeps one comment per image, keyed by name, for two images in one run', async () => {
    const workspace = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE });
    const event = { name: 'pull_request', payload: pullRequestEvent(11) };
    const inputs = { images: `api=docker-archive:${archives.failing}\nworker=oci-archive:${archives.big}`, baseline: `worker=oci-archive:${archives.fixed}` };
    const first = await runStep({ workspace, inputs, event });
    expect(first.exitCode).toBe(1);
    expect(github.calls()).toEqual([`GET /user`, `GET ${commentsPath(11)}`, `POST ${commentsPath(11)}`, `POST ${commentsPath(11)}`]);
    const comments = github.commentsOn(OWNER, REPO, 11);
    expect(comments.map((c) => c.body.split('\n')[0])).toEqual([marker('api'), marker('worker')]);
    expect(comments[0].body).toContain('3 errors in api');
    expect(comments[1].body).toContain('1 warning in worker');

    await runStep({ workspace, inputs, event });
    expect(github.calls().filter((call) => !call.startsWith('GET'))).toEqual(comments.map((c) => `PATCH /repos/${OWNER}/${REPO}/issues/comments/${c.id}`));
    expect(github.commentsOn(OWNER, REPO, 11)).toHaveLength(2);
  });

  it("in a matrix (one image per job), jobs never overwrite each other's comment", async () => {
    const workspace = await makeWorkspace();
    const event = { name: 'pull_request', payload: pullRequestEvent(12) };
    await runStep({ workspace, inputs: { images: `api=docker-archive:${archives.failing}` }, event });
    await runStep({ workspace, inputs: { images: `worker=docker-archive:${archives.failing}` }, event });
    const [api, worker] = github.commentsOn(OWNER, REPO, 12);
    expect([api.body.split('\n')[0], worker.body.split('\n')[0]]).toEqual([marker('api'), marker('worker')]);

    // The api job runs again with its image fixed: only the api comment changes.
    const workerBody = worker.body;
    await writeFiles(workspace.dir, { Dockerfile: FIXED_DOCKERFILE });
    await runStep({ workspace, inputs: { images: `api=oci-archive:${archives.fixed}` }, event });
    expect(github.calls().at(-1)).toBe(`PATCH /repos/${OWNER}/${REPO}/issues/comments/${api.id}`);
    const after = github.commentsOn(OWNER, REPO, 12);
    expect(after).toHaveLength(2);
    expect(after[0].body).toContain('all clear in api');
    expect(after[1].body).toBe(workerBody);
  });

  it('finds its comment on a later page, and leaves alone a human comment that quotes its marker', async () => {
    const workspace = await makeWorkspace();
    for (let i = 0; i < 120; i++) github.addComment(OWNER, REPO, 13, `LGTM ${i}`, 'octocat');
    const quoted = github.addComment(OWNER, REPO, 13, `> ${marker('app')}\n> quoting the bot`, 'octocat');
    const own = github.addComment(OWNER, REPO, 13, `${marker('app')}\nold report`);
    const result = await runStep({
      workspace,
      inputs: { images: `app=docker-archive:${archives.failing}` },
      event: { name: 'pull_request', payload: pullRequestEvent(13) },
    });
    expect(result.exitCode).toBe(1);
    const lists = github.requests.filter((r) => r.method === 'GET' && r.path === commentsPath(13));
    expect(lists.map((r) => r.query)).toEqual([{ per_page: '100' }, { per_page: '100', page: '2' }]);
    expect(github.calls().at(-1)).toBe(`PATCH /repos/${OWNER}/${REPO}/issues/comments/${own.id}`);
    expect(github.commentsOn(OWNER, REPO, 13).find((c) => c.id === quoted.id)?.body).toBe(`> ${marker('app')}\n> quoting the bot`);
  });

  it('with a GitHub App token (any bot login), updates its own comment instead of adding one per run', async () => {
    const fake = await ownFakeGitHub({ botLogin: 'acme-ci[bot]' });
    const workspace = await makeWorkspace();
    const inputs = { images: `app=docker-archive:${archives.failing}` };
    await runStep({ workspace, inputs, fake });
    await runStep({ workspace, inputs, fake });
    expect(fake.calls()).toEqual([`GET /user`, `GET ${commentsPath(7)}`, `PATCH /repos/${OWNER}/${REPO}/issues/comments/1001`]);
    expect(fake.commentsOn(OWNER, REPO, 7).map((c) => c.user.login)).toEqual(['acme-ci[bot]']);
  });

  it('with a personal token, recognises its comments by its login (GitHub Enterprise API path)', async () => {
    const fake = await ownFakeGitHub({ user: { login: 'release-manager' }, botLogin: 'release-manager', prefix: '/api/v3' });
    const workspace = await makeWorkspace();
    fake.addComment(OWNER, REPO, 7, `${marker('app')}\nfrom another bot`, 'other-app[bot]');
    const inputs = { images: `app=docker-archive:${archives.failing}` };
    await runStep({ workspace, inputs, fake });
    await runStep({ workspace, inputs, fake });
    expect(fake.calls()).toEqual([`GET /user`, `GET ${commentsPath(7)}`, `PATCH /repos/${OWNER}/${REPO}/issues/comments/1002`]);
    expect(fake.commentsOn(OWNER, REPO, 7).map((c) => [c.user.login, c.body.split('\n')[1]])).toEqual([
      ['other-app[bot]', 'from another bot'],
      ['release-manager', '### ❌ distroless-guard: 3 errors in app'],
    ]);
  });
});

describe('the action with more than GitHub shows', () => {
  it('annotates at most 10 per level, the verdict and the note about the rest first, and writes SARIF GitHub accepts', async () => {
    // No Dockerfile: each of the 25 images gets a notice saying so, and 3 errors.
    const workspace = await makeWorkspace({});
    const images = Array.from({ length: 25 }, (_, i) => `img${i}=docker-archive:${archives.failing}`).join('\n');
    const sarif = join(workspace.runnerTemp, 'many.sarif');
    const result = await runStep({ workspace, inputs: { images, sarif, comment: 'never' } });

    expect(result.exitCode).toBe(1);
    const errors = ofCommand(result, 'error');
    const notices = ofCommand(result, 'notice');
    expect([errors.length, ofCommand(result, 'warning').length, notices.length]).toEqual([10, 0, 10]);
    expect(errors[0]).toBe('distroless-guard: the policy check failed (see the annotations and the job summary)');
    expect(notices[0]).toMatch(
      /^\d+ more findings \(66 annotations\) and 16 more notices are not annotated here: GitHub shows 10 annotations per level; the job summary lists them all$/,
    );
    expect(notices[1]).toBe('no Dockerfile found: findings for img0 are reported without Dockerfile lines');
    // The verdict and the note are the first of all annotations.
    const levels = result.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command)).map((c) => c.command);
    expect(levels.slice(0, 2)).toEqual(['error', 'notice']);

    const log = await readFile(sarif, 'utf8');
    assertGithubAcceptsSarif(log);
    expect((JSON.parse(log) as { runs: unknown[] }).runs).toHaveLength(1);
  });
});

describe('the action when the API fails', () => {
  it('with a read-only token (403), warns once and changes nothing else', async () => {
    const fake = await ownFakeGitHub();
    fake.fail({ kind: 'forbidden', ...COMMENT_WRITES, times: Infinity });
    const workspace = await makeWorkspace();
    const inputs = { images: `api=docker-archive:${archives.failing}\nworker=docker-archive:${archives.failing}` };
    const result = await runStep({ workspace, inputs, fake });

    expect(result.exitCode).toBe(1);
    const warnings = ofCommand(result, 'warning');
    expect(warnings).toEqual([
      'cannot comment on pull request #7 (HTTP 403): the token is read-only, as on pull requests from forks; annotations, summary and reports are still written. See the fork-safe workflow in the README.',
    ]);
    expect(annotations(result)).toHaveLength(6);
    expect(result.summary).toContain('### ❌ distroless-guard: 6 errors in 2 images');
    expect(existsSync(join(workspace.runnerTemp, 'distroless-guard-report.json'))).toBe(true);
    expect(result.outputs.errors).toBe('6');
    // One attempt: the first refusal ends the commenting.
    expect(fake.calls()).toEqual([`GET /user`, `GET ${commentsPath(7)}`, `POST ${commentsPath(7)}`]);

    await writeFiles(workspace.dir, { Dockerfile: FIXED_DOCKERFILE });
    const passing = await runStep({ workspace, inputs: { images: `app=oci-archive:${archives.fixed}`, comment: 'always' }, fake });
    expect(passing.exitCode).toBe(0);
    expect(ofCommand(passing, 'warning')).toHaveLength(1);
    expect(ofCommand(passing, 'error')).toEqual([]);
  });

  it('retries a 500 and a secondary rate limit, and comments once', async () => {
    const fake = await ownFakeGitHub();
    fake.fail({ kind: 'server-error', methods: ['POST'], path: /\/comments$/ });
    fake.fail({ kind: 'secondary-rate-limit', methods: ['POST'], path: /\/comments$/ });
    const workspace = await makeWorkspace();
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}` }, fake });
    expect(result.exitCode).toBe(1);
    expect(ofCommand(result, 'warning')).toEqual([]);
    expect(fake.calls()).toEqual([`GET /user`, `GET ${commentsPath(7)}`, `POST ${commentsPath(7)}`, `POST ${commentsPath(7)}`, `POST ${commentsPath(7)}`]);
    expect(result.stdout).toContain('GitHub API secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; retrying in 1s');
    expect(fake.commentsOn(OWNER, REPO, 7)).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('masks the token first and writes it nowhere but the Authorization header', async () => {
    const fake = await ownFakeGitHub({ token: `ghs_${randomBytes(18).toString('hex')}` });
    const workspace = await makeWorkspace();
    const result = await runStep({
      workspace,
      inputs: { images: `app=docker-archive:${archives.failing}`, sarif: join(workspace.runnerTemp, 'out.sarif') },
      fake,
    });
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`::add-mask::${fake.token}`);
    expect(lines.slice(1).join('\n')).not.toContain(fake.token);
    expect(result.stderr).not.toContain(fake.token);
    expect(result.summary).not.toContain(fake.token);
    expect(JSON.stringify(result.outputs)).not.toContain(fake.token);
    assertGithubAcceptsSarif(await readFile(join(workspace.runnerTemp, 'out.sarif'), 'utf8'));
    for (const written of ['distroless-guard-report.json', 'out.sarif']) {
      expect(await readFile(join(workspace.runnerTemp, written), 'utf8')).not.toContain(fake.token);
    }
    expect(fake.commentsOn(OWNER, REPO, 7)[0].body).not.toContain(fake.token);
    for (const request of fake.requests) {
      expect(request.headers.authorization).toBe(`token ${fake.token}`);
      const { authorization: _, ...others } = request.headers;
      expect(JSON.stringify({ ...request, headers: others })).not.toContain(fake.token);
    }
  });

  it('masks the token even when the inputs are rejected', async () => {
    const fake = await ownFakeGitHub({ token: `ghs_${randomBytes(18).toString('hex')}` });
    const result = await runStep({ workspace: await makeWorkspace(), inputs: { images: 'app=docker-archive:/x.tar', 'fail-on': 'sometimes' }, fake });
    expect(result.exitCode).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe(`::add-mask::${fake.token}`);
  });
});

describe('input validation', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'an unknown fail-on',
      { images: 'app=app:pr', 'fail-on': 'sometimes' },
      'input fail-on: "sometimes" is not one of error, warning, never, new-error, new-warning',
    ],
    ['a bad comment mode', { images: 'app=app:pr', comment: 'sometimes' }, 'input comment: "sometimes" is not one of always, on-change, never'],
    ['a bad policy-source', { images: 'app=app:pr', 'policy-source': 'main' }, 'input policy-source: "main" is not one of head, base'],
    [
      'NAME = REF with spaces',
      { images: 'app = oci-archive:app.tar' },
      'input images: "app = oci-archive:app.tar" is not NAME=REF: the name is letters, digits, ".", "_", "/" or "-", followed by "=" and the value, without spaces',
    ],
    [
      'NAME= without a reference',
      { images: 'app=' },
      'input images: "app=" is not NAME=REF: the name is letters, digits, ".", "_", "/" or "-", followed by "=" and the value, without spaces',
    ],
    [
      '=REF without a name',
      { images: 'api=app:pr\n=oci-archive:worker.tar' },
      'input images: "=oci-archive:worker.tar" is not NAME=REF: the name is letters, digits, ".", "_", "/" or "-", followed by "=" and the value, without spaces',
    ],
    [
      'a baseline for no image',
      { images: 'api=app:pr\nworker=worker:pr', baseline: 'api=app:main\nweb=web:main' },
      'input baseline: no image is named web (images: api, worker)',
    ],
    [
      'a missing report: baseline',
      { images: 'app=app:pr', baseline: 'report:/nonexistent/main-report.json' },
      'input baseline: report:/nonexistent/main-report.json does not exist (the JSON report of an earlier run was expected there)',
    ],
    [
      'a bad digest',
      { images: `app=docker://ghcr.io/acme/app@sha256:1234` },
      'input images: docker://ghcr.io/acme/app@sha256:1234: the digest must be sha256: followed by 64 hex digits',
    ],
    [
      'a bad platform',
      { images: 'app=app:pr', platform: 'linux/' },
      'input platform: "linux/" is not a platform; expected OS/ARCH[/VARIANT] such as linux/amd64',
    ],
    ['no image', { images: '' }, 'input images: no image given'],
    [
      'pull-request without from-report',
      { images: 'app=app:pr', 'pull-request': '7' },
      'input pull-request: only used with from-report; a check comments on the pull request of its event',
    ],
    ['a missing from-report file', { 'from-report': '/nonexistent/report.json' }, 'input from-report: /nonexistent/report.json does not exist'],
  ];
  it.each(cases)('rejects %s with exit 2 and one line naming the input', async (_name, inputs, message) => {
    const result = await runStep({ workspace: await makeWorkspace(), inputs });
    expect(result.exitCode).toBe(2);
    expect(ofCommand(result, 'error')).toEqual([message]);
    expect(result.outputs).toEqual({});
    expect(github.requests).toEqual([]);
  });

  it('rejects a bad pull-request number and from-report together with images', async () => {
    const workspace = await makeWorkspace({ 'report.json': '{}' });
    const bad = await runStep({ workspace, inputs: { 'from-report': 'report.json', 'pull-request': '7abc' } });
    expect([bad.exitCode, ofCommand(bad, 'error')]).toEqual([2, ['input pull-request: "7abc" is not a pull request number']]);
    const both = await runStep({ workspace, inputs: { 'from-report': 'report.json', images: 'app=app:pr' } });
    expect([both.exitCode, ofCommand(both, 'error')]).toEqual([
      2,
      ['input from-report: give either images (to check them) or from-report (to post a stored report), not both'],
    ]);
  });

  it("uses the policy file's fail-on when the fail-on input is left empty", async () => {
    const workspace = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE, '.github/distroless.yml': 'fail-on: never\n' });
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, comment: 'never' } });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.passed).toBe('true');
    expect(result.outputs.errors).toBe('3');
    const overridden = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, comment: 'never', 'fail-on': 'error' } });
    expect(overridden.exitCode).toBe(1);
  });
});

describe('size baseline', () => {
  it('reports the exact size delta against an archive and against an earlier report', async () => {
    const workspace = await makeWorkspace({ Dockerfile: FIXED_DOCKERFILE });
    const [small, big] = [archives.smallBuilt.layers[2], archives.bigBuilt.layers[2]];
    // The data file grows by 512,000 bytes, a whole number of tar blocks: the layer tar grows by as much.
    expect(big.tar.length - small.tar.length).toBe(BIG_DATA - SMALL_DATA);
    const expected = { app: { compressed: big.blob.length - small.blob.length, uncompressed: 512_000 } };

    const mainReport = join(workspace.runnerTemp, 'main.json');
    await runStep({ workspace, inputs: { images: `app=oci-archive:${archives.small}`, report: mainReport, comment: 'never' } });

    const event = { name: 'pull_request', payload: pullRequestEvent(20) };
    const archive = await runStep({ workspace, inputs: { images: `app=oci-archive:${archives.big}`, baseline: `app=oci-archive:${archives.small}` }, event });
    expect(JSON.parse(archive.outputs['size-deltas'])).toEqual(expected);
    const report = await runStep({ workspace, inputs: { images: `app=oci-archive:${archives.big}`, baseline: `report:${mainReport}` }, event });
    expect(JSON.parse(report.outputs['size-deltas'])).toEqual(expected);

    // Nearly doubling the image is more than the recommended 10%: a warning, not a failure.
    expect([report.exitCode, report.outputs.warnings, annotations(report).map((a) => a.title)]).toEqual([0, '1', ['size-increase']]);
    const comments = github.commentsOn(OWNER, REPO, 20);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('layers 2 shared, 1 added, 1 removed');
    expect(comments[0].body).toContain('| `/app` | 519.6 KiB | 1019.6 KiB | +500 KiB |');
  });
});

describe('the ratchet (fail-on: new-error)', () => {
  /** The pull request adds bash in a layer of its own; the shell, root user and shell-form CMD were on main already. */
  const BASH_DOCKERFILE = 'FROM example.com/base:1\nCOPY server /app/server\nCOPY bash /bin/bash\nCMD /app/server\n';
  const withBash: ImageSpec = {
    ...failingImage,
    // Small: a size-increase warning would be new too.
    layers: [...failingImage.layers, { entries: [file('bin/bash', 'bash', 0o755)] }],
    history: [
      ...(failingImage.history ?? []).slice(0, 2),
      { created_by: 'COPY bash /bin/bash # buildkit', comment: 'buildkit.dockerfile.v0' },
      ...(failingImage.history ?? []).slice(2),
    ],
  };

  it('fails on what the pull request adds, annotates only that, and splits the comment', async () => {
    const workspace = await makeWorkspace({ Dockerfile: BASH_DOCKERFILE });
    const bash = join(workspace.runnerTemp, 'bash.tar');
    await writeOciArchive(bash, withBash);
    const mainReport = join(workspace.runnerTemp, 'main.json');
    const main = await runStep({
      workspace,
      inputs: { images: `app=docker-archive:${archives.failing}`, report: mainReport, comment: 'never' },
      event: { name: 'push', payload: PUSH_EVENT },
    });
    expect(main.exitCode).toBe(1);

    for (const baseline of [`report:${mainReport}`, `docker-archive:${archives.failing}`]) {
      const event = { name: 'pull_request', payload: pullRequestEvent(31) };
      const result = await runStep({ workspace, inputs: { images: `app=oci-archive:${bash}`, baseline, 'fail-on': 'new-error', sarif: 'guard.sarif' }, event });
      expect(result.exitCode, baseline).toBe(1);
      expect(annotations(result)).toEqual([{ level: 'error', title: 'no-shell', file: 'Dockerfile', line: 3 }]);
      expect(ofCommand(result, 'notice')).toContain('3 findings already on the base branch are not annotated (fail-on new-*): the job summary lists them');
      const [comment] = github.commentsOn(OWNER, REPO, 31);
      expect(comment.body).toContain('(fails on new errors)');
      const fresh = comment.body.indexOf('#### New in this pull request');
      const folded = comment.body.indexOf('<details><summary>Already on the base branch: 3 findings</summary>');
      expect(fresh).toBeGreaterThan(0);
      expect(folded).toBeGreaterThan(fresh);
      expect(comment.body.slice(fresh, folded)).toContain('shell /bin/bash is in the image');
      expect(comment.body.slice(folded)).toContain('shell /bin/sh is in the image');
      expect(result.summary).toContain('<details><summary>Already on the base branch: 3 findings</summary>');
      const sarif = await readFile(join(workspace.dir, 'guard.sarif'), 'utf8');
      assertGithubAcceptsSarif(sarif);
      const results = (JSON.parse(sarif) as { runs: { results: { ruleId: string; baselineState: string; properties: { path?: string } }[] }[] }).runs[0]
        .results;
      expect(results.map((r) => [r.ruleId, r.properties.path, r.baselineState]).sort()).toEqual([
        ['exec-form-entrypoint', undefined, 'unchanged'],
        ['no-shell', '/bin/bash', 'new'],
        ['no-shell', '/bin/sh', 'unchanged'],
        ['non-root-user', undefined, 'unchanged'],
      ]);
    }

    // The same image as main: nothing new, so the step passes though its errors stay listed.
    const same = await runStep({
      workspace,
      inputs: { images: `app=docker-archive:${archives.failing}`, baseline: `report:${mainReport}`, 'fail-on': 'new-error' },
      event: { name: 'pull_request', payload: pullRequestEvent(32) },
    });
    expect([same.exitCode, same.outputs.passed, same.outputs.errors, annotations(same)]).toEqual([0, 'true', '3', []]);
    expect(github.commentsOn(OWNER, REPO, 32)[0].body).toContain('No new findings: every finding is already on the base branch.');
  });

  it('without a baseline, fails as fail-on: error would and says so', async () => {
    const workspace = await makeWorkspace();
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, 'fail-on': 'new-error', comment: 'never' } });
    expect(result.exitCode).toBe(1);
    expect(byTitle(annotations(result))).toEqual(FAILING_ANNOTATIONS.map((a) => ({ ...a, file: 'Dockerfile' })));
    expect(ofCommand(result, 'notice')).toContainEqual(expect.stringMatching(/^app: fail-on new-error acts as fail-on error, as there is no baseline/));
  });
});

describe('policy-source: base', () => {
  const WEAKENED = 'extends: none\n';
  const RECOMMENDED = 'extends: recommended\n';
  const POLICY = '.github/distroless.yml';

  it("checks against the base commit's policy, not the one the pull request weakens, and says so once", async () => {
    github.setFile(OWNER, REPO, BASE_SHA, POLICY, RECOMMENDED);
    const workspace = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE, [POLICY]: WEAKENED });
    const images = `app=docker-archive:${archives.failing}`;
    const event = { name: 'pull_request', payload: pullRequestEvent(30) };

    // What the threat looks like: the pull request's own policy switches the check off.
    const head = await runStep({ workspace, inputs: { images, comment: 'never' }, event });
    expect([head.exitCode, head.outputs.errors]).toEqual([0, '0']);

    const base = await runStep({ workspace, inputs: { images, 'policy-source': 'base' }, event });
    expect(base.exitCode).toBe(1);
    expect(base.outputs.errors).toBe('3');
    const contents = github.requests.filter((r) => r.path.includes('/contents/'));
    expect(contents.map((r) => [r.method, r.path, r.query])).toEqual([['GET', `/repos/${OWNER}/${REPO}/contents/${POLICY}`, { ref: BASE_SHA }]]);
    const notice = `this pull request changes ${POLICY}, but with policy-source: base it is checked against the base commit's copy (${BASE_SHA.slice(0, 12)}); the change applies once merged`;
    const notices = base.commands.filter((c) => c.command === 'notice');
    expect(notices).toEqual([{ command: 'notice', properties: { title: 'distroless-guard policy', file: POLICY }, message: notice }]);
    const report = JSON.parse(await readFile(join(workspace.runnerTemp, 'distroless-guard-report.json'), 'utf8')) as { policy: string; notices: string[] };
    expect(report.policy).toBe(`${POLICY}@${BASE_SHA.slice(0, 12)}`);
    expect(report.notices[0]).toBe(notice);
    expect(github.commentsOn(OWNER, REPO, 30)[0].body).toContain('the change applies once merged');
  });

  it('says nothing more when the pull request leaves the policy alone', async () => {
    github.setFile(OWNER, REPO, BASE_SHA, POLICY, RECOMMENDED);
    const workspace = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE, [POLICY]: RECOMMENDED });
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, 'policy-source': 'base', comment: 'never' } });
    expect(result.exitCode).toBe(1);
    expect(ofCommand(result, 'notice')).toEqual([]);
    expect(result.stdout).toContain(`policy: ${POLICY} as of the base commit ${BASE_SHA.slice(0, 12)}`);
    expect(github.calls()).toEqual([`GET /repos/${OWNER}/${REPO}/contents/${POLICY}`]);
  });

  it('uses the recommended preset when the base commit has no policy, even if the pull request adds one', async () => {
    const fake = await ownFakeGitHub();
    const workspace = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE, [POLICY]: WEAKENED });
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, 'policy-source': 'base', comment: 'never' }, fake });
    expect(result.exitCode).toBe(1);
    expect(ofCommand(result, 'notice')).toEqual([
      `this pull request adds ${POLICY}, but with policy-source: base it is checked against the base commit, which has none (the built-in recommended policy applies); the new policy applies once merged`,
    ]);

    const none = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE });
    const without = await runStep({
      workspace: none,
      inputs: { images: `app=docker-archive:${archives.failing}`, 'policy-source': 'base', comment: 'never' },
      fake,
    });
    expect(ofCommand(without, 'notice')).toEqual([]);
    expect(without.stdout).toContain(`the base commit ${BASE_SHA.slice(0, 12)} has no ${POLICY}: using the built-in recommended policy`);
  });

  it('outside a pull request, reads the workspace file and says so', async () => {
    const workspace = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE, [POLICY]: WEAKENED });
    const result = await runStep({
      workspace,
      inputs: { images: `app=docker-archive:${archives.failing}`, 'policy-source': 'base' },
      event: { name: 'push', payload: PUSH_EVENT },
    });
    expect(result.exitCode).toBe(0);
    expect(ofCommand(result, 'notice')).toEqual([`policy-source: base applies to pull requests; this push event uses ${POLICY} from the workspace`]);
    expect(github.requests).toEqual([]);
  });

  it('stops with exit 2 when the base policy cannot be read', async () => {
    const fake = await ownFakeGitHub();
    fake.fail({ kind: 'forbidden', methods: ['GET'], path: /\/contents\//, times: Infinity });
    const workspace = await makeWorkspace({ Dockerfile: FAILING_DOCKERFILE, [POLICY]: WEAKENED });
    const result = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, 'policy-source': 'base' }, fake });
    expect(result.exitCode).toBe(2);
    expect(ofCommand(result, 'error')).toEqual([
      `policy-source base: cannot read ${POLICY} at the base commit ${BASE_SHA.slice(0, 12)} (HTTP 403: Resource not accessible by integration - https://docs.github.com/rest); the token needs contents: read`,
    ]);
    expect(annotations(result)).toEqual([]);
  });
});

describe('the fork-safe pattern: check on pull_request, comment from workflow_run', () => {
  it('posts the stored report on the pull request its run checked, without failing the step', async () => {
    const fake = await ownFakeGitHub();
    const workspace = await makeWorkspace();
    const stored = join(workspace.runnerTemp, 'artifact', 'report.json');
    const check = await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, comment: 'never', report: stored }, fake });
    expect(check.exitCode).toBe(1);
    expect(fake.requests).toEqual([]);

    fake.setPullRequest(OWNER, REPO, 7, { headSha: HEAD_SHA, baseSha: BASE_SHA });
    const poster = await makeWorkspace({});
    const event = { name: 'workflow_run', payload: workflowRunEvent(HEAD_SHA) };
    const posted = await runStep({ workspace: poster, inputs: { 'from-report': stored, 'pull-request': '7' }, event, fake });
    expect(posted.exitCode).toBe(0);
    expect(annotations(posted)).toEqual([]);
    expect(fake.calls()).toEqual([`GET /repos/${OWNER}/${REPO}/pulls/7`, `GET /user`, `GET ${commentsPath(7)}`, `POST ${commentsPath(7)}`]);
    const [comment] = fake.commentsOn(OWNER, REPO, 7);
    expect(comment.body.startsWith(`${marker('app')}\n### ❌ distroless-guard: 3 errors in app`)).toBe(true);
    expect(comment.body).toContain(`[Dockerfile:3](https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/Dockerfile#L3)`);
    expect(comment.body).toContain(`(https://github.com/${OWNER}/${REPO}/actions/runs/8080)`);
    expect(posted.summary).toContain('### ❌ distroless-guard: 3 errors in app');
    expect(posted.summary).toContain(`[Dockerfile:3](https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/Dockerfile#L3)`);
    expect([posted.outputs.passed, posted.outputs.errors, posted.outputs.report]).toEqual(['false', '3', stored]);
  });

  it('does not post a report of another commit than the pull request head', async () => {
    const fake = await ownFakeGitHub();
    const workspace = await makeWorkspace();
    const stored = join(workspace.runnerTemp, 'report.json');
    await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, comment: 'never', report: stored }, fake });
    fake.setPullRequest(OWNER, REPO, 7, { headSha: 'c'.repeat(40), baseSha: BASE_SHA });
    const posted = await runStep({
      workspace,
      inputs: { 'from-report': stored, 'pull-request': '7' },
      event: { name: 'workflow_run', payload: workflowRunEvent(HEAD_SHA) },
      fake,
    });
    expect(posted.exitCode).toBe(0);
    expect(ofCommand(posted, 'notice')).toEqual([
      `pull request #7 is at ${'c'.repeat(12)}, but this report is from a run on ${HEAD_SHA.slice(0, 12)}: not commenting (the run of the newer commit will)`,
    ]);
    expect(fake.calls()).toEqual([`GET /repos/${OWNER}/${REPO}/pulls/7`]);
  });

  it('keeps untrusted names from a stored report out of workflow commands', async () => {
    const fake = await ownFakeGitHub();
    const workspace = await makeWorkspace();
    const stored = join(workspace.runnerTemp, 'report.json');
    await runStep({ workspace, inputs: { images: `app=docker-archive:${archives.failing}`, comment: 'never', report: stored }, fake });
    const tampered = JSON.parse(await readFile(stored, 'utf8')) as { images: { image: string }[] };
    tampered.images[0].image = 'app\n::error title=forged::the check passed -->';
    await writeFile(stored, JSON.stringify(tampered));
    fake.setPullRequest(OWNER, REPO, 7, { headSha: HEAD_SHA, baseSha: BASE_SHA });
    const posted = await runStep({
      workspace,
      inputs: { 'from-report': stored, 'pull-request': '7' },
      event: { name: 'workflow_run', payload: workflowRunEvent(HEAD_SHA) },
      fake,
    });
    expect(posted.exitCode).toBe(0);
    expect(posted.commands.filter((c) => c.command !== 'add-mask')).toEqual([]);
    const [comment] = fake.commentsOn(OWNER, REPO, 7);
    expect(comment.body.split('\n')[0]).toBe('<!-- distroless-guard:image=app_::error title=forged::the check passed _ -->');
  });

  it('rejects a report that is not one, and a workflow_run without a pull request number', async () => {
    const workspace = await makeWorkspace({ 'report.json': JSON.stringify({ version: 1, passed: 'yes' }) });
    const event = { name: 'workflow_run', payload: workflowRunEvent(HEAD_SHA) };
    const tampered = await runStep({ workspace, inputs: { 'from-report': 'report.json', 'pull-request': '7' }, event });
    expect(tampered.exitCode).toBe(2);
    expect(ofCommand(tampered, 'error')).toHaveLength(1);
    // The schema asks for the keys a report must have before it checks their values.
    expect(ofCommand(tampered, 'error')[0]).toBe(
      'report.json: not a distroless-guard report (failOn should be one of "error", "warning", "never", "new-error", "new-warning", found nothing)',
    );
    const unnumbered = await runStep({ workspace, inputs: { 'from-report': 'report.json' }, event });
    expect(ofCommand(unnumbered, 'error')).toEqual([
      'input pull-request: from-report on a workflow_run event needs the number of the pull request to comment on',
    ]);
    expect(github.requests).toEqual([]);
  });
});

describeWithEngine('the action on an image built by the Docker engine', () => {
  const tag = `distroless-guard-action-test:${randomBytes(4).toString('hex')}`;
  const fixedTag = `${tag}-fixed`;
  const DOCKERFILE = 'FROM scratch\nCOPY sh /bin/sh\nCOPY server /app/server\nCMD /app/server\n';
  const FIXED = 'FROM scratch\nCOPY server /app/server\nUSER 65532:65532\nENTRYPOINT ["/app/server"]\n';

  beforeAll(async () => {
    await buildImageWithEngine(tag, { dockerfile: DOCKERFILE, files: { sh: { content: SHELL, mode: 0o755 }, server: { content: SERVER, mode: 0o755 } } });
    await buildImageWithEngine(fixedTag, { dockerfile: FIXED, files: { server: { content: SERVER, mode: 0o755 } } });
  });
  afterAll(() => removeImages(tag, fixedTag));

  it("annotates the legacy builder's layers on their Dockerfile lines, comments, then turns the comment to all clear", async () => {
    const workspace = await makeWorkspace({ Dockerfile: DOCKERFILE });
    const event = { name: 'pull_request', payload: pullRequestEvent(40) };
    const result = await runStep({ workspace, inputs: { images: `app=docker-daemon:${tag}` }, event });
    expect(result.exitCode).toBe(1);
    expect(byTitle(annotations(result))).toEqual([
      { level: 'error', title: 'exec-form-entrypoint', file: 'Dockerfile', line: 4 },
      { level: 'error', title: 'no-shell', file: 'Dockerfile', line: 2 },
      { level: 'error', title: 'non-root-user', file: 'Dockerfile', line: 1 },
    ]);
    expect(github.calls()).toEqual([`GET /user`, `GET ${commentsPath(40)}`, `POST ${commentsPath(40)}`]);

    await writeFiles(workspace.dir, { Dockerfile: FIXED });
    const fixed = await runStep({ workspace, inputs: { images: `app=docker-daemon:${fixedTag}` }, event });
    expect(fixed.exitCode).toBe(0);
    const comments = github.commentsOn(OWNER, REPO, 40);
    expect(comments).toHaveLength(1);
    expect(github.calls().at(-1)).toBe(`PATCH /repos/${OWNER}/${REPO}/issues/comments/${comments[0].id}`);
    expect(comments[0].body).toContain('all clear in app');
  });
});

describeWithRegistry('the action on images in a registry (docker://)', (registry) => {
  const repository = `${registry}/distroless-guard/action-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await skopeo(['copy', '--dest-tls-verify=false', `oci-archive:${archives.fixed}`, `docker://${repository}:main`]);
    const failing = join(scratch, 'failing-oci.tar');
    await writeOciArchive(failing, archives.failingBuilt);
    await skopeo(['copy', '--dest-tls-verify=false', `oci-archive:${failing}`, `docker://${repository}:pr`]);
  });

  it('checks the pushed image, and compares compressed sizes with the base branch image', async () => {
    const workspace = await makeWorkspace();
    const result = await runStep({
      workspace,
      inputs: { images: `app=docker://${repository}:pr`, baseline: `app=docker://${repository}:main` },
      event: { name: 'pull_request', payload: pullRequestEvent(50) },
    });
    expect(result.exitCode).toBe(1);
    // The shell makes the pull request's image larger than main's by more than 10%.
    expect(byTitle(annotations(result))).toEqual([
      ...FAILING_ANNOTATIONS.map((a) => ({ ...a, file: 'Dockerfile' })),
      { level: 'warning', title: 'size-increase', file: 'Dockerfile', line: 1 },
    ]);
    const compressed = (image: BuiltImage) => sum(image.layers.map((layer) => layer.blob.length));
    const deltas = JSON.parse(result.outputs['size-deltas']) as Record<string, { compressed: number }>;
    expect(deltas.app.compressed).toBe(compressed(archives.failingBuilt) - compressed(archives.fixedBuilt));
    expect(JSON.parse(result.outputs.sizes)).toMatchObject({ app: { compressed: compressed(archives.failingBuilt), layers: 2 } });
    expect(github.commentsOn(OWNER, REPO, 50)).toHaveLength(1);
  });

  it('with comment: on-change, does not comment on an unchanged clean image', async () => {
    const workspace = await makeWorkspace({ Dockerfile: FIXED_DOCKERFILE });
    const result = await runStep({
      workspace,
      inputs: { images: `app=oci-archive:${archives.fixed}`, baseline: `app=docker://${repository}:main` },
      event: { name: 'pull_request', payload: pullRequestEvent(51) },
    });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.outputs['size-deltas']) as Record<string, { compressed: number }>).app.compressed).toBe(0);
    expect(github.calls()).toEqual([`GET /user`, `GET ${commentsPath(51)}`]);
  });
});

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Everything a step leaves: stdout (annotations and logs), stderr, the summary, the outputs, the files it wrote. */
async function expectStepPrintsNoSecret(result: ActionResult, files: string[], step: string): Promise<void> {
  expectNoSecret(result.stdout, `${step}: stdout`);
  expectNoSecret(result.stderr, `${step}: stderr`);
  expectNoSecret(result.summary, `${step}: the job summary`);
  expectNoSecret(JSON.stringify(result.outputs), `${step}: the step outputs`);
  for (const path of files) expectNoSecret(await readFile(path, 'utf8'), `${step}: ${path}`);
}

describe('secrets in the image are never printed', () => {
  it('finds each secret on its line, and no output, file, comment or request holds one, in the check step and the fork-safe comment step', async () => {
    const fake = await ownFakeGitHub();
    const archive = join(scratch, 'planted-secrets.tar');
    await writeOciArchive(archive, historyImage);
    const workspace = await makeWorkspace({ Dockerfile: HISTORY_DOCKERFILE });
    const sarif = join(workspace.runnerTemp, 'out.sarif');
    const stored = join(workspace.runnerTemp, 'artifact', 'report.json');
    const checked = await runStep({ workspace, inputs: { images: `app=oci-archive:${archive}`, sarif, report: stored }, fake });
    expect(checked.exitCode).toBe(1);
    expect(
      annotations(checked)
        .filter((a) => a.title === 'no-secrets-in-history')
        .map((a) => a.line),
    ).toEqual([undefined, 2, 5, 6, 8]);
    await expectStepPrintsNoSecret(checked, [sarif, stored], 'check');
    expect(await readFile(stored, 'utf8')).toContain('<redacted: an npm token npm_');

    // The stored report, read back and posted from workflow_run, is as clean.
    fake.setPullRequest(OWNER, REPO, 7, { headSha: HEAD_SHA, baseSha: BASE_SHA });
    const event = { name: 'workflow_run', payload: workflowRunEvent(HEAD_SHA) };
    const posted = await runStep({ workspace: await makeWorkspace({}), inputs: { 'from-report': stored, 'pull-request': '7' }, event, fake });
    expect(posted.exitCode).toBe(0);
    await expectStepPrintsNoSecret(posted, [], 'from-report');

    const comments = fake.commentsOn(OWNER, REPO, 7);
    expect(comments.length).toBeGreaterThan(0);
    for (const comment of comments) expectNoSecret(comment.body, 'the pull request comment');
    expect(comments[0].body).toContain('no-secrets-in-history');
    expectNoSecret(JSON.stringify(fake.requests), 'the requests to the GitHub API');
  });
});

describeWithEngine('secrets the classic builder records are never printed by the action', () => {
  const tag = `distroless-guard-secret-history-action:${randomBytes(4).toString('hex')}`;

  beforeAll(() => buildPlantedImage(tag));
  afterAll(() => removeImages(tag));

  it('annotates each on its line and leaves none in any output, file, comment or request', async () => {
    const fake = await ownFakeGitHub();
    const workspace = await makeWorkspace({ Dockerfile: ENGINE_DOCKERFILE });
    const sarif = join(workspace.runnerTemp, 'out.sarif');
    const report = join(workspace.runnerTemp, 'distroless-guard-report.json');
    const result = await runStep({ workspace, inputs: { images: `app=docker-daemon:${tag}`, sarif }, fake });
    expect(result.exitCode).toBe(1);
    expect(
      annotations(result)
        .filter((a) => a.title === 'no-secrets-in-history')
        .map((a) => a.line),
    ).toEqual([3, 4, 6, 7, 9]);
    await expectStepPrintsNoSecret(result, [sarif, report], 'check');
    for (const comment of fake.commentsOn(OWNER, REPO, 7)) expectNoSecret(comment.body, 'the pull request comment');
    expect(fake.commentsOn(OWNER, REPO, 7)).toHaveLength(1);
    expectNoSecret(JSON.stringify(fake.requests), 'the requests to the GitHub API');
  });
});
