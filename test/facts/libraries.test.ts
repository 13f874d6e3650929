import { describe, expect, it } from 'vitest';
import type { ElfInfo } from '../../src/facts/elf.ts';
import type { CapturedExecutable } from '../../src/facts/executable-capture.ts';
import { resolveLibraries } from '../../src/facts/libraries.ts';
import { FakeFilesystem } from '../support/fake-filesystem.ts';

function amd64(fields: Partial<ElfInfo> = {}): ElfInfo {
  return {
    class: 64,
    endian: 'little',
    machine: 62,
    machineName: 'amd64',
    type: 'dyn',
    needed: [],
    runpath: [],
    rpath: [],
    dynamic: true,
    complete: true,
    ...fields,
  };
}

/** What the executable collector captures for a library: the head does not matter here. */
function elfFile(elf: ElfInfo): CapturedExecutable {
  return { head: Buffer.from([0x7f, 0x45, 0x4c, 0x46]), truncated: true, elf };
}

const LOADER = '/lib64/ld-linux-x86-64.so.2';
const app = (fields: Partial<ElfInfo> = {}): ElfInfo => amd64({ interpreter: LOADER, needed: ['libc.so.6'], ...fields });

/** A Debian-like image (usrmerge): /lib and /lib64 are symlinks into /usr, libc in the multiarch directory. */
function debian(): FakeFilesystem {
  return new FakeFilesystem()
    .symlink('/lib', 'usr/lib')
    .symlink('/lib64', 'usr/lib64')
    .symlink('/usr/lib64/ld-linux-x86-64.so.2', '../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2')
    .file('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', elfFile(amd64({ soname: 'ld-linux-x86-64.so.2' })))
    .file('/usr/lib/x86_64-linux-gnu/libc.so.6', elfFile(amd64({ soname: 'libc.so.6', interpreter: LOADER, needed: ['ld-linux-x86-64.so.2'] })));
}

