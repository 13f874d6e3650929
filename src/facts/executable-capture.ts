import { ownedCopy } from '../image/collectors.ts';
import { type ChunkWatcher, planCollector, type RangePlan } from '../image/range-plan.ts';
import type { CapturedFile, Collector } from '../image/types.ts';
import {
  type ElfInfo,
  FileBytes,
  type FileRegion,
  MAX_STRING,
  NOTE_LIMIT,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  PT_NOTE,
  type Segment,
  fileOffsetOf,
  parseElf,
  programHeadersEnd,
  readDynamic,
  readHeader,
  readSegments,
  toIndex,
} from './elf.ts';
import { SHEBANG_BUFFER } from './shebang.ts';

/** What the executable collector keeps of a file: a script's `#!` line, an ELF file's facts. */
export interface CapturedExecutable extends CapturedFile {
  /** Dynamic-linking facts, when the file is an ELF file. */
  elf?: ElfInfo;
}

/** The ELF facts of a captured file; undefined for anything but an ELF file the executable collector read. */
export function capturedElf(file: CapturedExecutable): ElfInfo | undefined {
  return file.elf;
}

/** A collector for a file that may be an ELF binary, a shared library or a `#!` script. */
export function createExecutableCollector(): Collector<CapturedExecutable> {
  return planCollector(executablePlan(), captured);
}

/** Bytes of an ELF head a stream keeps: the program headers must lie in it, and the tables often do. */
const ELF_HEAD_LIMIT = 64 * 1024;
/** What is read first: an ELF header and its program headers, or a `#!` line. */
const FIRST_READ = 4 * 1024;
/** What is handed back as `head` when it is not parsed: enough for a `#!` line and the ELF identification. */
const KEPT_HEAD = SHEBANG_BUFFER;
/** .dynstr is almost always in the first PT_LOAD (the one holding the headers); a stream keeps that much of it. */
const FIRST_LOAD_LIMIT = 8 * 1024 * 1024;
const DYNAMIC_LIMIT = 256 * 1024;
const STRTAB_LIMIT = 8 * 1024 * 1024;
const INTERP_LIMIT = MAX_STRING;
/** Linkers write two or three PT_NOTE segments (one per alignment); a bound keeps hostile files cheap. */
const MAX_NOTE_SEGMENTS = 8;
/** Bounds on the strings the scanner keeps: bytes, and count (each is a region parseElf searches). */
const SCANNED_LIMIT = 1024 * 1024;
const SCANNED_COUNT_LIMIT = 4096;
/** Longest string the scanner keeps, and how many bytes it carries across chunk boundaries. */
const SCANNED_STRING_LIMIT = 1024;
/** What library names and $ORIGIN search paths contain. */
const NAME_MARKERS = ['.so', 'ORIGIN'].map((marker) => Buffer.from(marker));

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const SHEBANG = Buffer.from('#!');
const NO_BYTES = Buffer.alloc(0);
const NO_REGIONS: readonly FileRegion[] = [];

type ExecutableKind = 'unknown' | 'elf' | 'script' | 'other';

/** What the plan read of a file: its head, and an ELF file's regions beyond it. */
interface ExecutableBytes {
  kind: ExecutableKind;
  head: Buffer;
  regions: readonly FileRegion[];
}

/**
 * What the executable facts need of a file, written once for streams and files (see `planCollector`).
 * Of an ELF file: the header and program headers, then PT_INTERP, PT_DYNAMIC and the string table it
 * names, each where it is (see `elfPlan`); never the whole body. Of a script: its first line. Of
 * anything else: nothing after the first bytes.
 */
function* executablePlan(): RangePlan<ExecutableBytes> {
  // A stream may hand over the first bytes a few at a time: keep them for the reads that follow.
  yield { keep: FIRST_READ };
  const first = (yield { offset: 0, length: FIRST_READ, least: ELF_MAGIC.length }) as Buffer;
  const kind = classify(first);
  if (kind === 'elf') return yield* elfPlan(first);
  if (kind === 'script') return { kind, head: yield* scriptHead(first), regions: NO_REGIONS };
  return { kind, head: first, regions: NO_REGIONS };
}

function startsLike(bytes: Buffer, magic: Buffer): 'yes' | 'maybe' | 'no' {
  const length = Math.min(bytes.length, magic.length);
  if (!bytes.subarray(0, length).equals(magic.subarray(0, length))) return 'no';
  return length === magic.length ? 'yes' : 'maybe';
}

