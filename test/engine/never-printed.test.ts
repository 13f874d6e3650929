// Secrets an image keeps outside its files (build arguments, ENV values blanked later, labels,
// annotations, a token in a command, one written in the Dockerfile) are each found on their
// Dockerfile line, and no output of the CLI prints any of them: check in every format, diff, and
// what goes to stderr. The action's outputs are checked in test/action/action.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import type { Report } from '../../src/report/model.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { describeWithEngine, removeImages } from '../support/engine.ts';
import { writeOciArchive } from '../support/images.ts';
import {
  ENGINE_DOCKERFILE,
  ENGINE_FINDINGS,
  HISTORY_DOCKERFILE,
  HISTORY_FINDINGS,
  buildPlantedImage,
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
  beforeAll(async () => {
    await buildPlantedImage(tag);
    await mkdir(workspace(), { recursive: true });
    await writeFile(join(workspace(), 'Dockerfile'), ENGINE_DOCKERFILE);
  });
  afterAll(() => removeImages(tag));

  it('finds each on the Dockerfile line that put it there', async () => {
    const report = await check({
      images: [{ name: 'app', reference: `docker-daemon:${tag}`, dockerfile: { path: join(workspace(), 'Dockerfile'), required: true } }],
      policy: builtinPolicy('recommended'),
      registry: {},
    });
    expect(secretFindings(report).sort()).toStrictEqual([...ENGINE_FINDINGS].sort());
    expectNoSecret(JSON.stringify(report), 'the report model');
  });

  it('prints none of them in any format', async () => {
    await writeOciArchive(join(workspace(), 'base.tar'), { layers: historyImage.layers.slice(0, 1) });
    await expectNothingPrinted(`docker-daemon:${tag}`, `oci-archive:${join(workspace(), 'base.tar')}`, workspace(), true);
  });
});
