// Reports are the product: this pins every output format of the CLI, byte for byte, on images
// that exercise every rule, so a change to the engine's shape cannot change what users read. The
// CLI's program runs in this process (the hostile corpus holds it byte-equal to the real process).
// After an intended change of output: UPDATE_GOLDEN=1 npm test -- test/golden, then review the diff.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianApp, distrolessApp } from '../../examples/demo/images.ts';
import { buildElf } from '../support/elf-writer.ts';
import { type ImageSpec, writeDockerArchive, writeOciArchive, writeOciLayout } from '../support/images.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { ROOT } from '../support/process.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const EXPECTED = join(import.meta.dirname, 'expected');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;

const X86_64 = 62;
const AARCH64 = 183;
const dynamicTool = buildElf({
  class: 64,
  endian: 'little',
  machine: X86_64,
  type: 3,
  interpreter: '/lib64/ld-linux-x86-64.so.2',
  needed: ['libc.so.6', 'libz.so.1'],
  gap: 5_000,
});
const armTool = buildElf({ class: 64, endian: 'little', machine: AARCH64, type: 2, gap: 1_000 });
const staticTool = buildElf({ class: 64, endian: 'little', machine: X86_64, type: 2, gap: 2_000 });

const dir = (path: string, mode = 0o755): TarEntrySpec => ({ path, type: 'dir', mode });
const file = (path: string, content: string | Buffer, mode = 0o644): TarEntrySpec => ({ path, content, mode });

/** One image that trips every rule the strict policy below turns on. */
const kitchenSink: ImageSpec = {
  layers: [
    {
      entries: [
        { path: 'bin', type: 'symlink', target: 'usr/bin' },
        dir('etc'),
        file('etc/os-release', 'ID=alpine\nVERSION_ID=3.20.0\nPRETTY_NAME="Alpine Linux v3.20"\n'),
        file('etc/passwd', 'root:x:0:0:root:/root:/bin/ash\napp:x:1000:1000::/home/app:/sbin/nologin\n'),
        file('etc/group', 'root:x:0:\napp:x:1000:\n'),
        dir('lib'),
        dir('lib/apk'),
        dir('lib/apk/db'),
        file('lib/apk/db/installed', 'P:musl\nV:1.2.5-r0\n\nP:busybox\nV:1.36.1-r29\n\nP:apk-tools\nV:2.14.4-r0\n'),
        dir('usr'),
        dir('usr/bin'),
        file('usr/bin/busybox', staticTool, 0o755),
        { path: 'usr/bin/ash', type: 'symlink', target: 'busybox' },
        { path: 'usr/bin/curl', type: 'hardlink', target: 'usr/bin/busybox' },
        file('usr/bin/apk', staticTool, 0o755),
        file('usr/bin/su', staticTool, 0o4755),
        file('usr/bin/pip3', '#!/usr/bin/python3\nfrom pip._internal.cli.main import main\n', 0o755),
        file('usr/bin/gcc-12', staticTool, 0o755),
        { path: 'usr/bin/cc', type: 'symlink', target: 'gcc-12' },
        dir('tmp', 0o1777),
        dir('data', 0o777),
      ],
    },
    { entries: [dir('app'), file('app/big.bin', Buffer.alloc(300_000, 7)), file('app/start.sh', '#!/usr/bin/python3\nprint(1)\n', 0o755)] },
    { entries: [dir('app'), { path: 'app/.wh.big.bin', content: '' }, file('app/tool', dynamicTool, 0o755), file('app/arm', armTool, 0o755)] },
    { entries: [dir('app'), file('app/notes.txt', 'world', 0o666)] },
  ],
  config: {
    Cmd: ['/bin/sh', '-c', '/app/start.sh --serve'],
    Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'DB_PASSWORD=hunter2', 'API_TOKEN=abc', 'LANG=C.UTF-8'],
    Labels: { maintainer: 'someone', 'org.opencontainers.image.base.name': 'docker.io/library/alpine:3.20' },
  },
};

/** The same files with an entry point that needs what the image lacks: a loader, libz, an interpreter. */
const dynamicEntry: ImageSpec = { ...kitchenSink, config: { Entrypoint: ['/app/tool'], Cmd: ['--serve'], User: 'app' } };
const scriptEntry: ImageSpec = { ...kitchenSink, config: { Entrypoint: ['/app/start.sh'], User: '1000:1000' } };

