// The CLI's entry: it runs the program (src/cli/main.ts) in a worker thread whose young
// generation is capped (see src/engine/heap.ts for why).
import { isMainThread, Worker } from 'node:worker_threads';
import type { CliWorkerData } from './cli/main.ts';
import { YOUNG_GENERATION_MB } from './engine/heap.ts';

if (isMainThread) {
  const data: CliWorkerData = { tty: { stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY } };
  const worker = new Worker(new URL(import.meta.url), {
    argv: process.argv.slice(2),
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  // `distroless-guard ls IMAGE | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  // The program has its own error boundary; what reaches here escaped it (or the heap ran out).
  worker.on('error', (error: Error & { code?: string }) => {
    const message =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the JavaScript heap ran out of memory' : `internal error, please report it: ${error.stack ?? error.message}`;
    process.stderr.write(`distroless-guard: ${message}\n`);
    process.exitCode = 2;
  });
  worker.on('exit', (code) => {
    process.exitCode ??= code;
  });
} else {
  await import('./cli/main.ts');
}
