// The action's entry. The main thread runs the action; the engine's worker thread (see
// src/engine/worker.ts) starts from this same file, and each thread loads only its own code.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const { runMain } = await import('./action/main.ts');
  await runMain(new URL(import.meta.url));
} else {
  const { serveCheck } = await import('./engine/worker.ts');
  await serveCheck();
}
