// The CLI as users run it, on image archives written in code; exit status, stdout and stderr
// checked exactly. Most cases run the CLI's program in this process (test/support/cli-in-process.ts);
// a child process (`node src/cli.ts …`, and the built `dist/cli.js`) runs one case of each exit
// status, --help, --version and a closed pipe, which only a process shows.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElf } from '../support/elf-writer.ts';
import type { RuntimeConfig } from '../../src/image/types.ts';
import { type BuiltImage, buildImage, dockerArchiveEntries, type LayerSpec, sha256, writeDockerArchive, writeOciArchive } from '../support/images.ts';
import { opaqueWhiteout, tarBuffer, whiteout } from '../support/tar-writer.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { CLI, NODE, type ProcessResult, ROOT, runProcess } from '../support/process.ts';

const DIST_CLI = join(ROOT, 'dist/cli.js');
const PACKAGE_VERSION = (await import('../../package.json', { with: { type: 'json' } })).default.version;

/** The CLI from the sources, as a process. */
const SOURCE_CLI = [NODE, CLI];

/** Runs the CLI in `dir` (no Dockerfile or policy there unless a test writes one): in this process, or as `program`. */
function runCli(args: string[], options: { program?: string[] } = {}): Promise<ProcessResult> {
  if (!options.program) return runCliInProcess(args, { cwd: dir });
  const [command, ...prefix] = options.program;
  return runProcess(command, [...prefix, ...args], { cwd: dir, timeoutMs: 30_000 });
}

