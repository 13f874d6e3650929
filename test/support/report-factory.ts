/** Report models built in code for the reporter tests: small defaults, every field overridable. */
import type { ImageFacts } from '../../src/facts/index.ts';
import type { LayerSize } from '../../src/facts/sizes.ts';
import type { BaselineComparison, Finding, ImageReport, Report } from '../../src/report/model.ts';

export const MIB = 1024 * 1024;

export function makeLayer(index: number, uncompressed: number, overrides: Partial<LayerSize> = {}): LayerSize {
  return {
    index,
    diffId: `sha256:${index.toString(16).padStart(64, '0')}`,
    compressed: Math.round(uncompressed / 2),
    uncompressed,
    content: uncompressed,
    hidden: 0,
    files: 10,
    ...overrides,
  };
}

export function makeFacts(overrides: Partial<ImageFacts> = {}): ImageFacts {
  const layers = [makeLayer(0, 2 * MIB), makeLayer(1, 3 * MIB)];
  return {
    filesRead: true,
    os: { id: 'debian', versionId: '12', prettyName: 'Distroless', source: '/usr/lib/os-release' },
    users: [{ name: 'nonroot', uid: 65532, gid: 65532, home: '/home/nonroot', shell: '/sbin/nologin' }],
    groups: [{ name: 'nonroot', gid: 65532 }],
    user: { configured: '65532', uid: 65532, gid: 65532, resolved: true },
    packages: [{ manager: 'dpkg', source: '/var/lib/dpkg/status.d', count: 2, names: ['base-files', 'tzdata'] }],
    shells: [],
    packageManagers: [],
    buildTools: [],
    entrypoint: {
      entrypoint: ['/app/server'],
      cmd: [],
      argv: ['/app/server'],
      entrypointShellForm: false,
      cmdShellForm: false,
      healthcheckShellForm: false,
      program: { command: '/app/server', path: '/app/server', layer: 1, executable: true, kind: 'elf' },
    },
    env: [['PATH', '/usr/local/bin:/usr/bin:/bin']],
    labels: {},
    setuid: [],
    worldWritable: [],
    secretFiles: [],
    sizes: {
      compressed: layers.reduce((sum, layer) => sum + (layer.compressed ?? 0), 0),
      uncompressed: layers.reduce((sum, layer) => sum + layer.uncompressed, 0),
      hidden: 0,
      layers,
      directories: [{ path: '/app', size: 3 * MIB }],
    },
    layerCommands: ['COPY rootfs / # buildkit', 'COPY server /app/server # buildkit'],
    ...overrides,
  };
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return { rule: 'no-shell', level: 'error', message: 'a shell is in the image: /bin/sh', path: '/bin/sh', layer: 0, ...overrides };
}

/** An image whose counts and verdict follow its findings (fail-on error). */
export function makeImage(overrides: Partial<ImageReport> = {}): ImageReport {
  const facts = overrides.facts ?? makeFacts();
  const findings = overrides.findings ?? [];
  const errors = findings.filter((finding) => finding.level === 'error').length;
  return {
    name: 'app',
    reference: 'docker-daemon:app:ci',
    platform: 'linux/amd64',
    size: { compressed: facts.sizes.compressed, uncompressed: facts.sizes.uncompressed, layers: facts.sizes.layers.length },
    waived: 0,
    errors,
    warnings: findings.length - errors,
    passed: errors === 0,
    failOn: 'error',
    ...overrides,
    findings,
    facts,
  };
}

export function makeReport(images: ImageReport[] = [makeImage()], overrides: Partial<Report> = {}): Report {
  return { version: 1, passed: images.every((image) => image.passed), failOn: 'error', policy: '.github/distroless.yml', images, notices: [], ...overrides };
}

export function makeBaseline(overrides: Partial<BaselineComparison> = {}): BaselineComparison {
  return {
    reference: 'report:baseline/distroless-report.json',
    compressed: { before: 2 * MIB, after: 2.5 * MIB, delta: 0.5 * MIB, percent: 25 },
    uncompressed: { before: 4 * MIB, after: 5 * MIB, delta: MIB, percent: 25 },
    layers: {
      shared: 1,
      added: [{ change: 'added', index: 1, diffId: makeLayer(1, 0).diffId, size: 3 * MIB, instruction: 'COPY server /app/server # buildkit' }],
      removed: [{ change: 'removed', index: 1, diffId: `sha256:${'f'.repeat(64)}`, size: 2 * MIB }],
    },
    directories: [
      { path: '/app', before: 2 * MIB, after: 3 * MIB, delta: MIB },
      { path: '/usr/share', before: MIB, after: 0.5 * MIB, delta: -0.5 * MIB },
    ],
    findingsKnown: true,
    ...overrides,
  };
}

/** Names and text an image or a repository could hold to break a report or reach someone. */
export const HOSTILE_TEXTS = [
  '/app/a|b|c',
  '/app/`tick` and ``double``',
  '/app/<script>alert(1)</script>',
  '/app/@org/team and @someone',
  '/app/::error::x',
  '/app/%0A::error::y',
  '/app/line1\n::error::injected\r\nline3',
  '/app/[x](javascript:alert(1))',
  '/app/bad\uD800unicode',
  '/app/#123 fixes it',
  '> quoted',
  '# heading',
  '- item',
  '<!-- hidden -->',
  '&#64;org/team',
  '\u001b[31mred\u001b[0m',
  '![img](https://evil.example/x.png)',
];

/** One finding per hostile text, in every field a reporter shows. */
export function hostileFindings(): Finding[] {
  return HOSTILE_TEXTS.map((text, i) => ({
    rule: i % 2 === 0 ? 'forbidden-paths' : 'no-setuid',
    level: i % 2 === 0 ? 'error' : 'warning',
    message: `found ${text}`,
    path: text,
    layer: 1,
    instruction: `RUN ${text}`,
    hint: `remove ${text}`,
    location: { file: `docker/${text}/Dockerfile`, line: i + 1, endLine: i + 1, text: `RUN ${text}` },
  }));
}
