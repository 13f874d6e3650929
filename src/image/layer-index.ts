import { posix } from 'node:path';
import { UserError } from '../errors.ts';
import { type ByteReader, StreamReader } from './bytes.ts';
import { decompress } from './decompress.ts';
import { TarError, cleanPath, walkTar } from './tar.ts';
import type { CaptureRequest, CapturedFiles, EntryType, LayerEntry, LayerIndex, LayerRef, Whiteout } from './types.ts';

const TYPES: Record<string, EntryType | undefined> = {
  '0': 'file',
  '7': 'file',
  S: 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
};

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Indexes a layer given as (possibly compressed) chunks. */
export async function indexLayerStream(chunks: AsyncIterable<Buffer>, ref: LayerRef, capture: CaptureRequest, what: string): Promise<LayerIndex> {
  const reader = new StreamReader(decompress(chunks, what));
  const index = await indexTar(reader, ref, capture, what);
  // Drain so the producer (and a digest check on it) sees the whole blob, trailing padding included.
  await reader.drain();
  return index;
}

/**
 * Reads one layer tar once: a record per entry, whiteouts apart, and the bodies the
 * capture request asks for; everything else is skipped (seeked over when on disk).
 */
export async function indexTar(reader: ByteReader, ref: LayerRef, capture: CaptureRequest, what: string): Promise<LayerIndex> {
  const entries: LayerEntry[] = [];
  const whiteouts: Whiteout[] = [];
  const captured: CapturedFiles = new Map();
  let contentSize = 0;
  try {
    for await (const member of walkTar(reader)) {
      const type = TYPES[member.typeflag];
      if (!type) continue; // PAX/GNU volume and other metadata members carry no file
      const path = cleanPath(member.name);
      if (path === '/') continue;
      const base = posix.basename(path);
      if (base.startsWith(WHITEOUT_PREFIX)) {
        const dir = posix.dirname(path);
        if (base === OPAQUE) whiteouts.push({ path: dir, opaque: true });
        else whiteouts.push({ path: posix.join(dir, base.slice(WHITEOUT_PREFIX.length)), opaque: false });
        continue;
      }
      const entry: LayerEntry = { path, type, mode: member.mode, uid: member.uid, gid: member.gid, size: type === 'file' ? member.realSize : 0 };
      if (type === 'symlink') entry.target = member.linkname;
      else if (type === 'hardlink') entry.target = cleanPath(member.linkname);
      entries.push(entry);
      if (type !== 'file') continue;
      contentSize += entry.size;
      const collector = capture(entry);
      if (!collector) continue;
      for await (const chunk of reader.chunks(member.size)) {
        if (!collector.push(chunk)) break;
      }
      captured.set(path, collector.finish(entry.size));
    }
  } catch (error) {
    if (error instanceof TarError) throw new UserError(`${what}: ${error.message}`);
    throw error;
  }
  return {
    diffId: ref.diffId,
    digest: ref.digest,
    mediaType: ref.mediaType,
    compressedSize: ref.size,
    contentSize,
    tarSize: reader.position,
    entries,
    whiteouts,
    captured,
  };
}

/** A layer the source cannot read (foreign or missing): no entries, but its sizes where known. */
export function absentLayer(ref: LayerRef, reason: string): LayerIndex {
  return {
    diffId: ref.diffId,
    digest: ref.digest,
    mediaType: ref.mediaType,
    compressedSize: ref.size,
    contentSize: 0,
    tarSize: 0,
    entries: [],
    whiteouts: [],
    captured: new Map(),
    absent: reason,
  };
}
