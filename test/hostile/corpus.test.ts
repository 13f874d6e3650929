// Every case of the hostile corpus through the CLI: unreadable input exits 2 with one line that
// names the file and what is wrong; odd but valid input gives the listing a runtime would unpack
// (checked against Docker 20.10: `docker load` of each case, then `docker export`). The cases run
// the CLI's program in this process; one case per exit status runs the real process as well and
// must give the same bytes, which is what lets the others skip the process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, blobName, type Written } from './corpus.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { expectOneLineError, runCli, workspace } from './run-cli.ts';

let dir: string;
const written = new Map<string, Written>();

beforeAll(async () => {
  dir = await workspace(await mkdtemp(join(tmpdir(), 'dg-hostile-corpus-')));
  for (const [name, entry] of Object.entries(CORPUS)) written.set(name, await entry.write(dir));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function get(name: string): Written {
  const found = written.get(name);
  if (!found) throw new Error(`no corpus case ${name}`);
  return found;
}

/** The one line each unreadable case must give, after `distroless-guard: `. */
const UNREADABLE: Record<string, (w: Written) => string | RegExp> = {
  'empty-file': (w) => `${w.path}: the file is empty, not an image archive`,
  'not-an-archive': (w) => `${w.path}: not a readable image archive (not a tar header at byte 0 (checksum mismatch))`,
  'truncated-archive': (w) => `${w.path}: the archive is truncated (${blobName(w.layers[0])} ends past the end of the file)`,
  'truncated-layer-tar': (w) => `${w.path}: layer ${w.layers[0]}: truncated tar: big ends early`,
  'truncated-gzip': (w) => `${w.path}: layer ${w.layers[0]}: the gzip stream is corrupt or truncated (unexpected end of file)`,
  'truncated-zstd': (w) => `${w.path}: layer ${w.layers[0]}: the zstd stream is corrupt or truncated (unexpected end of file)`,
  'gzip-not-a-tar': (w) => `${w.path}: layer ${w.layers[0]}: not a tar header at byte 0 (checksum mismatch)`,
  'digest-mismatch': (w) =>
    new RegExp(`^${escape(`${w.path}: layer ${w.layers[0]}: content does not match its digest (expected ${w.layers[0]}, got sha256:`)}[0-9a-f]{64}\\)$`),
  'size-mismatch': (w) => `${w.path}: layer ${w.layers[0]}: the blob is 3072 bytes but the manifest says 2048`,
  'absent-layer': (w) => `${w.path}: layer ${w.layers[0]} is missing from the image (${blobName(w.layers[0])})`,
  'absent-config': (w) => `${w.reference}: the image config ${w.digests.config} is missing`,
  'absent-manifest': (w) => `${w.reference}: the index lists no image manifest that is present: ${w.digests.manifest} is missing`,
  'index-self-loop': (w) => `${w.reference}: image index ${w.digests.index} refers to itself`,
  'index-cycle': (w) => `${w.reference}: image index ${w.digests.a} refers to itself`,
  'index-too-deep': (w) => `${w.reference}: image indexes nest more than 8 deep`,
  'malformed-descriptor': (w) => `${w.reference}: the index manifests[0] is not a valid descriptor (not an object)`,
  'config-wrong-types': (w) => `${w.reference}: the image config's config.Env is not a list of strings`,
  'pax-nul-name': (w) => `${w.path}: layer ${w.layers[0]}: the PAX record path in the header at byte 1024 holds a NUL byte`,
  'pax-bad-number': (w) => `${w.path}: layer ${w.layers[0]}: the PAX record uid=0x10 of the entry at byte 2048 is not a number`,
  'name-10kb': (w) => `${w.path}: layer ${w.layers[0]}: a path of 10241 bytes (/${'n'.repeat(76)}…); Linux allows 4095, so no runtime can unpack this layer`,
  'name-300-bytes': (w) =>
    `${w.path}: layer ${w.layers[0]}: a name of 300 bytes in /etc/${'n'.repeat(72)}…; Linux allows 255, so no runtime can unpack this layer`,
  'link-target-5kb': (w) => `${w.path}: layer ${w.layers[0]}: the symlink /link has a target of more than 4095 bytes`,
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `ls --json` as `TYPE PATH SIZE [-> TARGET]` lines. */
async function listing(reference: string, options: { long?: boolean; path?: string } = {}): Promise<string[]> {
  const result = await runCliInProcess(['ls', '--json', ...(options.long ? ['--long'] : []), reference, ...(options.path ? [options.path] : [])], { cwd: dir });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return result.stdout
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { path: string; type: string; size: number; target?: string | null; layer?: number })
    .map((node) => `${node.type} ${node.path} ${node.size}${node.target ? ` -> ${node.target}` : ''}${node.layer !== undefined ? ` @${node.layer}` : ''}`);
}

/** A check that ran to a verdict: exit 0 or 1 and a JSON report. */
async function checked(reference: string): Promise<{ code: number | null; report: { images: { size: { uncompressed: number } }[] } }> {
  const result = await runCliInProcess(['check', '--format', 'json', reference], { cwd: dir });
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect([0, 1]).toContain(result.code);
  return { code: result.code, report: JSON.parse(result.stdout.toString('utf8')) };
}

describe('the hostile corpus', () => {
  it('has an expectation for every case', () => {
    expect(Object.keys(CORPUS).filter((name) => !(name in UNREADABLE) && !(name in ODD))).toEqual([]);
  });
});

describe('unreadable images: exit 2 and one line naming the file and the problem', () => {
  for (const [name, message] of Object.entries(UNREADABLE)) {
    it(`${name}: check and ls`, async () => {
      const w = get(name);
      const expected = message(w);
      for (const command of ['check', 'ls']) {
        const line = expectOneLineError(await runCliInProcess([command, w.reference], { cwd: dir }));
        if (typeof expected === 'string') expect(line).toBe(expected);
        else expect(line).toMatch(expected);
      }
    });
  }
});

/** Odd but valid images: what each must list and answer. */
const ODD: Record<string, () => Promise<void>> = {
  'absolute-and-dotdot': async () => {
    const w = get('absolute-and-dotdot');
    expect(await listing(w.reference)).toEqual(['dir /abs 0', 'file /abs/x 1', 'file /app 7', 'file /b 1', 'file /c 1', 'dir /up 0', 'file /up/y 1']);
    await checked(w.reference);
  },
  'invalid-utf8-names': async () => {
    const w = get('invalid-utf8-names');
    // Two files, as the runtime unpacks them; the bytes that are not UTF-8 read as U+DCFE and U+DCFF.
    expect(await listing(w.reference)).toEqual(['file /app 7', 'file /b\udcfe 3', 'file /b\udcff 4']);
    await checked(w.reference);
  },
  'symlink-loops': async () => {
    const w = get('symlink-loops');
    expect(await listing(w.reference)).toEqual([
      'file /app 7',
      'symlink /loop 0 -> loop',
      'symlink /ping 0 -> /pong',
      'symlink /pong 0 -> ping/../ping',
      'dir /usr 0',
      'dir /usr/bin 0',
      'symlink /usr/bin/sh 0 -> /loop',
    ]);
    // ls of a link that leads nowhere shows the link, as ls -l does.
    expect(await listing(w.reference, { path: '/ping' })).toEqual(['symlink /ping 0 -> /pong']);
    for (const path of ['/loop', '/ping/x', '/usr/bin/sh']) {
      expect(expectOneLineError(await runCliInProcess(['cat', w.reference, path], { cwd: dir }))).toMatch(
        new RegExp(`^${escape(`${w.reference}: ${path}`)}[: ]`),
      );
    }
    const { code } = await checked(w.reference);
    expect(code).toBe(1);
  },
  'symlink-chain-1000': async () => {
    const w = get('symlink-chain-1000');
    expect((await listing(w.reference)).slice(0, 4)).toEqual(['file /app 7', 'dir /usr 0', 'dir /usr/bin 0', 'symlink /usr/bin/l0 0 -> l1']);
    // Linux follows at most 40 links in one lookup: l960 is the first that reaches /app.
    const near = await runCliInProcess(['cat', w.reference, '/usr/bin/l960'], { cwd: dir });
    expect({ code: near.code, stdout: near.stdout.toString('utf8') }).toEqual({ code: 0, stdout: '#!/app\n' });
    expect(expectOneLineError(await runCliInProcess(['cat', w.reference, '/usr/bin/l959'], { cwd: dir }))).toMatch(
      new RegExp(`^${escape(w.reference)}: /usr/bin/l959[: ]`),
    );
    expect(expectOneLineError(await runCliInProcess(['cat', w.reference, '/usr/bin/l0'], { cwd: dir }))).toMatch(
      new RegExp(`^${escape(w.reference)}: /usr/bin/l0[: ]`),
    );
    await checked(w.reference);
  },
  'hardlink-to-nothing': async () => {
    const w = get('hardlink-to-nothing');
    expect(await listing(w.reference)).toEqual(['file /app 7', 'hardlink /h 0 -> /nothing']);
    expect(expectOneLineError(await runCliInProcess(['cat', w.reference, '/h'], { cwd: dir }))).toMatch(new RegExp(`^${escape(w.reference)}: .*/h`));
    await checked(w.reference);
  },
  'dir-file-dir': async () => {
    const w = get('dir-file-dir');
    expect(await listing(w.reference, { long: true })).toEqual(['dir /a 0 @2', 'file /a/y 1 @2', 'file /app 7 @0']);
    const { report } = await checked(w.reference);
    // /a/x (2 bytes) and the file /a (4 bytes) are stored but hidden.
    expect((report.images[0] as unknown as { facts: { sizes: { hidden: number } } }).facts.sizes.hidden).toBe(6);
  },
  'ghost-whiteouts': async () => {
    const w = get('ghost-whiteouts');
    // Runtimes create a whiteout's missing parents: Docker shows ghost/, ghost/sub/ and opt/ too.
    expect(await listing(w.reference, { long: true })).toEqual(['file /app 7 @0', 'dir /ghost 0 @1', 'dir /ghost/sub 0 @1', 'dir /opt 0 @1']);
    await checked(w.reference);
  },
  'index-twice': async () => {
    const w = get('index-twice');
    expect(await listing(w.reference)).toEqual(['file /app 7']);
    const { report } = await checked(w.reference);
    expect(report.images).toHaveLength(1);
  },
};

describe('odd but valid images: a report, and the files a runtime would unpack', () => {
  for (const [name, test] of Object.entries(ODD)) it(name, test);
});

describe('the CLI process, for one case of each exit status, gives what the program gave in this process', () => {
  const CASES: [number, () => string[]][] = [
    [0, () => ['check', '--format', 'json', get('index-twice').reference]],
    [1, () => ['check', '--format', 'json', get('symlink-loops').reference]],
    [2, () => ['check', get('truncated-gzip').reference]],
  ];
  it.each(CASES)('exit %i', async (code, args) => {
    const { stdout, stderr, ...spawned } = await runCli(args(), { cwd: dir });
    expect(spawned.code).toBe(code);
    expect(await runCliInProcess(args(), { cwd: dir })).toEqual({ code, stdout, stderr });
  });
});
