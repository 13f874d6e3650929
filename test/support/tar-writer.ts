/**
 * Builds tar streams in memory for tests, including the encodings and hostile shapes real layers
 * carry. Ordinary entries come out byte for byte as tar-stream's `pack()` writes them (a test
 * holds us to that); pack() itself is asynchronous, and fixtures such as `buildImage` need tars
 * synchronously, so the headers are written here.
 */

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'global-pax';

export interface TarEntrySpec {
  /** The member name, written as given (`./a`, `/abs`, `../x`, `dir/` all stay as they are). */
  path: string;
  /** Default `file`. `global-pax` writes a `g` header whose records are `pax`. */
  type?: TarEntryType;
  /** The body of a file. With `size`, it is repeated (or cut) to `size` bytes. */
  content?: string | Buffer;
  /** Body length: `size` bytes of `content` repeated, or of zeros; generated in chunks by `tarStream`. */
  size?: number;
  /** Permission bits; default 0o755 for directories, 0o777 for symlinks, 0o644 otherwise. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Symlink target, or the member name a hard link points to. */
  target?: string;
  /**
   * How names over 100 bytes and numbers too big for octal are stored:
   * - `ustar` (default): what tar-stream writes: the prefix field, else a PAX header; sizes over
   *   8 GiB in base-256; ids over 0o777777 in PAX records.
   * - `pax`: path, linkpath, size, uid and gid always go in a PAX header, and the ustar fields
   *   hold only a cut name and zeros, so a reader that ignores PAX gets them wrong.
   * - `gnu`: GNU magic (`ustar  \0`), `L`/`K` long-name headers, base-256 for big numbers.
   */
  format?: 'ustar' | 'pax' | 'gnu';
  /** Name bytes to store instead of `path` (for names that are not valid UTF-8). */
  rawName?: Buffer;
  /** GNU only: store size, uid and gid in base-256 even when octal would do. */
  base256?: boolean;
  /** Extra PAX records in an `x` header before this entry (for `global-pax`, the global records). */
  pax?: Record<string, string>;
  /** The number written in the header's size field when it should differ from the body written. */
  sizeField?: number;
  /**
   * Old GNU sparse member (typeflag `S`): the body holds the data of `map`'s segments, in order.
   * End the map with `{ offset: realSize, length: 0 }` when the file ends in a hole, as GNU tar does.
   */
  sparse?: { realSize: number; map: { offset: number; length: number }[] };
  devmajor?: number;
  devminor?: number;
}

const BLOCK = 512;
const CHUNK = 64 * 1024;
/** Every member's mtime, so that identical specs give identical bytes (and digests). */
const MTIME = 0;
const TYPEFLAGS: Record<TarEntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
  'global-pax': 'g',
};

/** A whole tar in one buffer; `end: false` leaves out the two zero blocks. */
export function tarBuffer(entries: Iterable<TarEntrySpec>, options: { end?: boolean } = {}): Buffer {
  return Buffer.concat([...tarChunks(entries, options)]);
}

/** The same bytes as `tarBuffer`, generated as they are consumed (bodies in 64 KiB chunks). */
export async function* tarStream(entries: Iterable<TarEntrySpec>, options: { end?: boolean } = {}): AsyncGenerator<Buffer> {
  yield* tarChunks(entries, options);
}