/** What a file starts like; 'unknown' only for a file too short to tell. */
function classify(start: Buffer): ExecutableKind {
  const elf = startsLike(start, ELF_MAGIC);
  const script = startsLike(start, SHEBANG);
  if (elf === 'yes') return 'elf';
  if (script === 'yes') return 'script';
  return elf === 'no' && script === 'no' ? 'other' : 'unknown';
}

/** A script's head up to its first newline, or KEPT_HEAD bytes of it. */
function* scriptHead(first: Buffer): RangePlan<Buffer> {
  let head = first;
  while (head.length < KEPT_HEAD && !head.includes(0x0a)) {
    const more = (yield { offset: 0, length: KEPT_HEAD, least: head.length + 1 }) as Buffer;
    if (more.length <= head.length) break; // the file ends here
    head = more;
  }
  return head;
}

/** A byte range of the file, capped at `limit`; undefined when it starts where no file can or holds nothing. */
function byteRange(offset: number, length: number, limit: number): { offset: number; length: number } | undefined {
  const start = toIndex(offset);
  return start === undefined || !(length > 0) ? undefined : { offset: start, length: Math.min(length, limit) };
}

/**
 * Of an ELF file, what parseElf needs, in file order (a stream reads a later range on its way).
 * A stream cannot go back, and .dynstr usually lies before PT_DYNAMIC: it keeps the first 64 KiB
 * and the first PT_LOAD (capped) as they pass, and beyond them looks for strings shaped like
 * library names (`NameScanner`). A file reads the string table where PT_DYNAMIC says it is.
 */
function* elfPlan(first: Buffer): RangePlan<ExecutableBytes> {
  yield { keep: ELF_HEAD_LIMIT };
  let head = first.length >= KEPT_HEAD ? first : ((yield { offset: 0, length: KEPT_HEAD }) as Buffer);
  const header = readHeader(head);
  const tableEnd = header && programHeadersEnd(header);
  // Program headers past the head limit: parseElf says what it can from the head alone.
  if (!header || tableEnd === undefined || !(tableEnd <= ELF_HEAD_LIMIT)) return { kind: 'elf', head, regions: NO_REGIONS };
  if (tableEnd > head.length) head = (yield { offset: 0, length: tableEnd }) as Buffer;
  const segments = readSegments(header, new FileBytes([{ offset: 0, bytes: head }]));
  if (!segments) return { kind: 'elf', head, regions: NO_REGIONS };

  const interpSegment = segments.find((segment) => segment.type === PT_INTERP);
  const interp = interpSegment && byteRange(interpSegment.offset, interpSegment.filesz, INTERP_LIMIT);
  const dynamicSegment = segments.find((segment) => segment.type === PT_DYNAMIC);
  const dynamic = dynamicSegment && byteRange(dynamicSegment.offset, dynamicSegment.filesz, DYNAMIC_LIMIT);
  if (!dynamicSegment || !dynamic) {
    // A static binary (Go's, often): its notes, then its interpreter if it names one.
    const regions = yield* noteRegions(segments);
    if (interp) regions.push({ offset: interp.offset, bytes: (yield interp) as Buffer });
    return { kind: 'elf', head, regions: regions.length > 0 ? regions : NO_REGIONS };
  }

  // Set before the first read, which a stream may make far into the body.
  const load = segments.find((segment) => segment.type === PT_LOAD && segment.offset === 0);
  const keptStart = Math.max(ELF_HEAD_LIMIT, load && load.filesz > 0 ? Math.min(load.filesz, FIRST_LOAD_LIMIT) : 0);
  const scanner = new NameScanner(keptStart);
  yield { keep: keptStart, watch: scanner };
  const regions = yield* noteRegions(segments);
  const interpFirst = interp && interp.offset <= dynamic.offset;
  if (interp && interpFirst) regions.push({ offset: interp.offset, bytes: (yield interp) as Buffer });
  const dynamicBytes = (yield dynamic) as Buffer;
  scanner.stop();
  regions.push({ offset: dynamic.offset, bytes: dynamicBytes });

  const tags = readDynamic(header, new FileBytes([{ offset: dynamic.offset, bytes: dynamicBytes }]), dynamicSegment);
  const strtabAt = tags.strtab === undefined ? undefined : fileOffsetOf(segments, tags.strtab);
  const strtab = strtabAt === undefined ? undefined : byteRange(strtabAt, tags.strsz ?? STRTAB_LIMIT, STRTAB_LIMIT);
  const interpLater = interpFirst ? undefined : interp;
  const [next, last] = strtab && interpLater && interpLater.offset < strtab.offset ? [interpLater, strtab] : [strtab, interpLater];
  if (next) regions.push({ offset: next.offset, bytes: (yield next) as Buffer });
  if (last) regions.push({ offset: last.offset, bytes: (yield last) as Buffer });
  for (const found of scanner.found) regions.push(found);
  return { kind: 'elf', head, regions };
}

