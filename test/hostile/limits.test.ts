// The read limits the environment sets (DISTROLESS_GUARD_MAX_UNCOMPRESSED, DISTROLESS_GUARD_MAX_ENTRIES):
// passing one, or naming one wrongly, ends with one line. The CLI's program runs in this process
// (corpus.test.ts holds the cases that prove it gives what the process gives); the costly bounds,
// measured on a real process, are in test/heavy/bounds.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { emptyFilesTar, type Layer, layer, layersArchive, streamedLayer } from './corpus.ts';
import { expectOneLineError, workspace } from './run-cli.ts';

const APP = layer([{ path: 'app', content: '#!/app\n', mode: 0o755 }]);

let dir: string;
beforeAll(async () => {
  dir = await workspace(await mkdtemp(join(tmpdir(), 'dg-hostile-limits-')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const archive = (name: string, layers: Layer[]) => layersArchive(dir, name, layers);

describe('the entry limit', () => {
  it('stops at DISTROLESS_GUARD_MAX_ENTRIES with one line', async () => {
    const files = await streamedLayer(emptyFilesTar(5000));
    const { path, reference } = await archive('files-limited', [APP, files]);
    const result = await runCliInProcess(['check', reference], { cwd: dir, env: { DISTROLESS_GUARD_MAX_ENTRIES: '1000' } });
    expect(expectOneLineError(result)).toBe(
      `${path}: layer ${files.digest}: the image's layers hold more than 1000 entries; if it really has that many files, raise DISTROLESS_GUARD_MAX_ENTRIES`,
    );
  });

  it('counts directories that deep names imply against the same limit', async () => {
    // 10 entries, each 600 directories deep on a path of its own: 6,010 directories no layer lists.
    const deep = layer(Array.from({ length: 10 }, (_, i) => ({ path: `x${i}/${'a/'.repeat(600)}f`, content: '' })));
    const { reference } = await archive('deep-implied', [APP, deep]);
    const result = await runCliInProcess(['check', reference], { cwd: dir, env: { DISTROLESS_GUARD_MAX_ENTRIES: '5000' } });
    expect(expectOneLineError(result)).toBe(
      `layer ${deep.digest}: the image's layers imply more than 5000 directories that none of them lists; if it really has that many, raise DISTROLESS_GUARD_MAX_ENTRIES`,
    );
  });
});

describe('the limits themselves', () => {
  it.each([
    ['DISTROLESS_GUARD_MAX_UNCOMPRESSED', 'lots', 'DISTROLESS_GUARD_MAX_UNCOMPRESSED: "lots" is not a size (examples: 80MB, 1.5GiB)'],
    ['DISTROLESS_GUARD_MAX_ENTRIES', '1e6', 'DISTROLESS_GUARD_MAX_ENTRIES: "1e6" is not a whole number of entries'],
  ])('refuses %s=%s with one line', async (name, value, message) => {
    const { reference } = await archive('limit-typo', [APP]);
    expect(expectOneLineError(await runCliInProcess(['check', reference], { cwd: dir, env: { [name]: value } }))).toBe(message);
  });

  it('reads sizes with units and plain byte counts', async () => {
    const { reference } = await archive('limit-units', [APP]);
    for (const value of ['2048', '2KiB', '1GB']) {
      const result = await runCliInProcess(['check', reference], { cwd: dir, env: { DISTROLESS_GUARD_MAX_UNCOMPRESSED: value } });
      expect(result.code).toBe(0);
    }
    expect(expectOneLineError(await runCliInProcess(['check', reference], { cwd: dir, env: { DISTROLESS_GUARD_MAX_UNCOMPRESSED: '2047' } }))).toMatch(
      /: the image's layers hold more than 2 KiB uncompressed; if it really is that large, raise DISTROLESS_GUARD_MAX_UNCOMPRESSED$/,
    );
  });
});
