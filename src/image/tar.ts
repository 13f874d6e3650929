import { isUtf8 } from 'node:buffer';
import { posix } from 'node:path';
import type { ByteReader, SyncByteReader } from './bytes.ts';

/** A tar stream that cannot be read: truncated, or a header that is not a tar header. */
export class TarError extends Error {
  override name = 'TarError';
}

/** One tar member with the name and sizes its PAX, GNU long-name and sparse headers gave it. */
export interface TarMember {
  /** The name as stored (after PAX/GNU long-name overrides), not cleaned; see `decodeName` for bytes that are not UTF-8. */
  name: string;
  /** The typeflag character: '0' file, '1' hard link, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo, '7' contiguous, 'S' sparse. */
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  /** Bytes of body stored in the archive. */
  size: number;
  /** The file's own size (differs from `size` for sparse files). */
  realSize: number;
  linkname: string;
  /** Where the body starts, from the start of the tar stream. */
  offset: number;
}

const BLOCK = 512;
/** The PAX attributes of a member that has none: most members; one object for all of them. */
const NO_PAX: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);
/** Bodies of PAX and GNU long-name headers larger than this are hostile, not names. */
const MAX_META = 1024 * 1024;

/** What the walk asks its reader for: bytes to read (it gets them back), or to skip (it gets back how many there were). */
type Request = { read: number; skip?: undefined } | { skip: number; read?: undefined };

/**
 * Walks a tar stream (ustar, GNU and PAX), yielding members; a body the caller does not read
 * is skipped (seeked over on disk). Unknown typeflags are yielded for the caller to ignore.
 * A reader with the bytes at hand (a file) is walked synchronously (see `walkTarSync`).
 */
export async function* walkTar(reader: ByteReader | SyncByteReader): AsyncGenerator<TarMember, void, undefined> {
  if (reader.synchronous) {
    yield* walkTarSync(reader);
    return;
  }
  const steps = tarSteps(reader);
  let reply: Buffer | number | undefined;
  for (let step = steps.next(reply); !step.done; step = steps.next(reply)) {
    const request = step.value;
    if (isMember(request)) {
      reply = undefined;
      yield request;
    } else reply = request.read !== undefined ? await reader.read(request.read) : await reader.skip(request.skip);
  }
}

/** `walkTar` over a file: no promise per header, which for 100,000 small members cost more than reading them. */
export function* walkTarSync(reader: SyncByteReader): Generator<TarMember, void, undefined> {
  const steps = tarSteps(reader);
  let reply: Buffer | number | undefined;
  for (let step = steps.next(reply); !step.done; step = steps.next(reply)) {
    const request = step.value;
    if (isMember(request)) {
      reply = undefined;
      yield request;
    } else reply = request.read !== undefined ? reader.read(request.read) : reader.skip(request.skip);
  }
}

function isMember(step: Request | TarMember): step is TarMember {
  return 'name' in step;
}

