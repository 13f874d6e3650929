import { describe, expect, it } from 'vitest';
import { isShellForm } from '../../src/facts/entrypoint.ts';
import type { RuntimeConfig } from '../../src/image/types.ts';
import { buildElf } from '../support/elf-writer.ts';
import { factsOf } from '../support/facts.ts';
import type { TarEntrySpec } from '../support/tar-writer.ts';

const LOADER = '/lib64/ld-linux-x86-64.so.2';
const staticAmd64 = buildElf({ class: 64, endian: 'little', machine: 62, type: 2 });
const dynamicAmd64 = buildElf({ class: 64, endian: 'little', machine: 62, type: 3, interpreter: LOADER, needed: ['libc.so.6'] });
const loaderElf = buildElf({ class: 64, endian: 'little', machine: 62, type: 3, soname: 'ld-linux-x86-64.so.2' });
const libcElf = buildElf({ class: 64, endian: 'little', machine: 62, type: 3, soname: 'libc.so.6', needed: ['ld-linux-x86-64.so.2'] });

const file = (path: string, content: string | Buffer, mode = 0o755): TarEntrySpec => ({ path, content, mode });
const link = (path: string, target: string): TarEntrySpec => ({ path, type: 'symlink', target });

async function entrypointOf(entries: TarEntrySpec[], config: RuntimeConfig, architecture?: string) {
  const { facts } = await factsOf({ layers: [{ entries }], config, architecture });
  return facts.entrypoint;
}

