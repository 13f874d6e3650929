// The ratchet (fail-on new-error / new-warning): findings are matched against a baseline by rule
// and subject (the path as the merged filesystem resolves it, or the config key), so a shell that
// moved to another layer or is reached through another symlink or PATH is not new, while a shell
// the pull request adds is. Images are built in code; the CLI's exit status is checked too.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckOptions, check } from '../../src/engine/check.ts';
import type { FailOn } from '../../src/policy/index.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import { renderJson } from '../../src/report/json.ts';
import type { ImageReport } from '../../src/report/model.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { type ImageSpec, writeOciArchive } from '../support/images.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const dirs: TarEntrySpec[] = [
  { path: 'bin/', type: 'dir' },
  { path: 'usr/', type: 'dir' },
  { path: 'usr/bin/', type: 'dir' },
];
const app: TarEntrySpec = { path: 'app', content: '#!/bin/sh\n', mode: 0o755 };
const dash: TarEntrySpec = { path: 'usr/bin/dash', content: 'dash bytes', mode: 0o755 };
const token = (value: string) => `API_TOKEN=ghp_${value.repeat(36).slice(0, 36)}`;

/** The base branch: dash reached as /bin/sh (PATH has /bin first), an API token in ENV. */
const BASE: ImageSpec = {
  layers: [{ entries: [...dirs, dash, { path: 'bin/sh', type: 'symlink', target: '/usr/bin/dash' }] }, { entries: [app] }],
  config: { Entrypoint: ['/app'], User: '1000', Env: ['PATH=/bin:/usr/bin', token('a')] },
};

/**
 * The same shell, moved to the app's layer, linked relatively and found first as /usr/bin/dash
 * (PATH now has /usr/bin first); the token has another value.
 */
function head(extra: TarEntrySpec[] = []): ImageSpec {
  return {
    layers: [{ entries: [...dirs, { path: 'bin/sh', type: 'symlink', target: '../usr/bin/dash' }] }, { entries: [dash, app, ...extra] }],
    config: { Entrypoint: ['/app'], User: '1000', Env: ['PATH=/usr/bin:/bin', token('b')] },
  };
}

let dir = '';
const ref = (name: string) => `oci-archive:${join(dir, `${name}.tar`)}`;
let baseReport = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-ratchet-'));
  await writeOciArchive(join(dir, 'base.tar'), BASE);
  await writeOciArchive(join(dir, 'same.tar'), head());
  await writeOciArchive(join(dir, 'bash.tar'), head([{ path: 'usr/bin/bash', content: 'bash bytes', mode: 0o755 }]));
  // The base branch's report, as the workflow on main stores it.
  baseReport = join(dir, 'base.json');
  await writeFile(baseReport, renderJson(await check(options(ref('base')))));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function options(reference: string, baseline?: string, failOn?: FailOn): CheckOptions {
  return {
    images: [{ name: 'app', reference, ...(baseline ? { baseline } : {}) }],
    policy: builtinPolicy('recommended'),
    ...(failOn ? { failOn } : {}),
    registry: {},
  };
}

function summary(image: ImageReport) {
  return image.findings.map((finding) => ({ rule: finding.rule, path: finding.path, subject: finding.subject, new: finding.new }));
}

