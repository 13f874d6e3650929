/**
 * Builds small ELF files in code: an ELF header, program headers (PT_INTERP, PT_LOAD, PT_DYNAMIC),
 * the interpreter path, and a .dynstr/.dynamic pair. Virtual addresses differ from file offsets,
 * so a reader has to map DT_STRTAB through PT_LOAD to find the strings.
 */
export interface ElfSpec {
  class: 32 | 64;
  endian: 'little' | 'big';
  machine: number;
  /** e_type: 1 rel, 2 exec, 3 dyn, 4 core. */
  type: number;
  interpreter?: string;
  needed?: string[];
  soname?: string;
  runpath?: string;
  rpath?: string;
  /** Whether there is a PT_DYNAMIC; by default when any dynamic field or an interpreter is given. */
  dynamic?: boolean;
  /** Zero bytes between the headers and the string table (a big .text, say). */
  gap?: number;
  /** Zero bytes between .dynstr and .dynamic. */
  tableGap?: number;
  /** .dynamic before .dynstr in the file (the usual order is the reverse). */
  dynamicFirst?: boolean;
  /** .dynstr/.dynamic in a second PT_LOAD of their own, as Go's linker lays them out. */
  separateLoad?: boolean;
  /** Notes in one PT_NOTE segment after the interpreter path (`{ name: 'Go', type: 4, desc: id }` is Go's build id). */
  notes?: { name: string; type: number; desc: string | Buffer }[];
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const PT_NOTE = 4;
const FIRST_LOAD_ADDRESS = 0x400000n;
const SECOND_LOAD_ADDRESS = 0x10000000n;

interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: bigint;
  size: number;
}

class ByteWriter {
  readonly bytes: Buffer;
  private readonly little: boolean;
  private readonly is64: boolean;

  constructor(size: number, spec: ElfSpec) {
    this.bytes = Buffer.alloc(size);
    this.little = spec.endian === 'little';
    this.is64 = spec.class === 64;
  }

  u16(at: number, value: number): void {
    if (this.little) this.bytes.writeUInt16LE(value, at);
    else this.bytes.writeUInt16BE(value, at);
  }

  u32(at: number, value: number): void {
    if (this.little) this.bytes.writeUInt32LE(value, at);
    else this.bytes.writeUInt32BE(value, at);
  }

  /** An address-sized word; returns the offset after it. */
  word(at: number, value: bigint | number): number {
    const big = BigInt(value);
    if (!this.is64) {
      this.u32(at, Number(big));
      return at + 4;
    }
    if (this.little) this.bytes.writeBigUInt64LE(big, at);
    else this.bytes.writeBigUInt64BE(big, at);
    return at + 8;
  }
}

