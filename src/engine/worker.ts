import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { UserError, messageOf } from '../errors.ts';
import type { Report } from '../report/model.ts';
import { type CheckOptions, check } from './check.ts';
import { engineThreadError, startEngineThread } from './thread.ts';

/** What crosses to the worker: the options without their callbacks, which stay behind as messages. */
type WorkerOptions = Omit<CheckOptions, 'log'>;
type FromWorker = { log: string } | { secret: string } | { report: Report } | { error: { user: boolean; message: string; stack?: string } };

/**
 * check() in the engine's worker thread (see thread.ts); `entry` is a module
 * that calls serveCheck() when it is not the main thread. Log lines and secrets come back in
 * order, so a secret is masked before any line could show it.
 */
export function checkInWorker(entry: URL, options: CheckOptions): Promise<Report> {
  const { log, registry, ...rest } = options;
  const { onSecret, ...settings } = registry;
  const data: WorkerOptions = { ...rest, registry: settings };
  return new Promise((resolve, reject) => {
    const worker = startEngineThread(entry, { workerData: data });
    let settled = false;
    worker.on('message', (message: FromWorker) => {
      if ('log' in message) log?.(message.log);
      else if ('secret' in message) onSecret?.(message.secret);
      else {
        settled = true;
        if ('report' in message) resolve(message.report);
        else
          reject(message.error.user ? new UserError(message.error.message) : Object.assign(new Error(message.error.message), { stack: message.error.stack }));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(engineThreadError(error));
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the engine's thread exited (status ${code}) without a report`));
    });
  });
}

/** The worker's side of checkInWorker: runs check() on what it was given and posts the outcome. */
export async function serveCheck(): Promise<void> {
  const port = parentPort as MessagePort;
  const post = (message: FromWorker) => port.postMessage(message);
  const options = workerData as WorkerOptions;
  try {
    const report = await check({ ...options, registry: { ...options.registry, onSecret: (secret) => post({ secret }) }, log: (line) => post({ log: line }) });
    post({ report });
  } catch (error) {
    post({ error: { user: error instanceof UserError, message: messageOf(error), stack: error instanceof Error ? error.stack : undefined } });
  }
}