/** An input error: exit 2, nothing on stdout, one line on stderr (returned) and no stack trace. */
async function expectInputError(args: string[], options: { program?: string[] } = {}): Promise<string> {
  const result = await runCli(args, options);
  expect({ code: result.code, stdout: result.stdout.toString('utf8') }).toEqual({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^distroless-guard: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/internal error|\bat .*:\d+:\d+/);
  return result.stderr.trimEnd();
}

const x86 = { class: 64, endian: 'little', machine: 62 } as const;
const STATIC_PROGRAM = buildElf({ ...x86, type: 2 });
const PASSWD = 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n';
const BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** What gcr.io/distroless/static looks like to the rules: passwd, no shell, a static program as 65532. */
const passing = buildImage({
  layers: [
    {
      entries: [
        { path: 'etc/', type: 'dir' },
        { path: 'etc/passwd', content: PASSWD },
        { path: 'usr/', type: 'dir' },
        { path: 'usr/bin/', type: 'dir' },
        { path: 'bin', type: 'symlink', target: 'usr/bin' },
      ],
    },
    { entries: [{ path: 'app', content: STATIC_PROGRAM, mode: 0o755 }] },
  ],
  config: { User: '65532', Entrypoint: ['/app'] },
});

/** Something of every fact: os-release, users, dpkg, a shell, a package manager, setuid, env, labels… */
const FAILING_LAYERS: LayerSpec[] = [
  {
    entries: [
      { path: 'etc/', type: 'dir' },
      { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' },
      { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n' },
      { path: 'etc/group', content: 'root:x:0:\napp:x:1000:\n' },
      { path: 'var/lib/dpkg/status', content: 'Package: dash\nStatus: install ok installed\n\nPackage: dpkg\nStatus: install ok installed\n' },
      { path: 'usr/bin/dash', content: STATIC_PROGRAM, mode: 0o755 },
      { path: 'usr/bin/sh', type: 'symlink', target: 'dash' },
      { path: 'usr/bin/dpkg', type: 'symlink', target: '/usr/local/bin/dpkg-1.21' },
      { path: 'usr/bin/bash', type: 'symlink', target: '/usr/local/bin/bash5' },
      { path: 'usr/local/bin/bash5', content: STATIC_PROGRAM, mode: 0o755 },
      { path: 'usr/local/bin/dpkg-1.21', content: STATIC_PROGRAM, mode: 0o755 },
      // Longer than the 64 KiB read of ld.so.conf: the library facts say they are incomplete.
      { path: 'etc/ld.so.conf', content: '# nothing but comments\n', size: 70_000 },
      { path: 'usr/bin/su', content: 'su', mode: 0o4755 },
      { path: 'bin', type: 'symlink', target: 'usr/bin' },
      { path: 'lib64/ld-linux-x86-64.so.2', content: buildElf({ ...x86, type: 3, soname: 'ld-linux-x86-64.so.2' }), mode: 0o755 },
      { path: 'lib/x86_64-linux-gnu/libc.so.6', content: buildElf({ ...x86, type: 3, soname: 'libc.so.6', needed: ['ld-linux-x86-64.so.2'] }) },
      { path: 'data/', type: 'dir', mode: 0o777 },
    ],
  },
  {
    entries: [
      {
        path: 'app/server',
        content: buildElf({
          ...x86,
          type: 3,
          interpreter: '/lib64/ld-linux-x86-64.so.2',
          needed: ['libc.so.6', 'libgone.so.1'],
          soname: 'server',
          runpath: '$ORIGIN/lib',
          rpath: '/opt/lib',
        }),
        mode: 0o755,
      },
      { path: 'app/start.sh', content: '#!/bin/sh -e\nexec /app/server\n', mode: 0o755 },
    ],
  },
];
const FAILING_CONFIG: RuntimeConfig = {
  Env: ['PATH=/usr/bin:/bin', 'API_TOKEN=hunter2'],
  Entrypoint: ['/app/server'],
  Cmd: ['--port', '8080'],
  Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'] },
  Labels: { 'org.opencontainers.image.base.name': 'debian:12', 'org.opencontainers.image.base.digest': sha256('debian'), team: 'core' },
  User: 'app',
};
const failing = buildImage({ layers: FAILING_LAYERS, config: FAILING_CONFIG });
/** A later build of `failing`: 100 more bytes in /app, no user, a script as entry point. */
const failingLater = buildImage({
  layers: [FAILING_LAYERS[0], { entries: [...FAILING_LAYERS[1].entries, { path: 'app/extra', size: 100 }] }],
  config: { ...FAILING_CONFIG, User: '', Entrypoint: ['/app/start.sh'], Cmd: [] },
});

/** For ls and cat: symlinked parents, links of both kinds, whiteouts, an opaque directory, owners and modes. */
const files = buildImage({
  layers: [
    {
      entries: [
        { path: 'a/', type: 'dir' },
        { path: 'a/b', content: 'ab' },
        { path: 'a-c', content: 'ac' },
        { path: 'etc/', type: 'dir' },
        { path: 'etc/passwd', content: PASSWD },
        { path: 'usr/', type: 'dir' },
        { path: 'usr/bin/', type: 'dir' },
        { path: 'usr/lib/', type: 'dir' },
        { path: 'usr/bin/x', content: 'x-bytes\n', mode: 0o755 },
        { path: 'usr/bin/hard', type: 'hardlink', target: 'usr/bin/x', mode: 0o755 },
        { path: 'usr/bin/link', type: 'symlink', target: '../lib/real.txt' },
        { path: 'usr/bin/su', content: 'su!', mode: 0o4755 },
        { path: 'usr/lib/real.txt', content: 'real\n' },
        { path: 'usr/lib/bytes.bin', content: BYTES, size: 300_000 },
        { path: 'bin', type: 'symlink', target: 'usr/bin' },
        { path: 'old/', type: 'dir' },
        { path: 'old/a', content: 'aaa' },
        { path: 'opq/', type: 'dir' },
        { path: 'opq/b', content: 'bb' },
        { path: 'srv/', type: 'dir', mode: 0o750, uid: 1000, gid: 1001 },
        { path: 'srv/data', content: 'data\n', mode: 0o640, uid: 1000, gid: 1001 },
        { path: 'tmp/', type: 'dir', mode: 0o1777 },
      ],
    },
    {
      entries: [
        whiteout('old'),
        opaqueWhiteout('opq'),
        { path: 'opq/c', content: 'c' },
        { path: 'etc/passwd', content: `${PASSWD}app:x:1000:1000::/:/sbin/nologin\n` },
      ],
    },
    { entries: [{ path: 'usr/bin/empty', content: '' }] },
  ],
  config: { User: '65532', Entrypoint: ['/usr/bin/x'] },
});

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An OCI archive whose one gzip layer is cut short, with digests that match the cut bytes. */
function truncatedGzipImage(): BuiltImage {
  const image = buildImage({ layers: [{ entries: [{ path: 'a', content: 'hello '.repeat(2000) }] }] });
  const blob = image.layers[0].blob.subarray(0, image.layers[0].blob.length - 40);
  const manifest = { ...image.manifest, layers: [{ ...image.manifest.layers[0], digest: sha256(blob), size: blob.length }] };
  const manifestBlob = Buffer.from(JSON.stringify(manifest));
  return { ...image, layers: [{ ...image.layers[0], blob, digest: sha256(blob) }], manifest, manifestBlob, manifestDigest: sha256(manifestBlob) };
}

/** `passing` under a foreign (Windows-style) base layer that the archive does not store. */
function withForeignLayer(image: BuiltImage): BuiltImage {
  const foreign = { mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: sha256('foreign blob'), size: 12 };
  const rootfs = { type: 'layers', diff_ids: [sha256('foreign tar'), ...(image.config.rootfs?.diff_ids ?? [])] };
  const config = { ...image.config, rootfs, history: [{ created_by: 'foreign base' }, ...(image.config.history ?? [])] };
  const configBlob = Buffer.from(JSON.stringify(config));
  const manifest = {
    ...image.manifest,
    config: { ...image.manifest.config, digest: sha256(configBlob), size: configBlob.length },
    layers: [foreign, ...image.manifest.layers],
  };
  const manifestBlob = Buffer.from(JSON.stringify(manifest));
  return { ...image, config, configBlob, configDigest: sha256(configBlob), manifest, manifestBlob, manifestDigest: sha256(manifestBlob) };
}

const baseForDiff = buildImage({
  layers: [
    {
      entries: [
        { path: 'etc/', type: 'dir' },
        { path: 'etc/passwd', content: PASSWD },
      ],
    },
    {
      entries: [
        { path: 'app/', type: 'dir' },
        { path: 'app/v1', size: 1024 },
      ],
    },
  ],
});
const grownForDiff = buildImage({
  layers: [
    {
      entries: [
        { path: 'etc/', type: 'dir' },
        { path: 'etc/passwd', content: PASSWD },
      ],
    },
    {
      entries: [
        { path: 'app/', type: 'dir' },
        { path: 'app/v2', size: 3072 },
      ],
    },
    {
      entries: [
        { path: 'data/', type: 'dir' },
        { path: 'data/x', size: 512 },
      ],
    },
  ],
});

const DOCKERFILE = `FROM debian:12
COPY layer1/ /
COPY layer2/ /
USER app
HEALTHCHECK CMD curl -f localhost
ENTRYPOINT ["/app/server"]
CMD ["--port", "8080"]
`;

beforeAll(async () => {
  const failingArchive = dockerArchiveEntries(failing, { format: 'containerd' });
  const layerBlob = `blobs/sha256/${failing.layers[0].digest.slice('sha256:'.length)}`;
  await Promise.all([
    writeDockerArchive(join(dir, 'pass.tar'), passing, { format: 'docker25' }),
    writeDockerArchive(join(dir, 'fail.tar'), failing, { format: 'containerd' }),
    writeDockerArchive(join(dir, 'fail-later.tar'), failingLater, { format: 'containerd' }),
    writeOciArchive(join(dir, 'files.tar'), files),
    writeOciArchive(join(dir, 'base.tar'), baseForDiff),
    writeOciArchive(join(dir, 'grown.tar'), grownForDiff),
    writeOciArchive(join(dir, 'truncated-gzip.tar'), truncatedGzipImage()),
    writeOciArchive(join(dir, 'foreign.tar'), withForeignLayer(passing)),
    writeFile(join(dir, 'absent-blob.tar'), tarBuffer(failingArchive.filter((entry) => entry.path !== layerBlob))),
    writeFile(join(dir, 'not-an-image.txt'), 'just some text\n'),
    writeFile(join(dir, 'bad-policy.yml'), 'extends: recommended\nrules:\n  no-shell: [error\n'),
    writeFile(join(dir, 'app.Dockerfile'), DOCKERFILE),
  ]);
});

function json(result: ProcessResult): Record<string, unknown> & { images: Record<string, unknown>[] } {
  return JSON.parse(result.stdout.toString('utf8')) as Record<string, unknown> & { images: Record<string, unknown>[] };
}

describe.concurrent('check', () => {
  it('exits 0 for a distroless-style image, saying where the policy came from', async () => {
    const result = await runCli(['check', 'pass.tar'], { program: SOURCE_CLI });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('no .github/distroless.yml found: using the built-in recommended policy\n');
    const lines = result.stdout.toString('utf8').split('\n');
    expect(lines[0]).toBe('Image pass.tar (linux/amd64): pass.tar');
    expect(lines[2]).toBe('  no findings');
    expect(lines.slice(-3)).toEqual(['', 'PASSED: no findings in 1 image (fail-on: error)', '']);
  });

  it('exits 1 for an image with errors, and 0 for it with --fail-on never', async () => {
    const failed = await runCli(['check', 'fail.tar'], { program: SOURCE_CLI });
    expect(failed.code).toBe(1);
    const text = failed.stdout.toString('utf8');
    expect(
      text
        .split('\n')
        .filter((line) => /^ {2}(ERROR|WARNING) /.test(line))
        .map((line) => line.split(' ').slice(2, 4).join(' ')),
    ).toEqual([
      'ERROR no-shell',
      'ERROR no-shell',
      'ERROR no-package-manager',
      'ERROR exec-form-entrypoint',
      'ERROR entrypoint-runnable',
      'ERROR no-secrets-in-env',
      'WARNING no-setuid',
    ]);
    expect(text).toContain('\n  ERROR no-shell shell /usr/bin/bash (-> /usr/local/bin/bash5) is in the image\n');
    expect(text).toContain('\n  ERROR no-package-manager package manager /usr/bin/dpkg (-> /usr/local/bin/dpkg-1.21) is in the image\n');
    expect(text.split('\n').at(-2)).toBe('FAILED: 6 errors, 1 warning in 1 image (fail-on: error)');
    const never = await runCli(['check', '--fail-on', 'never', 'fail.tar'], { program: SOURCE_CLI });
    expect(never.code).toBe(0);
    expect(never.stdout.toString('utf8').split('\n').at(-2)).toBe('PASSED: 6 errors, 1 warning in 1 image (fail-on: never)');
  });

  it.each([
    ['a missing archive', ['docker-archive:missing.tar'], /^distroless-guard: missing\.tar: cannot open the image archive \(ENOENT\b/],
    ['a file that is not an image archive', ['not-an-image.txt'], /^distroless-guard: not-an-image\.txt: not a readable image archive \(/],
    [
      'a truncated gzip layer',
      ['oci-archive:truncated-gzip.tar'],
      /^distroless-guard: truncated-gzip\.tar: layer sha256:[0-9a-f]{64}: the gzip stream is corrupt or truncated \(unexpected end of file\)$/,
    ],
    [
      'a manifest naming an absent blob',
      ['absent-blob.tar'],
      /^distroless-guard: absent-blob\.tar: layer sha256:[0-9a-f]{64} is missing from the image \(blobs\/sha256\//,
    ],
    [
      'a bad --fail-on',
      ['--fail-on', 'sometimes', 'pass.tar'],
      /^distroless-guard: check: --fail-on must be one of error, warning, never, new-error, new-warning, not "sometimes"$/,
    ],
    ['an unknown flag', ['--frobnicate', 'pass.tar'], /^distroless-guard: check: unknown option --frobnicate \(see distroless-guard check --help\)$/],
    [
      'a flag without its value',
      ['pass.tar', '--policy'],
      /^distroless-guard: check: --policy needs a value \(write --policy=VALUE for one that starts with -\) \(see distroless-guard check --help\)$/,
    ],
    ['a policy file with a YAML error', ['--policy', 'bad-policy.yml', 'pass.tar'], /^distroless-guard: bad-policy\.yml:4:1: invalid YAML: /],
    ['a missing --policy file', ['--policy', 'nope.yml', 'pass.tar'], /^distroless-guard: nope\.yml: the policy file does not exist$/],
    ['an unknown --format', ['--format', 'html', 'pass.tar'], /^distroless-guard: check: --format must be one of text, json, markdown, sarif, not "html"$/],
    ['no image', [], /^distroless-guard: check: name at least one IMAGE$/],
    ['two images with one name', ['pass.tar', 'docker-archive:pass.tar'], /^distroless-guard: check: two images are named pass\.tar; /],
  ])('exits 2 with one line for %s', async (_, args, message) => {
    expect(await expectInputError(['check', ...args])).toMatch(message);
  });

  it('writes the documented JSON report, every key with its type', async () => {
    const result = await runCli(['check', '--format', 'json', '--dockerfile', 'app.Dockerfile', 'fail.tar']);
    expect(result.code).toBe(1);
    // The policy notice goes to stderr; the report's own notices are in the JSON (and on stderr too).
    expect(result.stderr).toBe('no .github/distroless.yml found: using the built-in recommended policy\n');
    const report = json(result);
    const visited = new Set<string>();
    expect(shapeErrors(report, REPORT_SHAPE, '', visited)).toEqual([]);
    expect(report).toMatchObject({ version: 1, passed: false, failOn: 'error', policy: 'built-in recommended', notices: [] });
    const [image] = report.images;
    expect(image).toMatchObject({
      image: 'fail.tar',
      reference: 'fail.tar',
      platform: 'linux/amd64',
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      passed: false,
      errors: 6,
      warnings: 1,
      waived: 0,
      size: { compressed: failing.layers.reduce((sum, layer) => sum + layer.blob.length, 0), uncompressed: expect.any(Number), layers: 2 },
      baseline: null,
    });
    const findings = image.findings as Record<string, unknown>[];
    expect(findings.map((f) => [f.rule, f.level, f.path, f.layer, f.new])).toEqual([
      ['no-shell', 'error', '/usr/bin/bash', 0, null],
      ['no-shell', 'error', '/usr/bin/dash', 0, null],
      ['no-package-manager', 'error', '/usr/bin/dpkg', 0, null],
      ['exec-form-entrypoint', 'error', null, null, null],
      ['entrypoint-runnable', 'error', '/app/server', 1, null],
      ['no-setuid', 'warning', '/usr/bin/su', 0, null],
      ['no-secrets-in-env', 'error', null, null, null],
    ]);
    expect(findings[0].location).toEqual({ file: 'app.Dockerfile', line: 2, endLine: 2, text: 'COPY layer1/ /' });
    expect(findings[3].location).toEqual({ file: 'app.Dockerfile', line: 5, endLine: 5, text: 'HEALTHCHECK CMD curl -f localhost' });
    // Env values are redacted except harmless names.
    expect((image.facts as { env: unknown }).env).toEqual([
      { name: 'PATH', value: '/usr/bin:/bin' },
      { name: 'API_TOKEN', value: null },
    ]);
    expect(result.stdout.toString('utf8')).not.toContain('hunter2');

    // A later run against this report as its baseline fills in what the first could not.
    await writeFile(join(dir, 'shape-baseline.json'), result.stdout);
    const later = json(await runCli(['check', '--format', 'json', '--baseline', 'report:shape-baseline.json', 'fail.tar=fail-later.tar']));
    expect(shapeErrors(later, REPORT_SHAPE, '', visited)).toEqual([]);
    const foreign = json(await runCli(['check', '--format', 'json', 'oci-archive:foreign.tar']));
    expect(shapeErrors(foreign, REPORT_SHAPE, '', visited)).toEqual([]);
    expect((foreign.images[0].facts as { sizes: { layers: unknown[] } }).sizes.layers[0]).toMatchObject({
      index: 0,
      absent: 'a foreign layer, not stored with the image',
    });
    // Every documented key was met with a value, not only with null; removed layers carry no
    // instruction yet (the baseline keeps only sizes and findings of the earlier report), and
    // these images have no `#!/usr/bin/env` script (test/report/json.test.ts covers envCommand) and
    // no secret (test/engine/secret-files.test.ts reads fingerprints).
    expect(shapePaths(REPORT_SHAPE, '').filter((path) => !visited.has(path))).toEqual([
      '.images[].findings[].fingerprint',
      // These images hold no build tool and no tool found as a script's interpreter: the golden
      // kitchen sink and test/report/json.test.ts write them.
      '.images[].facts.shells[].script',
      '.images[].facts.packageManagers[].script',
      '.images[].facts.buildTools[]',
      '.images[].facts.buildTools[].name',
      '.images[].facts.buildTools[].path',
      '.images[].facts.buildTools[].realPath',
      '.images[].facts.buildTools[].layer',
      '.images[].facts.buildTools[].via',
      '.images[].facts.buildTools[].script',
      '.images[].facts.entrypoint.program.interpreter.envCommand',
      '.images[].facts.entrypoint.program.interpreter.envCommand.command',
      '.images[].facts.entrypoint.program.interpreter.envCommand.path',
      '.images[].baseline.layers.removed[].instruction',
    ]);
  });

  it('writes SARIF 2.1.0 with one result per finding, located in the Dockerfile', async () => {
    const result = await runCli(['check', '--format', 'sarif', '--dockerfile', 'app.Dockerfile', 'fail.tar']);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout.toString('utf8')) as {
      $schema: string;
      version: string;
      runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } }; results: SarifResult[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run.tool.driver).toMatchObject({ name: 'distroless-guard', version: PACKAGE_VERSION });
    expect(run.results.map((r) => [r.ruleId, r.level, run.tool.driver.rules[r.ruleIndex].id]).sort()).toEqual([
      ['entrypoint-runnable', 'error', 'entrypoint-runnable'],
      ['exec-form-entrypoint', 'error', 'exec-form-entrypoint'],
      ['no-package-manager', 'error', 'no-package-manager'],
      ['no-secrets-in-env', 'error', 'no-secrets-in-env'],
      ['no-setuid', 'warning', 'no-setuid'],
      ['no-shell', 'error', 'no-shell'],
      ['no-shell', 'error', 'no-shell'],
    ]);
    expect(run.results[0].message.text).toMatch(/^shell \/usr\/bin\/bash \(-> \/usr\/local\/bin\/bash5\) is in the image\n/);
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'app.Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2 },
    });
  });

  it('writes the Markdown summary', async () => {
    const result = await runCli(['check', '--format', 'markdown', 'app=fail.tar']);
    expect(result.code).toBe(1);
    const markdown = result.stdout.toString('utf8');
    expect(markdown.split('\n')[0]).toBe('### ❌ distroless-guard: 6 errors, 1 warning in app');
    expect(markdown).toContain('| ❌ app | linux/amd64 |');
    expect(markdown).toContain('**❌ [`no-shell`](https://github.com/distroless-guard/distroless-guard/blob/v0/docs/rules.md#no-shell)** · error · 2 findings');
    expect(markdown).toContain('- shell /usr/bin/dash is in the image · `/usr/bin/dash` · layer 0');
  });

  it('marks findings new against a baseline report from an earlier run', async () => {
    const earlier = await runCli(['check', '--format', 'json', 'app=fail.tar']);
    await writeFile(join(dir, 'earlier.json'), earlier.stdout);
    const result = await runCli(['check', '--format', 'json', '--baseline', 'report:earlier.json', 'app=fail-later.tar']);
    expect(result.code).toBe(1);
    const [image] = json(result).images;
    expect((image.findings as Record<string, unknown>[]).map((f) => [f.rule, f.new])).toEqual([
      ['no-shell', false],
      ['no-shell', false],
      ['no-package-manager', false],
      ['non-root-user', true],
      ['exec-form-entrypoint', false],
      ['no-setuid', false],
      ['no-secrets-in-env', false],
    ]);
    const extra = failingLater.layers[1].tar.length - failing.layers[1].tar.length;
    expect(image.baseline).toMatchObject({
      reference: 'report:earlier.json',
      uncompressed: { delta: extra },
      layers: { shared: 1, added: [{ index: 1, diffId: failingLater.layers[1].diffId }], removed: [{ index: 1, diffId: failing.layers[1].diffId }] },
      directories: [{ path: '/app', before: expect.any(Number), after: expect.any(Number), delta: 100 }],
      findingsKnown: true,
    });
    const text = await runCli(['check', '--baseline', 'report:earlier.json', 'app=fail-later.tar']);
    expect(text.stdout.toString('utf8')).toContain('\n  ERROR non-root-user (new) no USER is set, so the container runs as root\n');
    expect(text.stdout.toString('utf8')).toContain('\n  ERROR no-shell shell /usr/bin/dash is in the image\n');
  });

  it('names images by NAME=REF, else after the reference', async () => {
    const report = json(await runCli(['check', '--format', 'json', 'web=docker-archive:pass.tar', 'pass.tar']));
    expect(report.images.map((image) => [image.image, image.reference])).toEqual([
      ['web', 'docker-archive:pass.tar'],
      ['pass.tar', 'pass.tar'],
    ]);
    expect(report.passed).toBe(true);
  });
});

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: unknown }[];
}

