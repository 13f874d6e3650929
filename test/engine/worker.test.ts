// check() in a worker thread, as the action runs it: the same report, log lines in order, and a
// user's error still a one-line UserError on this side.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckOptions, check } from '../../src/engine/check.ts';
import { YOUNG_GENERATION_MB } from '../../src/engine/thread.ts';
import { checkInWorker } from '../../src/engine/worker.ts';
import { UserError } from '../../src/errors.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import { buildElf } from '../support/elf-writer.ts';
import { writeOciArchive } from '../support/images.ts';

/** The action's entry: in a worker thread it serves check(). */
const ENTRY = new URL('../../src/main.ts', import.meta.url);
let dir: string;
let archive: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-engine-worker-'));
  archive = join(dir, 'app.tar');
  await writeOciArchive(archive, {
    layers: [
      {
        entries: [
          { path: 'bin/', type: 'dir' },
          { path: 'bin/sh', content: buildElf({ class: 64, endian: 'little', machine: 62, type: 2 }), mode: 0o755 },
          { path: 'app', content: buildElf({ class: 64, endian: 'little', machine: 62, type: 2 }), mode: 0o755 },
        ],
      },
    ],
    config: { Entrypoint: ['/app'], User: '65532' },
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function options(reference: string, log: string[]): CheckOptions {
  return { images: [{ name: 'app', reference }], policy: builtinPolicy('recommended'), registry: {}, log: (line) => log.push(line) };
}

describe('checkInWorker', () => {
  it('gives the report check() gives, and its log lines in order', async () => {
    const here: string[] = [];
    const there: string[] = [];
    const expected = await check(options(`oci-archive:${archive}`, here));
    const report = await checkInWorker(ENTRY, options(`oci-archive:${archive}`, there));
    expect(report).toStrictEqual(expected);
    expect(report.passed).toBe(false);
    expect(there).toEqual(here);
    expect(there.length).toBeGreaterThan(0);
  });

  it('starts the worker with the young generation capped', async () => {
    // An entry that answers with its own thread's limits, in the protocol serveCheck speaks.
    const entry = join(dir, 'limits.mjs');
    await writeFile(
      entry,
      "import { parentPort, resourceLimits } from 'node:worker_threads';\nparentPort.postMessage({ log: JSON.stringify(resourceLimits) });\nparentPort.postMessage({ report: { images: [] } });\n",
    );
    const log: string[] = [];
    await checkInWorker(pathToFileURL(entry), options('unused', log));
    expect(JSON.parse(log[0]) as Record<string, number>).toMatchObject({ maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
    expect(YOUNG_GENERATION_MB).toBe(16);
  });

  it("passes on a user's error as the same one-line UserError", async () => {
    const reference = `oci-archive:${join(dir, 'missing.tar')}`;
    const expected = await check(options(reference, [])).catch((error: unknown) => error);
    const error = await checkInWorker(ENTRY, options(reference, [])).catch((caught: unknown) => caught);
    expect(expected).toBeInstanceOf(UserError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe((expected as Error).message);
  });
});
