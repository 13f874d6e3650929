import { USAGE, parseCliArgs } from './cli/args.ts';
import { type Output, runCat, runCheck, runDiff, runLs } from './cli/commands.ts';
import { UserError } from './errors.ts';
import { TOOL_VERSION } from './report/links.ts';

function output(stream: NodeJS.WriteStream): Output {
  return {
    write: (text) => (stream.write(text) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', resolve))),
    color: !!stream.isTTY && !process.env.NO_COLOR,
  };
}
const out = output(process.stdout);
const err = output(process.stderr);
// `distroless-guard ls IMAGE | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

async function run(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  switch (args.command) {
    case 'help':
      out.write(`${USAGE[args.topic ?? 'main'] ?? USAGE.main}\n`);
      return 0;
    case 'version':
      out.write(`${TOOL_VERSION}\n`);
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
    if (error instanceof UserError) process.stderr.write(`distroless-guard: ${error.message}\n`);
    else
      process.stderr.write(`distroless-guard: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
