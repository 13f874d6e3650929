import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChunkWatcher, type RangePlan, planCollector } from '../../src/image/range-plan.ts';
import type { CapturedFile, Collector } from '../../src/image/types.ts';

interface Replies extends CapturedFile {
  replies: string[];
}

/** A collector whose plan makes `steps`, keeping every reply (as text) for the test to see. */
function recorder(steps: (replies: string[]) => RangePlan<void>): Collector<Replies> {
  const replies: string[] = [];
  return planCollector(steps(replies), (_result, size) => ({ head: Buffer.alloc(0), truncated: size > 0, replies }));
}

/** Streams `body` in chunks of `chunkSize` until the collector wants no more; with how much it took. */
function stream(collector: Collector<Replies>, body: Buffer, chunkSize: number): { replies: string[]; consumed: number } {
  let consumed = 0;
  while (consumed < body.length) {
    const chunk = Buffer.from(body.subarray(consumed, consumed + chunkSize));
    consumed += chunk.length;
    if (!collector.push(chunk)) break;
  }
  return { replies: collector.finish(body.length).replies, consumed };
}

function fromFile(collector: Collector<Replies>, body: Buffer): string[] {
  return collector.readAt!((offset, length) => Buffer.from(body.subarray(offset, offset + length)), body.length).replies;
}

const body = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');

describe('planCollector', () => {
  it('answers reads ahead, and behind within what it was told to keep, as a file does', () => {
    const plan = function* (replies: string[]): RangePlan<void> {
      yield { keep: 8 };
      replies.push(String((yield { offset: 20, length: 4 }) as Buffer));
      replies.push(String((yield { offset: 2, length: 4 }) as Buffer));
      replies.push(String((yield { offset: 30, length: 10 }) as Buffer));
    };
    for (const chunkSize of [1, 3, 7, 100]) {
      expect(stream(recorder(plan), body, chunkSize).replies, `chunks of ${chunkSize}`).toEqual(['klmn', '2345', 'uvwxyz']);
    }
    expect(fromFile(recorder(plan), body)).toEqual(['klmn', '2345', 'uvwxyz']);
  });

  it('answers a read behind with what was kept of it, and stops taking chunks once the plan ends', () => {
    const plan = function* (replies: string[]): RangePlan<void> {
      yield { keep: 4 };
      replies.push(String((yield { offset: 10, length: 2 }) as Buffer));
      replies.push(String((yield { offset: 2, length: 6 }) as Buffer));
      replies.push(String((yield { offset: 7, length: 2 }) as Buffer));
    };
    expect(stream(recorder(plan), body, 1)).toEqual({ replies: ['ab', '23', ''], consumed: 12 });
    // The chunk at hand can still be read: chunks of 7 hold bytes 7 to 13 when the last read comes.
    expect(stream(recorder(plan), body, 7)).toEqual({ replies: ['ab', '23', '78'], consumed: 14 });
    expect(fromFile(recorder(plan), body)).toEqual(['ab', '234567', '78']);
  });

  it('answers a read once `least` bytes are in, and a file in full', () => {
    const plan = function* (replies: string[]): RangePlan<void> {
      yield { keep: 16 };
      replies.push(String((yield { offset: 0, length: 16, least: 2 }) as Buffer));
      replies.push(String((yield { offset: 0, length: 5 }) as Buffer));
    };
    expect(stream(recorder(plan), body, 3).replies).toEqual(['012', '01234']);
    expect(stream(recorder(plan), body, 1).replies).toEqual(['01', '01234']);
    expect(fromFile(recorder(plan), body)).toEqual(['0123456789abcdef', '01234']);
  });

  it('answers what there is when the body ends first, and runs the plan to its end at finish', () => {
    const plan = function* (replies: string[]): RangePlan<void> {
      yield { keep: 100 };
      replies.push(String((yield { offset: 30, length: 100 }) as Buffer));
      replies.push(String((yield { offset: 50, length: 4 }) as Buffer));
      replies.push(String((yield { offset: 0, length: 3 }) as Buffer));
    };
    expect(stream(recorder(plan), body, 5).replies).toEqual(['uvwxyz', '', '012']);
    expect(recorder(plan).finish(0).replies).toEqual(['', '', '']);
    expect(fromFile(recorder(plan), body)).toEqual(['uvwxyz', '', '012']);
  });

  it('shows a watcher the chunk at hand and every later one, never to a file', () => {
    const seen: string[] = [];
    const watcher: ChunkWatcher = { see: (chunk, at) => seen.push(`${at}:${chunk}`) };
    const plan = function* (replies: string[]): RangePlan<void> {
      replies.push(String((yield { offset: 0, length: 2 }) as Buffer));
      yield { keep: 0, watch: watcher };
      replies.push(String((yield { offset: 8, length: 2 }) as Buffer));
    };
    expect(stream(recorder(plan), body, 4).replies).toEqual(['01', '89']);
    expect(seen).toEqual(['0:0123', '4:4567', '8:89ab']);
    seen.length = 0;
    fromFile(recorder(plan), body);
    expect(seen).toEqual([]);
  });

  it('gives a stream what a file gives whenever the bytes it reads were kept or ahead', () => {
    const read = fc.record({ offset: fc.nat({ max: 40 }), length: fc.nat({ max: 12 }) });
    fc.assert(
      fc.property(fc.array(read, { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), (reads, chunkSize) => {
        const plan = function* (replies: string[]): RangePlan<void> {
          yield { keep: body.length };
          for (const range of reads) replies.push(String((yield range) as Buffer));
        };
        expect(stream(recorder(plan), body, chunkSize).replies).toEqual(fromFile(recorder(plan), body));
      }),
    );
  });
});
