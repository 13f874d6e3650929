import { describe, expect, it } from 'vitest';
import { baseImage } from '../../src/facts/base-image.ts';
import { UserError } from '../../src/errors.ts';
import { parseJsonReport } from '../../src/report/json-read.ts';
import { isHarmlessEnvName, REDACTED_VALUE, renderJson } from '../../src/report/json.ts';
import type { Report } from '../../src/report/model.ts';
import { hostileFindings, makeBaseline, makeFacts, makeFinding, makeImage, makeReport } from '../support/report-factory.ts';
import { expectWrittenReport } from './report-schema.ts';

/** renderJson, and a check that what it wrote is what docs/report.schema.json describes. */
function written(report: Report): string {
  const text = renderJson(report);
  expectWrittenReport(text);
  return text;
}

function fullReport(): Report {
  const facts = makeFacts({
    env: [
      ['PATH', '/usr/bin:/bin'],
      ['LC_ALL', 'C.UTF-8'],
      ['API_TOKEN', 'ghp_secret'],
      ['DATABASE_URL', 'postgres://u:p@db/x'],
    ],
    labels: { 'org.opencontainers.image.source': 'https://github.com/o/r' },
    shells: [{ name: 'sh', path: '/bin/sh', realPath: '/usr/bin/dash', layer: 0, via: '/bin/sh -> dash' }],
    packageManagers: [{ name: 'apt', path: '/usr/bin/apt', realPath: '/usr/bin/apt', layer: 0 }],
    setuid: [{ path: '/usr/bin/su', mode: 0o4755, layer: 0, type: 'file' }],
    worldWritable: [{ path: '/tmp', mode: 0o1777, layer: 0, type: 'dir' }],
    baseImage: baseImage('debian:12', 'dockerfile'),
    layerCommands: ['COPY rootfs / # buildkit', undefined],
  });
  facts.entrypoint.program = {
    command: '/app/server',
    path: '/app/server',
    layer: 1,
    executable: true,
    kind: 'elf',
    elf: {
      class: 64,
      endian: 'little',
      machine: 62,
      machineName: 'amd64',
      type: 'dyn',
      interpreter: '/lib64/ld-linux-x86-64.so.2',
      needed: ['libc.so.6'],
      runpath: [],
      rpath: [],
      dynamic: true,
      complete: true,
    },
    libraries: {
      interpreter: { path: '/lib64/ld-linux-x86-64.so.2', found: true },
      libraries: [{ name: 'libc.so.6', neededBy: '/app/server' }],
      incomplete: [],
    },
  };
  const image = makeImage({
    digest: `sha256:${'a'.repeat(64)}`,
    facts,
    waived: 1,
    findings: [
      makeFinding({
        new: true,
        subject: '/usr/bin/dash',
        hint: 'use distroless',
        instruction: 'RUN apt-get install -y bash',
        location: { file: 'Dockerfile', line: 3, endLine: 4, text: 'RUN apt-get install -y bash' },
      }),
      makeFinding({ rule: 'max-size', level: 'warning', path: undefined, layer: undefined, message: 'too big', new: false }),
    ],
    baseline: makeBaseline(),
  });
  return makeReport([image, makeImage({ name: 'worker', size: { uncompressed: 0, layers: 0 } })], { notices: ['exception expired'], failOn: 'warning' });
}