/** The walk itself, written once for both kinds of reader: it asks for reads and skips, and yields members. */
function* tarSteps(reader: { readonly position: number }): Generator<Request | TarMember, void, Buffer | number | undefined> {
  let pax = NO_PAX;
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const headerAt = reader.position;
    let header = (yield { read: BLOCK }) as Buffer;
    if (header.length === 0) return; // end without the two zero blocks: what GNU tar accepts too
    if (header.length < BLOCK) throw new TarError(`truncated tar header at byte ${headerAt}`);
    if (isZeroBlock(header)) return;
    verifyChecksum(header, headerAt);
    let typeflag = header[156] === 0 ? '\0' : String.fromCharCode(header[156]);
    // Links, devices, directories and fifos have no body, whatever the size field says (as Go's archive/tar reads them).
    const size = '123456'.includes(typeflag) ? 0 : readNumber(header, 124, 12);
    if (size < 0) throw new TarError(`negative size in the tar header at byte ${headerAt}`);

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (size > MAX_META) throw new TarError(`a ${typeflag} header of ${size} bytes at byte ${headerAt} is too large`);
      const body = (yield* readBody(size, headerAt)) as Buffer;
      if (typeflag === 'x') pax = { ...pax, ...parsePax(body, headerAt) };
      else if (typeflag === 'L') longName = cString(body, 0, body.length);
      else if (typeflag === 'K') longLink = cString(body, 0, body.length);
      continue;
    }

    // Global PAX headers are not applied to members: containerd's unpacker (Go archive/tar) ignores them too.
    const attrs = pax;
    let extraBlocks = 0;
    let realSize = size;
    if (typeflag === 'S') {
      realSize = readNumber(header, 483, 12);
      header = Buffer.from(header); // the reads below may reuse its bytes
      // Old GNU sparse maps continue in extension blocks while byte 482 (then 504 of each) is set.
      let extended = header[482] !== 0;
      while (extended) {
        const ext = (yield { read: BLOCK }) as Buffer;
        if (ext.length < BLOCK) throw new TarError(`truncated sparse header at byte ${headerAt}`);
        extended = ext[504] !== 0;
        extraBlocks++;
      }
    }
    let name = longName ?? attrs.path ?? ustarName(header);
    if (attrs['GNU.sparse.name']) name = attrs['GNU.sparse.name'];
    // Old tars mark directories by a trailing slash on a NUL typeflag.
    if (typeflag === '\0') typeflag = name.endsWith('/') ? '5' : '0';
    const sparseSize = attrs['GNU.sparse.realsize'] ?? attrs['GNU.sparse.size'];
    if (sparseSize) realSize = paxNumber(sparseSize, 'GNU.sparse.realsize', headerAt);
    const bodySize = attrs.size !== undefined && !'123456'.includes(typeflag) ? paxNumber(attrs.size, 'size', headerAt) : size;
    if (typeflag !== 'S' && !sparseSize) realSize = bodySize;
    const member: TarMember = {
      name,
      typeflag,
      mode: readNumber(header, 100, 8) & 0o7777,
      uid: attrs.uid !== undefined ? paxNumber(attrs.uid, 'uid', headerAt) : readNumber(header, 108, 8),
      gid: attrs.gid !== undefined ? paxNumber(attrs.gid, 'gid', headerAt) : readNumber(header, 116, 8),
      size: bodySize,
      realSize,
      linkname: longLink ?? attrs.linkpath ?? cString(header, 157, 100),
      offset: headerAt + BLOCK * (1 + extraBlocks),
    };
    for (const field of ['size', 'realSize', 'uid', 'gid'] as const) {
      if (!Number.isSafeInteger(member[field]) || member[field] < 0) throw new TarError(`bad ${field} for ${shortName(name)} at byte ${headerAt}`);
    }
    pax = NO_PAX;
    longName = undefined;
    longLink = undefined;
    yield member;
    // Whatever the caller left unread of the body, plus padding to the next block.
    const end = member.offset + member.size + padding(member.size);
    const left = end - reader.position;
    if (left > 0) {
      const skipped = (yield { skip: left }) as number;
      if (skipped < left) {
        // The last entry's padding may be missing in archives that end without zero blocks.
        if (reader.position < member.offset + member.size) throw new TarError(`truncated tar: ${name} ends early`);
        return;
      }
    }
  }
}

