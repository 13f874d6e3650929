// The CLI's entry: it runs the program (src/cli/main.ts) in a worker thread whose young
// generation is capped (see src/engine/thread.ts for why).
import { isMainThread } from 'node:worker_threads';
import type { CliWorkerData } from './cli/main.ts';
import { engineThreadError, startEngineThread } from './engine/thread.ts';
import { failureMessage } from './errors.ts';

if (isMainThread) {
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