describe.concurrent('ls', () => {
  it('stops quietly when the reader closes the pipe early (ls | head)', async () => {
    // Enough lines that the CLI is still writing after the pipe closes.
    await writeOciArchive(join(dir, 'many.tar'), { layers: [{ entries: Array.from({ length: 20_000 }, (_, i) => ({ path: `f/${i}`, content: '' })) }] });
    const child = spawn(NODE, [CLI, 'ls', 'oci-archive:many.tar'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolvePromise) => child.on('close', resolvePromise));
    expect({ code, stderr: Buffer.concat(stderr).toString('utf8') }).toEqual({ code: 0, stderr: '' });
  });

  const MERGED = [
    'drwxr-xr-x 0/0          0 /a',
    '-rw-r--r-- 0/0          2 /a/b',
    '-rw-r--r-- 0/0          2 /a-c',
    'lrwxrwxrwx 0/0          0 /bin -> usr/bin',
    'drwxr-xr-x 0/0          0 /etc',
    '-rw-r--r-- 0/0        120 /etc/passwd',
    'drwxr-xr-x 0/0          0 /opq',
    '-rw-r--r-- 0/0          1 /opq/c',
    'drwxr-x--- 1000/1001          0 /srv',
    '-rw-r----- 1000/1001          5 /srv/data',
    'drwxrwxrwt 0/0          0 /tmp',
    'drwxr-xr-x 0/0          0 /usr',
    'drwxr-xr-x 0/0          0 /usr/bin',
    '-rw-r--r-- 0/0          0 /usr/bin/empty',
    'hrwxr-xr-x 0/0          8 /usr/bin/hard link to /usr/bin/x',
    'lrwxrwxrwx 0/0          0 /usr/bin/link -> ../lib/real.txt',
    '-rwsr-xr-x 0/0          3 /usr/bin/su',
    '-rwxr-xr-x 0/0          8 /usr/bin/x',
    'drwxr-xr-x 0/0          0 /usr/lib',
    '-rw-r--r-- 0/0     300000 /usr/lib/bytes.bin',
    '-rw-r--r-- 0/0          5 /usr/lib/real.txt',
  ];

  it('prints the merged filesystem as MODE UID/GID SIZE PATH[ -> TARGET], each directory followed by its contents', async () => {
    const result = await runCli(['ls', 'oci-archive:files.tar']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout.toString('utf8')).toBe(`${MERGED.join('\n')}\n`);
  });

  it('prints one JSON object per line with path, type, mode, uid, gid, size and target', async () => {
    const result = await runCli(['ls', '--json', 'oci-archive:files.tar']);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => row.path)).toEqual(MERGED.map((line) => line.split(/ +/)[3]));
    for (const row of rows) expect(Object.keys(row)).toEqual(['path', 'type', 'mode', 'uid', 'gid', 'size', 'target']);
    const byPath = new Map(rows.map((row) => [row.path, row]));
    expect(byPath.get('/bin')).toEqual({ path: '/bin', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, target: 'usr/bin' });
    expect(byPath.get('/usr/bin/hard')).toEqual({ path: '/usr/bin/hard', type: 'hardlink', mode: 0o755, uid: 0, gid: 0, size: 8, target: '/usr/bin/x' });
    expect(byPath.get('/usr/bin/su')).toEqual({ path: '/usr/bin/su', type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 3, target: null });
    expect(byPath.get('/srv')).toEqual({ path: '/srv', type: 'dir', mode: 0o750, uid: 1000, gid: 1001, size: 0, target: null });
    expect(byPath.get('/tmp')).toMatchObject({ type: 'dir', mode: 0o1777 });
  });

  it('shows one layer with --layer N, whiteouts marked', async () => {
    const result = await runCli(['ls', '--layer', '1', 'oci-archive:files.tar']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(
      [
        '-rw-r--r-- 0/0        120 /etc/passwd',
        'whiteout   0/0          0 /old',
        'whiteout   0/0          0 /opq/.wh..wh..opq',
        '-rw-r--r-- 0/0          1 /opq/c',
        '',
      ].join('\n'),
    );
    const rows = (await runCli(['ls', '--layer', '1', '--json', 'oci-archive:files.tar'])).stdout.toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(rows[1])).toEqual({ path: '/old', type: 'whiteout', mode: 0, uid: 0, gid: 0, size: 0, target: null });
  });

  it('adds the layer that last wrote each entry with --long', async () => {
    const result = await runCli(['ls', '--long', 'oci-archive:files.tar', '/etc']);
    expect(result.stdout.toString('utf8')).toBe('  0 drwxr-xr-x 0/0          0 /etc\n  1 -rw-r--r-- 0/0        120 /etc/passwd\n');
    const json = (await runCli(['ls', '--long', '--json', 'oci-archive:files.tar', '/usr/bin/empty'])).stdout.toString('utf8');
    expect(JSON.parse(json)).toMatchObject({ path: '/usr/bin/empty', layer: 2 });
  });

  it('lists a subtree through a symlinked directory, and shows a symlink to a file itself', async () => {
    const subtree = await runCli(['ls', 'oci-archive:files.tar', '/bin']);
    expect(subtree.stdout.toString('utf8')).toBe(`${MERGED.filter((line) => / \/usr\/bin(\/|$)/.test(line)).join('\n')}\n`);
    const link = await runCli(['ls', 'oci-archive:files.tar', '/bin/link']);
    expect(link.stdout.toString('utf8')).toBe('lrwxrwxrwx 0/0          0 /usr/bin/link -> ../lib/real.txt\n');
    const layerSubtree = await runCli(['ls', '--layer', '1', 'oci-archive:files.tar', 'opq']);
    expect(layerSubtree.stdout.toString('utf8')).toBe('whiteout   0/0          0 /opq/.wh..wh..opq\n-rw-r--r-- 0/0          1 /opq/c\n');
  });

  it.each([
    [
      'a layer the image does not have',
      ['--layer', '3', 'oci-archive:files.tar'],
      'distroless-guard: oci-archive:files.tar: there is no layer 3 (the image has 3, numbered from 0)',
    ],
    ['a layer that is not a number', ['--layer', 'top', 'oci-archive:files.tar'], 'distroless-guard: ls: --layer takes a layer number from 0, not "top"'],
    ['a deleted path', ['oci-archive:files.tar', '/old'], 'distroless-guard: oci-archive:files.tar: /old does not exist in the image'],
    ['no image', [], 'distroless-guard: ls: expected IMAGE [PATH]'],
  ])('exits 2 with one line for %s', async (_, args, message) => {
    expect(await expectInputError(['ls', ...args])).toBe(message);
  });
});

