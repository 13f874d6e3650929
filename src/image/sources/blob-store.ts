import { createHash } from 'node:crypto';
import { UserError } from '../../errors.ts';
import type { SyncByteReader } from '../bytes.ts';
import { decompress, sniffCompression } from '../decompress.ts';
import { absentLayer, indexLayerStream, indexTar, indexTarStream } from '../layer-index.ts';
import type { ReadBudget } from '../limits.ts';
import type { CaptureRequest, LayerIndex, LayerRef } from '../types.ts';

/** Named files of an image layout or archive, readable at random. */
export interface BlobStore {
  /** What to call the store in messages (the path the user gave). */
  readonly label: string;
  /** Whether skipping bytes costs nothing (a file on disk), so uncompressed tars can be walked by headers. */
  readonly seekable: boolean;
  has(name: string): boolean;
  size(name: string): number | undefined;
  /** The whole file, or its first `limit` bytes. */
  read(name: string, limit?: number): Promise<Buffer | undefined>;
  open(name: string): Promise<{ reader: SyncByteReader; close(): Promise<void> }>;
}

const MAX_JSON = 16 * 1024 * 1024;

export async function readJson(store: BlobStore, name: string): Promise<unknown> {
  const size = store.size(name);
  if (size === undefined) return undefined;
  if (size > MAX_JSON) throw new UserError(`${store.label}: ${name} is ${size} bytes, too large for a manifest or config`);
  const bytes = await store.read(name);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError(`${store.label}: ${name} is not valid JSON`);
  }
}

/** `sha256:abc…` → `blobs/sha256/abc…`, refusing digests that would name another path. */
export function blobPath(digest: string, label: string): string {
  const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
  if (!match) throw new UserError(`${label}: "${digest}" is not a valid digest`);
  return `blobs/${match[1]}/${match[2]}`;
}

/** A file's chunks as the stream a decompressor or digest reads. */
async function* asStream(chunks: Iterable<Buffer>): AsyncGenerator<Buffer> {
  yield* chunks;
}

/** Verifies a blob's sha256 digest as its chunks pass, failing at the end when it does not match. */
export async function* verified(chunks: AsyncIterable<Buffer>, digest: string | undefined, what: string): AsyncGenerator<Buffer> {
  if (!digest?.startsWith('sha256:')) {
    yield* chunks;
    return;
  }
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== digest) throw new UserError(`${what}: content does not match its digest (expected ${digest}, got ${actual})`);
}

/**
 * Indexes a stored layer: an uncompressed tar on a seekable store is walked header by header
 * (bodies seeked over, so not hashed: its size is checked against the descriptor instead);
 * anything else streams through the decompressor, checked against the descriptor's digest or,
 * in a `docker save` archive, which has no descriptors, the diff id of the tar inside (such
 * archives written by other tools hold compressed layers).
 */
export async function indexStoredLayer(store: BlobStore, name: string, ref: LayerRef, capture: CaptureRequest, budget: ReadBudget): Promise<LayerIndex> {
  const what = `${store.label}: layer ${ref.digest ?? name}`;
  if (ref.absent) return absentLayer(ref, ref.absent);
  const size = store.size(name);
  if (size === undefined) throw new UserError(`${what} is missing from the image (${name})`);
  if (ref.size !== undefined && size !== ref.size) throw new UserError(`${what}: the blob is ${size} bytes but the manifest says ${ref.size}`);
  const walkHeaders = store.seekable && sniffCompression((await store.read(name, 4)) ?? Buffer.alloc(0)) === 'none';
  const { reader, close } = await store.open(name);
  try {
    // Walked by headers, the tar ends at its end-of-archive blocks; the blob is the whole tar.
    if (walkHeaders) return { ...(await indexTar(reader, ref, capture, what, budget)), tarSize: size };
    const chunks = asStream(reader.chunks(Number.MAX_SAFE_INTEGER));
    if (ref.digest) return await indexLayerStream(verified(chunks, ref.digest, what), ref, capture, what, budget);
    return await indexTarStream(verified(decompress(chunks, what), ref.diffId, what), ref, capture, what, budget);
  } finally {
    await close();
  }
}