describe('resolveLibraries (glibc)', () => {
  it('finds libc in /lib/x86_64-linux-gnu through the /lib -> usr/lib symlink', () => {
    expect(resolveLibraries(debian(), '/app/server', app(), {})).toStrictEqual({
      interpreter: { path: LOADER, found: true },
      libraries: [
        { name: 'libc.so.6', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libc.so.6' },
        // satisfied by the loader already mapped, without a search
        { name: 'ld-linux-x86-64.so.2', neededBy: '/lib/x86_64-linux-gnu/libc.so.6', path: LOADER },
      ],
      incomplete: [],
    });
  });

  it('reports a missing libc and a missing interpreter', () => {
    const fs = new FakeFilesystem().file('/app/server');
    expect(resolveLibraries(fs, '/app/server', app(), {})).toStrictEqual({
      interpreter: { path: LOADER, found: false },
      libraries: [{ name: 'libc.so.6', neededBy: '/app/server' }],
      incomplete: [],
    });
  });

  it('has nothing to resolve for a static binary', () => {
    const elf = amd64({ type: 'exec', dynamic: false });
    expect(resolveLibraries(debian(), '/app/server', elf, {})).toStrictEqual({ libraries: [], incomplete: [] });
  });

  it('expands $ORIGIN and ${ORIGIN} in DT_RUNPATH from the real directory of the binary', () => {
    const fs = debian()
      .file('/app/bin/server')
      .symlink('/usr/local/bin/server', '/app/bin/server')
      .file('/app/lib/libfoo.so', elfFile(amd64()))
      .file('/app/plugins/libbar.so', elfFile(amd64()));
    const elf = app({ needed: ['libfoo.so', 'libbar.so', 'libc.so.6'], runpath: ['$ORIGIN/../lib', '${ORIGIN}/../plugins', '$ORIGINAL/lib'] });
    expect(resolveLibraries(fs, '/usr/local/bin/server', elf, {}).libraries).toStrictEqual([
      { name: 'libfoo.so', neededBy: '/usr/local/bin/server', path: '/app/lib/libfoo.so' },
      { name: 'libbar.so', neededBy: '/usr/local/bin/server', path: '/app/plugins/libbar.so' },
      { name: 'libc.so.6', neededBy: '/usr/local/bin/server', path: '/lib/x86_64-linux-gnu/libc.so.6' },
      { name: 'ld-linux-x86-64.so.2', neededBy: '/lib/x86_64-linux-gnu/libc.so.6', path: LOADER },
    ]);
  });

  it('ignores DT_RPATH when there is a DT_RUNPATH', () => {
    const fs = debian().file('/rpath/libfoo.so', elfFile(amd64())).file('/runpath/libfoo.so', elfFile(amd64()));
    const both = app({ needed: ['libfoo.so'], rpath: ['/rpath'], runpath: ['/runpath'] });
    expect(resolveLibraries(fs, '/app/server', both, {}).libraries[0].path).toBe('/runpath/libfoo.so');
    const rpathOnly = app({ needed: ['libfoo.so'], rpath: ['/rpath'] });
    expect(resolveLibraries(fs, '/app/server', rpathOnly, {}).libraries[0].path).toBe('/rpath/libfoo.so');
  });

  it('searches DT_RPATH before LD_LIBRARY_PATH, and LD_LIBRARY_PATH before DT_RUNPATH', () => {
    const fs = debian().file('/rpath/libfoo.so', elfFile(amd64())).file('/runpath/libfoo.so', elfFile(amd64())).file('/llp/libfoo.so', elfFile(amd64()));
    const env = { LD_LIBRARY_PATH: 'relative/dir:/empty;/llp' };
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so'], rpath: ['/rpath'] }), env).libraries[0].path).toBe('/rpath/libfoo.so');
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so'], runpath: ['/runpath'] }), env).libraries[0].path).toBe('/llp/libfoo.so');
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so'] }), { LD_LIBRARY_PATH: '$ORIGIN/libs' }).libraries[0].path).toBeUndefined();
    fs.file('/app/libs/libfoo.so', elfFile(amd64()));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so'] }), { LD_LIBRARY_PATH: '$ORIGIN/libs' }).libraries[0].path).toBe(
      '/app/libs/libfoo.so',
    );
  });

  it("uses the executable's DT_RPATH for its libraries' needs, but never its DT_RUNPATH", () => {
    const fs = debian()
      .file('/opt/x/liba.so', elfFile(amd64({ needed: ['libb.so'] })))
      .file('/opt/x/libb.so', elfFile(amd64()));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['liba.so'], rpath: ['/opt/x'] }), {}).libraries).toStrictEqual([
      { name: 'liba.so', neededBy: '/app/server', path: '/opt/x/liba.so' },
      { name: 'libb.so', neededBy: '/opt/x/liba.so', path: '/opt/x/libb.so' },
    ]);
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['liba.so'], runpath: ['/opt/x'] }), {}).libraries).toStrictEqual([
      { name: 'liba.so', neededBy: '/app/server', path: '/opt/x/liba.so' },
      { name: 'libb.so', neededBy: '/opt/x/liba.so' },
    ]);
  });

  it('reads /etc/ld.so.conf and the files its include globs match', () => {
    const fs = debian()
      .file('/etc/ld.so.conf', 'include ld.so.conf.d/*.conf\n/opt/top   # trailing comment\n')
      .file('/etc/ld.so.conf.d/app.conf', '# app libraries\n/opt/app/lib/\n\n')
      .file('/etc/ld.so.conf.d/notes.txt', '/opt/ignored\n')
      .file('/opt/app/lib/libfoo.so.1', elfFile(amd64()))
      .file('/opt/top/libtop.so', elfFile(amd64()))
      .file('/opt/ignored/libbar.so.1', elfFile(amd64()));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so.1', 'libtop.so', 'libbar.so.1'] }), {})).toStrictEqual({
      interpreter: { path: LOADER, found: true },
      libraries: [
        { name: 'libfoo.so.1', neededBy: '/app/server', path: '/opt/app/lib/libfoo.so.1' },
        { name: 'libtop.so', neededBy: '/app/server', path: '/opt/top/libtop.so' },
        { name: 'libbar.so.1', neededBy: '/app/server' },
      ],
      incomplete: [],
    });
  });

  it('notes an ld.so.conf file that exists but was not captured', () => {
    const fs = debian().file('/etc/ld.so.conf', 'include /etc/ld.so.conf.d/*.conf\n').file('/etc/ld.so.conf.d/app.conf');
    expect(resolveLibraries(fs, '/app/server', app(), {}).incomplete).toStrictEqual(['/etc/ld.so.conf.d/app.conf']);
  });

  it('skips a library of another architecture or class and keeps searching', () => {
    const fs = debian()
      .file('/usr/lib/x86_64-linux-gnu/libfoo.so', elfFile(amd64({ machine: 183, machineName: 'arm64' })))
      .file('/usr/lib64/libfoo.so', elfFile(amd64({ class: 32, machineName: 'unknown(62)' })))
      .file('/usr/lib/libfoo.so', elfFile(amd64()));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so'] }), {}).libraries).toStrictEqual([
      { name: 'libfoo.so', neededBy: '/app/server', path: '/lib/libfoo.so' },
    ]);
    const onlyWrong = debian().file('/usr/lib/x86_64-linux-gnu/libfoo.so', elfFile(amd64({ machine: 183, machineName: 'arm64' })));
    expect(resolveLibraries(onlyWrong, '/app/server', app({ needed: ['libfoo.so'] }), {}).libraries).toStrictEqual([
      { name: 'libfoo.so', neededBy: '/app/server' },
    ]);
  });

  it('skips what is not a regular ELF file: a directory, a linker script, a dangling or looping symlink', () => {
    const fs = debian()
      .dir('/usr/lib/x86_64-linux-gnu/libfoo.so')
      .file('/usr/lib64/libfoo.so', 'GROUP ( /lib/libfoo.so.1 )\n')
      .symlink('/usr/lib/libfoo.so', 'libfoo.so.1')
      .symlink('/usr/lib/libloop.so', 'libloop.so');
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so', 'libloop.so'] }), {}).libraries).toStrictEqual([
      { name: 'libfoo.so', neededBy: '/app/server' },
      { name: 'libloop.so', neededBy: '/app/server' },
    ]);
  });

  it('accepts a library whose ELF facts were not captured, and says so', () => {
    const fs = debian()
      .file('/usr/lib/x86_64-linux-gnu/libfoo.so.1')
      .file('/usr/lib/x86_64-linux-gnu/libbar.so.1', elfFile(amd64({ complete: false })));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so.1', 'libbar.so.1'], complete: false }), {})).toStrictEqual({
      interpreter: { path: LOADER, found: true },
      libraries: [
        { name: 'libfoo.so.1', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libfoo.so.1' },
        { name: 'libbar.so.1', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libbar.so.1' },
      ],
      incomplete: ['/app/server', '/lib/x86_64-linux-gnu/libfoo.so.1', '/lib/x86_64-linux-gnu/libbar.so.1'],
    });
  });

  it("follows each library's own DT_NEEDED breadth-first, each library once", () => {
    const fs = debian()
      .file('/usr/lib/x86_64-linux-gnu/libfoo.so.1', elfFile(amd64({ needed: ['libbar.so.1', 'libc.so.6'] })))
      .file('/usr/lib/x86_64-linux-gnu/libbar.so.1', elfFile(amd64({ needed: ['libbaz.so.1', 'libc.so.6'] })))
      .file('/usr/lib/x86_64-linux-gnu/libqux.so.1', elfFile(amd64({ needed: ['libbar.so.1'] })));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so.1', 'libqux.so.1', 'libc.so.6'] }), {}).libraries).toStrictEqual([
      { name: 'libfoo.so.1', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libfoo.so.1' },
      { name: 'libqux.so.1', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libqux.so.1' },
      { name: 'libc.so.6', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libc.so.6' },
      { name: 'libbar.so.1', neededBy: '/lib/x86_64-linux-gnu/libfoo.so.1', path: '/lib/x86_64-linux-gnu/libbar.so.1' },
      { name: 'ld-linux-x86-64.so.2', neededBy: '/lib/x86_64-linux-gnu/libc.so.6', path: LOADER },
      { name: 'libbaz.so.1', neededBy: '/lib/x86_64-linux-gnu/libbar.so.1' },
    ]);
  });

  it('matches DT_NEEDED against sonames already loaded, as ld.so does', () => {
    const fs = debian()
      .file('/opt/foo/libfoo.so', elfFile(amd64({ soname: 'libfoo.so.1' })))
      .file('/usr/lib/x86_64-linux-gnu/libbar.so.1', elfFile(amd64({ needed: ['libfoo.so.1'] })));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['libfoo.so', 'libbar.so.1'], runpath: ['/opt/foo'] }), {}).libraries).toStrictEqual([
      { name: 'libfoo.so', neededBy: '/app/server', path: '/opt/foo/libfoo.so' },
      { name: 'libbar.so.1', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libbar.so.1' },
      // found by soname without a search: /opt/foo is only in the executable's DT_RUNPATH
      { name: 'libfoo.so.1', neededBy: '/lib/x86_64-linux-gnu/libbar.so.1', path: '/opt/foo/libfoo.so' },
    ]);
  });

  it('opens a DT_NEEDED with a slash as a path, $ORIGIN expanded', () => {
    const fs = debian().file('/opt/x/libx.so', elfFile(amd64())).file('/app/libself.so', elfFile(amd64()));
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['/opt/x/libx.so', '$ORIGIN/libself.so', '/opt/x/libmissing.so'] }), {}).libraries).toStrictEqual([
      { name: '/opt/x/libx.so', neededBy: '/app/server', path: '/opt/x/libx.so' },
      { name: '$ORIGIN/libself.so', neededBy: '/app/server', path: '/app/libself.so' },
      { name: '/opt/x/libmissing.so', neededBy: '/app/server' },
    ]);
  });

  it('terminates on dependency cycles', () => {
    const fs = debian()
      .file('/usr/lib/x86_64-linux-gnu/liba.so', elfFile(amd64({ needed: ['libb.so'] })))
      .file('/usr/lib/x86_64-linux-gnu/libb.so', elfFile(amd64({ needed: ['liba.so', 'libb.so'] })))
      .symlink('/usr/lib/x86_64-linux-gnu/libalias.so', 'liba.so');
    expect(resolveLibraries(fs, '/app/server', app({ needed: ['liba.so', 'libalias.so'] }), {}).libraries).toStrictEqual([
      { name: 'liba.so', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/liba.so' },
      { name: 'libalias.so', neededBy: '/app/server', path: '/lib/x86_64-linux-gnu/libalias.so' },
      { name: 'libb.so', neededBy: '/lib/x86_64-linux-gnu/liba.so', path: '/lib/x86_64-linux-gnu/libb.so' },
    ]);
  });

  it('stops after 1000 objects and says so', () => {
    const fs = debian();
    for (let i = 0; i < 1100; i++) fs.file(`/usr/lib/lib${i}.so`, elfFile(amd64({ needed: [`lib${i + 1}.so`] })));
    const result = resolveLibraries(fs, '/app/server', app({ needed: ['lib0.so'] }), {});
    expect(result.libraries).toHaveLength(1000);
    expect(result.libraries.at(-1)).toStrictEqual({ name: 'lib999.so', neededBy: '/lib/lib998.so', path: '/lib/lib999.so' });
    expect(result.incomplete).toStrictEqual(['/lib/lib999.so']);
  });
});

