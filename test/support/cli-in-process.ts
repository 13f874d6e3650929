/**
 * The CLI's program run in this test process: the same parsing, commands and error boundary as
 * src/cli/main.ts, without the second or so a child process costs. What it returns is what the
 * process would give: exit status, stdout and stderr. A test that uses it should also hold one case
 * per exit status through the real process (runProcess), which proves the two agree.
 */
import { parseCliArgs } from '../../src/cli/args.ts';
import { type Output, runCat, runCheck, runDiff, runLs } from '../../src/cli/commands.ts';
import { UserError } from '../../src/errors.ts';
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

async function command(argv: string[], out: Output, err: Output): Promise<number> {
  const args = parseCliArgs(argv);
  switch (args.command) {
    case 'check':
      return runCheck(args, out, err);
    case 'ls':
      return runLs(args, out);
    case 'cat':
      return runCat(args, out);
    case 'diff':
      return runDiff(args, out);
    default:
      throw new Error(`run ${args.command} as a process: it has no command function`);
  }
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
  process.chdir(options.cwd);
  Object.assign(process.env, options.env);
  let code: number;
  try {
    code = await command(argv, capture(stdout), capture(stderr));
  } catch (error) {
    // The error boundary of src/cli/main.ts.
    const message =
      error instanceof UserError
        ? error.message
        : `internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    stderr.push(Buffer.from(`distroless-guard: ${message}\n`));
    code = 2;
  } finally {
    process.chdir(cwd);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  return { code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') };
}
