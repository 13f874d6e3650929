import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.ts';
import { hostileFindings, makeBaseline, makeFinding, makeImage, makeReport } from '../support/report-factory.ts';

describe('renderText', () => {
  it('prints each image with sizes, findings with where and hints, and a verdict', () => {
    const image = makeImage({
      findings: [
        makeFinding({ level: 'warning', rule: 'max-layers', message: '12 layers, over the cap of 10', path: undefined, layer: undefined }),
        makeFinding({ new: true, hint: 'use gcr.io/distroless/static', location: { file: 'app/Dockerfile', line: 3, endLine: 3, text: 'FROM debian' } }),
        makeFinding({ path: '/bin/bash', message: 'a shell is in the image: /bin/bash', hint: 'use gcr.io/distroless/static' }),
      ],
      baseline: makeBaseline(),
      waived: 2,
    });
    const text = renderText(makeReport([image], { notices: ['exception for no-shell on /bin/sh expired on 2024-01-01'] }), { color: false });
    expect(text).toBe(
      [
        'Image app (linux/amd64): docker-daemon:app:ci',
        '  size: 2.5 MiB compressed, 5 MiB uncompressed, 2 layers',
        '  against report:baseline/distroless-report.json: +512 KiB (+25.0%) compressed, +1 MiB (+25.0%) uncompressed',
        '  ERROR no-shell (new) a shell is in the image: /bin/sh',
        '    at /bin/sh (app/Dockerfile:3)',
        '    hint: use gcr.io/distroless/static',
        '  ERROR no-shell a shell is in the image: /bin/bash',
        '    at /bin/bash',
        '  WARNING max-layers 12 layers, over the cap of 10',
        '  waived: 2 findings by policy exceptions',
        '',
        'note: exception for no-shell on /bin/sh expired on 2024-01-01',
        '',
        'FAILED: 2 errors, 1 warning (1 new) in 1 image (fail-on: error)',
        '',
      ].join('\n'),
    );
  });

  it('says so when an image passes without findings', () => {
    const text = renderText(makeReport([makeImage(), makeImage({ name: 'worker', size: { uncompressed: 1024, layers: 1 } })]), { color: false });
    expect(text).toContain('\n  size: 1 KiB uncompressed, 1 layer\n');
    expect(text.match(/^ {2}no findings$/gm)).toHaveLength(2);
    expect(text.endsWith('\nPASSED: no findings in 2 images (fail-on: error)\n')).toBe(true);
  });

  it('colours levels and the verdict only when asked', () => {
    const report = makeReport([makeImage({ findings: [makeFinding(), makeFinding({ level: 'warning', hint: 'fix it' })] })]);
    const coloured = renderText(report, { color: true });
    expect(coloured).toContain('  \u001b[31mERROR\u001b[39m no-shell ');
    expect(coloured).toContain('  \u001b[33mWARNING\u001b[39m no-shell ');
    expect(coloured).toContain('\u001b[2m    hint: fix it\u001b[22m');
    expect(coloured).toContain('\u001b[1m\u001b[31mFAILED\u001b[39m\u001b[22m: 1 error, 1 warning');
    expect(renderText(report, { color: false })).not.toContain('\u001b');
  });

  it('keeps hostile text on its line, without escape sequences or workflow commands', () => {
    const report = makeReport([makeImage({ name: 'app\n::error::name', findings: hostileFindings() })], { notices: ['a\n::warning::b'] });
    const text = renderText(report, { color: false });
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\uD800');
    for (const line of text.split('\n')) {
      expect(line, line).not.toMatch(/^\s*(::|##\[)/);
    }
    expect(text).toContain('  ERROR forbidden-paths found /app/line1 ::error::injected line3\n');
    expect(text).toContain('Image app ::error::name (linux/amd64)');
  });
});
