import { posix } from 'node:path';
import { UserError } from '../errors.ts';
import { type ByteReader, StreamReader, type SyncByteReader } from './bytes.ts';
import { NOTHING_KEPT } from './collectors.ts';
import { decompress } from './decompress.ts';
import { ReadBudget } from './limits.ts';
import { TarError, type TarMember, cleanPath, nameByteLength, shortName, walkTar, walkTarSync } from './tar.ts';
import type { CaptureRequest, CapturedFile, CapturedFiles, Collector, EntryFields, EntryType, LayerEntry, LayerIndex, LayerRef, Whiteout } from './types.ts';

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
/** Where a whiteout's name must start; most paths hold no such thing, and need no basename. */
const WHITEOUT_MARK = `/${WHITEOUT_PREFIX}`;
const OPAQUE = '.wh..wh..opq';

/** Linux's PATH_MAX and NAME_MAX less the terminating NUL: longer names or link targets fail every runtime's unpack with ENAMETOOLONG. */
const MAX_PATH_BYTES = 4095;
const MAX_NAME_BYTES = 255;

/** Indexes a layer given as (possibly compressed) chunks. */
export function indexLayerStream(
  chunks: AsyncIterable<Buffer>,
  ref: LayerRef,
  capture: CaptureRequest,
  what: string,
  budget: ReadBudget = new ReadBudget(),
): Promise<LayerIndex> {
  return indexTarStream(decompress(chunks, what), ref, capture, what, budget);
}

/** Indexes a layer given as the chunks of its uncompressed tar, reading them to the end. */
export async function indexTarStream(
  chunks: AsyncIterable<Buffer>,
  ref: LayerRef,
  capture: CaptureRequest,
  what: string,
  budget: ReadBudget = new ReadBudget(),
): Promise<LayerIndex> {
  const reader = new StreamReader(chunks);
  try {
    const index = await indexTar(reader, ref, capture, what, budget);
    // Drain so the producer (and a digest check on it) sees the whole blob, trailing blocks included;
    // what follows the end of the archive is charged too, or a bomb could hide there.
    let trailing = 0;
    for await (const chunk of reader.chunks(Number.MAX_SAFE_INTEGER)) {
      trailing += chunk.length;
      budget.checkBytes(trailing, what);
    }
    budget.addBytes(trailing);
    return { ...index, tarSize: index.tarSize + trailing };
  } catch (error) {
    // A layer that fails half-read stops its source: a zstd program would wait on its pipe for good.
    await reader.close().catch(() => {});
    throw error;
  }
}

/**
 * Reads one layer tar once: a record per entry, whiteouts apart, and the bodies the
 * capture request asks for; everything else is skipped (seeked over when on disk).
 * Names no runtime could create (see MAX_PATH_BYTES) fail the layer, as they fail its unpack.
 */
export async function indexTar(
  reader: ByteReader | SyncByteReader,
  ref: LayerRef,
  capture: CaptureRequest,
  what: string,
  budget: ReadBudget = new ReadBudget(),
): Promise<LayerIndex> {
  const layer = new LayerRecords(reader.position, capture, what, budget);
  try {
    // The same loop twice: a file is walked without a promise per entry.
    if (reader.synchronous) {
      for (const member of walkTarSync(reader)) {
        const body = layer.add(member);
        if (!body) continue;
        const { collector } = body;
        // In a file, a collector that can reads only what it needs: an executable's tables, not its whole body.
        if (collector.readAt) {
          const read = (offset: number, length: number): Buffer => reader.readAt(member.offset + offset, Math.min(length, member.size - offset));
          layer.captured(body, collector.readAt(read, body.entry.size));
        } else {
          for (const chunk of reader.chunks(member.size)) if (!collector.push(chunk)) break;
          layer.captured(body, collector.finish(body.entry.size));
        }
      }
    } else {
      for await (const member of walkTar(reader)) {
        const body = layer.add(member);
        if (!body) continue;
        for await (const chunk of reader.chunks(member.size)) if (!body.collector.push(chunk)) break;
        layer.captured(body, body.collector.finish(body.entry.size));
      }
    }
  } catch (error) {
    if (error instanceof TarError) throw new UserError(`${what}: ${error.message}`);
    throw error;
  }
  return layer.finish(ref, reader.position);
}

/** A body the facts asked for: where its bytes go, and under which path they are kept. */
interface WantedBody {
  path: string;
  entry: LayerEntry;
  collector: Collector;
}

/** What `indexTar` keeps of a layer's members as they come. */
class LayerRecords {
  private readonly entries: LayerEntry[] = [];
  private readonly whiteouts: Whiteout[] = [];
  private readonly bodies: CapturedFiles = new Map();
  private readonly directories = new DirectoryNames();
  private contentSize = 0;
  private readonly start: number;
  private readonly capture: CaptureRequest;
  private readonly what: string;
  private readonly budget: ReadBudget;

  constructor(start: number, capture: CaptureRequest, what: string, budget: ReadBudget) {
    this.start = start;
    this.capture = capture;
    this.what = what;
    this.budget = budget;
  }

