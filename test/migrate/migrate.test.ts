import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationPlan, migrate } from '../../src/engine/migrate.ts';
import { type ImageSpec, writeOciArchive } from '../support/images.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { CLI, NODE, runProcess } from '../support/process.ts';
import { appImage, dynamicProgram, library, PASSWD, STATIC_PROGRAM } from './fixtures.ts';

let dir: string;
let count = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-migrate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function archive(spec: ImageSpec): Promise<string> {
  const path = join(dir, `image-${count++}.tar`);
  await writeOciArchive(path, spec);
  return path;
}

async function planOf(spec: ImageSpec, options: { from?: string; registry?: string } = {}): Promise<MigrationPlan> {
  return migrate({ image: `oci-archive:${await archive(spec)}`, ...options });
}

const ZLIB_APP = appImage({
  packages: ['zlib1g'],
  app: [
    { path: 'app/', type: 'dir' },
    { path: 'app/server', content: dynamicProgram(['libz.so.1', 'libc.so.6']), mode: 0o755 },
    { path: 'app/data/', type: 'dir' },
    { path: 'app/data/config.json', content: '{"port": 8080}' },
  ],
  config: { Cmd: ['/bin/sh', '-c', '/app/server --port 8080'], WorkingDir: '/app', ExposedPorts: { '8080/tcp': {} }, Labels: { 'org.example.team': 'core' } },
});

const ZLIB_DOCKERFILE = `# Replace <your-image> with the image it was made from (a tag or digest you can pull or build).
FROM <your-image> AS app

FROM gcr.io/distroless/base-nossl-debian12:nonroot
COPY --from=app /app /app
COPY --from=app /usr/lib/x86_64-linux-gnu/libz.so.1.2.13 /lib/x86_64-linux-gnu/libz.so.1
LABEL org.example.team="core"
EXPOSE 8080/tcp
USER 65532:65532
WORKDIR /app
CMD ["/app/server","--port","8080"]
`;

/** The Dockerfile without its first line, which names the (temporary) archive. */
function body(plan: MigrationPlan): string {
  return (plan.dockerfile ?? '').split('\n').slice(1).join('\n');
}

function program(content: Buffer, extra: Record<string, unknown> = {}) {
  return [
    { path: 'app/', type: 'dir' as const },
    { path: 'app/server', content, mode: 0o755, ...extra },
  ];
}