/**
 * The PT_NOTE segments that lie in the head a stream keeps (where linkers put them, right after the
 * program headers), NOTE_LIMIT bytes of each: cheap, and read in any order, since they are kept.
 */
function* noteRegions(segments: readonly Segment[]): RangePlan<FileRegion[]> {
  const regions: FileRegion[] = [];
  for (const segment of segments) {
    if (segment.type !== PT_NOTE || regions.length >= MAX_NOTE_SEGMENTS) continue;
    const range = byteRange(segment.offset, segment.filesz, NOTE_LIMIT);
    if (range && range.offset + range.length <= ELF_HEAD_LIMIT) regions.push({ offset: range.offset, bytes: (yield range) as Buffer });
  }
  return regions;
}

/** What is kept of a file once read: an ELF file's facts, a script's first line. */
function captured({ kind, head, regions }: ExecutableBytes, size: number): CapturedExecutable {
  const elf = kind === 'elf' ? parseElf(head, regions) : undefined;
  // Later only a script's `#!` line is read: a parsed ELF file or anything else keeps no bytes (thousands of them add up).
  let kept = elf || kind === 'other' ? NO_BYTES : head.subarray(0, KEPT_HEAD);
  if (kind === 'script') {
    const newline = kept.indexOf(0x0a);
    if (newline !== -1) kept = kept.subarray(0, newline + 1);
  }
  const bytes = kept.length > 0 ? ownedCopy([kept]) : NO_BYTES;
  const truncated = size > kept.length;
  // Built whole: a property added later (or by a spread) costs each of thousands of objects a separate property store.
  return elf ? { head: bytes, truncated, elf } : { head: bytes, truncated };
}

/**
 * Keeps NUL-terminated strings that look like library names or $ORIGIN paths, with their offsets,
 * from the bytes a stream does not keep (from `from` on): Go's linker puts .dynstr deep in its
 * read-only segment, far from the headers. A string found here is what the file holds at that
 * offset, so using it is never wrong.
 */
class NameScanner implements ChunkWatcher {
  readonly found: FileRegion[] = [];
  private readonly from: number;
  private kept = 0;
  private carry = NO_BYTES;
  private stopped = false;

  constructor(from: number) {
    this.from = from;
  }

  /** Stops looking: once PT_DYNAMIC is in, the string table is read where it is, if it still can be. */
  stop(): void {
    this.stopped = true;
  }

  private get full(): boolean {
    return this.kept >= SCANNED_LIMIT || this.found.length >= SCANNED_COUNT_LIMIT;
  }

  see(chunk: Buffer, at: number): void {
    if (this.stopped || at + chunk.length <= this.from || this.full) return;
    const skip = Math.max(0, this.from - at);
    this.scan(chunk.subarray(skip), at + skip);
  }

  private scan(chunk: Buffer, at: number): void {
    // Strings that end near the start of the chunk may have begun in the previous one.
    const joint = Buffer.concat([this.carry, chunk.subarray(0, SCANNED_STRING_LIMIT)]);
    this.keepStrings(joint, at - this.carry.length, this.carry.length, joint.length);
    this.keepStrings(chunk, at, SCANNED_STRING_LIMIT, chunk.length);
    const tail =
      chunk.length >= SCANNED_STRING_LIMIT
        ? chunk.subarray(chunk.length - SCANNED_STRING_LIMIT)
        : joint.subarray(Math.max(0, joint.length - SCANNED_STRING_LIMIT));
    this.carry = Buffer.from(tail);
  }

  /** Keeps the marked strings of `bytes` (at file offset `at`) whose terminating NUL lies in [from, to). */
  private keepStrings(bytes: Buffer, at: number, from: number, to: number): void {
    const ends = new Set<number>();
    for (const marker of NAME_MARKERS) {
      let searchFrom = 0;
      for (let hit = bytes.indexOf(marker, searchFrom); hit !== -1 && !this.full; hit = bytes.indexOf(marker, searchFrom)) {
        const end = bytes.indexOf(0, hit + marker.length);
        if (end === -1) break;
        searchFrom = end + 1;
        if (end < from || end >= to || ends.has(end)) continue;
        ends.add(end);
        const start = Math.max(bytes.lastIndexOf(0, hit) + 1, end - SCANNED_STRING_LIMIT);
        this.found.push({ offset: at + start, bytes: Buffer.from(bytes.subarray(start, end + 1)) });
        this.kept += end + 1 - start;
      }
    }
  }
}