describe('argv and shell form', () => {
  it('runs Entrypoint followed by Cmd', async () => {
    const facts = await entrypointOf([file('app', staticAmd64)], { Entrypoint: ['/app', '--serve'], Cmd: ['--port', '8080'] });
    expect(facts).toMatchObject({
      entrypoint: ['/app', '--serve'],
      cmd: ['--port', '8080'],
      argv: ['/app', '--serve', '--port', '8080'],
      entrypointShellForm: false,
      cmdShellForm: false,
      healthcheckShellForm: false,
    });
  });

  it('has no argv and no program when neither is set', async () => {
    const facts = await entrypointOf([file('app', staticAmd64)], {});
    expect(facts).toStrictEqual({
      entrypoint: [],
      cmd: [],
      argv: [],
      entrypointShellForm: false,
      cmdShellForm: false,
      healthcheckShellForm: false,
      program: undefined,
    });
  });

  it('detects shell-form ENTRYPOINT and CMD as both builders store them', async () => {
    const entrypoint = await entrypointOf([], { Entrypoint: ['/bin/sh', '-c', 'exec /app'] });
    expect([entrypoint.entrypointShellForm, entrypoint.cmdShellForm]).toStrictEqual([true, false]);
    const cmd = await entrypointOf([], { Cmd: ['/bin/sh', '-c', '/app --port 8080'] });
    expect([cmd.entrypointShellForm, cmd.cmdShellForm]).toStrictEqual([false, true]);
  });

  it('detects the shell form under a SHELL instruction (bash -o pipefail -c)', async () => {
    const facts = await entrypointOf([], { Cmd: ['/bin/bash', '-o', 'pipefail', '-c', 'app | tee log'] });
    expect(facts.cmdShellForm).toBe(true);
  });

  it('does not count a CMD that only gives arguments to an exec-form ENTRYPOINT', async () => {
    const facts = await entrypointOf([], { Entrypoint: ['/app'], Cmd: ['/bin/sh', '-c', 'x'] });
    expect([facts.entrypointShellForm, facts.cmdShellForm]).toStrictEqual([false, false]);
  });

  it('detects HEALTHCHECK CMD-SHELL and an exec-form HEALTHCHECK that runs sh -c', async () => {
    expect((await entrypointOf([], { Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'] } })).healthcheckShellForm).toBe(true);
    expect((await entrypointOf([], { Healthcheck: { Test: ['CMD', '/bin/sh', '-c', 'curl -f localhost'] } })).healthcheckShellForm).toBe(true);
    expect((await entrypointOf([], { Healthcheck: { Test: ['CMD', '/app', 'health'] } })).healthcheckShellForm).toBe(false);
    expect((await entrypointOf([], { Healthcheck: { Test: ['NONE'] } })).healthcheckShellForm).toBe(false);
  });

  it.each([
    [['/bin/sh', '-c', 'x'], true],
    [['sh', '-c', 'x'], true],
    [['/bin/bash', '-lc', 'x'], true],
    [['/busybox/sh', '-ec', 'x'], true],
    [['/busybox/sh'], false],
    [['/bin/sh', '/start.sh'], false],
    [['/app', '-c', 'config.yml'], false],
    [['/bin/sh', '--', '-c'], false],
    [['/bin/bash', '--login', '-c', 'x'], true],
    [['/bin/bash', '-o', 'c', 'x'], false],
  ])('isShellForm(%j) is %s', (argv, expected) => {
    expect(isShellForm(argv)).toBe(expected);
  });
});

describe('the program argv[0] names', () => {
  it('is found through PATH, at the first executable match', async () => {
    const entries = [file('usr/local/bin/app', 'not executable', 0o644), file('usr/bin/app', staticAmd64)];
    const facts = await entrypointOf(entries, { Cmd: ['app'] });
    expect(facts.program).toMatchObject({ command: 'app', path: '/usr/bin/app', layer: 0, executable: true, kind: 'elf' });
  });

  it('is the first regular file in PATH when none is executable, so the missing x bit shows', async () => {
    const facts = await entrypointOf([file('usr/local/bin/app', 'data', 0o644)], { Cmd: ['app'] });
    expect(facts.program).toStrictEqual({
      command: 'app',
      path: '/usr/local/bin/app',
      layer: 0,
      type: 'file',
      mode: 0o644,
      executable: false,
      kind: 'unknown',
    });
  });

  it("uses the config's PATH", async () => {
    const entries = [file('opt/app/bin/server', staticAmd64)];
    expect((await entrypointOf(entries, { Cmd: ['server'], Env: ['PATH=/opt/app/bin'] })).program).toMatchObject({ path: '/opt/app/bin/server', kind: 'elf' });
    expect((await entrypointOf(entries, { Cmd: ['server'] })).program).toStrictEqual({ command: 'server', executable: false, kind: 'missing' });
  });

  it('resolves a relative path from WorkingDir', async () => {
    const facts = await entrypointOf([file('srv/bin/server', staticAmd64)], { Entrypoint: ['./bin/server'], WorkingDir: '/srv' });
    expect(facts.program).toMatchObject({ command: './bin/server', path: '/srv/bin/server', executable: true, kind: 'elf' });
  });

  it("follows symlinks to the real file: its layer, type and mode, not the link's", async () => {
    const { facts } = await factsOf({
      layers: [{ entries: [file('opt/app/server', staticAmd64)] }, { entries: [link('usr/bin', '../opt/app'), link('app', 'usr/bin/server')] }],
      config: { Entrypoint: ['/app'] },
    });
    expect(facts.entrypoint.program).toMatchObject({
      command: '/app',
      path: '/opt/app/server',
      layer: 0,
      type: 'file',
      mode: 0o755,
      executable: true,
      kind: 'elf',
    });
    const { facts: unexecutable } = await factsOf({
      layers: [{ entries: [file('opt/app/server', staticAmd64, 0o644)] }, { entries: [link('app', '/opt/app/server')] }],
      config: { Entrypoint: ['/app'] },
    });
    expect(unexecutable.entrypoint.program).toMatchObject({ path: '/opt/app/server', layer: 0, type: 'file', mode: 0o644, executable: false });
  });

  it('is missing when the path does not exist', async () => {
    expect((await entrypointOf([file('app', staticAmd64)], { Entrypoint: ['/nope'] })).program).toStrictEqual({
      command: '/nope',
      executable: false,
      kind: 'missing',
    });
  });

  it('is not executable without an x bit', async () => {
    const facts = await entrypointOf([file('app', staticAmd64, 0o644)], { Entrypoint: ['/app'] });
    expect(facts.program).toStrictEqual({ command: '/app', path: '/app', layer: 0, type: 'file', mode: 0o644, executable: false, kind: 'unknown' });
  });

  it('is other (and not executable) when it is a directory', async () => {
    const facts = await entrypointOf([{ path: 'app/', type: 'dir' }], { Entrypoint: ['/app'] });
    expect(facts.program).toStrictEqual({ command: '/app', path: '/app', layer: 0, type: 'dir', mode: 0o755, executable: false, kind: 'other' });
  });

  it('is other when an executable file is neither ELF nor a script', async () => {
    const facts = await entrypointOf([file('app', 'echo hello\n')], { Entrypoint: ['/app'] });
    expect(facts.program).toStrictEqual({ command: '/app', path: '/app', layer: 0, type: 'file', mode: 0o755, executable: true, kind: 'other' });
  });
});

describe('an ELF entry point', () => {
  it('static: class and machine, nothing to load', async () => {
    const facts = await entrypointOf([file('app', staticAmd64)], { Entrypoint: ['/app'] });
    expect(facts.program?.elf).toMatchObject({ class: 64, machineName: 'amd64', type: 'exec', needed: [], dynamic: false });
    expect(facts.program?.elf?.interpreter).toBeUndefined();
    expect(facts.program?.libraries).toBeUndefined();
  });

  it('dynamic without its loader and libc', async () => {
    const facts = await entrypointOf([file('app', dynamicAmd64)], { Entrypoint: ['/app'] });
    expect(facts.program?.elf).toMatchObject({ interpreter: LOADER, needed: ['libc.so.6'], dynamic: true });
    expect(facts.program?.libraries).toStrictEqual({
      interpreter: { path: LOADER, found: false },
      libraries: [{ name: 'libc.so.6', neededBy: '/app' }],
      incomplete: [],
    });
  });

  it('dynamic with its loader and libc in the image', async () => {
    const entries = [
      file('app', dynamicAmd64),
      link('lib64', 'usr/lib64'),
      file('usr/lib64/ld-linux-x86-64.so.2', loaderElf),
      file('usr/lib/x86_64-linux-gnu/libc.so.6', libcElf, 0o644),
    ];
    const facts = await entrypointOf(entries, { Entrypoint: ['/app'] });
    expect(facts.program?.libraries).toStrictEqual({
      interpreter: { path: LOADER, found: true },
      libraries: [
        { name: 'libc.so.6', neededBy: '/app', path: '/usr/lib/x86_64-linux-gnu/libc.so.6' },
        { name: 'ld-linux-x86-64.so.2', neededBy: '/usr/lib/x86_64-linux-gnu/libc.so.6', path: LOADER },
      ],
      incomplete: [],
    });
  });

  it("searches LD_LIBRARY_PATH from the config's Env", async () => {
    const entries = [file('app', dynamicAmd64), file('lib64/ld-linux-x86-64.so.2', loaderElf), file('opt/lib/libc.so.6', libcElf, 0o644)];
    const without = await entrypointOf(entries, { Entrypoint: ['/app'] });
    expect(without.program?.libraries?.libraries).toStrictEqual([{ name: 'libc.so.6', neededBy: '/app' }]);
    const withPath = await entrypointOf(entries, { Entrypoint: ['/app'], Env: ['LD_LIBRARY_PATH=/opt/lib'] });
    expect(withPath.program?.libraries?.libraries[0]).toStrictEqual({ name: 'libc.so.6', neededBy: '/app', path: '/opt/lib/libc.so.6' });
  });

  it('of another architecture keeps its own machine name (the rule compares it with the image)', async () => {
    const arm64 = buildElf({ class: 64, endian: 'little', machine: 183, type: 2 });
    const facts = await entrypointOf([file('app', arm64)], { Entrypoint: ['/app'] }, 'amd64');
    expect(facts.program?.elf?.machineName).toBe('arm64');
  });
});

describe('a script entry point', () => {
  const script = (shebang: string) => file('app/run', `${shebang}\nprint("hi")\n`);

  it('resolves its #! interpreter', async () => {
    const facts = await entrypointOf([script('#!/usr/bin/python3 -u'), link('usr/bin/python3', 'python3.11'), file('usr/bin/python3.11', staticAmd64)], {
      Entrypoint: ['/app/run'],
    });
    expect(facts.program).toStrictEqual({
      command: '/app/run',
      path: '/app/run',
      layer: 0,
      type: 'file',
      mode: 0o755,
      executable: true,
      kind: 'script',
      interpreter: { command: '/usr/bin/python3', path: '/usr/bin/python3.11', argument: '-u' },
    });
  });

  it('reports a missing interpreter without a path', async () => {
    const facts = await entrypointOf([script('#!/bin/sh')], { Entrypoint: ['/app/run'] });
    expect(facts.program?.interpreter).toStrictEqual({ command: '/bin/sh' });
  });

  it('does not look a relative interpreter up in PATH: the kernel opens it from the working directory', async () => {
    const facts = await entrypointOf([script('#!python3'), file('usr/bin/python3', staticAmd64)], { Entrypoint: ['/app/run'] });
    expect(facts.program?.interpreter).toStrictEqual({ command: 'python3' });
    const fromWorkdir = await entrypointOf([script('#!python3'), file('app/python3', staticAmd64)], { Entrypoint: ['/app/run'], WorkingDir: '/app' });
    expect(fromWorkdir.program?.interpreter).toStrictEqual({ command: 'python3', path: '/app/python3' });
  });

  it('#!/usr/bin/env python3: env must exist, and python3 is looked up in PATH', async () => {
    const env = file('usr/bin/env', staticAmd64);
    const python = file('usr/local/bin/python3', staticAmd64);
    const config = { Entrypoint: ['/app/run'] };
    expect((await entrypointOf([script('#!/usr/bin/env python3'), env, python], config)).program?.interpreter).toStrictEqual({
      command: '/usr/bin/env',
      path: '/usr/bin/env',
      argument: 'python3',
      envCommand: { command: 'python3', path: '/usr/local/bin/python3' },
    });
    expect((await entrypointOf([script('#!/usr/bin/env python3'), env], config)).program?.interpreter).toStrictEqual({
      command: '/usr/bin/env',
      path: '/usr/bin/env',
      argument: 'python3',
      envCommand: { command: 'python3' },
    });
    expect((await entrypointOf([script('#!/usr/bin/env python3'), python], config)).program?.interpreter).toStrictEqual({
      command: '/usr/bin/env',
      argument: 'python3',
      envCommand: { command: 'python3', path: '/usr/local/bin/python3' },
    });
  });

  it('#!/usr/bin/env -S splits its argument; without -S the whole argument is one program name', async () => {
    const entries = [file('usr/bin/env', staticAmd64), file('usr/bin/node', staticAmd64)];
    const split = await entrypointOf([script('#!/usr/bin/env -S NODE_ENV=production node --enable-source-maps'), ...entries], { Entrypoint: ['/app/run'] });
    expect(split.program?.interpreter?.envCommand).toStrictEqual({ command: 'node', path: '/usr/bin/node' });
    const whole = await entrypointOf([script('#!/usr/bin/env node --enable-source-maps'), ...entries], { Entrypoint: ['/app/run'] });
    expect(whole.program?.interpreter?.envCommand).toStrictEqual({ command: 'node --enable-source-maps' });
  });
});

describe('the file an interpreter in argv[0] is to run', () => {
  const python = [file('usr/bin/python3.11', staticAmd64), link('usr/bin/python3', 'python3.11')];

  it('is the script argument, resolved from WorkingDir, across Entrypoint and Cmd', async () => {
    const facts = await entrypointOf([...python, file('app/main.py', 'print(1)\n', 0o644)], {
      Entrypoint: ['python3', '-u'],
      Cmd: ['main.py'],
      WorkingDir: '/app',
    });
    expect(facts.interpreterFile).toStrictEqual({ language: 'python', role: 'script', index: 2, argument: 'main.py', paths: ['/app/main.py'], found: true });
    const missing = await entrypointOf(python, { Entrypoint: ['/usr/bin/python3.11', '/app/missing.py'] });
    expect(missing.interpreterFile).toMatchObject({ argument: '/app/missing.py', paths: ['/app/missing.py'], found: false });
  });

  it('counts a script found through a symlink, and a directory (python runs its __main__.py)', async () => {
    const linked = await entrypointOf([...python, file('srv/main.py', 'print(1)\n', 0o644), link('app/main.py', '/srv/main.py')], {
      Cmd: ['python3', '/app/main.py'],
    });
    expect(linked.interpreterFile?.found).toBe(true);
    const dir = await entrypointOf([...python, { path: 'app/', type: 'dir' }], { Cmd: ['python3', '/app'] });
    expect(dir.interpreterFile?.found).toBe(true);
    const dangling = await entrypointOf([...python, link('app/main.py', '/srv/main.py')], { Cmd: ['python3', '/app/main.py'] });
    expect(dangling.interpreterFile?.found).toBe(false);
  });

  it('counts a script under a declared VOLUME as there: it may be mounted at run time', async () => {
    const config = { Cmd: ['python3', '/config/app.py'], Volumes: { '/config/': {} } };
    expect((await entrypointOf(python, config)).interpreterFile?.found).toBe(true);
    expect((await entrypointOf(python, { ...config, Volumes: { '/conf': {} } })).interpreterFile?.found).toBe(false);
  });

  it('is absent when argv[0] is no interpreter or the interpreter runs no file', async () => {
    expect((await entrypointOf([file('app', staticAmd64)], { Entrypoint: ['/app', 'missing.py'] })).interpreterFile).toBeUndefined();
    expect((await entrypointOf(python, { Entrypoint: ['python3', '-m', 'http.server'] })).interpreterFile).toBeUndefined();
    expect((await entrypointOf([], { Cmd: ['/bin/sh', '-c', 'exec /app/missing.sh'] })).interpreterFile).toBeUndefined();
  });

  it('node: the path as written or with the extensions node adds', async () => {
    const node = file('usr/local/bin/node', staticAmd64);
    expect((await entrypointOf([node, file('app/server.js', 'x', 0o644)], { Cmd: ['node', 'server'], WorkingDir: '/app' })).interpreterFile?.found).toBe(true);
    expect((await entrypointOf([node, file('app/server.mjs', 'x', 0o644)], { Cmd: ['node', 'server'], WorkingDir: '/app' })).interpreterFile?.found).toBe(true);
    expect((await entrypointOf([node, file('app/server.ts', 'x', 0o644)], { Cmd: ['node', 'server'], WorkingDir: '/app' })).interpreterFile).toMatchObject({
      paths: ['/app/server'],
      found: false,
    });
  });

  it('a shell: the working directory first, then PATH for a bare name, except for dash (which opens it from the working directory only)', async () => {
    const sh = file('bin/sh', staticAmd64);
    const onPath = file('usr/local/bin/start.sh', 'x');
    expect((await entrypointOf([sh, onPath], { Cmd: ['/bin/sh', 'start.sh'] })).interpreterFile?.found).toBe(true);
    expect((await entrypointOf([sh, onPath], { Cmd: ['/bin/sh', './start.sh'] })).interpreterFile?.found).toBe(false);
    const dash = [file('usr/bin/dash', staticAmd64), link('bin/sh', '/usr/bin/dash')];
    expect((await entrypointOf([...dash, onPath], { Cmd: ['/bin/sh', 'start.sh'] })).interpreterFile?.found).toBe(false);
  });

  it('java: the jar of -jar, or a class path of which one entry must exist (dir/* is the directory)', async () => {
    const java = file('opt/java/bin/java', staticAmd64);
    const jar = await entrypointOf([java], { Entrypoint: ['/opt/java/bin/java', '-jar', 'app.jar'], WorkingDir: '/app' });
    expect(jar.interpreterFile).toStrictEqual({ language: 'java', role: 'jar', index: 2, argument: 'app.jar', paths: ['/app/app.jar'], found: false });
    const classPath = { Entrypoint: ['/opt/java/bin/java', '-cp', '/app/classes:/app/libs/*', 'com.example.Main'] };
    expect((await entrypointOf([java, file('app/libs/a.jar', 'x', 0o644)], classPath)).interpreterFile).toStrictEqual({
      language: 'java',
      role: 'classpath',
      index: 2,
      argument: '/app/classes:/app/libs/*',
      mainClass: 'com.example.Main',
      paths: ['/app/classes', '/app/libs'],
      found: true,
    });
    expect((await entrypointOf([java], classPath)).interpreterFile?.found).toBe(false);
    // An empty entry is the working directory: no answer.
    expect((await entrypointOf([java], { Entrypoint: ['java', '-cp', ':/missing', 'Main'] })).interpreterFile).toBeUndefined();
  });
});
