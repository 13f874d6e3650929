import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../src/image/types.ts';
import { buildElf } from '../support/elf-writer.ts';
import { runRule } from '../support/facts.ts';
import type { ImageSpec } from '../support/images.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const LOADER = '/lib64/ld-linux-x86-64.so.2';
const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const amd64 = { class: 64, endian: 'little', machine: 62 } as const;
const staticApp = buildElf({ ...amd64, type: 2 });
const dynamicApp = (needed: string[]) => buildElf({ ...amd64, type: 3, interpreter: LOADER, needed });
const loaderElf = buildElf({ ...amd64, type: 3, soname: 'ld-linux-x86-64.so.2' });
const libcElf = (needed: string[] = ['ld-linux-x86-64.so.2']) => buildElf({ ...amd64, type: 3, soname: 'libc.so.6', needed });

const file = (path: string, content: string | Buffer, mode = 0o755): TarEntrySpec => ({ path, content, mode });
const link = (path: string, target: string): TarEntrySpec => ({ path, type: 'symlink', target });
const libcLayer = (needed?: string[]): TarEntrySpec[] => [file(LOADER.slice(1), loaderElf), file(LIBC.slice(1), libcElf(needed), 0o644)];

/** Base files in layer 0, the app in layer 1 (so the layer of a finding is the app's). */
const image = (base: TarEntrySpec[], app: TarEntrySpec[], config: RuntimeConfig, architecture = 'amd64'): ImageSpec => ({
  layers: [{ entries: [{ path: 'etc/passwd', content: 'root:x:0:0::/:/sbin/nologin\n' }, ...base] }, { entries: app }],
  config,
  architecture,
});

const MISSING_HINT = 'COPY the program into the image, or point ENTRYPOINT at its absolute path';
const CHMOD_HINT = 'COPY --chmod=0755 or chmod +x it in the build stage';
const LIBC_HINT = 'link the program statically (CGO_ENABLED=0, -static) or use a base with libc such as gcr.io/distroless/base-debian12';
const LIBS_HINT = 'copy the libraries along, link statically, or use gcr.io/distroless/base-debian12 or cc-debian12';
const SCRIPT_HINT = 'run the interpreter explicitly in ENTRYPOINT, or use a distroless base that has it';

