import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// On an older Node than package.json's engines the suite would fail test by test on APIs it lacks
// (ArrayBuffer.prototype.transfer): say once which Node to use instead.
const { engines } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const needed = Number(/\d+/.exec(engines.node)?.[0]);
if (Number(process.versions.node.split('.')[0]) < needed) {
  console.error(
    `distroless-guard tests need Node ${needed} or newer (this is Node ${process.versions.node}): run them with \`npm test\`, which puts the pinned Node ${needed} first on PATH`,
  );
  process.exit(1);
}

// Compiled code kept between processes, keyed by source hash: vitest's workers and every CLI the
// tests start load faster from the second on.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'distroless-guard-compile-cache');

// Three projects: `unit` and `action` are `npm test`; `heavy` (`npm run test:heavy`) holds the tests
// that spend most of a minute of CPU or hundreds of MB proving bounds (decompression bombs, a
// million files, 64 MiB bodies). CI runs all of them.
const HEAVY = 'test/heavy/**/*.test.ts';
const ACTION = 'test/action/**/*.test.ts';
// Files that mock a module (vi.mock) need a module registry of their own.
const MOCKING = ['test/engine/inspect.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      // Files share their worker and its loaded modules (a third of the time): no test here mocks a
      // module, and what one changes in process.env or the working directory it puts back or no other reads.
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, HEAVY, ACTION, ...MOCKING], isolate: false },
      },
      { extends: true, test: { name: 'mocking', include: MOCKING } },
      // The action as GitHub runs it: bundled by ncc, from the sources as they are now.
      { extends: true, test: { name: 'action', include: [ACTION], globalSetup: ['test/global-setup-action.ts'] } },
      { extends: true, test: { name: 'heavy', include: [HEAVY] } },
    ],
  },
});
