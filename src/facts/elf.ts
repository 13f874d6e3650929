import type { CapturedFile, Collector } from '../image/types.ts';
import { ownedCopy } from '../image/collectors.ts';

/** What the kernel and the dynamic loader read from an ELF file to start it. */
export interface ElfInfo {
  class: 32 | 64;
  endian: 'little' | 'big';
  /** `e_machine`. */
  machine: number;
  /** Go/OCI architecture name ('amd64', 'arm64', …), or `unknown(N)`. */
  machineName: string;
  type: 'exec' | 'dyn' | 'rel' | 'core' | 'other';
  /** PT_INTERP: the program interpreter (dynamic loader) the kernel starts. */
  interpreter?: string;
  /** DT_NEEDED, in order. */
  needed: string[];
  /** DT_SONAME, the name other objects' DT_NEEDED match without a search. */
  soname?: string;
  /** DT_RUNPATH split on ':'. */
  runpath: string[];
  /** DT_RPATH split on ':'. */
  rpath: string[];
  /** Whether there is a PT_DYNAMIC segment. */
  dynamic: boolean;
  /** False when some of the above could not be read from the captured bytes (the lists may then be partial). */
  complete: boolean;
}

/** Bytes of a file at a known offset, kept beyond its head. */
export interface FileRegion {
  offset: number;
  bytes: Buffer;
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;

/** Longest string read from an ELF (PATH_MAX): anything longer is not a name the loader would use. */
const MAX_STRING = 4096;
/** Objects have tens of DT_NEEDED entries; a bound keeps hostile files cheap. */
const MAX_NEEDED = 4096;

interface ElfHeader {
  class: 32 | 64;
  little: boolean;
  type: number;
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

interface DynamicTags {
  /** String-table offsets. */
  needed: number[];
  strtab?: number;
  strsz?: number;
  soname?: number;
  rpath?: number;
  runpath?: number;
  /** False when the segment ran past the bytes available before DT_NULL. */
  complete: boolean;
}

function u16(buf: Buffer, at: number, little: boolean): number {
  return little ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
}

function u32(buf: Buffer, at: number, little: boolean): number {
  return little ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
}

/**
 * An address-sized word (Elf32_Word / Elf64_Xword). A 64-bit value above 2^53 cannot be exact as a
 * number, and no file offset, size or user-space address of a real file comes near: it reads as
 * Infinity, which every lookup refuses (a comparison with it fails, a difference is not finite).
 * Numbers, not bigints: thousands of files are parsed per image, and bigints cost an allocation each.
 */
function word(buf: Buffer, at: number, header: ElfHeader): number {
  if (header.class === 32) return u32(buf, at, header.little);
  const high = u32(buf, header.little ? at + 4 : at, header.little);
  const low = u32(buf, header.little ? at : at + 4, header.little);
  return high < 0x200000 ? high * 0x100000000 + low : Infinity;
}

function toIndex(value: number): number | undefined {
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Strings ELF files repeat (library names, loaders, search paths): thousands of binaries share a few hundred. */
const INTERNED = new Map<string, string>();
const MAX_INTERNED = 4096;

function interned(text: string): string {
  const known = INTERNED.get(text);
  if (known !== undefined) return known;
  if (INTERNED.size < MAX_INTERNED) INTERNED.set(text, text);
  return text;
}

/** Reads from whichever kept region holds the wanted bytes; never reads outside them. */
class FileBytes {
  private readonly regions: readonly FileRegion[];

  constructor(regions: readonly FileRegion[]) {
    this.regions = regions;
  }

  bytes(offset: number, length: number): Buffer | undefined {
    const found = this.locate(offset, length);
    return found && found.bytes.subarray(found.at, found.at + length);
  }

  /** Where the bytes are, without a view of them (dynamic entries are read by the thousand). */
  locate(offset: number, length: number): { bytes: Buffer; at: number } | undefined {
    const start = toIndex(offset);
    const size = toIndex(length);
    if (start === undefined || size === undefined) return undefined;
    for (const region of this.regions) {
      const from = start - region.offset;
      if (from >= 0 && from + size <= region.bytes.length) return { bytes: region.bytes, at: from };
    }
    return undefined;
  }

  /** A NUL-terminated string that starts at `offset` and ends (NUL included) within `limit` bytes. */
  cString(offset: number, limit: number): string | undefined {
    const start = toIndex(offset);
    if (start === undefined || !(limit > 0)) return undefined;
    const span = Math.min(limit, MAX_STRING);
    for (const region of this.regions) {
      const from = start - region.offset;
      if (from < 0 || from >= region.bytes.length) continue;
      const nul = region.bytes.indexOf(0, from);
      if (nul !== -1 && nul < from + span) return interned(region.bytes.toString('utf8', from, nul));
    }
    return undefined;
  }
}

function readHeader(head: Buffer): ElfHeader | undefined {
  if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const elfClass = head[4] === 1 ? 32 : head[4] === 2 ? 64 : undefined;
  if (elfClass === undefined || (head[5] !== 1 && head[5] !== 2)) return undefined;
  if (elfClass === 64 && head.length < 64) return undefined;
  const little = head[5] === 1;
  const header: ElfHeader = {
    class: elfClass,
    little,
    type: u16(head, 16, little),
    machine: u16(head, 18, little),
    phoff: 0,
    phentsize: 0,
    phnum: 0,
  };
  if (elfClass === 64) {
    header.phoff = word(head, 0x20, header);
    header.phentsize = u16(head, 0x36, little);
    header.phnum = u16(head, 0x38, little);
  } else {
    header.phoff = word(head, 0x1c, header);
    header.phentsize = u16(head, 0x2a, little);
    header.phnum = u16(head, 0x2c, little);
  }
  return header;
}

/** The program headers, or undefined when their table is not in the bytes at hand (or malformed). */
function readSegments(header: ElfHeader, file: FileBytes): Segment[] | undefined {
  if (header.phnum === 0) return [];
  // The kernel and ld.so both refuse any other entry size.
  if (header.phentsize !== (header.class === 64 ? 56 : 32)) return undefined;
  const table = file.bytes(header.phoff, header.phentsize * header.phnum);
  if (!table) return undefined;
  const segments: Segment[] = [];
  for (let at = 0; at < table.length; at += header.phentsize) {
    const type = u32(table, at, header.little);
    if (header.class === 64) {
      segments.push({ type, offset: word(table, at + 8, header), vaddr: word(table, at + 16, header), filesz: word(table, at + 32, header) });
    } else {
      segments.push({ type, offset: word(table, at + 4, header), vaddr: word(table, at + 8, header), filesz: word(table, at + 16, header) });
    }
  }
  return segments;
}

function readDynamic(header: ElfHeader, file: FileBytes, segment: Segment): DynamicTags {
  const tags: DynamicTags = { needed: [], complete: true };
  const entrySize = header.class === 64 ? 16 : 8;
  const count = Math.floor(segment.filesz / entrySize);
  // Ends at the first entry that is not in the kept bytes, so the loop is bounded by memory, not by filesz.
  for (let index = 0; index < count; index++) {
    const entry = file.locate(segment.offset + index * entrySize, entrySize);
    if (!entry) {
      tags.complete = false;
      break;
    }
    const tag = word(entry.bytes, entry.at, header);
    const value = word(entry.bytes, entry.at + entrySize / 2, header);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) {
      if (tags.needed.length === MAX_NEEDED) {
        tags.complete = false;
        break;
      }
      tags.needed.push(value);
    }
    // ld.so keeps the last entry of a kind, as `l_info[tag] = dyn` does.
    else if (tag === DT_STRTAB) tags.strtab = value;
    else if (tag === DT_STRSZ) tags.strsz = value;
    else if (tag === DT_SONAME) tags.soname = value;
    else if (tag === DT_RPATH) tags.rpath = value;
    else if (tag === DT_RUNPATH) tags.runpath = value;
  }
  return tags;
}

/** Maps a virtual address to a file offset through the PT_LOAD segment whose file bytes hold it. */
function fileOffsetOf(segments: readonly Segment[], address: number): number | undefined {
  for (const segment of segments) {
    if (segment.type === PT_LOAD && address >= segment.vaddr && address - segment.vaddr < segment.filesz) {
      return segment.offset + (address - segment.vaddr);
    }
  }
  return undefined;
}

function elfType(type: number): ElfInfo['type'] {
  switch (type) {
    case 1:
      return 'rel';
    case 2:
      return 'exec';
    case 3:
      return 'dyn';
    case 4:
      return 'core';
    default:
      return 'other';
  }
}

/** The Go/OCI name of the architecture; class and byte order matter (x32 is not amd64). */
function machineName(header: ElfHeader): string {
  const is64 = header.class === 64;
  switch (header.machine) {
    case 3:
      if (!is64) return '386';
      break;
    case 40:
      if (!is64) return 'arm';
      break;
    case 62:
      if (is64) return 'amd64';
      break;
    case 183:
      if (is64) return 'arm64';
      break;
    case 243:
      if (is64) return 'riscv64';
      break;
    case 21:
      if (is64) return header.little ? 'ppc64le' : 'ppc64';
      break;
    case 22:
      if (is64) return 's390x';
      break;
  }
  return `unknown(${header.machine})`;
}

/**
 * Reads the dynamic-linking facts of an ELF file from its head and any further kept regions.
 * Undefined when the bytes are not an ELF file; `complete: false` when something needed was not kept
 * or is malformed. Never throws.
 */
export function parseElf(head: Buffer, regions: readonly FileRegion[] = []): ElfInfo | undefined {
  const header = readHeader(head);
  if (!header) return undefined;
  const info: ElfInfo = {
    class: header.class,
    endian: header.little ? 'little' : 'big',
    machine: header.machine,
    machineName: machineName(header),
    type: elfType(header.type),
    // Present from the start, set or not: properties added later cost each object a separate store.
    interpreter: undefined,
    needed: [],
    soname: undefined,
    runpath: [],
    rpath: [],
    dynamic: false,
    complete: true,
  };
  const file = new FileBytes([{ offset: 0, bytes: head }, ...regions]);
  const segments = readSegments(header, file);
  if (!segments) {
    info.complete = false;
    return info;
  }
  const interp = segments.find((segment) => segment.type === PT_INTERP);
  if (interp) {
    const path = file.cString(interp.offset, interp.filesz);
    if (path === undefined) info.complete = false;
    else info.interpreter = path;
  }
  const dynamicSegment = segments.find((segment) => segment.type === PT_DYNAMIC);
  if (!dynamicSegment) return info;
  info.dynamic = true;

  const tags = readDynamic(header, file, dynamicSegment);
  if (!tags.complete) info.complete = false;
  const strtab = tags.strtab === undefined ? undefined : fileOffsetOf(segments, tags.strtab);
  const string = (offset: number): string | undefined => {
    const text =
      strtab === undefined || (tags.strsz !== undefined && offset >= tags.strsz)
        ? undefined
        : file.cString(strtab + offset, tags.strsz === undefined ? MAX_STRING : tags.strsz - offset);
    if (text === undefined) info.complete = false;
    return text;
  };
  const needed = tags.needed.map(string);
  // A list built by push keeps room for 17 names; this one is exactly as long (thousands of files keep one).
  info.needed = needed.includes(undefined) ? needed.filter((name) => name !== undefined) : (needed as string[]);
  if (tags.soname !== undefined) info.soname = string(tags.soname);
  if (tags.runpath !== undefined) info.runpath = string(tags.runpath)?.split(':') ?? [];
  if (tags.rpath !== undefined) info.rpath = string(tags.rpath)?.split(':') ?? [];
  return info;
}

/** Linux reads this many bytes of a file for `#!` (BINPRM_BUF_SIZE). */
const SHEBANG_BUFFER = 256;

function isSpaceOrTab(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

/**
 * The interpreter and optional argument of a `#!` line, as Linux ≥ 5.1 (`binfmt_script.c`) reads it:
 * from the first 256 bytes (a shorter head is taken as the whole file); undefined where execve fails
 * (no `#!`, no or an empty interpreter, or an interpreter path cut off by the buffer).
 */
export function parseShebang(head: Buffer): { interpreter: string; argument?: string } | undefined {
  if (head.length < 2 || head[0] !== 0x23 || head[1] !== 0x21) return undefined;
  // The kernel's buffer is NUL-padded past the end of a short file; its last byte is never used.
  const buf = Buffer.alloc(SHEBANG_BUFFER);
  head.copy(buf, 0, 0, SHEBANG_BUFFER);
  const bufEnd = SHEBANG_BUFFER - 1;
  const isTerminator = (byte: number): boolean => isSpaceOrTab(byte) || byte === 0;
  const firstNonSpace = (from: number, end: number): number => {
    for (let at = from; at < end; at++) if (!isSpaceOrTab(buf[at])) return at;
    return -1;
  };
  const firstTerminator = (from: number, end: number): number => {
    for (let at = from; at < end; at++) if (isTerminator(buf[at])) return at;
    return -1;
  };

  let lineEnd = buf.indexOf(0x0a);
  if (lineEnd === -1) {
    const name = firstNonSpace(2, bufEnd);
    // Without a newline, the interpreter path must end inside the buffer, or it may be truncated.
    if (name === -1 || firstTerminator(name, bufEnd) === -1) return undefined;
    lineEnd = bufEnd;
  }
  while (lineEnd > 2 && isSpaceOrTab(buf[lineEnd - 1])) lineEnd--;
  const name = firstNonSpace(2, lineEnd);
  if (name === -1) return undefined;
  const separator = firstTerminator(name, lineEnd);
  const nameEnd = separator === -1 ? lineEnd : separator;
  // The kernel passes both as C strings: each stops at its first NUL.
  const cText = (from: number, to: number): string => {
    const nul = buf.indexOf(0, from);
    return buf.toString('utf8', from, nul === -1 || nul > to ? to : nul);
  };
  const interpreter = cText(name, nameEnd);
  if (interpreter === '') return undefined;
  if (separator === -1 || buf[separator] === 0) return { interpreter };
  const argument = firstNonSpace(separator, lineEnd);
  return argument === -1 ? { interpreter } : { interpreter, argument: cText(argument, lineEnd) };
}

/** Bytes of an ELF head parsed before deciding what else to keep; program headers are at its start. */
const ELF_HEAD_LIMIT = 64 * 1024;
/** What is read first of a file read at offsets: an ELF header and its program headers, or a `#!` line. */
const FIRST_READ = 4 * 1024;
/** What `finish` hands back as `head`: enough for a `#!` line and the ELF identification. */
const KEPT_HEAD = SHEBANG_BUFFER;
/** .dynstr is almost always in the first PT_LOAD (the one holding the headers); keep that much of it. */
const FIRST_LOAD_LIMIT = 8 * 1024 * 1024;
const DYNAMIC_LIMIT = 256 * 1024;
const STRTAB_LIMIT = 8 * 1024 * 1024;
const INTERP_LIMIT = MAX_STRING;
/** Bounds on the strings the scanner keeps: bytes, and count (each is a region parseElf searches). */
const SCANNED_LIMIT = 1024 * 1024;
const SCANNED_COUNT_LIMIT = 4096;
/** Longest string the scanner keeps, and how many bytes it carries across chunk boundaries. */
const SCANNED_STRING_LIMIT = 1024;
/** What library names and $ORIGIN search paths contain. */
const NAME_MARKERS = ['.so', 'ORIGIN'].map((marker) => Buffer.from(marker));

/** The parts as one buffer; most heads arrive in one chunk, and a view of it serves until `finish` returns. */
function joined(parts: Buffer[], length = parts.reduce((sum, part) => sum + part.length, 0)): Buffer {
  return parts.length === 1 && parts[0].length === length ? parts[0] : Buffer.concat(parts, length);
}

/** A byte range of the file kept as the body streams past, contiguously from its start. */
class KeptRange {
  readonly start: number;
  end: number;
  private readonly parts: Buffer[] = [];
  private filled = 0;

  constructor(start: number, end: number) {
    this.start = start;
    this.end = end;
  }

  get keptEnd(): number {
    return this.start + this.filled;
  }

  get done(): boolean {
    return this.keptEnd >= this.end;
  }

  /** Keeps the part of `chunk` (at file offset `at`) inside the range: a view, as readers hand out chunks to keep. */
  take(chunk: Buffer, at: number): void {
    const from = Math.max(this.keptEnd, at);
    const to = Math.min(this.end, at + chunk.length);
    if (to <= from) return;
    if (from > this.keptEnd) {
      // A gap would misplace every later byte: stop here rather than keep wrong offsets.
      this.end = this.keptEnd;
      return;
    }
    this.parts.push(chunk.subarray(from - at, to - at));
    this.filled += to - from;
  }

  region(): FileRegion {
    return { offset: this.start, bytes: joined(this.parts, this.filled) };
  }
}

/**
 * Keeps NUL-terminated strings that look like library names or $ORIGIN paths, with their offsets,
 * from bytes no range keeps: Go's linker puts .dynstr deep in its read-only segment, far from the
 * headers. A string found here is what the file holds at that offset, so using it is never wrong.
 */
class NameScanner {
  readonly found: FileRegion[] = [];
  private kept = 0;
  private carry = Buffer.alloc(0);

  private get full(): boolean {
    return this.kept >= SCANNED_LIMIT || this.found.length >= SCANNED_COUNT_LIMIT;
  }

  scan(chunk: Buffer, at: number): void {
    if (this.full) return;
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

/** What to keep of an ELF body once its program headers are known. */
class ElfBodyPlan {
  private readonly header: ElfHeader;
  private readonly segments: Segment[];
  private ranges: KeptRange[] = [];
  private firstLoad?: KeptRange;
  private dynamic?: { range: KeptRange; segment: Segment };
  private scanner?: NameScanner;
  private readonly scanned: FileRegion[] = [];
  private scanFrom = 0;

  constructor(header: ElfHeader, segments: Segment[], head: Buffer) {
    this.header = header;
    this.segments = segments;
    const interp = segments.find((segment) => segment.type === PT_INTERP);
    if (interp) this.keep(interp.offset, interp.filesz, INTERP_LIMIT);
    const dynamicSegment = segments.find((segment) => segment.type === PT_DYNAMIC);
    if (dynamicSegment) {
      const load = segments.find((segment) => segment.type === PT_LOAD && segment.offset === 0);
      if (load) this.firstLoad = this.keep(0, load.filesz, FIRST_LOAD_LIMIT);
      const range = this.keep(dynamicSegment.offset, dynamicSegment.filesz, DYNAMIC_LIMIT);
      if (range) {
        this.dynamic = { range, segment: dynamicSegment };
        this.scanner = new NameScanner();
        this.scanFrom = Math.max(ELF_HEAD_LIMIT, this.firstLoad?.end ?? 0);
      }
    }
    for (const range of this.ranges) range.take(head, 0);
    this.afterChunk(head, 0);
  }

  private keep(offset: number, length: number, limit: number): KeptRange | undefined {
    const start = toIndex(offset);
    if (start === undefined || !(length > 0)) return undefined;
    const range = new KeptRange(start, start + Math.min(length, limit));
    this.ranges.push(range);
    return range;
  }

  /** Takes the next chunk at file offset `at`; false once nothing further is needed. */
  take(chunk: Buffer, at: number): boolean {
    for (const range of this.ranges) range.take(chunk, at);
    if (this.scanner && at + chunk.length > this.scanFrom) {
      const skip = Math.max(0, this.scanFrom - at);
      this.scanner.scan(chunk.subarray(skip), at + skip);
    }
    this.afterChunk(chunk, at);
    return this.scanner !== undefined || this.ranges.some((range) => !range.done);
  }

  /** Once PT_DYNAMIC is in, the string table's place is known: keep it if it is not behind `chunk`, drop what cannot hold it. */
  private afterChunk(chunk: Buffer, at: number): void {
    if (!this.dynamic?.range.done || !this.scanner) return;
    this.scanned.push(...this.scanner.found);
    this.scanner = undefined;
    const tags = readDynamic(this.header, new FileBytes([this.dynamic.range.region()]), this.dynamic.segment);
    const offset = tags.strtab === undefined ? undefined : fileOffsetOf(this.segments, tags.strtab);
    const start = offset === undefined ? undefined : toIndex(offset);
    const firstLoad = this.firstLoad;
    if (start !== undefined) {
      const size = tags.strsz !== undefined ? Math.min(tags.strsz, STRTAB_LIMIT) : STRTAB_LIMIT;
      if (firstLoad && start >= firstLoad.start && start < firstLoad.end) {
        firstLoad.end = Math.min(firstLoad.end, Math.max(start + size, firstLoad.keptEnd));
        return;
      }
      if (start >= at) {
        const strtab = new KeptRange(start, start + size);
        strtab.take(chunk, at);
        this.ranges.push(strtab);
      }
    }
    if (firstLoad) {
      this.ranges = this.ranges.filter((range) => range !== firstLoad);
      this.firstLoad = undefined;
    }
  }

  regions(): FileRegion[] {
    return [...this.ranges.map((range) => range.region()), ...this.scanned, ...(this.scanner?.found ?? [])];
  }
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const NO_BYTES = Buffer.alloc(0);
const SHEBANG = Buffer.from('#!');

type ExecutableKind = 'unknown' | 'elf' | 'script' | 'other';

function startsLike(bytes: Buffer, magic: Buffer): 'yes' | 'maybe' | 'no' {
  const length = Math.min(bytes.length, magic.length);
  if (!bytes.subarray(0, length).equals(magic.subarray(0, length))) return 'no';
  return length === magic.length ? 'yes' : 'maybe';
}

/**
 * Collects what the executable facts need from a file that may be an ELF binary, a shared library
 * or a `#!` script. Of an ELF file: the first 64 KiB, then, as the body streams by, only PT_INTERP,
 * PT_DYNAMIC, the string table (through the first PT_LOAD, capped, as it usually lies before
 * PT_DYNAMIC) and strings shaped like library names; never the whole body. Of a script: its first
 * line. Of anything else: nothing after the first chunk.
 */
class ExecutableCollector implements Collector {
  private kind: ExecutableKind = 'unknown';
  private headParts: Buffer[] = [];
  private headLength = 0;
  /** Head bytes an ELF needs before it is worth parsing again: the header, then the program headers. */
  private elfHeadWanted = 64;
  private elfUnreadable = false;
  private plan?: ElfBodyPlan;
  private position = 0;
  private wantsMore = true;

  push(chunk: Buffer): boolean {
    if (!this.wantsMore) return false;
    const at = this.position;
    this.position += chunk.length;
    if (this.kind === 'unknown') this.kind = this.classify(chunk);
    const limit = this.kind === 'elf' ? ELF_HEAD_LIMIT : KEPT_HEAD;
    const taken = Math.min(chunk.length, Math.max(0, limit - this.headLength));
    if (taken > 0) {
      this.headParts.push(chunk.subarray(0, taken));
      this.headLength += taken;
    }
    const headWantsMore = this.headLength < limit;
    if (this.kind === 'elf') {
      // Both run: the body plan must see every chunk; the head grows to its limit only until there is a plan,
      // which keeps what parseElf needs beyond the program headers.
      const bodyWantsMore = this.pushElf(chunk, at);
      this.wantsMore = bodyWantsMore || (headWantsMore && !this.plan && !this.elfUnreadable);
    } else if (this.kind === 'script') {
      this.wantsMore = headWantsMore && !this.headParts.some((part) => part.includes(0x0a));
    } else {
      this.wantsMore = this.kind === 'unknown';
    }
    return this.wantsMore;
  }

  private classify(chunk: Buffer): ExecutableKind {
    const start = joined([...this.headParts, chunk.subarray(0, ELF_MAGIC.length)]);
    const elf = startsLike(start, ELF_MAGIC);
    const script = startsLike(start, SHEBANG);
    if (elf === 'yes') return 'elf';
    if (script === 'yes') return 'script';
    return elf === 'no' && script === 'no' ? 'other' : 'unknown';
  }

  /** Feeds the body plan, making it once the program headers are in the head; whether it wants more. */
  private pushElf(chunk: Buffer, at: number): boolean {
    if (this.plan) return this.plan.take(chunk, at);
    if (this.elfUnreadable) return false;
    if (this.headLength < this.elfHeadWanted && this.headLength < ELF_HEAD_LIMIT) return true;
    const head = joined(this.headParts, this.headLength);
    this.headParts = [head];
    const header = readHeader(head);
    const tableEnd = header ? header.phoff + header.phentsize * header.phnum : undefined;
    // Program headers past the head limit: parseElf will say what it can from the head alone.
    if (!header || tableEnd === undefined || !(tableEnd <= ELF_HEAD_LIMIT)) {
      this.elfUnreadable = true;
      return false;
    }
    this.elfHeadWanted = tableEnd;
    if (head.length < this.elfHeadWanted) return true;
    const segments = readSegments(header, new FileBytes([{ offset: 0, bytes: head }]));
    if (!segments) {
      this.elfUnreadable = true;
      return false;
    }
    this.plan = new ElfBodyPlan(header, segments, head);
    const rest = Math.max(0, head.length - at);
    return this.plan.take(chunk.subarray(rest), at + rest);
  }

  finish(size: number): CapturedFile {
    return captured(this.kind, joined(this.headParts, this.headLength), this.plan?.regions() ?? [], size);
  }

  /** From a file: the head, then PT_INTERP, PT_DYNAMIC and the string table it names, each read where it is. */
  readAt(read: (offset: number, length: number) => Buffer, size: number): CapturedFile {
    let head = read(0, FIRST_READ);
    const kind = this.classify(head);
    if (kind === 'elf') {
      // The program headers, when they go on past the first read (never past the head limit).
      const header = readHeader(head);
      const tableEnd = header ? header.phoff + header.phentsize * header.phnum : 0;
      if (tableEnd > head.length && tableEnd <= ELF_HEAD_LIMIT) head = read(0, tableEnd);
    }
    return captured(kind, head, kind === 'elf' ? elfRegions(head, read) : [], size);
  }
}

/** The regions of an ELF file parseElf reads beyond its head, read at their offsets. */
function elfRegions(head: Buffer, read: (offset: number, length: number) => Buffer): FileRegion[] {
  const header = readHeader(head);
  const segments = header && readSegments(header, new FileBytes([{ offset: 0, bytes: head }]));
  if (!header || !segments) return [];
  const regions: FileRegion[] = [];
  const keep = (offset: number, length: number, limit: number): FileRegion | undefined => {
    const start = toIndex(offset);
    if (start === undefined || !(length > 0)) return undefined;
    const region = { offset: start, bytes: read(start, Math.min(length, limit)) };
    regions.push(region);
    return region;
  };
  const interp = segments.find((segment) => segment.type === PT_INTERP);
  if (interp) keep(interp.offset, interp.filesz, INTERP_LIMIT);
  const dynamicSegment = segments.find((segment) => segment.type === PT_DYNAMIC);
  const dynamic = dynamicSegment && keep(dynamicSegment.offset, dynamicSegment.filesz, DYNAMIC_LIMIT);
  if (!dynamicSegment || !dynamic) return regions;
  const tags = readDynamic(header, new FileBytes([dynamic]), dynamicSegment);
  const strtab = tags.strtab === undefined ? undefined : fileOffsetOf(segments, tags.strtab);
  if (strtab !== undefined) keep(strtab, tags.strsz ?? STRTAB_LIMIT, STRTAB_LIMIT);
  return regions;
}

/** What a collector hands back once it has the head (and an ELF file's regions). */
function captured(kind: ExecutableKind, head: Buffer, regions: readonly FileRegion[], size: number): CapturedFile {
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

/** A collector for a file that may be an ELF binary, a shared library or a `#!` script. */
export function createExecutableCollector(): Collector {
  return new ExecutableCollector();
}