describe('entrypoint-runnable', () => {
  it('reports an image with nothing to run', async () => {
    expect(await runRule('entrypoint-runnable', image([], [file('app', staticApp)], {}))).toStrictEqual([
      { message: 'neither ENTRYPOINT nor CMD is set: the container has nothing to run', setting: 'ENTRYPOINT', hint: 'set ENTRYPOINT ["/path/to/app"]' },
    ]);
  });

  it('reports a missing argv[0] path at that path', async () => {
    expect(await runRule('entrypoint-runnable', image([], [file('app', staticApp)], { Entrypoint: ['/usr/local/bin/server'] }))).toStrictEqual([
      { message: '/usr/local/bin/server does not exist in the image', setting: 'ENTRYPOINT', path: '/usr/local/bin/server', hint: MISSING_HINT },
    ]);
  });

  it('reports a name in no PATH directory, on CMD when there is no ENTRYPOINT', async () => {
    expect(await runRule('entrypoint-runnable', image([], [file('opt/server', staticApp)], { Cmd: ['server', '--port', '80'] }))).toStrictEqual([
      { message: 'server is not in any PATH directory of the image', setting: 'CMD', hint: MISSING_HINT },
    ]);
  });

  it('reports a directory', async () => {
    expect(await runRule('entrypoint-runnable', image([], [{ path: 'app/', type: 'dir' }], { Entrypoint: ['/app'] }))).toStrictEqual([
      { message: '/app is a directory, not a program', setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: 'point ENTRYPOINT at the program file' },
    ]);
  });

  it('reports a program without an x bit, at its real path and layer', async () => {
    const spec = image([file('opt/app/server', staticApp, 0o644)], [link('app', '/opt/app/server')], { Entrypoint: ['/app'] });
    expect(await runRule('entrypoint-runnable', spec)).toStrictEqual([
      { message: '/opt/app/server is not executable (mode 0644, no x bit)', setting: 'ENTRYPOINT', path: '/opt/app/server', layer: 0, hint: CHMOD_HINT },
    ]);
  });

  it('reports an executable that is neither ELF nor a #! script', async () => {
    expect(await runRule('entrypoint-runnable', image([], [file('start', 'exec /app\n')], { Entrypoint: ['/start'] }))).toStrictEqual([
      {
        message: '/start is neither an ELF binary nor a script with a #! line: starting it fails with "exec format error"',
        setting: 'ENTRYPOINT',
        path: '/start',
        layer: 1,
        hint: 'point ENTRYPOINT at the binary, or start the script with a #! line naming its interpreter',
      },
    ]);
  });

  it('reports a binary for another architecture, comparing normalised names', async () => {
    const arm64 = buildElf({ ...amd64, machine: 183, type: 2 });
    expect(await runRule('entrypoint-runnable', image([], [file('app', arm64)], { Entrypoint: ['/app'] }))).toStrictEqual([
      {
        message: '/app is built for arm64 but the image is amd64',
        setting: 'ENTRYPOINT',
        path: '/app',
        layer: 1,
        hint: 'build the program for amd64 (GOARCH, --platform, or a cross compiler)',
      },
    ]);
    expect(await runRule('entrypoint-runnable', image([], [file('app', arm64)], { Entrypoint: ['/app'] }, 'arm64'))).toStrictEqual([]);
    expect(await runRule('entrypoint-runnable', image([], [file('app', staticApp)], { Entrypoint: ['/app'] }, 'x86_64'))).toStrictEqual([]);
  });

  it('reports a dynamic binary without its loader and libc', async () => {
    expect(await runRule('entrypoint-runnable', image([], [file('app', dynamicApp(['libc.so.6']))], { Entrypoint: ['/app'] }))).toStrictEqual([
      { message: `/app needs the dynamic loader ${LOADER}, which is not in the image`, setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: LIBC_HINT },
      { message: '/app needs libc.so.6, not found in the image', setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: LIBS_HINT },
    ]);
  });

  it("reports missing libraries, a library's own needs included", async () => {
    const spec = image(libcLayer(['ld-linux-x86-64.so.2', 'libz.so.1']), [file('app', dynamicApp(['libc.so.6', 'libssl.so.3']))], { Entrypoint: ['/app'] });
    expect(await runRule('entrypoint-runnable', spec)).toStrictEqual([
      { message: `/app needs libssl.so.3, libz.so.1 (for ${LIBC}), not found in the image`, setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: LIBS_HINT },
    ]);
  });

  it('reports a script whose interpreter is missing', async () => {
    expect(await runRule('entrypoint-runnable', image([], [file('app/run.py', '#!/usr/bin/python3\n')], { Entrypoint: ['/app/run.py'] }))).toStrictEqual([
      {
        message: '/app/run.py is a script for /usr/bin/python3, which is not in the image',
        setting: 'ENTRYPOINT',
        path: '/app/run.py',
        layer: 1,
        hint: SCRIPT_HINT,
      },
    ]);
  });

  it('reports #!/usr/bin/env python3 when env is there but python3 is in no PATH directory', async () => {
    const spec = image([file('usr/bin/env', staticApp), file('opt/python/bin/python3', staticApp)], [file('app/run.py', '#!/usr/bin/env python3\n')], {
      Entrypoint: ['/app/run.py'],
    });
    expect(await runRule('entrypoint-runnable', spec)).toStrictEqual([
      {
        message: '/app/run.py is a script for python3 (through /usr/bin/env), which is not in any PATH directory of the image',
        setting: 'ENTRYPOINT',
        path: '/app/run.py',
        layer: 1,
        hint: SCRIPT_HINT,
      },
    ]);
    const withPath = { ...spec, config: { Entrypoint: ['/app/run.py'], Env: ['PATH=/opt/python/bin:/usr/bin'] } };
    expect(await runRule('entrypoint-runnable', withPath)).toStrictEqual([]);
  });

  it('passes a static binary, a dynamic one with its libraries, and a script with its interpreter', async () => {
    expect(await runRule('entrypoint-runnable', image([], [file('app', staticApp)], { Entrypoint: ['/app'], Cmd: ['--serve'] }))).toStrictEqual([]);
    expect(await runRule('entrypoint-runnable', image(libcLayer(), [file('app', dynamicApp(['libc.so.6']))], { Entrypoint: ['/app'] }))).toStrictEqual([]);
    const script = image([file('usr/bin/python3', staticApp)], [file('app/run.py', '#!/usr/bin/python3\n')], { Cmd: ['/app/run.py'] });
    expect(await runRule('entrypoint-runnable', script)).toStrictEqual([]);
  });
});
