import { describe, expect, it } from 'vitest';
import { markOwned, releasable, release } from '../../src/image/release.ts';
import { freed } from '../support/freed.ts';

describe('release', () => {
  it('frees a marked allocation once its reader is past it', () => {
    const chunk = markOwned(Buffer.allocUnsafeSlow(100_000).fill(7));
    expect(releasable(chunk)).toBe(true);
    release(chunk);
    expect(freed(chunk)).toBe(true);
    expect(chunk.length).toBe(0);
  });

  it('frees the parts of one allocation only with the part that ends it, as a decompressor hands them out', () => {
    const memory = Buffer.allocUnsafeSlow(256 * 1024).fill(1);
    const parts = [memory.subarray(0, 1000), memory.subarray(1000, 200_000), memory.subarray(200_000)].map(markOwned);
    release(parts[0]);
    release(parts[1]);
    expect(freed(memory)).toBe(false);
    expect(parts[1].every((byte) => byte === 1)).toBe(true);
    release(parts[2]);
    expect(freed(memory)).toBe(true);
  });

  it('never frees a slice of the shared pool, which other buffers use', () => {
    const neighbour = Buffer.from('the neighbour in the pool');
    const small = markOwned(Buffer.from('a small chunk'));
    expect(small.buffer).toBe(neighbour.buffer);
    // Make it look like the pool's last slice: still not ours.
    const last = markOwned(Buffer.from(small.buffer, small.buffer.byteLength - 16, 16));
    expect(releasable(small) || releasable(last)).toBe(false);
    release(last);
    expect(neighbour.toString()).toBe('the neighbour in the pool');
  });

  it('frees nothing that no stream marked, and each allocation once', () => {
    const unmarked = Buffer.allocUnsafeSlow(100_000);
    release(unmarked);
    expect(freed(unmarked)).toBe(false);
    const chunk = markOwned(Buffer.allocUnsafeSlow(100_000));
    release(chunk);
    expect(releasable(chunk)).toBe(false);
    expect(() => release(chunk)).not.toThrow();
  });
});