describe('renderJson', () => {
  it('writes the documented shape, with null for absent values', () => {
    const json = JSON.parse(written(fullReport()));
    expect(Object.keys(json)).toEqual(['version', 'passed', 'failOn', 'policy', 'notices', 'images']);
    expect(json.version).toBe(1);
    const [app, worker] = json.images;
    expect(Object.keys(app)).toEqual([
      'image',
      'reference',
      'platform',
      'digest',
      'passed',
      'errors',
      'warnings',
      'waived',
      'size',
      'findings',
      'facts',
      'baseline',
      'failOn',
    ]);
    expect(app.image).toBe('app');
    expect(app.failOn).toBe('error');
    expect(app.size).toEqual({ compressed: 2.5 * 1024 * 1024, uncompressed: 5 * 1024 * 1024, layers: 2 });
    expect(app.findings[0]).toEqual({
      rule: 'no-shell',
      level: 'error',
      message: 'a shell is in the image: /bin/sh',
      path: '/bin/sh',
      layer: 0,
      instruction: 'RUN apt-get install -y bash',
      hint: 'use distroless',
      fingerprint: null,
      location: { file: 'Dockerfile', line: 3, endLine: 4, text: 'RUN apt-get install -y bash' },
      new: true,
      subject: '/usr/bin/dash',
    });
    expect(app.findings[1]).toMatchObject({ path: null, layer: null, instruction: null, hint: null, location: null, new: false, subject: null });
    expect(app.facts.setuid).toEqual([{ path: '/usr/bin/su', mode: '4755', layer: 0, type: 'file' }]);
    expect(app.facts.layerCommands).toEqual(['COPY rootfs / # buildkit', null]);
    expect(app.baseline.compressed).toEqual({ before: 2 * 1024 * 1024, after: 2.5 * 1024 * 1024, delta: 0.5 * 1024 * 1024, percent: 25 });
    expect(app.baseline.layers.removed).toEqual([{ index: 1, diffId: `sha256:${'f'.repeat(64)}`, size: 2 * 1024 * 1024, instruction: null }]);
    expect(worker).toMatchObject({ digest: null, baseline: null, size: { compressed: null, uncompressed: 0, layers: 0 } });
  });

  it('redacts env values except harmless names, keeping every name', () => {
    const json = JSON.parse(written(fullReport()));
    expect(json.images[0].facts.env).toEqual([
      { name: 'PATH', value: '/usr/bin:/bin' },
      { name: 'LC_ALL', value: 'C.UTF-8' },
      { name: 'API_TOKEN', value: null },
      { name: 'DATABASE_URL', value: null },
    ]);
    expect(written(fullReport())).not.toContain('ghp_secret');
    expect(isHarmlessEnvName('HOME')).toBe(true);
    expect(isHarmlessEnvName('PATHS')).toBe(false);
    expect(isHarmlessEnvName('LC_SECRET_1')).toBe(false);
  });

  it('redacts a harmless name too when its value holds a token', () => {
    const report = fullReport();
    report.images[0].facts.env = [
      ['PATH', '/usr/bin'],
      ['HTTPS_PROXY', 'x'],
      ['HOME', 'https://builder:s3cret-proxy-pass@proxy.example.net'],
    ];
    const text = written(report);
    expect(JSON.parse(text).images[0].facts.env).toEqual([
      { name: 'PATH', value: '/usr/bin' },
      { name: 'HTTPS_PROXY', value: null },
      { name: 'HOME', value: null },
    ]);
    expect(text).not.toContain('s3cret-proxy-pass');
  });

  it('keeps hostile text as JSON strings', () => {
    const report = makeReport([makeImage({ findings: hostileFindings() })]);
    const text = written(report);
    expect(text.split('\n').every((line) => !line.startsWith('::'))).toBe(true);
    // JSON.stringify writes a lone surrogate as an escape: the file is valid UTF-8 and reads back the same.
    expect(text.isWellFormed()).toBe(true);
    expect(text).toContain('"/app/bad\\ud800unicode"');
    expect(parseJsonReport(text, 'report.json').images[0].findings.map((finding) => finding.path)).toEqual(hostileFindings().map((finding) => finding.path));
  });
});

