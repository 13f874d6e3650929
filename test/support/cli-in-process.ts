/**
 * The CLI's program (src/cli/program.ts) run in this test process, without the second or so a
 * child process costs. What it returns is what the process would give: exit status, stdout and
 * stderr. A test that uses it should also hold one case
 * per exit status through the real process (runProcess), which proves the two agree.
 */
import type { Output } from '../../src/cli/commands.ts';
import { runCli } from '../../src/cli/program.ts';
import type { ProcessResult } from './process.ts';

function capture(chunks: Buffer[]): Output {
  return {
    write: (text) => {
      chunks.push(Buffer.from(text));
      return Promise.resolve();
    },
    // The processes the tests start have no terminal and NO_COLOR set.
    color: false,
  };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * `distroless-guard ARGV` in `cwd`, with `env` added to the environment while it runs. The working
 * directory and the environment belong to the whole process, so runs take turns.
 */
export function runCliInProcess(argv: string[], options: { cwd: string; env?: Record<string, string> }): Promise<ProcessResult> {
  const result = queue.then(() => runNow(argv, options));
  queue = result.catch(() => undefined);
  return result;
}

async function runNow(argv: string[], options: { cwd: string; env?: Record<string, string> }): Promise<ProcessResult> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const cwd = process.cwd();
  const saved = Object.keys(options.env ?? {}).map((name) => [name, process.env[name]] as const);
  const captured = () => ({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') });
  process.chdir(options.cwd);
  Object.assign(process.env, options.env);
  try {
    return { code: await runCli(argv, capture(stdout), capture(stderr)), ...captured() };
  } finally {
    process.chdir(cwd);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
