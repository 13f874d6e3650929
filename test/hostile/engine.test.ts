// The odd but valid corpus cases as the real Docker engine unpacks them: `docker load` of each
// (as a docker save archive), then `docker export` of a container, against our `ls` of the same
// archive. Modes of directories the layers do not list are left out: Docker's own unpacker
// creates them 0700, containerd 0755 (as we do).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithEngine, docker, exportListing, removeImages } from '../support/engine.ts';
import { CORPUS, writeLegacyArchive } from './corpus.ts';
import { runCli, workspace } from './run-cli.ts';

const CASES = ['absolute-and-dotdot', 'invalid-utf8-names', 'symlink-loops', 'symlink-chain-1000', 'dir-file-dir', 'ghost-whiteouts'];

describeWithEngine('odd images, unpacked by Docker and read by us', () => {
  let dir: string;
  const tags: string[] = [];
  beforeAll(async () => {
    dir = await workspace(await mkdtemp(join(tmpdir(), 'dg-hostile-engine-')));
  });
  afterAll(async () => {
    await removeImages(...tags);
    await rm(dir, { recursive: true, force: true });
  });

  for (const name of CASES) {
    it(
      name,
      async () => {
        const parts = CORPUS[name].parts;
        if (!parts) throw new Error(`${name} has no parts`);
        const tag = `dg-hostile-${name}:1`;
        const path = join(dir, `${name}.tar`);
        await writeLegacyArchive(path, parts, tag);
        tags.push(tag);
        await docker(['load', '--input', path]);
        const listed = implied(parts.layers.length);
        const engine = (await exportListing(tag)).map((entry) => line(entry, listed));
        const result = await runCli(['ls', '--json', `docker-archive:${path}`], { cwd: dir });
        expect(result.stderr).toBe('');
        const ours = result.stdout
          .toString('utf8')
          .trimEnd()
          .split('\n')
          .map((text) => line(JSON.parse(text) as Entry, listed));
        // tar-stream, which reads the export, decodes names that are not UTF-8 with U+FFFD.
        expect(ours.map((text) => text.toWellFormed()).sort()).toEqual(engine.sort());
      },
      120_000,
    );
  }
});

interface Entry {
  path: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  target?: string | null;
}

function implied(_layers: number): (entry: Entry) => boolean {
  return (entry) => entry.type === 'dir';
}

function line(entry: Entry, isDir: (entry: Entry) => boolean): string {
  const mode = isDir(entry) ? '' : ` ${entry.mode.toString(8)}`;
  return `${entry.type} ${entry.path}${mode} ${entry.uid}/${entry.gid} ${entry.size}${entry.target ? ` -> ${entry.target}` : ''}`;
}
