import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { captureForFacts } from '../../src/facts/capture.ts';
import type { FoundBinary } from '../../src/facts/binaries.ts';
import { type ImageFacts, gatherFacts } from '../../src/facts/index.ts';
import { languageToolOf } from '../../src/facts/tools.ts';
import { indexLayerStream } from '../../src/image/layer-index.ts';
import type { LoadedImage, RuntimeConfig } from '../../src/image/types.ts';
import { type DebianPackage, debianPackages, describeWithApt, mergedUsrRootfs } from '../support/debian.ts';
import { checkRule, factsOf } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const ELF = '\x7fELF fake';
const program = (path: string, content = ELF): TarEntrySpec => ({ path, content, mode: 0o755 });
const file = (path: string, content: string): TarEntrySpec => ({ path, content, mode: 0o644 });
const link = (path: string, target: string): TarEntrySpec => ({ path, type: 'symlink', target });
const image = (entries: TarEntrySpec[], config: RuntimeConfig = {}): ImageSpec => ({ layers: [{ entries }], config });
const where = (found: FoundBinary[]) => found.map(({ path, via, script }) => ({ path, ...(via ? { via } : {}), ...(script ? { script } : {}) }));

/** What the distroless nodejs image holds: node under /nodejs, Debian records, no npm. */
const DISTROLESS_NODEJS = [
  program('nodejs/bin/node'),
  file('nodejs/include/node/node.h', '/* header */'),
  file('var/lib/dpkg/status.d/libc6', 'Package: libc6\n'),
  file('etc/passwd', 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n'),
  { path: 'tmp/', type: 'dir', mode: 0o1777 } satisfies TarEntrySpec,
];
const NODEJS_CONFIG: RuntimeConfig = {
  Entrypoint: ['/nodejs/bin/node'],
  Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'],
  User: '65532',
};

/** node:22 installs npm, npx and corepack as links to their scripts, and yarn from /opt. */
const NODE_IMAGE = [
  program('usr/local/bin/node'),
  program('usr/local/lib/node_modules/npm/bin/npm-cli.js', '#!/usr/bin/env node\nrequire("../lib/cli.js")(process)\n'),
  program('usr/local/lib/node_modules/npm/bin/npx-cli.js', '#!/usr/bin/env node\n'),
  program('usr/local/lib/node_modules/corepack/dist/corepack.js', '#!/usr/bin/env node\n'),
  link('usr/local/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js'),
  link('usr/local/bin/npx', '../lib/node_modules/npm/bin/npx-cli.js'),
  link('usr/local/bin/corepack', '../lib/node_modules/corepack/dist/corepack.js'),
  program('opt/yarn-v1.22.22/bin/yarn', '#!/bin/sh\nexec node "$0.js" "$@"\n'),
  link('usr/local/bin/yarn', '/opt/yarn-v1.22.22/bin/yarn'),
];

describe('language package managers', () => {
  it('finds none in an image laid out like gcr.io/distroless/nodejs22-debian13, and the rules stay silent', async () => {
    const { facts } = await factsOf(image(DISTROLESS_NODEJS, NODEJS_CONFIG));
    expect(facts.packageManagers).toStrictEqual([]);
    expect(facts.buildTools).toStrictEqual([]);
    expect(checkRule('no-package-manager', facts, { preset: 'recommended' })).toStrictEqual([]);
    expect(checkRule('no-build-tools', facts, { preset: 'recommended' })).toStrictEqual([]);
  });

  it('finds npm, npx, corepack and yarn as node:22 links them, under the names PATH finds', async () => {
    const { facts } = await factsOf(image(NODE_IMAGE, { Cmd: ['node'] }));
    expect(where(facts.packageManagers)).toStrictEqual([
      { path: '/usr/local/bin/corepack', via: '/usr/local/lib/node_modules/corepack/dist/corepack.js' },
      { path: '/usr/local/bin/npm', via: '/usr/local/lib/node_modules/npm/bin/npm-cli.js' },
      { path: '/usr/local/bin/npx', via: '/usr/local/lib/node_modules/npm/bin/npx-cli.js' },
      { path: '/usr/local/bin/yarn', via: '/opt/yarn-v1.22.22/bin/yarn' },
    ]);
    expect(facts.buildTools).toStrictEqual([]);
  });

  it('finds npm beside a distroless-style /nodejs/bin/node, which PATH does not list, and a link of another name to npm-cli.js', async () => {
    const entries = [
      ...DISTROLESS_NODEJS,
      program('nodejs/lib/node_modules/npm/bin/npm-cli.js', '#!/usr/bin/env node\n'),
      link('nodejs/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js'),
      link('usr/bin/node-pm', '/nodejs/lib/node_modules/npm/bin/npm-cli.js'),
    ];
    const { facts } = await factsOf(image(entries, NODEJS_CONFIG));
    expect(where(facts.packageManagers)).toStrictEqual([{ path: '/usr/bin/node-pm', via: '/nodejs/lib/node_modules/npm/bin/npm-cli.js' }]);
    // Without the other link, the one beside the entry point is found.
    const beside = await factsOf(
      image(
        entries.filter((entry) => entry.path !== 'usr/bin/node-pm'),
        NODEJS_CONFIG,
      ),
    );
    expect(where(beside.facts.packageManagers)).toStrictEqual([{ path: '/nodejs/bin/npm', via: '/nodejs/lib/node_modules/npm/bin/npm-cli.js' }]);
  });

  it('says what each tool is, how to drop it, and when the entry point runs it', async () => {
    const { facts } = await factsOf(image(NODE_IMAGE, { Cmd: ['npm', 'start'], User: '1000' }));
    const findings = checkRule('no-package-manager', facts, { preset: 'recommended' });
    expect(findings.map((finding) => finding.message)).toStrictEqual([
      'Node.js package manager /usr/local/bin/corepack (-> /usr/local/lib/node_modules/corepack/dist/corepack.js) is in the image',
      'Node.js package manager /usr/local/bin/npm (-> /usr/local/lib/node_modules/npm/bin/npm-cli.js) is in the image',
      'Node.js package manager /usr/local/bin/npx (-> /usr/local/lib/node_modules/npm/bin/npx-cli.js) is in the image',
      'Node.js package manager /usr/local/bin/yarn (-> /opt/yarn-v1.22.22/bin/yarn) is in the image',
    ]);
    expect(findings[1].hint).toBe(
      'the entry point runs it: run npm ci --omit=dev in a build stage and COPY the app with its node_modules into a final stage FROM gcr.io/distroless/nodejs22-debian13, which has no npm, npx or corepack; start it with node, not npm start (multi-stage build)',
    );
    expect(findings[0].hint).not.toContain('entry point');
  });

  it('finds pip, pip3, pip3.X, pipx, gem, bundle and composer, and the extra names a policy adds', async () => {
    const entries = ['pip', 'pip3', 'pip3.12', 'pipx', 'gem', 'bundle', 'bundler', 'composer', 'uv'].map((name) =>
      program(`usr/local/bin/${name}`, `#!/usr/local/bin/python3\n# ${name}\n`),
    );
    const { facts } = await factsOf(image(entries), { extraPackageManagers: ['uv'] });
    expect(facts.packageManagers.map((found) => found.name)).toStrictEqual(['bundle', 'bundler', 'composer', 'gem', 'pip', 'pip3', 'pip3.12', 'pipx', 'uv']);
    expect(checkRule('no-package-manager', facts).map((finding) => finding.message.split(' /')[0])).toStrictEqual([
      'Ruby package manager',
      'Ruby package manager',
      'PHP package manager',
      'Ruby package manager',
      'Python package manager',
      'Python package manager',
      'Python package manager',
      'Python package manager',
      'package manager',
    ]);
  });

  it('stays silent on CPython: its stdlib, ensurepip and its bundled pip wheel are no pip program', async () => {
    const entries = [
      program('usr/bin/python3.11'),
      link('usr/bin/python3', 'python3.11'),
      file('usr/lib/python3.11/ensurepip/__init__.py', 'import os\n'),
      file('usr/lib/python3.11/ensurepip/_bundled/pip-23.0.1-py3-none-any.whl', 'PK\x03\x04'),
      program('usr/lib/python3.11/pip/__main__.py', '#!/usr/bin/python3\n'),
    ];
    const { facts } = await factsOf(image(entries, { Entrypoint: ['/usr/bin/python3.11'] }));
    expect(facts.packageManagers).toStrictEqual([]);
    expect(facts.buildTools).toStrictEqual([]);
  });
});

describe('build tools', () => {
  it('finds Debian gcc once, as the file cc -> /etc/alternatives/cc -> gcc -> gcc-12 leads to, and not gcc-ar or c++filt', async () => {
    const entries = [
      link('bin', 'usr/bin'),
      program('usr/bin/x86_64-linux-gnu-gcc-12'),
      link('usr/bin/gcc-12', 'x86_64-linux-gnu-gcc-12'),
      link('usr/bin/gcc', 'gcc-12'),
      link('etc/alternatives/cc', '/usr/bin/gcc'),
      link('usr/bin/cc', '/etc/alternatives/cc'),
      program('usr/bin/x86_64-linux-gnu-gcc-ar-12'),
      link('usr/bin/gcc-ar-12', 'x86_64-linux-gnu-gcc-ar-12'),
      program('usr/bin/c++filt'),
      program('usr/bin/clang++-17'),
      program('usr/bin/perl'),
    ];
    const { facts } = await factsOf(image(entries));
    expect(where(facts.buildTools)).toStrictEqual([{ path: '/usr/bin/x86_64-linux-gnu-gcc-12' }, { path: '/usr/bin/clang++-17' }]);
    expect(checkRule('no-build-tools', facts)[0]).toStrictEqual({
      message: 'C/C++ compiler /usr/bin/x86_64-linux-gnu-gcc-12 is in the image',
      path: '/usr/bin/x86_64-linux-gnu-gcc-12',
      layer: 0,
      hint: 'compile in a build stage and COPY only the built program into a final stage FROM gcr.io/distroless/static-debian12 (or the distroless image for your runtime) (multi-stage build)',
    });
  });

  it('finds make, git, go in its PATH directory, cargo, javac, and the extra names a policy adds', async () => {
    const entries = [
      program('usr/bin/make'),
      link('usr/bin/gmake', 'make'),
      program('usr/bin/git'),
      program('usr/local/go/bin/go'),
      program('usr/local/cargo/bin/cargo'),
      { path: 'usr/local/cargo/bin/rustc', type: 'hardlink', target: 'usr/local/cargo/bin/cargo' } satisfies TarEntrySpec,
      program('usr/lib/jvm/jdk/bin/javac'),
      link('usr/bin/javac', '/usr/lib/jvm/jdk/bin/javac'),
      program('usr/bin/bazel'),
    ];
    const { facts } = await factsOf(image(entries, { Env: ['PATH=/usr/local/go/bin:/usr/local/cargo/bin:/usr/bin'] }), { extraBuildTools: ['bazel'] });
    expect(facts.buildTools.map((found) => [found.name, languageToolOf(found)?.what ?? 'extra'])).toStrictEqual([
      ['go', 'Go toolchain'],
      ['cargo', 'Rust toolchain'],
      ['bazel', 'extra'],
      ['git', 'version control tool'],
      // gmake, listed first, leads to make beside it: the file is reported as itself.
      ['make', 'build tool'],
      ['javac', 'Java build tool'],
    ]);
    expect(checkRule('no-build-tools', facts).find((finding) => finding.path === '/usr/bin/git')?.hint).toBe(
      'fetch sources in a build stage (or ADD the git URL) and COPY only what the app needs into the final stage (multi-stage build)',
    );
  });

  it('keeps the directory PATH finds for a file reached through a symlinked directory, and a link to a file of another name', async () => {
    const entries = [link('bin', 'usr/bin'), program('usr/bin/make'), link('usr/bin/gmake', 'make'), program('usr/bin/dnf-3'), link('usr/bin/yum', 'dnf-3')];
    const { facts } = await factsOf(image(entries, { Env: ['PATH=/bin'] }));
    expect(where(facts.buildTools)).toStrictEqual([{ path: '/bin/make', via: '/usr/bin/make' }]);
    expect(where(facts.packageManagers)).toStrictEqual([{ path: '/bin/yum', via: '/usr/bin/dnf-3' }]);
  });

  it('finds a tool outside the bin directories as the #! interpreter of a script, and nothing for an interpreter that is missing', async () => {
    const entries = [
      program('opt/tools/make'),
      program('app/regen', '#!/opt/tools/make -f\nall:\n'),
      program('app/build', '#!/opt/missing/make -f\n'),
      program('app/start', '#!/usr/bin/env node\n'),
    ];
    const { facts } = await factsOf(image(entries, { Entrypoint: ['/app/start'] }));
    expect(where(facts.buildTools)).toStrictEqual([{ path: '/opt/tools/make', script: '/app/regen' }]);
    expect(checkRule('no-build-tools', facts).map((finding) => finding.message)).toStrictEqual([
      'build tool /opt/tools/make is in the image, as the #! interpreter of /app/regen',
    ]);
  });

  it('stays silent on a JRE, a distroless cc-style image and a static binary', async () => {
    const entries = [
      program('usr/lib/jvm/temurin-21-jre-amd64/bin/java'),
      program('usr/lib/jvm/temurin-21-jre-amd64/bin/keytool'),
      program('usr/lib/jvm/temurin-21-jre-amd64/bin/jwebserver'),
      link('etc/alternatives/java', '/usr/lib/jvm/temurin-21-jre-amd64/bin/java'),
      link('usr/bin/java', '/etc/alternatives/java'),
      file('usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30', ELF),
      file('usr/lib/x86_64-linux-gnu/libgcc_s.so.1', ELF),
      file('usr/share/doc/gcc-12-base/copyright', 'gcc'),
      file('var/lib/dpkg/status.d/gcc-12-base', 'Package: gcc-12-base\n'),
      program('app'),
    ];
    const { facts } = await factsOf(image(entries, { Entrypoint: ['/usr/bin/java', '-jar', '/app.jar'] }));
    expect(facts.buildTools).toStrictEqual([]);
    expect(facts.packageManagers).toStrictEqual([]);
  });
});

/** Facts of one layer holding `tar` (no engine: the layer goes through the real reader). */
async function factsOfRootfs(tar: Buffer, config: RuntimeConfig): Promise<ImageFacts> {
  const diffId = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
  const layer = { diffId, digest: diffId, mediaType: 'application/vnd.oci.image.layer.v1.tar', size: tar.length };
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < tar.length; at += 64 * 1024) yield tar.subarray(at, at + 64 * 1024);
  }
  const loaded: LoadedImage = {
    reference: 'fixture:debian',
    platform: { os: 'linux', architecture: 'amd64' },
    config: { architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers', diff_ids: [diffId] } },
    layers: [layer],
    annotations: {},
    layerIndexes: [await indexLayerStream(chunks(), layer, captureForFacts, 'debian rootfs')],
  };
  return gatherFacts(loaded).facts;
}

