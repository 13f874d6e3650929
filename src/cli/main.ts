// The CLI program, run by src/cli.ts in a worker thread.
import { workerData } from 'node:worker_threads';
import type { Output } from './commands.ts';
import { runCli } from './program.ts';

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

process.exitCode = await runCli(process.argv.slice(2), output(process.stdout, tty.stdout), output(process.stderr, tty.stderr));
