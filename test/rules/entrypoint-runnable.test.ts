import { describe, expect, it } from 'vitest';
import type { InterpreterFileFacts, ProgramFacts } from '../../src/facts/entrypoint.ts';
import { checkRule, elfFacts, entrypointFacts, programFacts } from '../support/facts.ts';
import { makeFacts } from '../support/report-factory.ts';

const LOADER = '/lib64/ld-linux-x86-64.so.2';
const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const dynamicElf = (needed: string[]) => elfFacts({ type: 'dyn', interpreter: LOADER, needed, dynamic: true });

/** The findings for an image whose ENTRYPOINT (or, with `cmd`, CMD) runs `program`. */
const check = (program: ProgramFacts | undefined, { cmd, architecture }: { cmd?: string[]; architecture?: string } = {}) =>
  checkRule(
    'entrypoint-runnable',
    makeFacts({ entrypoint: entrypointFacts(program, cmd ? { entrypoint: [], cmd } : { entrypoint: program ? [program.command] : [] }) }),
    {
      architecture,
    },
  );

const MISSING_HINT = 'COPY the program into the image, or point ENTRYPOINT at its absolute path';
const CHMOD_HINT = 'COPY --chmod=0755 or chmod +x it in the build stage';
const LIBC_HINT = 'link the program statically (CGO_ENABLED=0, -static) or use a base with libc such as gcr.io/distroless/base-debian12';
const LIBS_HINT = 'copy the libraries along, link statically, or use gcr.io/distroless/base-debian12 or cc-debian12';
const SCRIPT_HINT = 'run the interpreter explicitly in ENTRYPOINT, or use a distroless base that has it';