describeWithApt('real Debian packages', () => {
  /** Debian minbase-like content and CPython: perl, dpkg and apt, no compiler. */
  const BASE = [
    'base-files',
    'dash',
    'bash',
    'libtinfo6',
    'libc6',
    'perl-base',
    'dpkg',
    'apt',
    'libpython3.11-minimal',
    'libpython3.11-stdlib',
    'python3.11-minimal',
  ];
  let base: DebianPackage[];
  const packages = async (names: string[]) => {
    base ??= await debianPackages(BASE);
    return [...base, ...(await debianPackages(names))];
  };

  it('finds only the OS package managers in minbase content with CPython, ensurepip and its pip wheel', async () => {
    const facts = await factsOfRootfs(await mergedUsrRootfs(await packages(['python3.11-venv', 'python3-pip-whl'])), { Cmd: ['python3.11'] });
    expect(facts.packageManagers.map((found) => found.path)).toStrictEqual(['/usr/bin/apt', '/usr/bin/apt-get', '/usr/bin/dpkg']);
    expect(facts.buildTools).toStrictEqual([]);
  }, 60_000);

  it("finds python3-pip's pip, pip3 and pip3.11 scripts, make (once, not again as its link gmake) and git", async () => {
    const facts = await factsOfRootfs(await mergedUsrRootfs(await packages(['python3-pip', 'make', 'git'])), { Cmd: ['python3.11'] });
    const messages = [...checkRule('no-package-manager', facts), ...checkRule('no-build-tools', facts)].map((finding) => finding.message);
    expect(messages).toStrictEqual([
      'package manager /usr/bin/apt is in the image',
      'package manager /usr/bin/apt-get is in the image',
      'package manager /usr/bin/dpkg is in the image',
      'Python package manager /usr/bin/pip is in the image',
      'Python package manager /usr/bin/pip3 is in the image',
      'Python package manager /usr/bin/pip3.11 is in the image',
      'version control tool /usr/bin/git is in the image',
      'build tool /usr/bin/make is in the image',
    ]);
  }, 60_000);
});
