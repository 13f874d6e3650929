// The engine names on each image's report the Dockerfile its findings point into; SARIF relies on it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { builtinPolicy } from '../../src/policy/index.ts';
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