describe.concurrent('cat', () => {
  it.each([
    ['a file', '/etc/passwd', `${PASSWD}app:x:1000:1000::/:/sbin/nologin\n`],
    ['a file under a symlinked directory', '/bin/x', 'x-bytes\n'],
    ['a relative path', 'bin/x', 'x-bytes\n'],
    ['a symlink to a file in another directory', '/bin/link', 'real\n'],
    ['a hard link', '/usr/bin/hard', 'x-bytes\n'],
    ['a hard link under a symlinked directory', '/bin/hard', 'x-bytes\n'],
    ['an empty file', '/usr/bin/empty', ''],
  ])('writes %s exactly', async (_, path, content) => {
    const result = await runCli(['cat', 'oci-archive:files.tar', path]);
    expect({ code: result.code, stderr: result.stderr, stdout: result.stdout.toString('utf8') }).toEqual({ code: 0, stderr: '', stdout: content });
  });

  it('writes binary content byte for byte', async () => {
    const result = await runCli(['cat', 'oci-archive:files.tar', '/usr/lib/bytes.bin']);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(300_000);
    expect(result.stdout.equals(Buffer.concat(Array.from({ length: Math.ceil(300_000 / 256) }, () => BYTES)).subarray(0, 300_000))).toBe(true);
  });

  it.each([
    ['a directory', '/etc', 'distroless-guard: oci-archive:files.tar: /etc is a directory (use ls)'],
    ['a symlink to a directory', '/bin', 'distroless-guard: oci-archive:files.tar: /bin is a directory (use ls)'],
    ['a missing path', '/nope', 'distroless-guard: oci-archive:files.tar: /nope does not exist in the image'],
    ['a path a whiteout deleted', '/old/a', 'distroless-guard: oci-archive:files.tar: /old/a does not exist in the image'],
    ['a path an opaque directory hid', '/opq/b', 'distroless-guard: oci-archive:files.tar: /opq/b does not exist in the image'],
  ])('exits 2 with one line for %s', async (_, path, message) => {
    expect(await expectInputError(['cat', 'oci-archive:files.tar', path])).toBe(message);
  });
});