describe('migrate: the plan', () => {
  it('puts a zlib-linked program on base-nossl, copies libz under the name the loader looks up, converts the shell-form CMD', async () => {
    const plan = await planOf(ZLIB_APP);
    expect(plan.status).toBe('planned');
    expect(body(plan)).toBe(ZLIB_DOCKERFILE);
    expect(plan.base).toMatchObject({ name: 'base-nossl', release: 'debian12', nonroot: true });
    expect(plan.libraries.map((library) => [library.name, library.from])).toEqual([
      ['libz.so.1', 'copied'],
      ['libc.so.6', 'base'],
      ['ld-linux-x86-64.so.2', 'base'],
    ]);
    // apt's caches, ld.so.cache and the package's own files are not the app's.
    expect(plan.copies.map((copy) => copy.source)).toEqual(['/app', '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13']);
    expect(plan.size).toMatchObject({ files: 3, copied: 4000 + plan.copies[0].bytes });
    expect(plan.size.estimated).toBeGreaterThan(plan.size.base);
    expect(plan.notes).toContain('the shell-form CMD "/app/server --port 8080" is written in exec form');
  });

  it('puts a static program on static', async () => {
    const plan = await planOf(appImage({ app: program(STATIC_PROGRAM), config: { Entrypoint: ['/app/server'] } }));
    expect(plan.base?.image).toBe('gcr.io/distroless/static-debian12:nonroot');
    expect(plan.base?.reason).toMatch(/statically linked/);
    expect(plan.entrypoint).toEqual(['/app/server']);
    expect(plan.libraries).toEqual([]);
  });

  it.each([
    [['libssl.so.3', 'libc.so.6'], ['libssl3'], 'base'],
    [['libstdc++.so.6', 'libm.so.6', 'libc.so.6'], ['libstdc++6'], 'cc'],
    [['libc.so.6'], [], 'base-nossl'],
  ])('needs %j: base %s', async (needed, packages, base) => {
    const plan = await planOf(appImage({ packages, app: program(dynamicProgram(needed)), config: { Entrypoint: ['/app/server'] } }));
    expect(plan.base?.name).toBe(base);
    expect(plan.libraries.filter((library) => library.from === 'copied')).toEqual([]);
  });

  it('finds $ORIGIN/RUNPATH libraries with the app and copies nothing more for them', async () => {
    const plan = await planOf(
      appImage({
        app: [
          { path: 'opt/app/', type: 'dir' },
          { path: 'opt/app/bin/server', content: dynamicProgram(['libfoo.so.1', 'libc.so.6'], { runpath: '$ORIGIN/../lib' }), mode: 0o755 },
          { path: 'opt/app/lib/libfoo.so.1.0', content: library('libfoo.so.1', ['libc.so.6']) },
          { path: 'opt/app/lib/libfoo.so.1', type: 'symlink', target: 'libfoo.so.1.0' },
          { path: 'usr/local/bin/server', type: 'symlink', target: '/opt/app/bin/server' },
        ],
        config: { Entrypoint: ['server'] },
      }),
    );
    expect(plan.libraries[0]).toEqual({ name: 'libfoo.so.1', path: '/opt/app/lib/libfoo.so.1', neededBy: '/opt/app/bin/server', from: 'app' });
    // /opt is the base's: its app directory is copied whole (symlinks kept); the link in /usr/local/bin carries the file.
    expect(plan.copies.map((copy) => [copy.source, copy.destination, copy.type])).toEqual([
      ['/opt/app', '/opt/app', 'dir'],
      ['/opt/app/bin/server', '/usr/local/bin/server', 'file'],
    ]);
    expect(plan.entrypoint).toEqual(['/usr/local/bin/server']);
  });

  it('copies a library no package owns from where the app put it, and one the loader cannot find is said to be missing', async () => {
    const plan = await planOf(
      appImage({
        app: [
          ...program(dynamicProgram(['libbar.so.2', 'libgone.so.1', 'libc.so.6'])),
          { path: 'usr/local/lib/', type: 'dir' },
          { path: 'usr/local/lib/libbar.so.2', content: library('libbar.so.2') },
          { path: 'etc/ld.so.conf.d/', type: 'dir' },
          { path: 'etc/ld.so.conf', content: 'include /etc/ld.so.conf.d/*.conf\n' },
          { path: 'etc/ld.so.conf.d/local.conf', content: '/usr/local/lib\n' },
        ],
        config: { Entrypoint: ['/app/server'] },
      }),
    );
    expect(plan.libraries.find((library) => library.name === 'libbar.so.2')).toMatchObject({ path: '/usr/local/lib/libbar.so.2', from: 'app' });
    expect(plan.copies.map((copy) => copy.source)).toContain('/usr/local/lib/libbar.so.2');
    // Found through ld.so.conf, which the base's loader has no cache of.
    expect(plan.env).toContainEqual(['LD_LIBRARY_PATH', '/usr/local/lib']);
    expect(plan.libraries.find((library) => library.name === 'libgone.so.1')?.from).toBe('missing');
    expect(plan.notes.some((note) => note.startsWith('libgone.so.1 (needed by /app/server) is not in the source image'))).toBe(true);
  });

  it("keeps a non-root uid of the image's own (as numbers, on the plain tag); root becomes nonroot", async () => {
    const own = await planOf(
      appImage({
        app: [...program(STATIC_PROGRAM), { path: 'etc/passwd', content: PASSWD }, { path: 'data/', type: 'dir', uid: 1000, gid: 1000 }],
        config: { Entrypoint: ['/app/server'], User: 'app' },
      }),
    );
    expect(own.base?.image).toBe('gcr.io/distroless/static-debian12');
    expect(own.user).toBe('1000:1000');
    expect(own.env).toContainEqual(['HOME', '/home/app']);
    // The user database is the base's; the app's data directory keeps its owner.
    expect(own.copies.map((copy) => [copy.source, copy.chown])).toEqual([
      ['/app', undefined],
      ['/data', '1000:1000'],
    ]);
    const root = await planOf(appImage({ app: program(STATIC_PROGRAM), config: { Entrypoint: ['/app/server'], User: '0' } }));
    expect(root.base?.nonroot).toBe(true);
    expect(root.user).toBe('65532:65532');
  });

  it.each([
    ['ID=debian\nVERSION_ID="13"\n', 'debian13', false],
    ['ID=debian\nVERSION_ID="12"\n', 'debian12', false],
    ['ID=ubuntu\nVERSION_ID="24.04"\nPRETTY_NAME="Ubuntu 24.04"\n', 'debian12', true],
  ])('maps os-release %j to -%s', async (osRelease, release, noted) => {
    const plan = await planOf(appImage({ osRelease, app: program(STATIC_PROGRAM), config: { Entrypoint: ['/app/server'] } }));
    expect(plan.base?.release).toBe(release);
    expect(plan.notes.some((note) => note.includes('not Debian 12 or 13'))).toBe(noted);
  });

  it('names the first stage: --from, else a placeholder for an archive', async () => {
    const path = await archive(appImage({ app: program(STATIC_PROGRAM), config: { Entrypoint: ['/app/server'] } }));
    const placeholder = await migrate({ image: `oci-archive:${path}` });
    expect(placeholder.from).toEqual({ reference: '<your-image>', placeholder: true });
    expect(placeholder.dockerfile).toContain('# Replace <your-image>');
    const named = await migrate({ image: `oci-archive:${path}`, from: 'registry.example/app:1.2', registry: 'mirror.example/distroless' });
    expect(named.from).toEqual({ reference: 'registry.example/app:1.2', placeholder: false });
    expect(named.dockerfile).toContain('FROM registry.example/app:1.2 AS app\n\nFROM mirror.example/distroless/static-debian12:nonroot\n');
    expect(named.dockerfile).not.toContain('Replace');
  });

  it('carries ENV (PATH only when it differs), labels, STOPSIGNAL; says what it cannot carry', async () => {
    const plan = await planOf(
      appImage({
        app: program(STATIC_PROGRAM),
        config: {
          Entrypoint: ['/app/server'],
          Cmd: ['--verbose'],
          Env: ['PATH=/app:/usr/bin', 'GREETING=hello "$USER"'],
          Labels: { 'org.opencontainers.image.base.name': 'debian:12', 'a b': 'c' },
          StopSignal: 'SIGINT',
          Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost || exit 1'] },
          Volumes: { '/data': {} },
        },
      }),
    );
    expect(body(plan)).toContain(
      [
        'ENV PATH="/app:/usr/bin"',
        'ENV GREETING="hello \\"\\$USER\\""',
        'LABEL "a b"="c"',
        'STOPSIGNAL SIGINT',
        'USER 65532:65532',
        'WORKDIR /',
        'ENTRYPOINT ["/app/server"]',
        'CMD ["--verbose"]',
      ].join('\n'),
    );
    expect(plan.notCarried).toEqual([
      "HEALTHCHECK curl -f localhost || exit 1: it runs in a shell, which distroless has not; probe from outside (an orchestrator's HTTP or TCP check)",
      'VOLUME /data: declare volumes where the container runs; a VOLUME in the image would be owned by root, not by the user the result runs as',
    ]);
  });
});