const STRICT_POLICY = `extends: strict
fail-on: warning
rules:
  max-layers: { level: error, max: 3 }
  max-size: { level: warning, uncompressed: 100KB }
  allowed-base-images: { level: error, images: ["gcr.io/distroless/*"] }
  required-labels: { level: error, labels: { "org.opencontainers.image.source": "^https://", maintainer: "^someone$" } }
  no-secrets-in-env: { level: error, allow: [API_*] }
  no-shell: { level: error, shells: [ash] }
  required-paths: { level: error, paths: [{ path: /etc/ssl/certs/ca-certificates.crt }, { path: /app/tool, type: file, mode: "0755", owner: "65532:65532" }] }
exceptions:
  - rule: no-setuid
    path: /usr/bin/su
    reason: needed for the golden test
`;

const DOCKERFILE = `FROM alpine:3.20
RUN apk add --no-cache curl
COPY big.bin start.sh /app/
RUN rm /app/big.bin && cp tool arm /app/
COPY notes.txt /app/
ENV DB_PASSWORD=hunter2 API_TOKEN=abc
LABEL maintainer=someone
CMD /app/start.sh --serve
`;

interface Case {
  name: string;
  args: string[];
}

const CASES: Case[] = [
  { name: 'demo-distroless', args: [`distroless-app=oci-archive:distroless.tar`] },
  {
    name: 'demo-debian',
    args: ['--dockerfile', 'examples/demo/Dockerfile', '--baseline', `oci-archive:distroless.tar`, `debian-app=oci-archive:debian.tar`],
  },
  {
    name: 'kitchen-sink',
    args: ['--policy', 'policy.yml', '--dockerfile', 'Dockerfile', '--baseline', `docker-archive:distroless-legacy.tar`, `sink=docker-archive:sink.tar`],
  },
  { name: 'dynamic-entry', args: [`oci-archive:dynamic.tar`] },
  { name: 'script-entry', args: ['--fail-on', 'never', `script=oci-archive:script.tar`] },
  { name: 'two-images', args: [`oci:layout`, `app=docker-archive:sink.tar`] },
];

/** The commands that look inside an image. */
const LOOKS: { name: string; argv: string[] }[] = [
  { name: 'ls-long', argv: ['ls', '-l', `docker-archive:sink.tar`] },
  { name: 'ls-json-app', argv: ['ls', '--json', `docker-archive:sink.tar`, '/app'] },
  { name: 'ls-layer', argv: ['ls', '--layer', '2', `docker-archive:sink.tar`] },
  { name: 'cat', argv: ['cat', `docker-archive:sink.tar`, '/etc/passwd'] },
  { name: 'cat-through-symlink', argv: ['cat', `oci-archive:debian.tar`, '/bin/sh'] },
  { name: 'diff', argv: ['diff', `oci-archive:distroless.tar`, `oci-archive:debian.tar`] },
  {
    name: 'diff-json',
    argv: ['diff', '--format', 'json', `oci-archive:distroless.tar`, `docker-archive:sink.tar`],
  },
];

describe('golden reports', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'distroless-guard-golden-'));
    await writeOciArchive(join(work, 'distroless.tar'), distrolessApp, { refName: 'main' });
    await writeOciArchive(join(work, 'debian.tar'), debianApp, { refName: 'pr' });
    await writeDockerArchive(join(work, 'distroless-legacy.tar'), distrolessApp, { format: 'legacy' });
    await writeDockerArchive(join(work, 'sink.tar'), kitchenSink, { format: 'legacy' });
    await writeOciArchive(join(work, 'dynamic.tar'), dynamicEntry);
    await writeOciArchive(join(work, 'script.tar'), scriptEntry);
    await writeOciLayout(join(work, 'layout'), [distrolessApp, { ...debianApp, architecture: 'arm64' }]);
    await writeFile(join(work, 'policy.yml'), STRICT_POLICY);
    await writeFile(join(work, 'Dockerfile'), DOCKERFILE);
    await mkdir(join(work, 'examples/demo'), { recursive: true });
    await copyFile(join(ROOT, 'examples/demo/Dockerfile'), join(work, 'examples/demo/Dockerfile'));
    if (UPDATE) await mkdir(EXPECTED, { recursive: true });
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const runs = [
    ...CASES.flatMap((testCase) => FORMATS.map((format) => ({ name: `${testCase.name}.${format}`, argv: ['check', '--format', format, ...testCase.args] }))),
    ...LOOKS.map(({ name, argv }) => ({ name, argv })),
  ];
  for (const run of runs)
    it(run.name, async () => {
      // Relative paths from a temporary working directory: SARIF fingerprints hash the messages,
      // so no run-specific path may appear in them.
      const result = await runCliInProcess(run.argv, { cwd: work, env: { NO_COLOR: '1' } });
      const actual = `exit ${result.code}\n--- stderr\n${result.stderr}--- stdout\n${result.stdout.toString('utf8')}`;
      const path = join(EXPECTED, `${run.name}.txt`);
      if (UPDATE) await writeFile(path, actual);
      expect(actual).toBe(await readFile(path, 'utf8'));
    });
});