describe.concurrent('diff', () => {
  // Layer tars: 2560 bytes shared; 3072 (app/v1, 1 KiB) before; 5120 (app/v2, 3 KiB) and 2560 (data/x, 512 B) after.
  it('compares sizes, layers and directories', async () => {
    const result = await runCli(['diff', 'oci-archive:base.tar', 'oci-archive:grown.tar']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = result.stdout.toString('utf8').split('\n');
    expect(lines[0]).toBe('oci-archive:grown.tar against oci-archive:base.tar');
    expect(lines[1]).toMatch(/^ {2}compressed {4}\S+ \S+ -> \S+ \S+ {2}\+\S+ \S+ \(\+\d+\.\d%\)$/);
    expect(lines.slice(2)).toEqual([
      '  uncompressed  5.5 KiB -> 10 KiB  +4.5 KiB (+81.8%)',
      '  layers        3 (1 shared, 2 added, 1 removed)',
      '    + layer 1       5 KiB  COPY layer2/ / # buildkit',
      '    + layer 2     2.5 KiB  COPY layer3/ / # buildkit',
      `    - layer 1       3 KiB  ${baseForDiff.layers[1].diffId}`,
      '  directories',
      '          +2 KiB  /app',
      '          +512 B  /data',
      '',
    ]);
  });

  it('writes the comparison as JSON with --format json', async () => {
    const result = await runCli(['diff', '--format', 'json', 'oci-archive:base.tar', 'oci-archive:grown.tar']);
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout.toString('utf8')) as Record<string, unknown>;
    const compressed = (layers: BuiltImage['layers']) => layers.reduce((sum, layer) => sum + layer.blob.length, 0);
    expect(diff).toEqual({
      image: 'oci-archive:grown.tar',
      base: 'oci-archive:base.tar',
      reference: 'oci-archive:base.tar',
      compressed: {
        before: compressed(baseForDiff.layers),
        after: compressed(grownForDiff.layers),
        delta: compressed(grownForDiff.layers) - compressed(baseForDiff.layers),
        percent: expect.any(Number),
      },
      uncompressed: { before: 5632, after: 10240, delta: 4608, percent: (4608 / 5632) * 100 },
      layers: {
        shared: 1,
        added: [
          { change: 'added', index: 1, diffId: grownForDiff.layers[1].diffId, size: 5120, instruction: 'COPY layer2/ / # buildkit' },
          { change: 'added', index: 2, diffId: grownForDiff.layers[2].diffId, size: 2560, instruction: 'COPY layer3/ / # buildkit' },
        ],
        removed: [{ change: 'removed', index: 1, diffId: baseForDiff.layers[1].diffId, size: 3072 }],
      },
      directories: [
        { path: '/app', before: 1024, after: 3072, delta: 2048 },
        { path: '/data', before: 0, after: 512, delta: 512 },
      ],
      findingsKnown: false,
    });
  });

  it('exits 2 with one line for a base that cannot be read', async () => {
    expect(await expectInputError(['diff', 'docker-archive:missing.tar', 'oci-archive:grown.tar'])).toMatch(
      /^distroless-guard: missing\.tar: cannot open the image archive \(ENOENT\b/,
    );
  });
});

describe.concurrent('help and version', () => {
  it.each(['check', 'ls', 'cat', 'diff'])('prints the usage of %s with --help and exits 0', async (command) => {
    const result = await runCli([command, '--help'], { program: SOURCE_CLI });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const usage = result.stdout.toString('utf8');
    expect(usage.startsWith(`Usage: distroless-guard ${command} [options] `)).toBe(true);
    expect(usage).toMatch(/\n {2}-h, --help {11}show this help\n$/);
  });

  it('prints the commands with --help', async () => {
    const result = await runCli(['--help'], { program: SOURCE_CLI });
    expect(result.code).toBe(0);
    const usage = result.stdout.toString('utf8');
    expect(usage.split('\n')[0]).toBe('Usage: distroless-guard <command> [options]');
    for (const command of ['check IMAGE...', 'ls IMAGE [PATH]', 'cat IMAGE PATH', 'diff BASE IMAGE']) expect(usage).toContain(`\n  ${command} `);
  });

  it("prints the package's version with --version", async () => {
    const result = await runCli(['--version'], { program: SOURCE_CLI });
    expect({ code: result.code, stdout: result.stdout.toString('utf8'), stderr: result.stderr }).toEqual({
      code: 0,
      stdout: `${PACKAGE_VERSION}\n`,
      stderr: '',
    });
  });

  it('exits 2 with one line for an unknown command', async () => {
    expect(await expectInputError(['inspect', 'pass.tar'], { program: SOURCE_CLI })).toBe(
      'distroless-guard: unknown command "inspect"; expected check, ls, cat, diff or migrate (see --help)',
    );
  });
});

describe.concurrent('the built dist/cli.js', () => {
  it('exists, as the package bin', () => {
    expect(existsSync(DIST_CLI), 'dist/cli.js is missing: run npm run build').toBe(true);
  });

  it('checks an image as the sources do', async () => {
    const result = await runCli(['check', '--format', 'json', 'app=pass.tar'], { program: [DIST_CLI] });
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ version: 1, passed: true, images: [{ image: 'app', findings: [], errors: 0 }] });
    const failed = await runCli(['check', 'fail.tar'], { program: [DIST_CLI] });
    expect(failed.code).toBe(1);
    expect(await runCli(['check', 'not-an-image.txt'], { program: [DIST_CLI] })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^distroless-guard: not-an-image\.txt: [^\n]*\n$/),
    });
  });

  it('prints its version', async () => {
    expect((await runCli(['--version'], { program: [DIST_CLI] })).stdout.toString('utf8')).toBe(`${PACKAGE_VERSION}\n`);
  });

  it('reads a policy file and a Dockerfile, whose parsers it loads only then', async () => {
    const result = await runCli(['check', '--format', 'json', '--policy', 'bad-policy.yml', 'pass.tar'], { program: [DIST_CLI] });
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/^distroless-guard: bad-policy\.yml:4:1: invalid YAML: /) });
    const located = await runCli(['check', '--format', 'json', '--dockerfile', 'app.Dockerfile', 'fail.tar'], { program: [DIST_CLI] });
    expect(located.code).toBe(1);
    const findings = json(located).images[0].findings as { location?: unknown }[];
    expect(findings.some((finding) => finding.location !== undefined)).toBe(true);
  });
});