/** A file named `.wh.NAME` next to `path`: removes `path` from lower layers. */
export function whiteout(path: string): TarEntrySpec {
  const slash = path.lastIndexOf('/');
  return { path: `${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, content: '' };
}

/** `DIR/.wh..wh..opq`: hides every lower-layer child of `dir`. */
export function opaqueWhiteout(dir: string): TarEntrySpec {
  return { path: `${dir.replace(/\/$/, '')}/.wh..wh..opq`, content: '' };
}

function* tarChunks(entries: Iterable<TarEntrySpec>, options: { end?: boolean }): Generator<Buffer> {
  for (const spec of entries) {
    const { headers, bodySize } = encodeEntry(spec);
    yield headers;
    if (bodySize === 0) continue;
    yield* bodyChunks(spec, bodySize);
    const pad = (BLOCK - (bodySize % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad);
  }
  if (options.end ?? true) yield Buffer.alloc(2 * BLOCK);
}

function bodyLength(spec: TarEntrySpec): number {
  const type = spec.type ?? 'file';
  if (type !== 'file') {
    if (spec.content !== undefined || spec.size !== undefined) throw new Error(`tar-writer: ${spec.path}: only files have a body (use sizeField)`);
    return 0;
  }
  if (spec.size !== undefined) return spec.size;
  return spec.content === undefined ? 0 : Buffer.byteLength(spec.content);
}

function* bodyChunks(spec: TarEntrySpec, size: number): Generator<Buffer> {
  const content = spec.content === undefined ? Buffer.alloc(0) : Buffer.from(spec.content);
  if (spec.size === undefined) {
    yield content;
    return;
  }
  // The pattern laid out once, one period longer than a chunk: every chunk is a slice of it.
  const period = content.length > 0 ? content.length : 1;
  const unit = Buffer.alloc(Math.min(CHUNK, size) + period - 1);
  if (content.length > 0) for (let at = 0; at < unit.length; at += content.length) content.copy(unit, at);
  let written = 0;
  while (written < size) {
    const take = Math.min(size - written, CHUNK);
    const phase = written % period;
    yield unit.subarray(phase, phase + take);
    written += take;
  }
}

/** The header blocks of one entry (PAX / GNU long-name / sparse extension blocks included). */
function encodeEntry(spec: TarEntrySpec): { headers: Buffer; bodySize: number } {
  const type = spec.type ?? 'file';
  const format = spec.sparse ? 'gnu' : (spec.format ?? 'ustar');
  if (type === 'global-pax') {
    const records = paxRecords(spec.pax ?? {});
    const header = ustarHeader({ name: Buffer.from(spec.path), typeflag: 'g', mode: spec.mode ?? 0o644, uid: 0, gid: 0, size: records.length });
    return { headers: Buffer.concat([header, padded(records)]), bodySize: 0 };
  }
  const name = spec.rawName ?? Buffer.from(spec.path);
  const link = Buffer.from(spec.target ?? '');
  const bodySize = bodyLength(spec);
  if (spec.sparse) checkSparse(spec, bodySize);
  const fields: HeaderFields = {
    name,
    typeflag: spec.sparse ? 'S' : TYPEFLAGS[type],
    mode: spec.mode ?? defaultMode(type),
    uid: spec.uid ?? 0,
    gid: spec.gid ?? 0,
    size: spec.sizeField ?? bodySize,
    linkname: link,
    devmajor: spec.devmajor,
    devminor: spec.devminor,
  };
  const blocks: Buffer[] = [];
  const pax: [string, Buffer][] = [];
  if (format === 'gnu') {
    if (name.length > 100) blocks.push(gnuLongHeader('L', name));
    if (link.length > 100) blocks.push(gnuLongHeader('K', link));
    fields.name = name.subarray(0, 100);
    fields.linkname = link.subarray(0, 100);
    for (const [key, value] of Object.entries(spec.pax ?? {})) pax.push([key, Buffer.from(value)]);
    if (pax.length > 0) blocks.push(paxHeader(fields, pax));
    blocks.push(gnuHeader(fields, spec.base256 ?? false, spec.sparse));
    return { headers: Buffer.concat(blocks), bodySize };
  }
  if (spec.base256) throw new Error(`tar-writer: ${spec.path}: base256 needs format 'gnu'`);
  if (format === 'pax') {
    pax.push(['path', name]);
    if (link.length > 0) pax.push(['linkpath', link]);
    pax.push(['size', Buffer.from(String(fields.size))], ['uid', Buffer.from(String(fields.uid))], ['gid', Buffer.from(String(fields.gid))]);
    fields.name = name.subarray(0, 100);
    fields.linkname = link.subarray(0, 100);
    fields.size = spec.sizeField ?? 0;
    fields.uid = 0;
    fields.gid = 0;
  } else {
    const split = splitUstarName(name);
    const needsPax = !split || link.length > 100 || !isAscii(name);
    if (needsPax) {
      // tar-stream's fallback: path and linkpath in PAX, the header itself named `PaxHeader`.
      pax.push(['path', name]);
      if (link.length > 0) pax.push(['linkpath', link]);
      fields.name = Buffer.from('PaxHeader');
      if (link.length > 0) fields.linkname = Buffer.from('PaxHeader');
    } else {
      fields.name = split.name;
      fields.prefix = split.prefix;
    }
    if (fields.uid > 0o777777) {
      pax.push(['uid', Buffer.from(String(fields.uid))]);
      fields.uid = 0;
    }
    if (fields.gid > 0o777777) {
      pax.push(['gid', Buffer.from(String(fields.gid))]);
      fields.gid = 0;
    }
  }
  for (const [key, value] of Object.entries(spec.pax ?? {})) pax.push([key, Buffer.from(value)]);
  if (pax.length > 0) blocks.push(paxHeader(fields, pax));
  blocks.push(ustarHeader(fields));
  return { headers: Buffer.concat(blocks), bodySize };
}

function defaultMode(type: TarEntryType): number {
  if (type === 'dir') return 0o755;
  if (type === 'symlink') return 0o777;
  return 0o644;
}

function checkSparse(spec: TarEntrySpec, bodySize: number): void {
  const map = spec.sparse!.map;
  const stored = map.reduce((sum, segment) => sum + segment.length, 0);
  if (stored !== bodySize) throw new Error(`tar-writer: ${spec.path}: the sparse map holds ${stored} bytes but the body has ${bodySize}`);
  // GNU tar starts each segment's data on a block boundary, Go reads them back to back: the two agree
  // only when every segment with data after it fills whole blocks (as GNU tar itself writes them).
  const lastWithData = map.findLastIndex((segment) => segment.length > 0);
  if (map.slice(0, lastWithData).some((segment) => segment.length % BLOCK !== 0)) {
    throw new Error(`tar-writer: ${spec.path}: sparse segments before the last one with data must be whole 512-byte blocks`);
  }
}

interface HeaderFields {
  name: Buffer;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  linkname?: Buffer;
  prefix?: Buffer;
  devmajor?: number;
  devminor?: number;
}

/** A POSIX ustar header as tar-stream encodes it: numbers as 6 or 11 octal digits and a space. */
function ustarHeader(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  fields.name.copy(block, 0);
  block.write(octal(fields.mode & 0o7777, 6, ' '), 100, 'latin1');
  block.write(octal(fields.uid, 6, ' '), 108, 'latin1');
  block.write(octal(fields.gid, 6, ' '), 116, 'latin1');
  if (fields.size > 0o77777777777) base256(fields.size, block, 124, 12);
  else block.write(octal(fields.size, 11, ' '), 124, 'latin1');
  block.write(octal(MTIME, 11, ' '), 136, 'latin1');
  block.write(fields.typeflag, 156, 'latin1');
  fields.linkname?.copy(block, 157);
  block.write('ustar\x0000', 257, 'latin1');
  block.write(octal(fields.devmajor ?? 0, 6, ' '), 329, 'latin1');
  block.write(octal(fields.devminor ?? 0, 6, ' '), 337, 'latin1');
  fields.prefix?.copy(block, 345);
  block.write(octal(checksum(block), 6, ' '), 148, 'latin1');
  return block;
}

/** A GNU header: `ustar  \0`, NUL-terminated octal (7 or 11 digits), base-256 when needed or asked. */
function gnuHeader(fields: HeaderFields, forceBase256: boolean, sparse?: TarEntrySpec['sparse']): Buffer {
  const block = Buffer.alloc(BLOCK);
  fields.name.copy(block, 0);
  block.write(octal(fields.mode & 0o7777, 7, '\0'), 100, 'latin1');
  gnuNumber(fields.uid, block, 108, 8, forceBase256);
  gnuNumber(fields.gid, block, 116, 8, forceBase256);
  gnuNumber(fields.size, block, 124, 12, forceBase256);
  block.write(octal(MTIME, 11, '\0'), 136, 'latin1');
  block.write(fields.typeflag, 156, 'latin1');
  fields.linkname?.copy(block, 157);
  block.write('ustar  \0', 257, 'latin1');
  if (fields.typeflag === '3' || fields.typeflag === '4') {
    block.write(octal(fields.devmajor ?? 0, 7, '\0'), 329, 'latin1');
    block.write(octal(fields.devminor ?? 0, 7, '\0'), 337, 'latin1');
  }
  const extensions: Buffer[] = [];
  if (sparse) {
    // Old GNU sparse: four map entries in the header at 386, `isextended` at 482, realsize at 483;
    // the rest in extension blocks of 21 entries with `isextended` at 504.
    const map = sparse.map;
    writeSparseEntries(block, 386, map.slice(0, 4));
    block.write(octal(sparse.realSize, 11, '\0'), 483, 'latin1');
    if (map.length > 4) block[482] = 1;
    for (let at = 4; at < map.length; at += 21) {
      const extension = Buffer.alloc(BLOCK);
      writeSparseEntries(extension, 0, map.slice(at, at + 21));
      if (at + 21 < map.length) extension[504] = 1;
      extensions.push(extension);
    }
  }
  block.write(octal(checksum(block), 6, '\0'), 148, 'latin1');
  block[155] = 0x20;
  return Buffer.concat([block, ...extensions]);
}

function writeSparseEntries(block: Buffer, at: number, entries: { offset: number; length: number }[]): void {
  entries.forEach((entry, i) => {
    block.write(octal(entry.offset, 11, '\0'), at + i * 24, 'latin1');
    block.write(octal(entry.length, 11, '\0'), at + i * 24 + 12, 'latin1');
  });
}

function gnuNumber(value: number, block: Buffer, offset: number, length: number, forceBase256: boolean): void {
  if (forceBase256 || value >= 8 ** (length - 1)) base256(value, block, offset, length);
  else block.write(octal(value, length - 1, '\0'), offset, 'latin1');
}

/** GNU `././@LongLink` header (typeflag L for names, K for link targets) plus its NUL-terminated body. */
function gnuLongHeader(typeflag: 'L' | 'K', value: Buffer): Buffer {
  const body = Buffer.concat([value, Buffer.alloc(1)]);
  const header = gnuHeader({ name: Buffer.from('././@LongLink'), typeflag, mode: 0, uid: 0, gid: 0, size: body.length }, false);
  return Buffer.concat([header, padded(body)]);
}

/** An `x` header and its records, named and owned as tar-stream does (`PaxHeader`, the entry's mode and ids). */
function paxHeader(fields: HeaderFields, records: [string, Buffer][]): Buffer {
  const body = Buffer.concat(records.map(([key, value]) => paxRecord(key, value)));
  const header = ustarHeader({
    name: Buffer.from('PaxHeader'),
    typeflag: 'x',
    mode: fields.mode,
    uid: fields.uid,
    gid: fields.gid,
    size: body.length,
    linkname: fields.linkname?.length ? Buffer.from('PaxHeader') : undefined,
    devmajor: fields.devmajor,
    devminor: fields.devminor,
  });
  return Buffer.concat([header, padded(body)]);
}

function paxRecords(records: Record<string, string>): Buffer {
  return Buffer.concat(Object.entries(records).map(([key, value]) => paxRecord(key, Buffer.from(value))));
}

/** `"%d %s=%s\n"`, where the length counts its own digits. */
function paxRecord(key: string, value: Buffer): Buffer {
  const rest = Buffer.byteLength(` ${key}=`) + value.length + 1;
  let length = rest + 1;
  while (String(length).length + rest !== length) length = String(length).length + rest;
  return Buffer.concat([Buffer.from(`${length} ${key}=`), value, Buffer.from('\n')]);
}

/** Splits a name into ustar prefix and name as tar-stream does (leading components move to the prefix). */
function splitUstarName(name: Buffer): { name: Buffer; prefix?: Buffer } | undefined {
  if (name.length <= 100) return { name };
  let rest = name.toString('latin1');
  let prefix = '';
  while (rest.length > 100) {
    const slash = rest.indexOf('/');
    if (slash === -1) return undefined;
    prefix += prefix ? '/' + rest.slice(0, slash) : rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }
  if (prefix.length > 155) return undefined;
  return { name: Buffer.from(rest, 'latin1'), prefix: Buffer.from(prefix, 'latin1') };
}

function isAscii(bytes: Buffer): boolean {
  return bytes.every((byte) => byte < 0x80);
}

function padded(body: Buffer): Buffer {
  const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
  return pad ? Buffer.concat([body, Buffer.alloc(pad)]) : body;
}

function octal(value: number, digits: number, terminator: string): string {
  const text = value.toString(8);
  if (text.length > digits) throw new Error(`tar-writer: ${value} does not fit in ${digits} octal digits`);
  return text.padStart(digits, '0') + terminator;
}

/** GNU base-256: the first byte is 0x80, the value big-endian in the rest. */
function base256(value: number, block: Buffer, offset: number, length: number): void {
  let rest = value;
  for (let i = length - 1; i > 0; i--) {
    block[offset + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  block[offset] = 0x80;
}

/** Sum of the header bytes with the checksum field counted as spaces. */
function checksum(block: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i];
  return sum;
}
