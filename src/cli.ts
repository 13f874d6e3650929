// The CLI's entry: it runs the program (src/cli/main.ts) in a worker thread whose young
// generation is capped (see src/engine/thread.ts for why). First it refuses a Node.js older than
// package.json's engines, in one line, instead of failing deep inside (Node 20 lacks
// ArrayBuffer.prototype.transfer); so this file must run on old Node, and loads the rest after.
import { isMainThread } from 'node:worker_threads';
import type { CliWorkerData } from './cli/main.ts';

const OLDEST_NODE = 24;

if (Number(process.versions.node.split('.')[0]) < OLDEST_NODE) {
  process.stderr.write(`distroless-guard: needs Node.js ${OLDEST_NODE} or newer; this is Node.js ${process.versions.node}\n`);
  process.exitCode = 2;
} else if (isMainThread) {
  const [{ engineThreadError, startEngineThread }, { failureMessage }] = await Promise.all([import('./engine/thread.ts'), import('./errors.ts')]);
  const data: CliWorkerData = { tty: { stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY } };
  const worker = startEngineThread(new URL(import.meta.url), { argv: process.argv.slice(2), workerData: data });
  // `distroless-guard ls IMAGE | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  // The program has its own error boundary; what reaches here escaped it (or the heap ran out).
  worker.on('error', (error) => {
    process.stderr.write(`distroless-guard: ${failureMessage(engineThreadError(error))}\n`);
    process.exitCode = 2;
  });
  worker.on('exit', (code) => {
    process.exitCode ??= code;
  });
} else {
  await import('./cli/main.ts');
}