describe('migrate: entry points', () => {
  it('blocks a shell-form CMD with shell syntax, naming it', async () => {
    const plan = await planOf(appImage({ app: program(STATIC_PROGRAM), config: { Cmd: ['/bin/sh', '-c', '/app/server | tee /tmp/log'] } }));
    expect(plan).toMatchObject({ status: 'blocked', blocked: { reason: 'the shell-form CMD needs a shell: it has a pipe (|)' } });
    expect(plan.dockerfile).toBeUndefined();
  });

  it('refuses a shell script entry point by name', async () => {
    const plan = await planOf(
      appImage({
        app: [...program(STATIC_PROGRAM), { path: 'app/run.sh', content: '#!/bin/sh\ncd /app\n./server\n', mode: 0o755 }],
        config: { Entrypoint: ['/app/run.sh'] },
      }),
    );
    expect(plan.blocked).toEqual({
      path: '/app/run.sh',
      reason: 'the entry point is a shell script (line 2 runs "cd /app" in the shell); distroless images have no shell to run it',
    });
  });

  it('plans a #!/bin/sh wrapper that only execs a binary as that binary, with its exports', async () => {
    const wrapper = '#!/bin/sh\n# start the server\nset -eu\nexport MODE=production\nexec /app/server --config /app/data "$@"\n';
    const plan = await planOf(
      appImage({
        app: [...program(STATIC_PROGRAM), { path: 'usr/local/bin/entry.sh', content: wrapper, mode: 0o755 }],
        config: { Entrypoint: ['entry.sh'], Cmd: ['--port', '80'] },
      }),
    );
    expect(plan.status).toBe('planned');
    expect(plan.program).toEqual({ path: '/app/server', kind: 'elf', via: '/usr/local/bin/entry.sh' });
    expect(plan.entrypoint).toEqual(['/app/server', '--config', '/app/data']);
    expect(plan.cmd).toEqual(['--port', '80']);
    expect(plan.env).toEqual([['MODE', 'production']]);
    expect(plan.copies.map((copy) => copy.source)).toEqual(['/app']);
    expect(plan.notes).toContain('/usr/local/bin/entry.sh is a shell script that only execs /app/server: planned as that program, without the script');
  });

  it('refuses an entry point that runs a shell or a package manager, or is missing', async () => {
    const shell = await planOf(appImage({ app: program(STATIC_PROGRAM), config: { Entrypoint: ['/bin/sh', '/app/start'] } }));
    expect(shell.blocked?.reason).toMatch(/^the entry point runs a shell/);
    const missing = await planOf(appImage({ app: program(STATIC_PROGRAM), config: { Entrypoint: ['/app/nothing'] } }));
    expect(missing.blocked).toEqual({ path: '/app/nothing', reason: "the entry point's program /app/nothing is not in the image" });
  });

  it("plans a Python program on python3-debian13, without the source's Python but with its site-packages", async () => {
    const plan = await planOf(
      appImage({
        app: [
          { path: 'usr/local/bin/python3.11', content: dynamicProgram(['libc.so.6']), mode: 0o755 },
          { path: 'usr/local/bin/python3', type: 'symlink', target: 'python3.11' },
          { path: 'usr/local/lib/python3.11/', type: 'dir' },
          { path: 'usr/local/lib/python3.11/os.py', content: 'import sys' },
          { path: 'usr/local/lib/python3.11/site-packages/flask/__init__.py', content: '' },
          { path: 'srv/', type: 'dir' },
          { path: 'srv/app.py', content: 'print(1)' },
        ],
        config: { Cmd: ['python3', '/srv/app.py'] },
      }),
    );
    expect(plan.base?.image).toBe('gcr.io/distroless/python3-debian13:nonroot');
    expect(plan.entrypoint).toEqual([]);
    expect(plan.cmd).toEqual(['/usr/bin/python3', '/srv/app.py']);
    expect(plan.copies.map((copy) => copy.source).sort()).toEqual(['/srv/app.py', '/usr/local/lib/python3.11/site-packages']);
    expect(plan.env).toContainEqual(['PYTHONPATH', '/usr/local/lib/python3.11/site-packages']);
    expect(plan.dockerfile).toContain('ENTRYPOINT []\nCMD ["/usr/bin/python3","/srv/app.py"]');
  });

  it('plans a Temurin java program on the java image of its version, without the JRE or its ENV', async () => {
    const plan = await planOf(
      appImage({
        app: [
          { path: 'opt/java/openjdk/bin/java', content: dynamicProgram(['libjli.so', 'libc.so.6'], { runpath: '$ORIGIN/../lib' }), mode: 0o755 },
          { path: 'opt/java/openjdk/lib/libjli.so', content: library('libjli.so', ['libc.so.6']) },
          { path: 'app/', type: 'dir' },
          { path: 'app/app.jar', content: 'PK' },
        ],
        config: {
          Env: [
            'PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
            'JAVA_HOME=/opt/java/openjdk',
            'JAVA_VERSION=jdk-21.0.5+11',
            'LANG=C.UTF-8',
          ],
          Entrypoint: ['java', '-jar', '/app/app.jar'],
        },
      }),
    );
    expect(plan.base?.image).toBe('gcr.io/distroless/java21-debian13:nonroot');
    expect(plan.entrypoint).toEqual(['/usr/bin/java', '-jar', '/app/app.jar']);
    expect(plan.copies.map((copy) => copy.source)).toEqual(['/app']);
    expect(plan.env.map(([name]) => name)).toEqual(['PATH', 'LANG']);
    expect(plan.libraries).toEqual([]);
  });
});

