/**
 * Whole-process measurements: wall time from spawn to exit, and peak RSS from GNU time's `%M`
 * (the largest resident set of the process and of the children it waited for), or, without GNU
 * time, from polling the process's own VmHWM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Command {
  argv: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that mean the command did its work (default 0). */
  okCodes?: number[];
}

export interface Sample {
  seconds: number;
  /** Bytes; undefined when it could not be measured. */
  rss?: number;
}

const TIMEOUT_MS = 30 * 60_000;
const STDERR_KEPT = 4096;

/** The path of GNU time when it is installed, else undefined. */
export function findGnuTime(): string | undefined {
  try {
    const version = execFileSync('/usr/bin/time', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return version.includes('GNU') ? '/usr/bin/time' : undefined;
  } catch (error) {
    // GNU time prints its version on stderr in some builds.
    const stderr = (error as { stderr?: string }).stderr ?? '';
    return stderr.includes('GNU') ? '/usr/bin/time' : undefined;
  }
}

export class Runner {
  private readonly gnuTime: string | undefined;
  private readonly timeFile: string;
  private readonly devNull: number;

  constructor(gnuTime: string | undefined, scratch: string) {
    this.gnuTime = gnuTime;
    this.timeFile = join(scratch, 'time.txt');
    this.devNull = openSync('/dev/null', 'w');
  }

  close(): void {
    closeSync(this.devNull);
  }

  /** Runs `command` once with stdout to /dev/null; throws when it exits with a code it should not. */
  async once(command: Command, options: { rss?: boolean } = {}): Promise<Sample> {
    const wrap = (options.rss ?? true) && this.gnuTime !== undefined;
    const argv = wrap ? [this.gnuTime!, '-f', '%M', '-o', this.timeFile, ...command.argv] : command.argv;
    const start = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: command.cwd, env: command.env, stdio: ['ignore', this.devNull, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT)));
    let polledRss: number | undefined;
    const poll =
      !wrap && (options.rss ?? true)
        ? setInterval(() => {
            const now = vmHwm(child.pid);
            if (now !== undefined) polledRss = Math.max(polledRss ?? 0, now);
          }, 20)
        : undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode) => resolve(exitCode));
    }).finally(() => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
    });
    const seconds = (performance.now() - start) / 1000;
    if (!(command.okCodes ?? [0]).includes(code ?? -1)) {
      throw new Error(`${command.argv.join(' ')} exited with ${code ?? 'a signal'}: ${stderr.trim().split('\n').slice(-3).join(' | ') || '(no stderr)'}`);
    }
    return { seconds, rss: wrap ? gnuTimeRss(this.timeFile) : polledRss };
  }

  /** Seconds from spawn to the first complete line on stdout (the process is then left to finish). */
  async firstLine(command: Command): Promise<number> {
    const start = performance.now();
    const child = spawn(command.argv[0], command.argv.slice(1), { cwd: command.cwd, env: command.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT)));
    let firstLineAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstLineAt === undefined && chunk.includes(0x0a)) firstLineAt = performance.now();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode) => resolve(exitCode));
    }).finally(() => clearTimeout(timer));
    if (!(command.okCodes ?? [0]).includes(code ?? -1) || firstLineAt === undefined) {
      throw new Error(`${command.argv.join(' ')} exited with ${code ?? 'a signal'} (first line: ${firstLineAt !== undefined}): ${stderr.trim().slice(-300)}`);
    }
    return (firstLineAt - start) / 1000;
  }
}

function gnuTimeRss(timeFile: string): number | undefined {
  // With a non-zero exit GNU time writes "Command exited with non-zero status N" first.
  const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
  const kib = Number(lines.at(-1));
  return Number.isFinite(kib) ? kib * 1024 : undefined;
}

function vmHwm(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