describe('resolveLibraries (musl)', () => {
  const MUSL = '/lib/ld-musl-x86_64.so.1';
  const alpine = (): FakeFilesystem =>
    new FakeFilesystem().file(MUSL, elfFile(amd64({ soname: 'libc.musl-x86_64.so.1' }))).symlink('/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1');
  const muslApp = (needed: string[]): ElfInfo => amd64({ interpreter: MUSL, needed });

  it('answers libc names with the loader itself and searches /lib:/usr/local/lib:/usr/lib by default', () => {
    const fs = alpine().file('/usr/local/lib/libz.so.1', elfFile(amd64())).file('/usr/lib/x86_64-linux-gnu/libssl.so.3', elfFile(amd64()));
    expect(resolveLibraries(fs, '/app/server', muslApp(['libc.musl-x86_64.so.1', 'libpthread.so.0', 'libz.so.1', 'libssl.so.3']), {})).toStrictEqual({
      interpreter: { path: MUSL, found: true },
      libraries: [
        { name: 'libc.musl-x86_64.so.1', neededBy: '/app/server', path: MUSL },
        { name: 'libpthread.so.0', neededBy: '/app/server', path: MUSL },
        { name: 'libz.so.1', neededBy: '/app/server', path: '/usr/local/lib/libz.so.1' },
        // musl knows neither multiarch directories nor ld.so.conf
        { name: 'libssl.so.3', neededBy: '/app/server' },
      ],
      incomplete: [],
    });
  });

  it('reads /etc/ld-musl-<arch>.path instead of the default when it exists', () => {
    const fs = alpine()
      .file('/etc/ld-musl-x86_64.path', '/opt/lib\n/usr/lib:relative\n')
      .file('/opt/lib/libz.so.1', elfFile(amd64()))
      .file('/usr/local/lib/libzstd.so.1', elfFile(amd64()));
    expect(resolveLibraries(fs, '/app/server', muslApp(['libz.so.1', 'libzstd.so.1']), {}).libraries).toStrictEqual([
      { name: 'libz.so.1', neededBy: '/app/server', path: '/opt/lib/libz.so.1' },
      { name: 'libzstd.so.1', neededBy: '/app/server' },
    ]);
  });

  it("takes the path file's prefix from the loader's location", () => {
    const loader = '/usr/glibc-compat/lib/ld-musl-aarch64.so.1';
    const arm64 = (fields: Partial<ElfInfo> = {}): ElfInfo => amd64({ machine: 183, machineName: 'arm64', ...fields });
    const fs = new FakeFilesystem()
      .file(loader, elfFile(arm64()))
      .file('/usr/glibc-compat/etc/ld-musl-aarch64.path', '/opt/arm/lib')
      .file('/opt/arm/lib/libz.so.1', elfFile(arm64()));
    expect(resolveLibraries(fs, '/app/server', arm64({ interpreter: loader, needed: ['libz.so.1'] }), {}).libraries).toStrictEqual([
      { name: 'libz.so.1', neededBy: '/app/server', path: '/opt/arm/lib/libz.so.1' },
    ]);
  });

  it('searches LD_LIBRARY_PATH first, then the DT_RUNPATH of every loader up the chain', () => {
    const fs = alpine()
      .file('/llp/libz.so.1', elfFile(amd64()))
      .file('/usr/lib/libz.so.1', elfFile(amd64()))
      .file('/app/lib/liba.so', elfFile(amd64({ needed: ['libb.so'] })))
      .file('/app/lib/libb.so', elfFile(amd64()));
    expect(
      resolveLibraries(fs, '/app/server', amd64({ interpreter: MUSL, needed: ['libz.so.1', 'liba.so'], runpath: ['$ORIGIN/lib'] }), { LD_LIBRARY_PATH: '/llp' })
        .libraries,
    ).toStrictEqual([
      { name: 'libz.so.1', neededBy: '/app/server', path: '/llp/libz.so.1' },
      { name: 'liba.so', neededBy: '/app/server', path: '/app/lib/liba.so' },
      { name: 'libb.so', neededBy: '/app/lib/liba.so', path: '/app/lib/libb.so' },
    ]);
  });
});
