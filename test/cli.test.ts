// The CLI entry (src/cli.ts) runs the program in a worker thread: what the worker prints, its exit
// status, a closed pipe and a terminal must reach the user as if there were no worker.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOciArchive } from './support/images.ts';
import { CLI, NODE, runProcess } from './support/process.ts';

const FILES = 20_000;
let dir: string;
let archive: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dg-cli-entry-'));
  archive = join(dir, 'many.tar');
  const entries = Array.from({ length: FILES }, (_, i) => ({ path: `data/f${String(i).padStart(5, '0')}`, content: `${i}` }));
  await writeOciArchive(archive, { layers: [{ entries: [{ path: 'data/', type: 'dir' as const }, ...entries] }] });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) => runProcess(NODE, [CLI, ...args], { cwd: dir, env });

describe('the CLI entry', () => {
  it('passes on every line the worker prints, in order, and its exit status', async () => {
    const result = await run(['ls', `oci-archive:${archive}`]);
    const lines = result.stdout.toString('utf8').trimEnd().split('\n');
    expect({ code: result.code, stderr: result.stderr, count: lines.length }).toEqual({ code: 0, stderr: '', count: FILES + 1 });
    expect(lines[1]).toMatch(/ \/data\/f00000$/);
    expect(lines[FILES]).toMatch(/ \/data\/f19999$/);
    expect((await run(['ls', `oci-archive:${join(dir, 'missing.tar')}`])).code).toBe(2);
  });

  it('runs the program in a worker whose young generation is capped', async () => {
    // A module preloaded into every thread (workers inherit execArgv) reports the limits of its own.
    const probe = join(dir, 'probe.mjs');
    await writeFile(
      probe,
      "import { isMainThread, resourceLimits } from 'node:worker_threads';\nif (!isMainThread) process.stderr.write(`limits ${JSON.stringify(resourceLimits)}\\n`);\n",
    );
    const result = await runProcess(NODE, ['--import', probe, CLI, '--version'], { cwd: dir });
    const limits = JSON.parse(/^limits (.*)$/m.exec(result.stderr)?.[1] ?? '{}') as Record<string, number>;
    expect({ code: result.code, young: limits.maxYoungGenerationSizeMb }).toEqual({ code: 0, young: 16 });
  });

  it('stops quietly, with status 0, when the reader closes the pipe early (ls | head)', async () => {
    const child = spawn(NODE, [CLI, 'ls', `oci-archive:${archive}`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('colours its report when stdout is a terminal, though the worker writes to a pipe', async () => {
    // script(1) gives the command a pseudo-terminal; NO_COLOR unset.
    const command = `${NODE} ${CLI} check oci-archive:${archive}`;
    const result = await runProcess('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { NO_COLOR: '' } });
    expect(result.stdout.toString('utf8')).toContain('\u001b[');
    const piped = await run(['check', `oci-archive:${archive}`], { NO_COLOR: '' });
    expect(piped.stdout.toString('utf8')).not.toContain('\u001b[');
  });
});