// The documented JSON shape (docs/report-format.md), checked key by key: every key present, no other.
type Shape = string | { [key: string]: Shape } | ArrayShape | NullableShape | RecordShape;
// Classes, so that a documented key named `kind` or `item` is never taken for a wrapper.
class ArrayShape {
  readonly item: Shape;
  constructor(item: Shape) {
    this.item = item;
  }
}
class NullableShape {
  readonly shape: Shape;
  constructor(shape: Shape) {
    this.shape = shape;
  }
}
class RecordShape {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
}
const arrayOf = (item: Shape) => new ArrayShape(item);
const nullable = (shape: Shape) => new NullableShape(shape);
const recordOf = (value: string) => new RecordShape(value);

const DELTA = { before: 'number', after: 'number', delta: 'number', percent: 'number|null' };
const LAYER_CHANGE = { index: 'number', diffId: 'string|null', size: 'number', instruction: 'string|null' };
const BINARY = { name: 'string', path: 'string', realPath: 'string', layer: 'number', via: 'string|null', script: 'string|null' };
const FILE_FLAG = { path: 'string', mode: 'string', layer: 'number', type: 'string' };
const REPORT_SHAPE: Shape = {
  version: 'number',
  passed: 'boolean',
  failOn: 'string',
  policy: 'string',
  notices: arrayOf('string'),
  images: arrayOf({
    image: 'string',
    reference: 'string',
    platform: 'string',
    digest: 'string|null',
    passed: 'boolean',
    errors: 'number',
    warnings: 'number',
    waived: 'number',
    size: { compressed: 'number|null', uncompressed: 'number', layers: 'number' },
    findings: arrayOf({
      rule: 'string',
      level: 'string',
      message: 'string',
      path: 'string|null',
      layer: 'number|null',
      instruction: 'string|null',
      hint: 'string|null',
      fingerprint: 'string|null',
      location: nullable({ file: 'string', line: 'number', endLine: 'number', text: 'string' }),
      new: 'boolean|null',
      subject: 'string|null',
    }),
    facts: {
      filesRead: 'boolean',
      os: nullable({ id: 'string|null', versionId: 'string|null', prettyName: 'string|null', source: 'string' }),
      user: { configured: 'string', uid: 'number|null', gid: 'number|null', resolved: 'boolean' },
      users: arrayOf({ name: 'string', uid: 'number', gid: 'number', home: 'string', shell: 'string' }),
      groups: arrayOf({ name: 'string', gid: 'number' }),
      packages: arrayOf({ manager: 'string', source: 'string', count: 'number', names: arrayOf('string') }),
      shells: arrayOf(BINARY),
      packageManagers: arrayOf(BINARY),
      buildTools: arrayOf(BINARY),
      entrypoint: {
        entrypoint: arrayOf('string'),
        cmd: arrayOf('string'),
        argv: arrayOf('string'),
        entrypointShellForm: 'boolean',
        cmdShellForm: 'boolean',
        healthcheckShellForm: 'boolean',
        program: nullable({
          command: 'string',
          path: 'string|null',
          layer: 'number|null',
          executable: 'boolean',
          kind: 'string',
          interpreter: nullable({
            command: 'string',
            path: 'string|null',
            argument: 'string|null',
            envCommand: nullable({ command: 'string', path: 'string|null' }),
          }),
          elf: nullable({
            class: 'number',
            endian: 'string',
            machine: 'number',
            machineName: 'string',
            type: 'string',
            interpreter: 'string|null',
            needed: arrayOf('string'),
            soname: 'string|null',
            runpath: arrayOf('string'),
            rpath: arrayOf('string'),
            dynamic: 'boolean',
            complete: 'boolean',
          }),
          libraries: nullable({
            interpreter: nullable({ path: 'string', found: 'boolean' }),
            libraries: arrayOf({ name: 'string', neededBy: 'string', path: 'string|null' }),
            incomplete: arrayOf('string'),
          }),
        }),
      },
      env: arrayOf({ name: 'string', value: 'string|null' }),
      labels: recordOf('string'),
      setuid: arrayOf(FILE_FLAG),
      worldWritable: arrayOf(FILE_FLAG),
      sizes: {
        compressed: 'number|null',
        uncompressed: 'number',
        hidden: 'number',
        layers: arrayOf({
          index: 'number',
          diffId: 'string|null',
          digest: 'string|null',
          compressed: 'number|null',
          uncompressed: 'number',
          content: 'number',
          hidden: 'number',
          files: 'number',
          absent: 'string|null',
        }),
        directories: arrayOf({ path: 'string', size: 'number' }),
      },
      layerCommands: arrayOf('string|null'),
      baseImage: nullable({ name: 'string', digest: 'string|null', source: 'string' }),
    },
    baseline: nullable({
      reference: 'string',
      compressed: nullable(DELTA),
      uncompressed: DELTA,
      layers: { shared: 'number', added: arrayOf(LAYER_CHANGE), removed: arrayOf(LAYER_CHANGE) },
      directories: arrayOf({ path: 'string', before: 'number', after: 'number', delta: 'number' }),
      findingsKnown: 'boolean',
      fixed: 'number|null',
    }),
    failOn: 'string',
  }),
};

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Where `value` differs from `shape`; `visited` collects the shape paths met with a value that is
 * not null (array items and nullable objects included), so a test can demand every one was seen.
 */
