/**
 * Runs the CLI as users do (`node src/cli.ts …` in a child process), so exit status, stdout and
 * stderr are real, and measures what the child cost: wall time and peak resident memory.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI, NODE, type ProcessResult, runProcess } from '../support/process.ts';

/** Loaded before the CLI: writes the process's peak RSS (bytes) where the parent asked, as it exits. */
const RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.DG_HOSTILE_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));",
)}`;

export interface CliResult extends ProcessResult {
  /** Peak resident set size of the child, in bytes. */ maxRss: number;
  seconds: number;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

let probes = 0;

export async function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const rssFile = join(options.cwd, `.rss-${process.pid}-${++probes}`);
  const started = performance.now();
  const result = await runProcess(NODE, [`--import=${RSS_PROBE}`, CLI, ...args], {
    cwd: options.cwd,
    env: { DG_HOSTILE_RSS_FILE: rssFile, ...options.env },
    timeoutMs: options.timeoutMs,
  });
  const seconds = (performance.now() - started) / 1000;
  const maxRss = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN'));
  await rm(rssFile, { force: true });
  return { ...result, maxRss, seconds };
}

/** Unreadable input: exit 2, nothing on stdout, and exactly one line on stderr (returned without the prefix). */
export function expectOneLineError(result: ProcessResult): string {
  expect({ code: result.code, stdout: result.stdout.toString('utf8') }).toEqual({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^distroless-guard: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  return result.stderr.slice('distroless-guard: '.length, -1);
}

/** A working directory with a policy file, so that no "using the built-in policy" notice joins stderr. */
export async function workspace(dir: string, policy = 'extends: recommended\n'): Promise<string> {
  await mkdir(join(dir, '.github'), { recursive: true });
  await writeFile(join(dir, '.github/distroless.yml'), policy);
  return dir;
}