export function buildElf(spec: ElfSpec): Buffer {
  const is64 = spec.class === 64;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const wordSize = is64 ? 8 : 4;
  const hasDynamic = spec.dynamic ?? Boolean(spec.needed?.length || spec.soname || spec.runpath || spec.rpath || spec.interpreter);

  // .dynstr: a leading NUL, then each string once.
  const strings: string[] = [];
  const offsets = new Map<string, number>();
  let strsz = 1;
  const intern = (text: string): number => {
    let offset = offsets.get(text);
    if (offset === undefined) {
      offset = strsz;
      offsets.set(text, offset);
      strings.push(text);
      strsz += Buffer.byteLength(text) + 1;
    }
    return offset;
  };
  const tags: [number, bigint][] = [];
  for (const name of spec.needed ?? []) tags.push([1, BigInt(intern(name))]);
  if (spec.soname !== undefined) tags.push([14, BigInt(intern(spec.soname))]);
  if (spec.rpath !== undefined) tags.push([15, BigInt(intern(spec.rpath))]);
  if (spec.runpath !== undefined) tags.push([29, BigInt(intern(spec.runpath))]);
  const dynstr = Buffer.concat([Buffer.alloc(1), ...strings.map((text) => Buffer.from(`${text}\0`))]);
  const dynamicSize = (tags.length + 3) * 2 * wordSize; // + DT_STRTAB, DT_STRSZ, DT_NULL

  const phnum = (spec.interpreter !== undefined ? 1 : 0) + 1 + (spec.separateLoad ? 1 : 0) + (hasDynamic ? 1 : 0) + (spec.notes ? 1 : 0);
  const interpOffset = ehsize + phnum * phentsize;
  const interp = spec.interpreter !== undefined ? Buffer.from(`${spec.interpreter}\0`) : Buffer.alloc(0);
  const notes = spec.notes ? noteBytes(spec.notes, spec.endian === 'little') : Buffer.alloc(0);
  const notesOffset = (interpOffset + interp.length + 3) & ~3;
  const tablesOffset = (spec.notes ? notesOffset + notes.length : interpOffset + interp.length) + (spec.gap ?? 0);
  const tableGap = spec.tableGap ?? 0;
  const tablesSize = hasDynamic ? dynstr.length + tableGap + dynamicSize : 0;
  const dynstrOffset = spec.dynamicFirst ? tablesOffset + dynamicSize + tableGap : tablesOffset;
  const dynamicOffset = spec.dynamicFirst ? tablesOffset : tablesOffset + dynstr.length + tableGap;
  const fileSize = tablesOffset + tablesSize;

  // Where each file offset lives in memory: the tables move to their own segment when asked.
  const addressOf = (offset: number): bigint =>
    spec.separateLoad && offset >= tablesOffset ? SECOND_LOAD_ADDRESS + BigInt(offset - tablesOffset) : FIRST_LOAD_ADDRESS + BigInt(offset);

  const headers: ProgramHeader[] = [];
  if (spec.interpreter !== undefined) headers.push({ type: PT_INTERP, offset: interpOffset, vaddr: addressOf(interpOffset), size: interp.length });
  if (spec.separateLoad) {
    headers.push({ type: PT_LOAD, offset: 0, vaddr: FIRST_LOAD_ADDRESS, size: tablesOffset });
    headers.push({ type: PT_LOAD, offset: tablesOffset, vaddr: SECOND_LOAD_ADDRESS, size: tablesSize });
  } else {
    headers.push({ type: PT_LOAD, offset: 0, vaddr: FIRST_LOAD_ADDRESS, size: fileSize });
  }
  if (hasDynamic) headers.push({ type: PT_DYNAMIC, offset: dynamicOffset, vaddr: addressOf(dynamicOffset), size: dynamicSize });
  if (spec.notes) headers.push({ type: PT_NOTE, offset: notesOffset, vaddr: addressOf(notesOffset), size: notes.length });

  const out = new ByteWriter(fileSize, spec);
  const bytes = out.bytes;
  bytes.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, spec.endian === 'little' ? 1 : 2, 1], 0);
  out.u16(16, spec.type);
  out.u16(18, spec.machine);
  out.u32(20, 1);
  let at = out.word(24, addressOf(interpOffset)); // e_entry: anywhere plausible
  at = out.word(at, ehsize); // e_phoff
  at = out.word(at, 0); // e_shoff
  out.u32(at, 0); // e_flags
  out.u16(at + 4, ehsize);
  out.u16(at + 6, phentsize);
  out.u16(at + 8, phnum);

  headers.forEach((header, index) => {
    const base = ehsize + index * phentsize;
    const flags = header.type === PT_LOAD ? 5 : 4;
    out.u32(base, header.type);
    if (is64) {
      out.u32(base + 4, flags);
      let field = out.word(base + 8, header.offset);
      field = out.word(field, header.vaddr);
      field = out.word(field, header.vaddr);
      field = out.word(field, header.size);
      field = out.word(field, header.size);
      out.word(field, 0x1000);
    } else {
      let field = out.word(base + 4, header.offset);
      field = out.word(field, header.vaddr);
      field = out.word(field, header.vaddr);
      field = out.word(field, header.size);
      field = out.word(field, header.size);
      out.u32(field, flags);
      out.word(field + 4, 0x1000);
    }
  });

  interp.copy(bytes, interpOffset);
  notes.copy(bytes, notesOffset);
  if (hasDynamic) {
    dynstr.copy(bytes, dynstrOffset);
    let entry = dynamicOffset;
    for (const [tag, value] of [...tags, [5, addressOf(dynstrOffset)] as [number, bigint], [10, BigInt(dynstr.length)] as [number, bigint]]) {
      entry = out.word(entry, tag);
      entry = out.word(entry, value);
    }
    // DT_NULL: already zero.
  }
  return bytes;
}

/** Elf_Nhdr entries (namesz, descsz, type, then name and descriptor, each padded to 4 bytes). */
function noteBytes(notes: NonNullable<ElfSpec['notes']>, little: boolean): Buffer {
  const pad = (buffer: Buffer): Buffer => Buffer.concat([buffer, Buffer.alloc((4 - (buffer.length % 4)) % 4)]);
  return Buffer.concat(
    notes.map(({ name, type, desc }) => {
      const nameBytes = Buffer.from(`${name}\0`);
      const descBytes = Buffer.from(desc);
      const header = Buffer.alloc(12);
      for (const [at, value] of [nameBytes.length, descBytes.length, type].entries()) {
        if (little) header.writeUInt32LE(value, at * 4);
        else header.writeUInt32BE(value, at * 4);
      }
      return Buffer.concat([header, pad(nameBytes), pad(descBytes)]);
    }),
  );
}
