// Secrets an image keeps outside its files (build arguments, ENV values blanked later, labels,
// annotations, a token in a command, one written in the Dockerfile) are each found on their
// Dockerfile line, and no output of the CLI prints any of them: check in every format, diff, and
// what goes to stderr. The action's outputs are checked in test/action/action.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import type { Report } from '../../src/report/model.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { buildImage as buildWithEngine, compileC, describeWithEngine, removeImages } from '../support/engine.ts';
import { writeOciArchive } from '../support/images.ts';
import {
  ARG_PASSWORD,
  GITHUB_TOKEN,
  GITLAB_TOKEN,
  HISTORY_DOCKERFILE,
  HISTORY_FINDINGS,
  NPM_TOKEN,
  URL_PASSWORD,
  expectNoSecret,
  historyImage,
} from '../support/planted-secrets.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-never-printed-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The findings of no-secrets-in-history as message start and Dockerfile line. */
function secretFindings(report: Report): [string, number | undefined][] {
  return report.images[0].findings
    .filter((finding) => finding.rule === 'no-secrets-in-history')
    .map((finding) => [finding.message.replace(/ \([^()]*\(\d+ chars, sha256:[0-9a-f]{12}\)\)$/, ''), finding.location?.line]);
}

/** Every output of the CLI for `reference` (with `base` to diff against), each checked for planted values. */
async function expectNothingPrinted(reference: string, base: string, cwd: string, layered: boolean): Promise<void> {
  for (const format of ['text', 'json', 'markdown', 'sarif']) {
    const result = await runCliInProcess(['check', `app=${reference}`, '--dockerfile', 'Dockerfile', '--format', format], { cwd });
    expect(result.code, result.stderr).toBe(1);
    expectNoSecret(result.stdout.toString('utf8'), `check --format ${format}`);
    expectNoSecret(result.stderr, `check --format ${format} (stderr)`);
    if (format === 'json' && layered) {
      // The report names what it redacted: the history is there, with markers in place of values.
      const json = result.stdout.toString('utf8');
      expect(json).toContain('<redacted: an npm token npm_…(40 chars, sha256:');
      expect(json).toContain('"fingerprint": "npm_…(40 chars, sha256:');
    }
  }
  for (const format of ['text', 'json']) {
    const result = await runCliInProcess(['diff', base, reference, '--format', format], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expectNoSecret(result.stdout.toString('utf8') + result.stderr, `diff --format ${format}`);
    if (layered) expect(result.stdout.toString('utf8')).toContain('<redacted: a password in a URL');
  }
}

describe('secrets in BuildKit history, labels and annotations', () => {
  let reference = '';
  let base = '';

  beforeAll(async () => {
    await writeOciArchive(join(dir, 'history.tar'), historyImage);
    await writeOciArchive(join(dir, 'base.tar'), { ...historyImage, layers: historyImage.layers.slice(0, 1), history: undefined, annotations: undefined });
    await writeFile(join(dir, 'Dockerfile'), HISTORY_DOCKERFILE);
    reference = `oci-archive:${join(dir, 'history.tar')}`;
    base = `oci-archive:${join(dir, 'base.tar')}`;
  });

  it('finds each on the Dockerfile line that put it there', async () => {
    const report = await check({
      images: [{ name: 'app', reference, dockerfile: { path: join(dir, 'Dockerfile'), required: true } }],
      policy: builtinPolicy('recommended'),
      registry: {},
    });
    expect(secretFindings(report).sort()).toStrictEqual([...HISTORY_FINDINGS].sort());
    const located = report.images[0].findings.filter((finding) => finding.location);
    // Dockerfile lines are shown with their secrets redacted too.
    expect(located.find((finding) => finding.location?.line === 8)?.location?.text).toMatch(
      /^RUN curl -fsS https:\/\/deploy:<redacted: a password in a URL Tr0u…\(24 chars, sha256:[0-9a-f]{12}\)>@registry\.example\.com\/setup$/,
    );
    expectNoSecret(JSON.stringify(report), 'the report model');
  });

  it('prints none of them in any format', async () => {
    await expectNothingPrinted(reference, base, dir, true);
  });
});

describeWithEngine('secrets the classic builder records', () => {
  const tag = `distroless-guard-secret-history:${randomBytes(4).toString('hex')}`;
  const workspace = () => join(dir, 'engine');
  // Lines: 3 ARG (value from --build-arg), 4 ARG with its default in the Dockerfile, 5 RUN using both, 6 LABEL,
  // 7 ENV later blanked on 8, 9 an exec-form RUN with a password in a URL.
  const DOCKERFILE = [
    'FROM scratch',
    'COPY sh /bin/sh',
    'ARG NPM_TOKEN',
    `ARG DEPLOY_PASSWORD=${ARG_PASSWORD}`,
    'RUN npm ci',
    `LABEL org.example.deploy-key="${GITLAB_TOKEN}"`,
    `ENV TOKEN=${GITHUB_TOKEN}`,
    'ENV TOKEN=',
    `RUN ["/bin/sh", "fetch", "https://deploy:${URL_PASSWORD}@registry.example.com/setup"]`,
    'USER 65532',
    'ENTRYPOINT ["/bin/sh"]',
    '',
  ].join('\n');

  beforeAll(async () => {
    // A static program standing in for /bin/sh: every RUN runs it, and it writes a file so the RUN makes a layer.
    const sh = await compileC('#include <stdio.h>\nint main(void) { FILE *f = fopen("/ran", "a"); if (f) { fputs("ran\\n", f); fclose(f); } return 0; }\n', {
      static: true,
    });
    await buildWithEngine(tag, { dockerfile: DOCKERFILE, files: { sh: { content: sh, mode: 0o755 } }, buildArgs: { NPM_TOKEN } });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(workspace(), { recursive: true });
    await writeFile(join(workspace(), 'Dockerfile'), DOCKERFILE);
  });
  afterAll(() => removeImages(tag));

  it('finds each on the Dockerfile line that put it there', async () => {
    const report = await check({
      images: [{ name: 'app', reference: `docker-daemon:${tag}`, dockerfile: { path: join(workspace(), 'Dockerfile'), required: true } }],
      policy: builtinPolicy('recommended'),
      registry: {},
    });
    expect(secretFindings(report).sort()).toStrictEqual(
      [
        ['build argument NPM_TOKEN recorded in the image history holds what looks like an npm token', 3],
        ['build argument DEPLOY_PASSWORD recorded in the image history holds a value and has a name that suggests a credential', 4],
        ['label org.example.deploy-key holds what looks like a GitLab token', 6],
        ['ENV TOKEN, changed or blanked by a later instruction but kept in the image history, holds what looks like a GitHub token', 7],
        ['a command recorded in the image history holds what looks like a password in a URL', 9],
      ].sort(),
    );
    expectNoSecret(JSON.stringify(report), 'the report model');
  });

  it('prints none of them in any format', async () => {
    await writeOciArchive(join(workspace(), 'base.tar'), { layers: historyImage.layers.slice(0, 1) });
    await expectNothingPrinted(`docker-daemon:${tag}`, `oci-archive:${join(workspace(), 'base.tar')}`, workspace(), true);
  });
});
