// What the engine hands on beside the facts: the Dockerfile its findings point into (SARIF relies
// on it), and the architecture rules compare ELF machines with.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
import { buildElf } from '../support/elf-writer.ts';
import { writeOciArchive } from '../support/images.ts';

let dir = '';
let reference = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-check-dockerfile-'));
  await writeOciArchive(join(dir, 'app.tar'), { layers: [{ entries: [{ path: 'app', content: 'x', mode: 0o755 }] }], config: { Entrypoint: ['/app'] } });
  await writeFile(join(dir, 'app.Dockerfile'), 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n');
  reference = `oci-archive:${join(dir, 'app.tar')}`;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('puts the Dockerfile it read on the image report, and none when there was none to read', async () => {
  const path = join(dir, 'app.Dockerfile');
  const run = (dockerfile: { path: string; required: boolean }) =>
    check({ images: [{ name: 'app', reference, dockerfile }], policy: builtinPolicy('recommended'), registry: {} });
  expect((await run({ path, required: true })).images[0].dockerfile).toBe(path);
  const missing = await run({ path: join(dir, 'Dockerfile'), required: false });
  expect(missing.images[0]).not.toHaveProperty('dockerfile');
  expect(missing.notices).toContain(`no ${join(dir, 'Dockerfile')} found: findings for app are reported without Dockerfile lines`);
});

it('gives rules the architecture normalised, so an x86_64 image runs an amd64 program', async () => {
  const program = buildElf({ class: 64, endian: 'little', machine: 62, type: 2 });
  const spec = { layers: [{ entries: [{ path: 'app', content: program, mode: 0o755 }] }], config: { Entrypoint: ['/app'], User: '1000' } };
  const runnable = async (architecture: string) => {
    await writeOciArchive(join(dir, `${architecture}.tar`), { ...spec, architecture });
    const report = await check({
      images: [{ name: 'app', reference: `oci-archive:${join(dir, `${architecture}.tar`)}` }],
      policy: builtinPolicy('recommended'),
      registry: {},
    });
    return report.images[0].findings.filter((finding) => finding.rule === 'entrypoint-runnable').map((finding) => finding.message);
  };
  expect(await runnable('x86_64')).toStrictEqual([]);
  expect(await runnable('arm64')).toStrictEqual(['/app is built for amd64 but the image is arm64']);
});
