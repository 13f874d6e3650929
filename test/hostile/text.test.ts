// Untrusted text through the whole pipeline: an image whose file names, labels, env, history and
// entry point (and the archive's own file name, and the Dockerfile) carry Markdown, HTML,
// mentions, workflow commands, %0A, backticks, pipes, newlines and bidi overrides, checked by
// the CLI in every format and planned as annotations. Nothing may break a table, ping anyone,
// start a workflow command, hide text or leak a secret; the JSON keeps every name exactly.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { policyFromFile } from '../../src/engine/policy-file.ts';
import { planAnnotations } from '../../src/report/annotations.ts';
import { rulesDocUrls } from '../../src/report/links.ts';
import { renderImageComment, renderSummary } from '../../src/report/markdown.ts';
import type { Report } from '../../src/report/model.ts';
import { HOSTILE_TEXTS } from '../support/report-factory.ts';
import { layer, layoutFiles, writeArchive } from './corpus.ts';
import { runCli, workspace } from './run-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Names for files: the reporters' corpus (as names under /app) and a few more that only a file system can hold. */
const NAMES = [
  ...HOSTILE_TEXTS.map((text) => text.replace(/^\/app\//, '')),
  '%0A::error::percent-encoded',
  '\u202Etxt.exe',
  'tab\there',
  '@everyone please look',
  '```\n::warning::fenced\n```',
  '<details><summary>hidden</summary>',
];
const SECRET = `ghp_${'A1b2'.repeat(10)}`;
const LABELS = Object.fromEntries(HOSTILE_TEXTS.slice(0, 8).map((text, i) => [`org.hostile.${i}`, text]));
const ENTRYPOINT = '/app/`whoami`|<b>@x\n::error::entrypoint';
const RUN_LINE = 'echo "::error::pwned @org/team <script>|x|`id`"';

let dir: string;
let reference: string;
let archive: string;

beforeAll(async () => {
  const policy = [
    'extends: recommended',
    'rules:',
    '  no-setuid: error',
    '  no-world-writable: warning',
    '  forbidden-paths: { level: error, paths: ["/app/**"] }',
    '  no-secrets-in-env: error',
    '  required-labels:',
    '    level: error',
    '    labels:',
    ...Object.keys(LABELS).map((key) => `      ${key}: "^safe$"`),
    '',
  ].join('\n');
  dir = await workspace(await mkdtemp(join(tmpdir(), 'dg-hostile-text-')), policy);
  await writeFile(join(dir, 'Dockerfile'), `FROM scratch\nCOPY app/ /app/\nRUN ${RUN_LINE}\n`);
  const files = layer(NAMES.map((name, i) => ({ path: `app/${name}`, content: `file ${i}`, mode: i % 2 === 0 ? 0o4755 : 0o777 })));
  const run = layer([{ path: 'etc/motd', content: 'hi' }]);
  const image = layoutFiles({
    layers: [files, run],
    config: {
      Entrypoint: [ENTRYPOINT],
      User: '0',
      Env: ['PATH=/usr/bin', `API_TOKEN=${HOSTILE_TEXTS[6]}`, 'X|<b>@org\n::error::env_TOKEN=value', `GH_TOKEN=${SECRET}`],
      Labels: LABELS,
    },
    history: [
      { created_by: 'COPY app/ /app/ # buildkit', comment: 'buildkit.dockerfile.v0' },
      { created_by: `RUN /bin/sh -c ${RUN_LINE} # buildkit`, comment: 'buildkit.dockerfile.v0' },
    ],
  });
  archive = join(dir, 'evil\n::error::ref|@team <b>.tar');
  await writeArchive(archive, image.files);
  reference = `oci-archive:${archive}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function checkAs(format: string): Promise<string> {
  const result = await runCli(['check', '--format', format, reference], { cwd: dir });
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(result.code).toBe(1);
  return result.stdout.toString('utf8');
}

/** No line a runner could take for a workflow command (the runner trims lines before looking for `::`). */
function expectNoWorkflowCommands(text: string): void {
  for (const line of text.split(/\r\n|\r|\n/)) expect(line.trimStart().startsWith('::'), line).toBe(false);
}

/** Nothing that hides or disguises text: control characters, bidi overrides, lone surrogates. */
function expectNothingHidden(text: string): void {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/);
  expect(text.isWellFormed()).toBe(true);
}

/** Markdown without its code spans, which GitHub renders literally (inlineCode picks fences the text cannot close). */
function outsideCode(markdown: string): string {
  return markdown.replace(/(`+)[\s\S]*?\1/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');
}

/**
 * Markdown that renders what it says: whole tables, no HTML from the image (our own tags and
 * `comments` HTML comments only), no mentions, no links it did not make.
 */
function expectSafeMarkdown(markdown: string, comments = 0): void {
  expectNoWorkflowCommands(markdown);
  const prose = outsideCode(markdown);
  const tags = new Set([...prose.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1].toLowerCase()));
  expect([...tags].filter((tag) => !['details', 'summary', 'br', 'code', 'sub', 'sup'].includes(tag))).toEqual([]);
  expect(prose.split('<!--').length - 1).toBe(comments);
  // Mentions and references: GitHub links @name and #123, not @\u200Dname.
  expect(prose).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m);
  expect(prose).not.toMatch(/(^|[^\w&])#[0-9]/m);
  expect(prose).not.toMatch(/(^|[^\\])\]\((?!https:\/\/)/m);
  // Every row of a table has the header's number of cells.
  let columns: number | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = line.replace(/\\./g, '').split('|').length;
    columns ??= cells;
    expect(cells, line).toBe(columns);
  }
}