  /** Records a member; returns where its body should go when the facts asked for it. */
  add(member: TarMember): WantedBody | undefined {
    this.budget.checkBytes(member.offset + member.size - this.start, this.what);
    const type = TYPES[member.typeflag];
    if (!type) return undefined; // PAX/GNU volume and other metadata members carry no file
    const path = cleanPath(member.name);
    if (path === '/') return undefined;
    this.budget.countEntry(this.what);
    checkName(path, 'path');
    // A later entry for the same path replaces the earlier one, and so do its captured bytes (or their absence).
    this.bodies.delete(path);
    const base = path.includes(WHITEOUT_MARK) ? posix.basename(path) : '';
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const dir = posix.dirname(path);
      if (base === OPAQUE) this.whiteouts.push({ path: dir, opaque: true });
      else this.whiteouts.push({ path: posix.join(dir, base.slice(WHITEOUT_PREFIX.length)), opaque: false });
      return undefined;
    }
    const slash = path.lastIndexOf('/');
    const entry: LayerEntry = {
      dir: this.directories.of(path, slash),
      name: ownString(path.slice(slash + 1)),
      type,
      mode: member.mode,
      uid: member.uid,
      gid: member.gid,
      size: type === 'file' ? member.realSize : 0,
    };
    if (type === 'symlink') {
      if (nameByteLength(member.linkname) > MAX_PATH_BYTES)
        throw new TarError(`the symlink ${shortName(path)} has a target of more than ${MAX_PATH_BYTES} bytes`);
      entry.target = member.linkname;
    } else if (type === 'hardlink') {
      entry.target = cleanPath(member.linkname);
      checkName(entry.target, 'hard link target');
    }
    this.entries.push(entry);
    if (type !== 'file') return undefined;
    this.contentSize += entry.size;
    const collector = this.capture(path, entry);
    return collector && { path, entry, collector };
  }

  /** Keeps what the collector took of a wanted body. */
  captured({ path }: WantedBody, file: CapturedFile): void {
    if (file !== NOTHING_KEPT) this.bodies.set(path, file);
  }

  finish(ref: LayerRef, end: number): LayerIndex {
    this.budget.checkBytes(end - this.start, this.what);
    this.budget.addBytes(end - this.start);
    return {
      diffId: ref.diffId,
      digest: ref.digest,
      mediaType: ref.mediaType,
      compressedSize: ref.size,
      contentSize: this.contentSize,
      tarSize: end - this.start,
      entries: this.entries,
      whiteouts: this.whiteouts,
      captured: this.bodies,
    };
  }
}

/**
 * One string per directory for the entries in it, instead of a full path per entry: tars list a
 * directory's entries together, and of a 120,000-file image's heap, paths were the largest part.
 */
class DirectoryNames {
  private last = '/';
  private readonly known = new Map<string, string>();

  /** The directory part of `path` (a clean absolute path whose last slash is at `slash`). */
  of(path: string, slash: number): string {
    if (slash === 0) return '/';
    if (slash === this.last.length && path.startsWith(this.last)) return this.last;
    const dir = path.slice(0, slash);
    let known = this.known.get(dir);
    if (known === undefined) {
      known = ownString(dir);
      this.known.set(known, known);
    }
    this.last = known;
    return known;
  }
}

/** V8 makes a substring of 13 characters or more a view that keeps its whole parent string alive. */
const SHORTEST_VIEW = 13;

/** `part`, in memory of its own: a name kept must not keep the full path it was cut from. */
function ownString(part: string): string {
  return part.length < SHORTEST_VIEW ? part : Buffer.from(part).toString();
}

/** An entry's clean absolute path. */
export function entryPath(entry: Pick<LayerEntry, 'dir' | 'name'>): string {
  return entry.dir === '/' ? `/${entry.name}` : `${entry.dir}/${entry.name}`;
}

/** An entry as `ls --layer` lists it: its path in place of its directory and name. */
export function listedEntry({ dir, name, ...fields }: LayerEntry): EntryFields & { path: string } {
  return { path: entryPath({ dir, name }), ...fields };
}

/** Refuses a path Linux cannot create, naming the limit; every runtime's unpack would stop there. */
function checkName(path: string, what: string): void {
  // Most paths are short enough that no component can be too long.
  if (path.length <= MAX_NAME_BYTES / 3) return;
  const bytes = nameByteLength(path);
  if (bytes > MAX_PATH_BYTES)
    throw new TarError(`a ${what} of ${bytes} bytes (${shortName(path)}); Linux allows ${MAX_PATH_BYTES}, so no runtime can unpack this layer`);
  if (bytes <= MAX_NAME_BYTES) return;
  for (const name of path.split('/')) {
    const length = nameByteLength(name);
    if (length > MAX_NAME_BYTES)
      throw new TarError(`a name of ${length} bytes in ${shortName(path)}; Linux allows ${MAX_NAME_BYTES}, so no runtime can unpack this layer`);
  }
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