/** Cleans a member name into an absolute path inside the root: `./a/../b/` → `/b`; `..` never escapes. */
export function cleanPath(name: string): string {
  const rooted = name.startsWith('./') ? name.slice(1) : name.startsWith('/') ? name : `/${name}`;
  // Most names are clean already (`usr/bin/x`, `./etc/`); normalize, the slow part, is for the rest.
  const normal = UNCLEAN.test(rooted) ? posix.normalize(rooted) : rooted;
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** A doubled slash, or a `.` or `..` component. */
const UNCLEAN = /\/\/|\/\.\.?(\/|$)/;

export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function* readBody(size: number, headerAt: number): Generator<Request, Buffer, Buffer | number | undefined> {
  // One read with the padding: a read's bytes are valid only until the reader's next call.
  const pad = padding(size);
  const block = (yield { read: size + pad }) as Buffer;
  if (block.length < size) throw new TarError(`truncated tar: header at byte ${headerAt} has ${size - block.length} bytes missing`);
  if (block.length < size + pad) throw new TarError(`truncated tar after the header at byte ${headerAt}`);
  return block.subarray(0, size);
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function verifyChecksum(header: Buffer, at: number): void {
  // The checksum field counts as spaces.
  let unsigned = 8 * 0x20 + byteSum(header);
  for (let i = 148; i < 156; i++) unsigned -= header[i];
  const stored = readOctal(header, 148, 8);
  if (stored === unsigned) return;
  // Old tars summed signed bytes, so that sum is accepted too (counted only then: headers are read by the hundred thousand).
  let high = 0;
  for (let i = 0; i < BLOCK; i++) if (header[i] > 127 && (i < 148 || i >= 156)) high++;
  if (stored !== unsigned - 256 * high) throw new TarError(`not a tar header at byte ${at} (checksum mismatch)`);
}

/**
 * The sum of a block's 512 bytes. A block aligned in memory (a file's headers are) is summed four
 * bytes at a time, two bytes per 16-bit lane (a lane adds up at most 128 × 255): about half the
 * time of a byte loop, for a check made on every header.
 */
function byteSum(block: Buffer): number {
  if (block.byteOffset % 4 !== 0) {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += block[i];
    return sum;
  }
  const words = new Uint32Array(block.buffer, block.byteOffset, BLOCK / 4);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < words.length; i++) {
    even += words[i] & 0x00ff00ff;
    odd += (words[i] >>> 8) & 0x00ff00ff;
  }
  return (even & 0xffff) + (even >>> 16) + (odd & 0xffff) + (odd >>> 16);
}

/** Octal, or base-256 when the first byte has its high bit set (GNU, for large sizes and ids). */
function readNumber(header: Buffer, offset: number, length: number): number {
  const first = header[offset];
  if (first === 0xff) return -1; // negative base-256: never valid for sizes or ids
  if (first & 0x80) {
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + header[offset + i];
    return value;
  }
  return readOctal(header, offset, length);
}

function readOctal(header: Buffer, offset: number, length: number): number {
  const end = offset + length;
  let i = offset;
  while (i < end && header[i] === 0x20) i++;
  let value = 0;
  for (; i < end; i++) {
    const c = header[i];
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  return value;
}

function cString(buffer: Buffer, offset: number, length: number): string {
  let end = offset;
  let high = 0;
  const limit = offset + length;
  while (end < limit && buffer[end] !== 0) high |= buffer[end++];
  // ASCII, as almost every name is, decodes the same as Latin-1, without a view or a UTF-8 check.
  return high < 0x80 ? buffer.toString('latin1', offset, end) : decodeName(buffer.subarray(offset, end));
}

/**
 * Names are bytes: valid UTF-8 reads as text, and each byte of an invalid sequence becomes a lone
 * surrogate U+DC80..U+DCFF (Python's surrogateescape). No valid text decodes to those, so two
 * names that differ as bytes stay different paths, as they are to the runtime (`b\xfe` and
 * `b\xff` are two files, not one); reporters print lone surrogates as U+FFFD.
 */
export function decodeName(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let at = 0;
  while (at < bytes.length) {
    const length = sequenceLength(bytes[at]);
    if (length > 0 && at + length <= bytes.length && isUtf8(bytes.subarray(at, at + length))) {
      out += bytes.toString('utf8', at, at + length);
      at += length;
    } else {
      out += String.fromCharCode(0xdc00 + bytes[at]);
      at += 1;
    }
  }
  return out;
}

/** The length a UTF-8 sequence starting with `lead` would have; 0 for a byte no sequence starts with. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The number of bytes `decodeName` read to give `name`. */
export function nameByteLength(name: string): number {
  let escaped = 0;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    // A lone low surrogate is one escaped byte; Buffer.byteLength counts it as the 3 bytes of U+FFFD.
    if (code >= 0xdc80 && code <= 0xdcff && !(i > 0 && name.charCodeAt(i - 1) >= 0xd800 && name.charCodeAt(i - 1) <= 0xdbff)) escaped++;
  }
  return Buffer.byteLength(name) - 2 * escaped;
}

/** A name cut for messages. */
export function shortName(name: string): string {
  return name.length > 80 ? `${name.slice(0, 77)}…` : name;
}

/** A PAX number: decimal digits only, as Go's archive/tar reads it (which fails the whole layer otherwise). */
function paxNumber(value: string, key: string, headerAt: number): number {
  if (!/^[0-9]{1,16}$/.test(value)) throw new TarError(`the PAX record ${key}=${shortName(value)} of the entry at byte ${headerAt} is not a number`);
  return Number(value);
}

const USTAR_MAGIC = [...Buffer.from('ustar\0', 'latin1')];

function ustarName(header: Buffer): string {
  const name = cString(header, 0, 100);
  // POSIX ustar ("ustar\0") has a prefix field; GNU ("ustar  \0") uses those bytes for other things.
  const posixUstar = USTAR_MAGIC.every((byte, i) => header[257 + i] === byte);
  if (posixUstar && header[345] !== 0) return `${cString(header, 345, 155)}/${name}`;
  return name;
}

/**
 * PAX extended header records: `"%d %s=%s\n"`. A path or linkpath holding a NUL byte fails the
 * layer, as it does in Go's archive/tar (Docker: "archive/tar: invalid tar header").
 */
export function parsePax(body: Buffer, headerAt = 0): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(body.toString('latin1', at, space));
    if (!Number.isInteger(length) || length <= 0 || at + length > body.length) break;
    const record = body.subarray(space + 1, at + length - 1);
    const eq = record.indexOf(0x3d /* = */);
    if (eq > 0) {
      const key = record.toString('utf8', 0, eq);
      const value = record.subarray(eq + 1);
      if ((key === 'path' || key === 'linkpath') && value.includes(0))
        throw new TarError(`the PAX record ${key} in the header at byte ${headerAt} holds a NUL byte`);
      out[key] = decodeName(value);
    }
    at += length;
  }
  return out;
}