describe('entrypoint-runnable', () => {
  it('reports an image with nothing to run', () => {
    expect(check(undefined)).toStrictEqual([
      { message: 'neither ENTRYPOINT nor CMD is set: the container has nothing to run', setting: 'ENTRYPOINT', hint: 'set ENTRYPOINT ["/path/to/app"]' },
    ]);
  });

  it('reports a missing argv[0] path at that path', () => {
    expect(check({ command: '/usr/local/bin/server', executable: false, kind: 'missing' })).toStrictEqual([
      { message: '/usr/local/bin/server does not exist in the image', setting: 'ENTRYPOINT', path: '/usr/local/bin/server', hint: MISSING_HINT },
    ]);
    expect(check({ command: '/usr/local/bin/../bin//server', executable: false, kind: 'missing' })[0].path).toBe('/usr/local/bin/server');
  });

  it('reports a name in no PATH directory, on CMD when there is no ENTRYPOINT', () => {
    expect(check({ command: 'server', executable: false, kind: 'missing' }, { cmd: ['server', '--port', '80'] })).toStrictEqual([
      { message: 'server is not in any PATH directory of the image', setting: 'CMD', hint: MISSING_HINT },
    ]);
  });

  it('reports a directory, or any other node that is not a file', () => {
    expect(check(programFacts('/app', { type: 'dir', executable: false, kind: 'other', elf: undefined }))).toStrictEqual([
      { message: '/app is a directory, not a program', setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: 'point ENTRYPOINT at the program file' },
    ]);
    expect(check(programFacts('/app', { type: 'fifo', executable: false, kind: 'other', elf: undefined }))[0].message).toBe('/app is a FIFO, not a program');
  });

  it('reports a program without an x bit, at its real path and layer', () => {
    const program = programFacts('/opt/app/server', { command: '/app', layer: 0, mode: 0o644, executable: false, kind: 'unknown', elf: undefined });
    expect(check(program)).toStrictEqual([
      { message: '/opt/app/server is not executable (mode 0644, no x bit)', setting: 'ENTRYPOINT', path: '/opt/app/server', layer: 0, hint: CHMOD_HINT },
    ]);
  });

  it('reports an executable that is neither ELF nor a #! script', () => {
    expect(check(programFacts('/start', { kind: 'other', elf: undefined }))).toStrictEqual([
      {
        message: '/start is neither an ELF binary nor a script with a #! line: starting it fails with "exec format error"',
        setting: 'ENTRYPOINT',
        path: '/start',
        layer: 1,
        hint: 'point ENTRYPOINT at the binary, or start the script with a #! line naming its interpreter',
      },
    ]);
  });

  it('reports a binary for another architecture', () => {
    const arm64 = programFacts('/app', { elf: elfFacts({ machine: 183, machineName: 'arm64' }) });
    expect(check(arm64)).toStrictEqual([
      {
        message: '/app is built for arm64 but the image is amd64',
        setting: 'ENTRYPOINT',
        path: '/app',
        layer: 1,
        hint: 'build the program for amd64 (GOARCH, --platform, or a cross compiler)',
      },
    ]);
    expect(check(arm64, { architecture: 'arm64' })).toStrictEqual([]);
  });

  it('reports a dynamic binary without its loader and libc', () => {
    const program = programFacts('/app', {
      elf: dynamicElf(['libc.so.6']),
      libraries: { interpreter: { path: LOADER, found: false }, libraries: [{ name: 'libc.so.6', neededBy: '/app' }], incomplete: [] },
    });
    expect(check(program)).toStrictEqual([
      { message: `/app needs the dynamic loader ${LOADER}, which is not in the image`, setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: LIBC_HINT },
      { message: '/app needs libc.so.6, not found in the image', setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: LIBS_HINT },
    ]);
  });

  it("reports missing libraries, a library's own needs included", () => {
    const program = programFacts('/app', {
      elf: dynamicElf(['libc.so.6', 'libssl.so.3']),
      libraries: {
        interpreter: { path: LOADER, found: true },
        libraries: [
          { name: 'libc.so.6', neededBy: '/app', path: LIBC },
          { name: 'libssl.so.3', neededBy: '/app' },
          { name: 'ld-linux-x86-64.so.2', neededBy: LIBC, path: LOADER },
          { name: 'libz.so.1', neededBy: LIBC },
        ],
        incomplete: [],
      },
    });
    expect(check(program)).toStrictEqual([
      { message: `/app needs libssl.so.3, libz.so.1 (for ${LIBC}), not found in the image`, setting: 'ENTRYPOINT', path: '/app', layer: 1, hint: LIBS_HINT },
    ]);
  });

  it('reports a script whose interpreter is missing', () => {
    const program = programFacts('/app/run.py', { kind: 'script', elf: undefined, interpreter: { command: '/usr/bin/python3' } });
    expect(check(program)).toStrictEqual([
      {
        message: '/app/run.py is a script for /usr/bin/python3, which is not in the image',
        setting: 'ENTRYPOINT',
        path: '/app/run.py',
        layer: 1,
        hint: SCRIPT_HINT,
      },
    ]);
  });

  it('reports #!/usr/bin/env python3 when env is there but python3 is in no PATH directory', () => {
    const script = (python3?: string) =>
      programFacts('/app/run.py', {
        kind: 'script',
        elf: undefined,
        interpreter: {
          command: '/usr/bin/env',
          path: '/usr/bin/env',
          argument: 'python3',
          envCommand: { command: 'python3', ...(python3 ? { path: python3 } : {}) },
        },
      });
    expect(check(script())).toStrictEqual([
      {
        message: '/app/run.py is a script for python3 (through /usr/bin/env), which is not in any PATH directory of the image',
        setting: 'ENTRYPOINT',
        path: '/app/run.py',
        layer: 1,
        hint: SCRIPT_HINT,
      },
    ]);
    expect(check(script('/opt/python/bin/python3'))).toStrictEqual([]);
  });

  it('passes a static binary, a dynamic one with its libraries, and a script with its interpreter', () => {
    expect(check(programFacts('/app'))).toStrictEqual([]);
    const dynamic = programFacts('/app', {
      elf: dynamicElf(['libc.so.6']),
      libraries: {
        interpreter: { path: LOADER, found: true },
        libraries: [
          { name: 'libc.so.6', neededBy: '/app', path: LIBC },
          { name: 'ld-linux-x86-64.so.2', neededBy: LIBC, path: LOADER },
        ],
        incomplete: [],
      },
    });
    expect(check(dynamic)).toStrictEqual([]);
    const script = programFacts('/app/run.py', { kind: 'script', elf: undefined, interpreter: { command: '/usr/bin/python3', path: '/usr/bin/python3' } });
    expect(check(script, { cmd: ['/app/run.py'] })).toStrictEqual([]);
  });
});

