// The CLI program, run by src/cli.ts in a worker thread.
import { workerData } from 'node:worker_threads';
import { failureMessage } from '../errors.ts';
import { TOOL_VERSION } from '../report/links.ts';
import { USAGE, parseCliArgs } from './args.ts';
import { type Output, runCat, runCheck, runDiff, runLs } from './commands.ts';

/** What the launcher tells the worker, whose own stdout and stderr are pipes to it. */
export interface CliWorkerData {
  tty: { stdout: boolean; stderr: boolean };
}

const { tty } = workerData as CliWorkerData;

function output(stream: NodeJS.WriteStream, isTTY: boolean): Output {
  return {
    write: (text) => (stream.write(text) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', resolve))),
    color: isTTY && !process.env.NO_COLOR,
  };
}
const out = output(process.stdout, tty.stdout);
const err = output(process.stderr, tty.stderr);

async function run(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  switch (args.command) {
    case 'help':
      await out.write(`${USAGE[args.topic ?? 'main'] ?? USAGE.main}\n`);
      return 0;
    case 'version':
      await out.write(`${TOOL_VERSION}\n`);
      return 0;
    case 'check':
      return runCheck(args, out, err);
    case 'ls':
      return runLs(args, out);
    case 'cat':
      return runCat(args, out);
    case 'diff':
      return runDiff(args, out);
  }
}

// The one error boundary: a UserError is one line and exit 2; anything else is a bug, with its stack.
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`distroless-guard: ${failureMessage(error)}\n`);
    process.exitCode = 2;
  },
);
