// Bundles the action from the sources as they are, into a temporary directory, once per run (and
// again when watch mode reruns the action tests): its end-to-end tests never pass on a stale dist/.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** index.js of the action, bundled from the current sources. */
    actionBundle: string;
  }
}

const ROOT = resolve(import.meta.dirname, '..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'distroless-guard-action-bundle-'));
  const build = () => promisify(execFile)(process.execPath, ['scripts/build.ts', '--out', dir, '--action-only'], { cwd: ROOT });
  await build();
  project.provide('actionBundle', join(dir, 'index.js'));
  project.onTestsRerun(async (specs) => {
    if (specs.some((spec) => spec.project.name === project.name)) await build();
  });
  return () => rm(dir, { recursive: true, force: true });
}