describe('parseJsonReport', () => {
  it('reads back what renderJson wrote, env values redacted', () => {
    const report = fullReport();
    const expected = structuredClone(report);
    expected.images[0].facts.env = [
      ['PATH', '/usr/bin:/bin'],
      ['LC_ALL', 'C.UTF-8'],
      ['API_TOKEN', REDACTED_VALUE],
      ['DATABASE_URL', REDACTED_VALUE],
    ];
    expect(parseJsonReport(written(report), 'report.json')).toEqual(expected);
    expect(written(parseJsonReport(written(report), 'report.json'))).toBe(written(report));
  });

  it('names the file and what is wrong', () => {
    const valid = JSON.parse(written(fullReport()));
    const parse = (value: unknown) => () => parseJsonReport(typeof value === 'string' ? value : JSON.stringify(value), 'baseline/report.json');
    expect(parse('{"version": 1,')).toThrow(UserError);
    expect(parse('{"version": 1,')).toThrow(/^baseline\/report\.json: not a distroless-guard report \(it is not JSON: .+\)$/);
    expect(parse([])).toThrow('baseline/report.json: not a distroless-guard report (the top level should be an object, found an array)');
    expect(parse({ ...valid, version: 2 })).toThrow(
      'baseline/report.json: not a distroless-guard report ("version" is 2; this version of distroless-guard reads version 1)',
    );
    expect(parse({ images: [] })).toThrow(
      'baseline/report.json: not a distroless-guard report ("version" is missing; this version of distroless-guard reads version 1)',
    );
    const broken = structuredClone(valid);
    broken.images[0].size.uncompressed = 'big';
    expect(parse(broken)).toThrow(
      'baseline/report.json: not a distroless-guard report (images[0].size.uncompressed should be a whole number (0 or more), found "big")',
    );
    const badRule = structuredClone(valid);
    badRule.images[0].findings[1].rule = 'no-such-rule';
    expect(parse(badRule)).toThrow(/\(images\[0\]\.findings\[1\]\.rule should be one of "no-shell", .*, found "no-such-rule"\)$/);
    const badMode = structuredClone(valid);
    badMode.images[0].facts.setuid[0].mode = '9999';
    expect(parse(badMode)).toThrow(
      'baseline/report.json: not a distroless-guard report (images[0].facts.setuid[0].mode should be octal digits like "4755", found "9999")',
    );
    const missing = structuredClone(valid);
    delete missing.images[1].facts;
    expect(parse(missing)).toThrow('baseline/report.json: not a distroless-guard report (images[1].facts should be an object, found nothing)');
  });

  it('says what the schema allows at the field that is wrong', () => {
    const valid = JSON.parse(written(fullReport()));
    const problem = (change: (report: typeof valid) => void, text?: (json: string) => string): string => {
      const report = structuredClone(valid);
      change(report);
      const json = JSON.stringify(report);
      try {
        parseJsonReport(text ? text(json) : json, 'r.json');
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message.replace('r.json: not a distroless-guard report ', '');
      }
      throw new Error('the report was read');
    };
    expect(problem((r) => (r.images[0].digest = 5))).toBe('(images[0].digest should be a string or null, found 5)');
    expect(problem((r) => (r.images[0].facts.entrypoint.program.elf.class = 16))).toBe(
      '(images[0].facts.entrypoint.program.elf.class should be one of 32, 64, found 16)',
    );
    expect(problem((r) => (r.images[0].facts.labels['org.opencontainers.image.source'] = 1))).toBe(
      '(images[0].facts.labels["org.opencontainers.image.source"] should be a string, found 1)',
    );
    expect(problem((r) => (r.images[0].facts.sizes.layers[1].files = -1))).toBe(
      '(images[0].facts.sizes.layers[1].files should be a whole number (0 or more), found -1)',
    );
    expect(problem((r) => (r.images[0].waived = 2 ** 53))).toBe('(images[0].waived should be a whole number (0 or more), found 9007199254740992)');
    expect(problem((r) => (r.images[0].errors = 1.5))).toBe('(images[0].errors should be a whole number (0 or more), found 1.5)');
    // JSON.parse reads a number too large for a double as Infinity.
    expect(
      problem(
        (r) => (r.images[0].baseline.directories = [{ path: '/app', before: 0, after: 1, delta: 'HUGE' }]),
        (json) => json.replace('"HUGE"', '1e400'),
      ),
    ).toBe('(images[0].baseline.directories[0].delta should be a number, found Infinity)');
    expect(problem((r) => (r.images[0].facts.env[0] = { value: 'x' }))).toBe('(images[0].facts.env[0].name should be a string, found nothing)');
    expect(problem((r) => (r.notices = 'none'))).toBe('(notices should be an array, found "none")');
    // A missing key is named before the wrong values of the others.
    expect(
      problem(
        () => undefined,
        () => '{"version": 1, "passed": "yes"}',
      ),
    ).toBe('(failOn should be one of "error", "warning", "never", "new-error", "new-warning", found nothing)');
    expect(problem((r) => (r.images[0].errors = 'x'.repeat(100)))).toBe(`(images[0].errors should be a whole number (0 or more), found "${'x'.repeat(38)}…)`);
  });

  it('reads keys that may be null when they are missing, and leaves unknown keys behind', () => {
    const json = JSON.parse(written(fullReport()));
    delete json.images[0].digest;
    delete json.images[0].facts.os;
    delete json.images[0].findings[0].location;
    json.images[0].findings[0].severity = 'high';
    json.images[0].facts.sizes.layers[0].mediaType = 'tar';
    json.generator = 'a later release';
    const report = parseJsonReport(JSON.stringify(json), 'report.json');
    expect(report).not.toHaveProperty('generator');
    expect(report.images[0]).not.toHaveProperty('digest');
    expect(report.images[0].facts).not.toHaveProperty('os');
    expect(report.images[0].findings[0]).not.toHaveProperty('location');
    expect(report.images[0].findings[0]).not.toHaveProperty('severity');
    expect(report.images[0].facts.sizes.layers[0]).not.toHaveProperty('mediaType');
  });
});