describe('finding identity', () => {
  it('gives a shell the path the merged filesystem resolves, and an ENV finding its variable', async () => {
    const [base] = (await check(options(ref('base')))).images;
    expect(summary(base)).toEqual([
      { rule: 'no-shell', path: '/bin/sh', subject: '/usr/bin/dash', new: undefined },
      { rule: 'no-secrets-in-env', path: undefined, subject: 'ENV:API_TOKEN', new: undefined },
    ]);
  });

  it.each([
    ['a report of the base branch', () => `report:${baseReport}`],
    ['the base branch image, checked with the same policy', () => ref('base')],
  ])('does not count a shell moved to another layer, through another symlink and PATH, as new against %s', async (_, baseline) => {
    const [image] = (await check(options(ref('same'), baseline(), 'new-error'))).images;
    expect(image.findings.map((finding) => finding.path)).toEqual(['/usr/bin/dash', undefined]);
    expect(image.findings.map((finding) => finding.layer)).toEqual([1, undefined]);
    expect(image.findings.every((finding) => finding.new === false)).toBe(true);
    expect(image.baseline?.findingsKnown).toBe(true);
    expect(image.passed).toBe(true);
  });

  it.each([
    ['a report of the base branch', () => `report:${baseReport}`],
    ['the base branch image', () => ref('base')],
  ])('fails on a shell the pull request adds, and only on it, against %s', async (_, baseline) => {
    const report = await check(options(ref('bash'), baseline(), 'new-error'));
    const [image] = report.images;
    expect(summary(image)).toEqual([
      { rule: 'no-shell', path: '/usr/bin/bash', subject: '/usr/bin/bash', new: true },
      { rule: 'no-shell', path: '/usr/bin/dash', subject: '/usr/bin/dash', new: false },
      { rule: 'no-secrets-in-env', path: undefined, subject: 'ENV:API_TOKEN', new: false },
    ]);
    expect(image.passed).toBe(false);
    expect(image.baseline?.fixed).toBe(0);
    expect(report).toMatchObject({ passed: false, failOn: 'new-error' });
    expect(report.notices).toEqual([]);
  });

  it('counts what the baseline had and the image no longer has as fixed', async () => {
    const bashReport = join(dir, 'bash.json');
    await writeFile(bashReport, renderJson(await check(options(ref('bash')))));
    const [image] = (await check(options(ref('same'), `report:${bashReport}`, 'new-error'))).images;
    expect(image.baseline).toMatchObject({ findingsKnown: true, fixed: 1 });
    expect(image.passed).toBe(true);
  });

  it('fails on every error with fail-on error, the baseline marking new ones all the same', async () => {
    const [image] = (await check(options(ref('same'), `report:${baseReport}`, 'error'))).images;
    expect(image.findings.map((finding) => finding.new)).toEqual([false, false]);
    expect(image.passed).toBe(false);
  });

  it('acts as the plain level without a baseline, with a notice saying so', async () => {
    const report = await check(options(ref('same'), undefined, 'new-error'));
    expect(report.images[0].passed).toBe(false);
    expect(report.images[0].findings.every((finding) => finding.new === undefined)).toBe(true);
    expect(report.notices).toEqual([
      'app: fail-on new-error acts as fail-on error, as there is no baseline to compare with; give a baseline (report:PATH of the base branch, or its image) to fail only on new findings',
    ]);
  });

  it('acts as the plain level against a report whose files were not read, as its file findings are unknown', async () => {
    const json = JSON.parse(await readFile(baseReport, 'utf8')) as { images: { facts: { filesRead: boolean }; findings: { rule: string }[] }[] };
    json.images[0].facts.filesRead = false;
    json.images[0].findings = json.images[0].findings.filter((finding) => finding.rule !== 'no-shell');
    const sizeOnly = join(dir, 'size-only.json');
    await writeFile(sizeOnly, JSON.stringify(json));
    const report = await check(options(ref('same'), `report:${sizeOnly}`, 'new-error'));
    expect(report.images[0].baseline?.findingsKnown).toBe(false);
    expect(report.images[0].passed).toBe(false);
    expect(report.notices[0]).toMatch(/^app: fail-on new-error acts as fail-on error, as the baseline report:.* has no file findings to compare with/);
  });

  it('matches a report of an older release, without subjects, by rule and path as found', async () => {
    const json = JSON.parse(await readFile(baseReport, 'utf8')) as { images: { findings: { subject?: string }[] }[] };
    for (const finding of json.images[0].findings) delete finding.subject;
    const old = join(dir, 'old.json');
    await writeFile(old, JSON.stringify(json));
    const [same] = (await check(options(ref('base'), `report:${old}`, 'new-error'))).images;
    expect(same.findings.map((finding) => finding.new)).toEqual([false, false]);
    expect(same.passed).toBe(true);
  });
});

describe('the CLI', () => {
  const cli = (...args: string[]) => runCliInProcess(['check', '--format', 'json', ...args], { cwd: dir });

  it('exits 0 when nothing new reaches new-error, 1 when something does, 1 without a baseline', async () => {
    const same = await cli('--fail-on', 'new-error', '--baseline', `report:${baseReport}`, `app=${ref('same')}`);
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout.toString())).toMatchObject({ passed: true, failOn: 'new-error', images: [{ failOn: 'new-error' }] });
    const bash = await cli('--fail-on', 'new-error', '--baseline', ref('base'), `app=${ref('bash')}`);
    expect(bash.code).toBe(1);
    const none = await cli('--fail-on', 'new-error', `app=${ref('same')}`);
    expect(none.code).toBe(1);
    expect((JSON.parse(none.stdout.toString()) as { notices: string[] }).notices).toContainEqual(
      expect.stringMatching(/^app: fail-on new-error acts as fail-on error/),
    );
  });

  it('refuses an unknown level with status 2, naming the ratchet levels', async () => {
    const result = await cli('--fail-on', 'new', ref('same'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fail-on must be one of error, warning, never, new-error, new-warning, not "new"');
  });
});
