// Streams an executable through the ELF collector as a layer hands bodies out, measuring what it keeps.
import v8 from 'node:v8';
import vm from 'node:vm';
import { type CapturedExecutable, createExecutableCollector } from '../../src/facts/executable-capture.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export interface StreamedBody {
  captured: CapturedExecutable;
  consumed: number;
  /** ArrayBuffer bytes retained half-way through the body and after its last chunk. */
  retainedMidway: number;
  retainedAtEnd: number;
}

/** Pushes 64 KiB chunks (views, no copies) until the collector has enough. */
export function streamThroughCollector(bytes: Buffer): StreamedBody {
  const collector = createExecutableCollector();
  gc();
  gc();
  const baseline = process.memoryUsage().arrayBuffers;
  const retained = (): number => {
    // V8 frees ArrayBuffer memory while sweeping; a second collection waits for the first one's.
    gc();
    gc();
    return process.memoryUsage().arrayBuffers - baseline;
  };
  let consumed = 0;
  let retainedMidway = 0;
  while (consumed < bytes.length) {
    const chunk = bytes.subarray(consumed, consumed + 64 * 1024);
    const more = collector.push(chunk);
    consumed += chunk.length;
    if (retainedMidway === 0 && consumed >= bytes.length / 2) retainedMidway = retained();
    if (!more) break;
  }
  const retainedAtEnd = retained();
  return { captured: collector.finish(bytes.length), consumed, retainedMidway, retainedAtEnd };
}