function shapeErrors(value: unknown, shape: Shape, path: string, visited: Set<string>): string[] {
  if (typeof shape === 'string') {
    if (value !== null) visited.add(path);
    return shape.split('|').includes(typeName(value)) ? [] : [`${path || '.'}: expected ${shape}, found ${typeName(value)}`];
  }
  if (shape instanceof NullableShape) return value === null ? [] : shapeErrors(value, shape.shape, path, visited);
  if (shape instanceof ArrayShape) {
    if (!Array.isArray(value)) return [`${path}: expected an array, found ${typeName(value)}`];
    visited.add(path);
    return value.flatMap((item: unknown) => shapeErrors(item, shape.item, `${path}[]`, visited));
  }
  if (shape instanceof RecordShape) {
    if (typeName(value) !== 'object') return [`${path}: expected an object, found ${typeName(value)}`];
    visited.add(path);
    return Object.entries(value as object).flatMap(([key, item]) => (typeName(item) === shape.value ? [] : [`${path}.${key}: expected ${shape.value}`]));
  }
  if (typeName(value) !== 'object') return [`${path || '.'}: expected an object, found ${typeName(value)}`];
  visited.add(path);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const errors = [
    ...Object.keys(shape)
      .filter((key) => !keys.includes(key))
      .map((key) => `${path}.${key}: missing`),
    ...keys.filter((key) => !(key in shape)).map((key) => `${path}.${key}: not documented`),
  ];
  for (const [key, inner] of Object.entries(shape)) if (key in record) errors.push(...shapeErrors(record[key], inner, `${path}.${key}`, visited));
  return errors;
}

/** Every path `shapeErrors` can visit. */
function shapePaths(shape: Shape, path: string): string[] {
  if (typeof shape === 'string') return [path];
  if (shape instanceof NullableShape) return shapePaths(shape.shape, path);
  if (shape instanceof ArrayShape) return [path, ...shapePaths(shape.item, `${path}[]`)];
  if (shape instanceof RecordShape) return [path];
  return [path, ...Object.entries(shape).flatMap(([key, inner]) => shapePaths(inner, `${path}.${key}`))];
}
