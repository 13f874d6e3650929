import { describe, expect, it } from 'vitest';
import { buildElf } from '../support/elf-writer.ts';
import { runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const staticApp = buildElf({ class: 64, endian: 'little', machine: 62, type: 2 });
const program = (path: string, content: string | Buffer = staticApp): TarEntrySpec => ({ path, content, mode: 0o755 });
const link = (path: string, target: string): TarEntrySpec => ({ path, type: 'symlink', target });
const hintFor = (base: string) =>
  `build in a full image and COPY only the app into a final stage FROM ${base} (multi-stage build); it has no shell or package manager`;

/** Debian with merged /usr and dash as sh, then the app. */
const debianApp: ImageSpec = {
  layers: [{ entries: [link('bin', 'usr/bin'), program('usr/bin/dash'), link('usr/bin/sh', 'dash')] }, { entries: [program('app')] }],
  config: { Entrypoint: ['/app'] },
};

describe('no-shell', () => {
  it('reports a Debian shell once, at the layer that wrote it, with a distroless base for the static app', async () => {
    expect(await runRule('no-shell', debianApp)).toStrictEqual([
      { message: 'shell /usr/bin/dash is in the image', path: '/usr/bin/dash', layer: 0, hint: hintFor('gcr.io/distroless/static-debian12') },
    ]);
  });

  it('says where a shell found under a symlinked path leads', async () => {
    const spec: ImageSpec = { ...debianApp, config: { Entrypoint: ['/app'], Env: ['PATH=/bin'] } };
    expect((await runRule('no-shell', spec)).map((finding) => [finding.message, finding.path, finding.layer])).toStrictEqual([
      ['shell /bin/dash (-> /usr/bin/dash) is in the image', '/bin/dash', 0],
    ]);
  });

  it('reports busybox of a :debug image', async () => {
    const spec: ImageSpec = {
      layers: [{ entries: [program('busybox/busybox'), link('busybox/sh', 'busybox'), program('app')] }],
      config: { Entrypoint: ['/app'] },
    };
    expect((await runRule('no-shell', spec)).map((finding) => finding.message)).toStrictEqual(['shell /busybox/busybox is in the image']);
  });

  it('passes a distroless-like image', async () => {
    const spec: ImageSpec = {
      layers: [{ entries: [{ path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' }, program('app')] }],
      config: { Entrypoint: ['/app'] },
    };
    expect(await runRule('no-shell', spec)).toStrictEqual([]);
  });

  it('looks for the names option `shells` adds', async () => {
    const spec: ImageSpec = { layers: [{ entries: [program('usr/bin/nu'), program('app')] }], config: { Entrypoint: ['/app'] } };
    expect(await runRule('no-shell', spec)).toStrictEqual([]);
    expect((await runRule('no-shell', spec, { options: { shells: ['nu'] } })).map((finding) => finding.path)).toStrictEqual(['/usr/bin/nu']);
  });
});

describe('the distroless base the hint names', () => {
  const LOADER = '/lib64/ld-linux-x86-64.so.2';
  const shellAnd = (entries: TarEntrySpec[], config: ImageSpec['config']): ImageSpec => ({ layers: [{ entries: [program('bin/sh'), ...entries] }], config });
  const hintOf = async (spec: ImageSpec) => (await runRule('no-shell', spec))[0].hint;

  it.each([
    ['node by name through PATH', shellAnd([program('usr/local/bin/node')], { Cmd: ['node', 'server.js'] }), 'gcr.io/distroless/nodejs22-debian12'],
    [
      'python through #!/usr/bin/env',
      shellAnd([program('app/main.py', '#!/usr/bin/env python3\n'), program('usr/bin/env')], { Entrypoint: ['/app/main.py'] }),
      'gcr.io/distroless/python3-debian12',
    ],
    [
      'python through #!/usr/bin/python3 -u',
      shellAnd([program('app/main.py', '#!/usr/bin/python3 -u\n')], { Entrypoint: ['/app/main.py'] }),
      'gcr.io/distroless/python3-debian12',
    ],
    ['java', shellAnd([program('usr/bin/java')], { Entrypoint: ['java', '-jar', '/app.jar'] }), 'gcr.io/distroless/java21-debian12'],
    ['dotnet', shellAnd([program('usr/bin/dotnet')], { Entrypoint: ['dotnet', 'app.dll'] }), 'mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled'],
    ['a static ELF', shellAnd([program('app')], { Entrypoint: ['/app'] }), 'gcr.io/distroless/static-debian12'],
    [
      'a dynamic ELF with libc only',
      shellAnd([program('app', buildElf({ class: 64, endian: 'little', machine: 62, type: 3, interpreter: LOADER, needed: ['libc.so.6'] }))], {
        Entrypoint: ['/app'],
      }),
      'gcr.io/distroless/base-debian12',
    ],
    [
      'a dynamic ELF with libstdc++',
      shellAnd(
        [program('app', buildElf({ class: 64, endian: 'little', machine: 62, type: 3, interpreter: LOADER, needed: ['libstdc++.so.6', 'libc.so.6'] }))],
        {
          Entrypoint: ['/app'],
        },
      ),
      'gcr.io/distroless/cc-debian12',
    ],
    [
      'nothing recognisable',
      shellAnd([program('app/run', 'echo hello\n')], { Cmd: ['/app/run'] }),
      'gcr.io/distroless/static-debian12 (or the distroless image for your runtime)',
    ],
  ])('%s', async (_, spec, base) => {
    expect(await hintOf(spec)).toBe(hintFor(base));
  });
});
