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
  /**
   * The Go linker's build id (a PT_NOTE of owner "Go", type 4: `.note.go.buildid`): set only for Go
   * programs (a binary linked with `-buildid=` carries none, and is not known as one).
   */
  goBuildId?: string;
}

/** Bytes of a file at a known offset, kept beyond its head. */
export interface FileRegion {
  offset: number;
  bytes: Buffer;
}

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
/** Bytes of a PT_NOTE segment read: the notes a binary carries (build ids, ABI tags) take a few hundred. */
export const NOTE_LIMIT = 4096;
/** `.note.go.buildid`: owner "Go", type ELF_NOTE_GOBUILDID_TAG. */
const GO_NOTE_OWNER = 'Go';
const GO_NOTE_BUILDID = 4;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;

/** Longest string read from an ELF (PATH_MAX): anything longer is not a name the loader would use. */
export const MAX_STRING = 4096;
/** Objects have tens of DT_NEEDED entries; a bound keeps hostile files cheap. */
const MAX_NEEDED = 4096;

export interface ElfHeader {
  class: 32 | 64;
  little: boolean;
  type: number;
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

export interface Segment {
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

/** An offset or a size as an index into a file, or undefined when no file could have it. */
export function toIndex(value: number): number | undefined {
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
export class FileBytes {
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

/** The ELF header, or undefined when `head` is not (the start of) an ELF file. */
export function readHeader(head: Buffer): ElfHeader | undefined {
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

/** Where the program header table ends: what the head must hold before the segments are known. */
export function programHeadersEnd(header: ElfHeader): number {
  return header.phoff + header.phentsize * header.phnum;
}

/** The program headers, or undefined when their table is not in the bytes at hand (or malformed). */
export function readSegments(header: ElfHeader, file: FileBytes): Segment[] | undefined {
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

/** The entries of PT_DYNAMIC the loader uses, as far as the bytes at hand hold them. */
export function readDynamic(header: ElfHeader, file: FileBytes, segment: Segment): DynamicTags {
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
export function fileOffsetOf(segments: readonly Segment[], address: number): number | undefined {
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

/** The descriptor of the Go build-id note among the notes in `bytes` (Elf_Nhdr entries, 4-byte aligned), if there is one. */
export function goBuildId(bytes: Buffer, little: boolean): string | undefined {
  const align = (n: number): number => (n + 3) & ~3;
  for (let at = 0; at + 12 <= bytes.length; ) {
    const namesz = u32(bytes, at, little);
    const descsz = u32(bytes, at + 4, little);
    const type = u32(bytes, at + 8, little);
    const nameAt = at + 12;
    const descAt = nameAt + align(namesz);
    if (namesz > bytes.length || descsz > bytes.length || descAt + descsz > bytes.length) return undefined;
    const name = bytes.toString('latin1', nameAt, nameAt + namesz).replace(/\0+$/, '');
    if (name === GO_NOTE_OWNER && type === GO_NOTE_BUILDID) return bytes.toString('utf8', descAt, descAt + descsz);
    at = descAt + align(descsz);
  }
  return undefined;
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
  for (const note of segments) {
    if (note.type !== PT_NOTE) continue;
    const bytes = file.bytes(note.offset, Math.min(note.filesz, NOTE_LIMIT));
    const buildId = bytes && goBuildId(bytes, header.little);
    // Set only on Go programs: thousands of other objects keep their shape.
    if (buildId !== undefined) info.goBuildId = buildId;
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