describe('migrate: the command', () => {
  it('exit 0 with the plan and the Dockerfile; --output writes DIR/Dockerfile; --format json', async () => {
    const path = await archive(ZLIB_APP);
    const text = await runCliInProcess(['migrate', `oci-archive:${path}`], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const out = text.stdout.toString('utf8');
    expect(out).toContain('Base: gcr.io/distroless/base-nossl-debian12:nonroot\n');
    expect(out).toContain('Libraries added: libz.so.1\n');
    expect(out).toContain(`Dockerfile:\n# Written by distroless-guard migrate from oci-archive:${path} (linux/amd64).\n${ZLIB_DOCKERFILE}`);

    const output = join(dir, 'out');
    const written = await runCliInProcess(['migrate', `oci-archive:${path}`, '--output', output, '--format', 'json'], { cwd: dir });
    expect(written.code).toBe(0);
    const json = JSON.parse(written.stdout.toString('utf8')) as MigrationPlan & { written: string };
    expect(json.written).toBe(join(output, 'Dockerfile'));
    expect(await readFile(json.written, 'utf8')).toBe(json.dockerfile);
    expect(Object.keys(json)).toEqual([
      'version',
      'image',
      'platform',
      'status',
      'from',
      'base',
      'program',
      'entrypoint',
      'cmd',
      'user',
      'workdir',
      'env',
      'expose',
      'labels',
      'copies',
      'libraries',
      'size',
      'notCarried',
      'notes',
      'facts',
      'dockerfile',
      'written',
    ]);

    const markdown = await runCliInProcess(['migrate', `oci-archive:${path}`, '--format', 'markdown'], { cwd: dir });
    expect(markdown.stdout.toString('utf8')).toContain('```dockerfile\n# Written by');
  });

  it('exit 1 when blocked, naming the file; exit 2 on unreadable input and bad options', async () => {
    const path = await archive(
      appImage({ app: [{ path: 'app/run.sh', content: '#!/bin/bash\nwhile true; do sleep 1; done\n', mode: 0o755 }], config: { Entrypoint: ['/app/run.sh'] } }),
    );
    const blocked = await runCliInProcess(['migrate', `oci-archive:${path}`, '--output', join(dir, 'never')], { cwd: dir });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout.toString('utf8')).toContain(
      'Blocked: /app/run.sh: the entry point is a shell script (line 2 runs "while true; do sleep 1; done" in the shell)',
    );
    await expect(readFile(join(dir, 'never', 'Dockerfile'))).rejects.toThrow();

    const missing = await runCliInProcess(['migrate', `oci-archive:${join(dir, 'absent.tar')}`], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^distroless-guard: [^\n]*absent\.tar[^\n]*\n$/);
    const format = await runCliInProcess(['migrate', 'x', '--format', 'sarif'], { cwd: dir });
    expect({ code: format.code, stderr: format.stderr }).toEqual({
      code: 2,
      stderr: 'distroless-guard: migrate: --format must be one of text, json, markdown, not "sarif"\n',
    });
    const two = await runCliInProcess(['migrate', 'a', 'b'], { cwd: dir });
    expect(two.stderr).toBe('distroless-guard: migrate: expected one IMAGE\n');
  });

  it('exits 1 when blocked as a process too', async () => {
    const path = await archive(appImage({ app: program(STATIC_PROGRAM), config: { Cmd: ['/bin/sh', '-c', 'cd /app && ./server'] } }));
    const result = await runProcess(NODE, [CLI, 'migrate', `oci-archive:${path}`, '--format', 'json'], { cwd: dir, timeoutMs: 30_000 });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: '' });
    expect(JSON.parse(result.stdout.toString('utf8'))).toMatchObject({
      status: 'blocked',
      blocked: { reason: 'the shell-form CMD needs a shell: it has a background or && list (&)' },
    });
  });

  it('names the engine image for docker-daemon: inputs', async () => {
    const { fromReference } = await import('../../src/engine/migrate.ts');
    expect(fromReference('docker-daemon:shop/api:1.0', undefined)).toEqual({ reference: 'shop/api:1.0', placeholder: false });
    expect(fromReference('shop/api:1.0', undefined)).toEqual({ reference: 'shop/api:1.0', placeholder: false });
    expect(fromReference('oci:./layout', undefined)).toEqual({ reference: '<your-image>', placeholder: true });
    expect(fromReference('docker-daemon:shop/api:1.0', 'ghcr.io/shop/api@sha256:' + 'a'.repeat(64)).reference).toBe(
      'ghcr.io/shop/api@sha256:' + 'a'.repeat(64),
    );
  });
});
