import { Worker, type WorkerOptions } from 'node:worker_threads';
import { UserError } from '../errors.ts';

/**
 * MB for new objects in the thread that reads images. Left to itself V8 grows that space past
 * 128 MB while a large image streams through (most of the peak memory); capped, the entries of a
 * 120,000-file image cost no more time. Node scripts cannot pass V8 flags to their own node, so
 * the engine runs in a worker thread with this resource limit (the CLI whole, the action's check).
 */
export const YOUNG_GENERATION_MB = 16;

/** A worker thread for the engine, its young generation capped. */
export function startEngineThread(entry: URL, options: Omit<WorkerOptions, 'resourceLimits'>): Worker {
  return new Worker(entry, { ...options, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}

/** What escaped the thread's own error boundary: a heap that ran out is the user's to know, anything else a bug. */
export function engineThreadError(error: Error & { code?: string }): Error {
  return error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new UserError('the JavaScript heap ran out of memory reading the images') : error;
}
