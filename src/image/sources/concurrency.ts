import { availableParallelism } from 'node:os';

/** How many layers are read at once: decompression runs in libuv's pool, one core each. */
export const LAYER_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Runs `work` over `items` with at most `limit` at a time, results in input order; the first
 * failure rejects (the others still finish, so no stream is left half-read behind our back).
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const errors: unknown[] = [];
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        errors.push(error);
        next = items.length;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}