describe('hostile text from the image and the repository', () => {
  it('text: one line per item, nothing a runner would take for a command', async () => {
    const text = await checkAs('text');
    expectNoWorkflowCommands(text);
    expectNothingHidden(text);
    expect(text).not.toContain(SECRET);
    // The escaped names are all there, one per line.
    expect(text).toContain('/app/line1 ::error::injected line3');
  });

  it('markdown: tables intact, no HTML, mentions or links from the image', async () => {
    const markdown = await checkAs('markdown');
    expectSafeMarkdown(markdown);
    expectNothingHidden(markdown);
    expect(markdown).not.toContain(SECRET);
  });

  it('json: every name exactly as the image has it, and no secret value', async () => {
    const json = await checkAs('json');
    expect(json).not.toContain(SECRET);
    const report = JSON.parse(json) as { images: { findings: { rule: string; path: string | null }[] }[] };
    const setuid = report.images[0].findings.filter((finding) => finding.rule === 'no-setuid').map((finding) => finding.path);
    expect(setuid.sort()).toEqual(
      NAMES.filter((_, i) => i % 2 === 0)
        .map((name) => posix.normalize(`/app/${name}`.toWellFormed()))
        .sort(),
    );
  });

  it('sarif: valid JSON, file URIs encoded, messages sanitized', async () => {
    const sarif = JSON.parse(await checkAs('sarif')) as {
      runs: { results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const results = sarif.runs.flatMap((run) => run.results);
    expect(results.length).toBeGreaterThan(NAMES.length);
    for (const result of results) {
      // Plain text (code scanning renders no Markdown from it), sanitized; line breaks are kept as \n.
      expect(result.message.text).not.toContain('\r');
      expectNothingHidden(result.message.text);
      for (const location of result.locations) expect(location.physicalLocation.artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/);
    }
    expect(JSON.stringify(sarif)).not.toContain(SECRET);
  });

  describe('the action outputs, from the same report', () => {
    let report: Report;
    beforeAll(async () => {
      const { policy } = await policyFromFile(join(dir, '.github/distroless.yml'));
      report = await check({
        images: [{ name: 'app|<b>@team', reference, dockerfile: { path: join(dir, 'Dockerfile'), required: true } }],
        policy,
        registry: {},
      });
    });

    it('annotations: one workflow command each, whatever the text', async () => {
      const { annotations } = planAnnotations(report, { perLevelLimit: 100 });
      expect(annotations.length).toBeGreaterThan(3);
      const emitted = await emitWithActionsCore(annotations, report.notices);
      const lines = emitted.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(annotations.length + report.notices.length);
      for (const line of lines) expect(line).toMatch(/^::(error|warning|notice)( [^:]*)?::[^\r\n]*$/);
      expect(emitted).not.toContain(SECRET);
    });

    it('comment and summary: safe Markdown, our marker the only HTML comment', () => {
      const options = {
        rulesDocUrl: rulesDocUrls({}),
        runUrl: 'https://github.com/o/r/actions/runs/1',
        dockerfileUrl: (location: { file: string; line: number }) => `https://github.com/o/r/blob/abc/${location.file}#L${location.line}`,
      };
      const comment = renderImageComment(report, report.images[0], { ...options, marker: '<!-- distroless-guard:image=app -->' });
      expect(comment.startsWith('<!-- distroless-guard:image=app -->')).toBe(true);
      expectSafeMarkdown(comment, 1);
      expectNothingHidden(comment);
      const summary = renderSummary(report, options);
      expectSafeMarkdown(summary);
      expectNothingHidden(summary);
      expect(comment + summary).not.toContain(SECRET);
    });
  });
});

/** Emits annotations and notices as the action does (`core.error` and friends) in a child, and returns its stdout. */
async function emitWithActionsCore(annotations: unknown[], notices: string[]): Promise<string> {
  const file = join(dir, 'annotations.json');
  await writeFile(file, JSON.stringify({ annotations, notices }));
  const script = `
    import * as core from '@actions/core';
    import { readFileSync } from 'node:fs';
    const { annotations, notices } = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));
    for (const a of annotations) core[a.level](a.message, { title: a.title, file: a.file, startLine: a.startLine, endLine: a.endLine });
    for (const line of notices) core.notice(line);
  `;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/node'), ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(Buffer.concat(out).toString('utf8')) : reject(new Error(`emitter exited ${code}`))));
  });
}
