/**
 * Frees chunk memory as soon as the last reader is done with it, instead of when V8 gets round
 * to it. A streamed layer allocates its size again in chunks (1.6 GB for a 1.6 GB image); dead
 * chunks that lived through two young-generation collections wait for a full one, which V8
 * starts only every 64 MB or so of such memory, and the C heap keeps that peak resident.
 *
 * Only memory a stream allocated for its reader alone is marked: a decompressor's output, a
 * socket's or a pipe's reads, a file reader's chunks. Detaching anything else (Node's shared
 * allocation pool above all) would empty buffers other code still uses.
 */
const owned = new WeakSet<ArrayBufferLike>();

/** Marks `chunk`'s memory as belonging to the stream that hands it over; returns the chunk. */
export function markOwned(chunk: Buffer): Buffer {
  // Never a slice of the shared pool (smaller than the pool, never all of it), whoever allocated it.
  const memory = chunk.buffer;
  if (memory.byteLength > Buffer.poolSize || (chunk.byteOffset === 0 && chunk.byteLength === memory.byteLength)) owned.add(memory);
  return chunk;
}

/**
 * Whether `release(chunk)` would free something: the chunk ends marked memory that is not freed
 * yet. Only the chunk that ends an allocation frees it, since a stream hands out the parts of one
 * allocation in order (zlib fills its output buffer slice by slice) and every reader here reads
 * in order: by then the earlier parts are read too.
 */
export function releasable(chunk: Uint8Array): boolean {
  return chunk.byteOffset + chunk.byteLength === chunk.buffer.byteLength && owned.has(chunk.buffer);
}

/** Frees the memory behind `chunk` once its last reader is past it (see `releasable`). */
export function release(chunk: Uint8Array): void {
  if (releasable(chunk) && owned.delete(chunk.buffer)) (chunk.buffer as ArrayBuffer).transfer(0);
}
