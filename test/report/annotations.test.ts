import { describe, expect, it } from 'vitest';
import { type Annotation, POLICY_FAILED, planAnnotations } from '../../src/report/annotations.ts';
import type { Finding } from '../../src/report/model.ts';
import { hostileFindings, makeBaseline, makeFinding, makeImage, makeReport } from '../support/report-factory.ts';

const AT_LINE_3 = { file: 'app/Dockerfile', line: 3, endLine: 4, text: 'RUN apt-get install -y bash' };
const VERDICT: Annotation = { level: 'error', message: POLICY_FAILED };

/** The findings' annotations: what follows the verdict of a failing report. */
function findingAnnotations(...args: Parameters<typeof planAnnotations>): Annotation[] {
  const { annotations } = planAnnotations(...args);
  expect(annotations[0]).toEqual(VERDICT);
  return annotations.slice(1);
}

describe('planAnnotations', () => {
  it('annotates a single finding at its Dockerfile line', () => {
    const finding = makeFinding({ message: 'a shell is in the image', hint: 'use distroless', location: AT_LINE_3 });
    expect(planAnnotations(makeReport([makeImage({ findings: [finding] })])).annotations).toEqual([
      VERDICT,
      {
        level: 'error',
        title: 'no-shell',
        message: 'a shell is in the image (/bin/sh). Fix: use distroless',
        file: 'app/Dockerfile',
        startLine: 3,
        endLine: 4,
      },
    ]);
  });

  it('groups findings of one rule at one line and lists their paths, bounded', () => {
    const findings = Array.from({ length: 8 }, (_, i) => makeFinding({ path: `/usr/bin/s${i}`, message: `shell /usr/bin/s${i}`, location: AT_LINE_3 }));
    const [annotation] = findingAnnotations(makeReport([makeImage({ findings })]));
    expect(annotation).toEqual({
      level: 'error',
      title: 'no-shell',
      message: '8 findings, like: shell /usr/bin/s0; paths: /usr/bin/s0, /usr/bin/s1, /usr/bin/s2, /usr/bin/s3, /usr/bin/s4 and 3 more',
      file: 'app/Dockerfile',
      startLine: 3,
      endLine: 4,
    });
  });

  it('lists messages when the findings have no paths, and has no file without a location', () => {
    const findings = [
      makeFinding({ rule: 'max-size', path: undefined, message: 'compressed size over the cap' }),
      makeFinding({ rule: 'max-size', path: undefined, message: 'uncompressed size over the cap' }),
    ];
    expect(findingAnnotations(makeReport([makeImage({ findings })]))).toEqual([
      { level: 'error', title: 'max-size', message: '2 findings: compressed size over the cap; uncompressed size over the cap' },
    ]);
  });

  it('keeps images, rules and lines apart, naming the image when there are several', () => {
    const app = makeImage({ findings: [makeFinding({ location: AT_LINE_3 }), makeFinding({ location: { ...AT_LINE_3, line: 7, endLine: 7 } })] });
    const worker = makeImage({ name: 'worker', findings: [makeFinding({ location: AT_LINE_3 })] });
    const annotations = findingAnnotations(makeReport([app, worker]));
    expect(annotations.map((a) => [a.message, a.startLine])).toEqual([
      ['app: a shell is in the image: /bin/sh', 3],
      ['app: a shell is in the image: /bin/sh', 7],
      ['worker: a shell is in the image: /bin/sh', 3],
    ]);
  });

  it('orders errors first, then larger groups', () => {
    const findings: Finding[] = [
      makeFinding({ rule: 'max-layers', level: 'warning', path: undefined, message: 'w' }),
      makeFinding({ rule: 'no-setuid', path: '/a' }),
      ...Array.from({ length: 3 }, (_, i) => makeFinding({ rule: 'forbidden-paths', path: `/f${i}` })),
    ];
    const annotations = findingAnnotations(makeReport([makeImage({ findings })]));
    expect(annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'forbidden-paths'],
      ['error', 'no-setuid'],
      ['warning', 'max-layers'],
    ]);
  });

  it('puts the verdict first and the note about the rest second, each counted in its level', () => {
    const findings: Finding[] = [
      ...Array.from({ length: 14 }, (_, i) => makeFinding({ location: { ...AT_LINE_3, line: i + 1, endLine: i + 1 } })),
      ...Array.from({ length: 12 }, (_, i) => makeFinding({ level: 'warning', rule: 'no-setuid', location: { ...AT_LINE_3, line: i + 1, endLine: i + 1 } })),
      makeFinding({ level: 'warning', rule: 'no-world-writable', path: '/tmp/a', location: AT_LINE_3 }),
      makeFinding({ level: 'warning', rule: 'no-world-writable', path: '/tmp/b', location: AT_LINE_3 }),
    ];
    const annotations = planAnnotations(makeReport([makeImage({ findings })])).annotations;
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(annotations.slice(0, 2)).toEqual([
      VERDICT,
      {
        level: 'notice',
        title: 'distroless-guard',
        message: '8 more findings (8 annotations) are not annotated here: GitHub shows 10 annotations per level; the job summary lists them all',
      },
    ]);
    // The group of two comes before the single warnings.
    expect(annotations.find((a) => a.level === 'warning')?.title).toBe('no-world-writable');
  });

  it('caps notices too, the note about the rest taking the place of one', () => {
    const notices = (count: number) => Array.from({ length: count }, (_, i): Annotation => ({ level: 'notice', message: `app${i}: no Dockerfile` }));
    const passing = makeReport([makeImage()]);
    expect(planAnnotations(passing, { notices: notices(10) }).annotations).toEqual(notices(10));
    const annotations = planAnnotations(passing, { notices: notices(25) }).annotations;
    expect(annotations).toHaveLength(10);
    expect(annotations[0].message).toBe('16 more notices are not annotated here: GitHub shows 10 annotations per level; the job summary lists them all');
    expect(annotations.slice(1)).toEqual(notices(9));
    const failing = planAnnotations(makeReport([makeImage({ findings: [makeFinding()] })]), { notices: notices(11), perLevelLimit: 1 }).annotations;
    expect(failing.map((a) => [a.level, a.message])).toEqual([
      ['error', POLICY_FAILED],
      [
        'notice',
        '1 more finding (1 annotation) and 11 more notices are not annotated here: GitHub shows 1 annotations per level; the job summary lists them all',
      ],
    ]);
  });

  it('takes another cap and adds no notice when nothing is left out', () => {
    const findings = Array.from({ length: 3 }, (_, i) => makeFinding({ rule: 'no-setuid', location: { ...AT_LINE_3, line: i + 1, endLine: i + 1 } }));
    expect(planAnnotations(makeReport([makeImage({ findings })]), { perLevelLimit: 3 }).annotations.map((a) => a.level)).toEqual([
      'error',
      'notice',
      'error',
      'error',
    ]);
    expect(planAnnotations(makeReport([makeImage({ findings })])).annotations.map((a) => a.level)).toEqual(['error', 'error', 'error', 'error']);
  });

  it('annotates only new findings under a new-* fail-on with known baseline findings, saying how many it leaves', () => {
    const fresh = makeFinding({ path: '/usr/bin/zsh', message: 'shell /usr/bin/zsh', location: AT_LINE_3, new: true });
    const old = [makeFinding({ new: false }), makeFinding({ rule: 'no-setuid', path: '/usr/bin/su', message: 'setuid su', new: false })];
    const image = makeImage({ findings: [fresh, ...old], failOn: 'new-error', baseline: makeBaseline(), passed: false });
    const annotations = findingAnnotations(makeReport([image], { failOn: 'new-error' }));
    expect(annotations.filter((annotation) => annotation.level === 'error')).toEqual([
      { level: 'error', title: 'no-shell', message: 'shell /usr/bin/zsh', file: 'app/Dockerfile', startLine: 3, endLine: 4 },
    ]);
    expect(annotations).toContainEqual({
      level: 'notice',
      title: 'distroless-guard',
      message: '2 findings already on the base branch are not annotated (fail-on new-*): the job summary lists them',
    });
    // The same findings under fail-on error, or without known baseline findings, are all annotated.
    for (const other of [
      { ...image, failOn: 'error' as const },
      { ...image, baseline: makeBaseline({ findingsKnown: false }) },
    ]) {
      const all = findingAnnotations(makeReport([other]));
      expect(all.filter((annotation) => annotation.level === 'error')).toHaveLength(3);
      expect(all.some((annotation) => annotation.level === 'notice')).toBe(false);
    }
  });

  it('keeps hostile messages on one line', () => {
    const annotations = findingAnnotations(makeReport([makeImage({ findings: hostileFindings() })]), { perLevelLimit: 100 });
    expect(annotations).toHaveLength(17);
    for (const annotation of annotations) {
      // eslint-disable-next-line no-control-regex -- checks that escape sequences are gone
      expect(annotation.message).not.toMatch(/[\r\n\u001b]/);
      expect(annotation.message).not.toContain('\uD800');
    }
    expect(annotations.map((a) => a.message)).toContain('found /app/line1 ::error::injected line3. Fix: remove /app/line1 ::error::injected line3');
  });
});
