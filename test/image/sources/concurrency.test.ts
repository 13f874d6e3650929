import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../../src/image/sources/concurrency.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapConcurrent', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('layer 2 is broken');
        return n;
      }),
    ).rejects.toThrow('layer 2 is broken');
    expect(started).toEqual([1, 2]);
  });

  it('handles no items', async () => {
    expect(await mapConcurrent([], 3, async () => 1)).toEqual([]);
  });
});
