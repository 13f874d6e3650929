import type { Readable } from 'node:stream';
import { markOwned } from './release.ts';

/** Chunks a stream may hold ahead of its reader before it is paused. */
const AHEAD = 2;

/**
 * The chunks of a byte stream as it pushed them. A Readable's own async iterator joins whatever
 * is buffered into one new buffer on each read, which copies every byte a second time when the
 * producer runs ahead (a decompressor, a socket); this hands each chunk over as it came, pausing
 * the stream while it is ahead. A stream closed before its end fails the iteration.
 * The streams read this way (a decompressor, a socket, a pipe) allocate their chunks for their
 * reader alone, so the chunks are marked for release once read (release.ts).
 */
export async function* chunksOf(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const onData = (chunk: Buffer) => {
    queue.push(markOwned(chunk));
    if (queue.length >= AHEAD) stream.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (error: unknown) => {
    failure ??= error;
    notify();
  };
  const onClose = () => {
    if (!stream.readableEnded) failure ??= Object.assign(new Error('the stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    notify();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        if (queue.length === 0 && stream.isPaused()) stream.resume();
        yield chunk;
      } else if (failure !== undefined) {
        throw failure;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onClose);
  }
}