describe('reports of releases before the ratchet', () => {
  it('read without an image fail-on (the report-wide one applies) or finding subjects', () => {
    const json = JSON.parse(written(fullReport()));
    for (const image of json.images) {
      delete image.failOn;
      for (const finding of image.findings) delete finding.subject;
    }
    const report = parseJsonReport(JSON.stringify(json), 'report.json');
    expect(report.images.map((image) => image.failOn)).toEqual(['warning', 'warning']);
    expect(report.images[0].findings[0]).not.toHaveProperty('subject');
  });
});

describe('a script entry point run through env', () => {
  it('keeps the program env looks up, found or not, across a round trip', () => {
    const report = fullReport();
    report.images[0].facts.entrypoint.program = {
      command: '/app/run.py',
      path: '/app/run.py',
      layer: 1,
      executable: true,
      kind: 'script',
      interpreter: { command: '/usr/bin/env', path: '/usr/bin/env', argument: 'python3', envCommand: { command: 'python3' } },
    };
    const json = JSON.parse(written(report)) as { images: { facts: { entrypoint: { program: { interpreter: unknown } } } }[] };
    expect(json.images[0].facts.entrypoint.program.interpreter).toEqual({
      command: '/usr/bin/env',
      path: '/usr/bin/env',
      argument: 'python3',
      envCommand: { command: 'python3', path: null },
    });
    expect(parseJsonReport(written(report), 'report.json').images[0].facts.entrypoint.program).toEqual(report.images[0].facts.entrypoint.program);
  });
});

describe('build tools', () => {
  it('writes them, with the script that names one as its #! interpreter, and reads them back', () => {
    const report = fullReport();
    const make = { name: 'make', path: '/opt/tools/make', realPath: '/opt/tools/make', layer: 1, script: '/app/regen' };
    report.images[0].facts.buildTools = [make];
    const json = JSON.parse(written(report)) as { images: { facts: { buildTools: unknown[] } }[] };
    expect(json.images[0].facts.buildTools).toEqual([{ ...make, via: null }]);
    expect(parseJsonReport(written(report), 'report.json').images[0].facts.buildTools).toEqual([make]);
  });

  it('reads a report written before build tools were facts as one without any', () => {
    const report = JSON.parse(written(fullReport())) as { images: { facts: Record<string, unknown> }[] };
    delete report.images[0].facts.buildTools;
    expect(parseJsonReport(JSON.stringify(report), 'old.json').images[0].facts.buildTools).toEqual([]);
  });
});
