// The CLI program itself, free of process globals: src/cli/main.ts runs it in the worker thread
// with the process's streams, tests run it in-process with buffers.
import { failureMessage } from '../errors.ts';
import { TOOL_VERSION } from '../report/links.ts';
import { USAGE, parseCliArgs } from './args.ts';
import { type Output, runCat, runCheck, runDiff, runLs, runMigrate } from './commands.ts';

async function dispatch(argv: string[], out: Output, err: Output): Promise<number> {
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
    case 'migrate':
      return runMigrate(args, out, err);
  }
}

/** `distroless-guard ARGV`; resolves to the exit status. The one error boundary: a UserError is one line and exit 2; anything else is a bug, with its stack. */
export async function runCli(argv: string[], out: Output, err: Output): Promise<number> {
  try {
    return await dispatch(argv, out, err);
  } catch (error) {
    await err.write(`distroless-guard: ${failureMessage(error)}\n`);
    return 2;
  }
}
