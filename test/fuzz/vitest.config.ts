// `npm run fuzz`: every test file with a fast-check property (found by its `fc.assert`, so new
// ones join by themselves), FUZZ_RUNS runs each (default 20,000; tests that take no numRuns of
// their own get it as fast-check's global default), and time enough for them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

const root = resolve(import.meta.dirname, '../..');
process.env.FUZZ_RUNS ??= '20000';

const propertyTests = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && readFileSync(join(root, 'test', file), 'utf8').includes('fc.assert'))
  .map((file) => `test/${file.split('\\').join('/')}`)
  .sort();

// One project of its own: every property test, whichever project of the main config holds it.
const { projects: _projects, ...shared } = base.test ?? {};

export default defineConfig({
  test: {
    ...shared,
    root,
    include: propertyTests,
    setupFiles: [...(shared.setupFiles ?? []), 'test/fuzz/budget.ts'],
    testTimeout: 3_600_000,
  },
});