describe('entrypoint-runnable: the file an interpreter is to run', () => {
  const python = programFacts('/usr/bin/python3.11', { command: 'python3' });
  const withFile = (file: InterpreterFileFacts, { entrypoint, cmd = [] }: { entrypoint: string[]; cmd?: string[] }) =>
    checkRule('entrypoint-runnable', makeFacts({ entrypoint: { ...entrypointFacts(python, { entrypoint, cmd }), interpreterFile: file } }));

  it('reports a missing script at its path, on the setting that holds it', () => {
    const file: InterpreterFileFacts = { language: 'python', role: 'script', index: 1, argument: '/app/missing.py', paths: ['/app/missing.py'], found: false };
    expect(withFile(file, { entrypoint: ['python3', '/app/missing.py'] })).toStrictEqual([
      {
        message: 'python3 is to run the script /app/missing.py, which does not exist in the image: the container fails at start',
        setting: 'ENTRYPOINT',
        path: '/app/missing.py',
        hint: 'COPY the script into the image, or fix its path in ENTRYPOINT (a relative path starts at WORKDIR)',
      },
    ]);
    const relative: InterpreterFileFacts = { ...file, index: 2, argument: 'main.py', paths: ['/srv/main.py'] };
    expect(withFile(relative, { entrypoint: ['python3', '-u'], cmd: ['main.py'] })).toStrictEqual([
      {
        message: 'python3 is to run the script main.py (/srv/main.py from WORKDIR), which does not exist in the image: the container fails at start',
        setting: 'CMD',
        path: '/srv/main.py',
        hint: 'COPY the script into the image, or fix its path in CMD (a relative path starts at WORKDIR)',
      },
    ]);
  });

  it('reports a missing jar, a missing source file and a class path none of whose entries exists', () => {
    const jar: InterpreterFileFacts = { language: 'java', role: 'jar', index: 2, argument: 'app.jar', paths: ['/app/app.jar'], found: false };
    expect(withFile(jar, { entrypoint: ['java', '-jar', 'app.jar'] })[0]).toMatchObject({
      message: 'java is to run the jar app.jar (/app/app.jar from WORKDIR), which does not exist in the image: the container fails at start',
      path: '/app/app.jar',
    });
    const source: InterpreterFileFacts = { language: 'java', role: 'script', index: 1, argument: '/app/Main.java', paths: ['/app/Main.java'], found: false };
    expect(withFile(source, { entrypoint: ['java', '/app/Main.java'] })[0].message).toContain('the source file /app/Main.java');
    const classPath: InterpreterFileFacts = {
      language: 'java',
      role: 'classpath',
      index: 2,
      argument: '/app/classes:/app/libs/*',
      mainClass: 'com.example.Main',
      paths: ['/app/classes', '/app/libs'],
      found: false,
    };
    expect(withFile(classPath, { entrypoint: ['java', '-cp', '/app/classes:/app/libs/*', 'com.example.Main'] })).toStrictEqual([
      {
        message: 'java is to load com.example.Main from the class path /app/classes:/app/libs/*, none of whose entries is in the image',
        setting: 'ENTRYPOINT',
        hint: 'COPY the jars or classes into the image, or fix the -cp entries (relative ones start at WORKDIR)',
      },
    ]);
  });

  it('passes a file that is found', () => {
    const file: InterpreterFileFacts = { language: 'python', role: 'script', index: 1, argument: '/app/main.py', paths: ['/app/main.py'], found: true };
    expect(withFile(file, { entrypoint: ['python3', '/app/main.py'] })).toStrictEqual([]);
  });
});
