export const id = 387;
export const ids = [387];
export const modules = {

/***/ 8807:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ globProblem),
/* harmony export */   k: () => (/* binding */ matchesGlob)
/* harmony export */ });
/* harmony import */ var picomatch_posix_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8016);
/* harmony import */ var picomatch_posix_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(picomatch_posix_js__WEBPACK_IMPORTED_MODULE_0__);

/**
 * How every glob in a policy is matched: picomatch syntax with POSIX separators on every host,
 * and dotfiles included (a forbidden `**\/*.pem` must find `/root/.ssh/id.pem`).
 */
const GLOB_OPTIONS = { dot: true };
const matchers = new Map();
/** Whether `text` (an absolute path or an image name) matches `glob`; throws on an empty glob. */
function matchesGlob(glob, text) {
    let matcher = matchers.get(glob);
    if (matcher === undefined) {
        matcher = picomatch_posix_js__WEBPACK_IMPORTED_MODULE_0___default()(glob, GLOB_OPTIONS);
        matchers.set(glob, matcher);
    }
    return matcher(text);
}
/** Why `glob` cannot be used, or undefined when it can. */
function globProblem(glob) {
    try {
        picomatch_posix_js__WEBPACK_IMPORTED_MODULE_0___default().makeRe(glob, GLOB_OPTIONS);
        return undefined;
    }
    catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}


/***/ }),

/***/ 4633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ quote)
/* harmony export */ });
// Values are quoted back to the user; a hostile file can hold a 1 MiB string, a message stays one short line.
const MAX_QUOTED = 60;
/** A value as JSON, shortened with an ellipsis when long. */
function quote(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length <= MAX_QUOTED ? text : `${text.slice(0, MAX_QUOTED - 1)}…`;
}


/***/ }),

/***/ 4875:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   Xq: () => (/* binding */ formatSize)
/* harmony export */ });
/* unused harmony export SIZE_PATTERN */
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4633);
/**
 * Sizes in a policy: a whole number of bytes, or a number with a unit. KB, MB, GB, TB are powers
 * of 1000 and KiB, MiB, GiB, TiB powers of 1024 (as in Kubernetes and disk vendors); the trailing
 * B is optional and units are case-insensitive (Docker writes 512m, 1g). `b` always means bytes.
 */

/** The size grammar; docs/policy.schema.json carries the same pattern (a test keeps them equal). */
const SIZE_PATTERN = /^([0-9]+(?:\.[0-9]+)?) ?(?:([kKmMgGtT])([iI])?)?[bB]?$/;
const POWERS = { k: 1, m: 2, g: 3, t: 4 };
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/** Bytes for a size; throws a plain Error whose message is a short reason (the caller adds where). */
function parseSize(text) {
    if (typeof text === 'number') {
        if (!Number.isSafeInteger(text) || text < 0)
            throw new Error(`${text} is not a size (a whole number of bytes, 0 or more)`);
        return text;
    }
    const match = SIZE_PATTERN.exec(text);
    if (match === null)
        throw new Error(`${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .h)(text)} is not a size (examples: 80MB, 1.5GiB)`);
    const [, number, prefix, binary] = match;
    const base = binary === undefined ? 1000 : 1024;
    const power = prefix === undefined ? 0 : POWERS[prefix.toLowerCase()];
    const exact = Number(number) * base ** power;
    if (exact > Number.MAX_SAFE_INTEGER)
        throw new Error(`${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .h)(text)} is too large`);
    if (power === 0 && !Number.isInteger(exact))
        throw new Error(`${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .h)(text)} is not a whole number of bytes`);
    // 1.5KiB is 1536 bytes, 0.1KiB rounds to 102: a fraction of a byte cannot matter to a limit.
    return Math.round(exact);
}
/** A human size in binary units with at most one decimal: `512 B`, `1.5 MiB`, `-20 KiB`. */
function formatSize(bytes) {
    const sign = bytes < 0 ? '-' : '';
    let value = Math.abs(bytes);
    let unit = 0;
    // Compare the rounded value so 1048575 bytes reads 1 MiB, not 1024 KiB.
    while (unit < BINARY_UNITS.length - 1 && roundToTenth(value) >= 1024) {
        value /= 1024;
        unit += 1;
    }
    const rounded = unit === 0 ? Math.round(value) : roundToTenth(value);
    return `${sign}${rounded} ${BINARY_UNITS[unit]}`;
}
function roundToTenth(value) {
    return Math.round(value * 10) / 10;
}


/***/ }),

/***/ 387:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m: () => (/* binding */ checkInWorker),
  serveCheck: () => (/* binding */ serveCheck)
});

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/image/collectors.ts
/**
 * A copy that owns its memory. Small Buffer.from()/concat() results are cut from a shared
 * 64 KiB pool, and a kept head would then keep its whole pool block alive: thousands of
 * captured executables held hundreds of megabytes that way.
 */
function ownedCopy(parts, length = parts.reduce((sum, part) => sum + part.length, 0)) {
    const out = Buffer.allocUnsafeSlow(length);
    let at = 0;
    for (const part of parts) {
        const take = Math.min(part.length, length - at);
        out.set(part.subarray(0, take), at);
        at += take;
    }
    return out;
}
/** Keeps the first `cap` bytes of a file. */
class HeadCollector {
    parts = [];
    kept = 0;
    cap;
    constructor(cap) {
        this.cap = cap;
    }
    push(chunk) {
        const take = Math.min(chunk.length, this.cap - this.kept);
        if (take > 0) {
            this.parts.push(chunk.subarray(0, take));
            this.kept += take;
        }
        return this.kept < this.cap;
    }
    finish(size) {
        return { head: ownedCopy(this.parts, this.kept), truncated: size > this.kept };
    }
    readAt(read, size) {
        const head = ownedCopy([read(0, this.cap)]);
        return { head, truncated: size > head.length };
    }
}

;// CONCATENATED MODULE: ./src/image/range-plan.ts
const EMPTY = Buffer.alloc(0);
/** The parts as one buffer; a single part is handed out as is (a view of a chunk serves until `finish` returns). */
function joined(parts, length) {
    return parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
}
/**
 * A collector that runs `plan` (as `tarSteps` is one tar walk for streams and files): `push` and
 * `finish` answer its reads from the body as it streams past, `readAt` reads a file where the plan
 * says. `captured` turns what the plan returned, with the file's size, into what is kept; it runs
 * while the bytes the plan was handed are still valid.
 */
function planCollector(plan, captured) {
    return new PlanCollector(plan, captured);
}
class PlanCollector {
    plan;
    captured;
    started = false;
    ended = false;
    outcome;
    /** Bytes pushed so far. */
    position = 0;
    /** The latest chunk, at `chunkAt`: a read may begin in it after it went by. */
    chunk = EMPTY;
    chunkAt = 0;
    /** The body's first `keptLength` bytes, as views of the chunks they came in. */
    kept = [];
    keptLength = 0;
    keepFirst = 0;
    watcher;
    pending;
    constructor(plan, captured) {
        this.plan = plan;
        this.captured = captured;
    }
    push(chunk) {
        if (!this.started)
            this.start();
        if (this.outcome)
            return false;
        const at = this.position;
        this.position += chunk.length;
        this.chunk = chunk;
        this.chunkAt = at;
        this.keepFrom(chunk, at);
        this.watcher?.see(chunk, at);
        const pending = this.pending;
        if (pending && at + chunk.length > pending.next) {
            const to = Math.min(pending.end, at + chunk.length);
            pending.parts.push(chunk.subarray(pending.next - at, to - at));
            pending.next = to;
            if (to >= pending.enough) {
                this.pending = undefined;
                this.run(joined(pending.parts, to - pending.offset));
            }
        }
        return !this.outcome;
    }
    finish(size) {
        this.ended = true;
        // From here on every read is answered at once, with what there is: the plan runs to its end.
        if (!this.started)
            this.start();
        const pending = this.pending;
        if (pending) {
            this.pending = undefined;
            this.run(joined(pending.parts, pending.next - pending.offset));
        }
        if (!this.outcome)
            throw new Error('a byte-range plan went on after its body ended');
        return this.captured(this.outcome.value, size);
    }
    readAt(read, size) {
        // A file has every byte at hand: reads are answered in full and hints need nothing.
        let step = this.plan.next();
        while (!step.done) {
            const request = step.value;
            step = this.plan.next(request.offset !== undefined ? read(request.offset, request.length) : undefined);
        }
        return this.captured(step.value, size);
    }
    start() {
        this.started = true;
        this.run(undefined);
    }
    /** Resumes the plan with `reply` and answers what it asks until it waits for bytes still to come, or ends. */
    run(reply) {
        for (let step = this.plan.next(reply);; step = this.plan.next(reply)) {
            if (step.done) {
                this.outcome = step;
                this.watcher = undefined;
                return;
            }
            const request = step.value;
            reply = undefined;
            if (request.offset !== undefined) {
                reply = this.answer(request.offset, request.length, request.least ?? request.length);
                if (!reply)
                    return;
            }
            else {
                this.keepFirst = Math.max(this.keepFirst, request.keep);
                this.keepFrom(this.chunk, this.chunkAt);
                if (request.watch) {
                    this.watcher = request.watch;
                    if (this.chunk.length > 0)
                        request.watch.see(this.chunk, this.chunkAt);
                }
            }
        }
    }
    /** The bytes of a read from what is at hand, or undefined when it waits for more (then pending). */
    answer(offset, length, least) {
        const end = offset + length;
        const parts = [];
        let next = offset;
        if (next < this.keptLength) {
            let partAt = 0;
            for (const part of this.kept) {
                const partEnd = partAt + part.length;
                if (partEnd > next) {
                    const to = Math.min(end, partEnd);
                    parts.push(part.subarray(next - partAt, to - partAt));
                    next = to;
                    if (next === end)
                        break;
                }
                partAt = partEnd;
            }
        }
        if (next < end && next >= this.chunkAt && next < this.position) {
            const to = Math.min(end, this.position);
            parts.push(this.chunk.subarray(next - this.chunkAt, to - this.chunkAt));
            next = to;
        }
        const enough = offset + Math.min(least, length);
        // Bytes at `next` that went by unkept will not come again.
        if (next >= enough || this.ended || next < this.position)
            return joined(parts, next - offset);
        this.pending = { offset, end, enough, next, parts };
        return undefined;
    }
    /** Keeps the part of `chunk` (at `at`) that continues the kept start of the body. */
    keepFrom(chunk, at) {
        const from = this.keptLength;
        const to = Math.min(this.keepFirst, at + chunk.length);
        if (from >= to || from < at)
            return;
        this.kept.push(chunk.subarray(from - at, to - at));
        this.keptLength = to;
    }
}

;// CONCATENATED MODULE: ./src/facts/elf.ts
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
function u16(buf, at, little) {
    return little ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
}
function u32(buf, at, little) {
    return little ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
}
/**
 * An address-sized word (Elf32_Word / Elf64_Xword). A 64-bit value above 2^53 cannot be exact as a
 * number, and no file offset, size or user-space address of a real file comes near: it reads as
 * Infinity, which every lookup refuses (a comparison with it fails, a difference is not finite).
 * Numbers, not bigints: thousands of files are parsed per image, and bigints cost an allocation each.
 */
function word(buf, at, header) {
    if (header.class === 32)
        return u32(buf, at, header.little);
    const high = u32(buf, header.little ? at + 4 : at, header.little);
    const low = u32(buf, header.little ? at : at + 4, header.little);
    return high < 0x200000 ? high * 0x100000000 + low : Infinity;
}
/** An offset or a size as an index into a file, or undefined when no file could have it. */
function toIndex(value) {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
/** Strings ELF files repeat (library names, loaders, search paths): thousands of binaries share a few hundred. */
const INTERNED = new Map();
const MAX_INTERNED = 4096;
function interned(text) {
    const known = INTERNED.get(text);
    if (known !== undefined)
        return known;
    if (INTERNED.size < MAX_INTERNED)
        INTERNED.set(text, text);
    return text;
}
/** Reads from whichever kept region holds the wanted bytes; never reads outside them. */
class FileBytes {
    regions;
    constructor(regions) {
        this.regions = regions;
    }
    bytes(offset, length) {
        const found = this.locate(offset, length);
        return found && found.bytes.subarray(found.at, found.at + length);
    }
    /** Where the bytes are, without a view of them (dynamic entries are read by the thousand). */
    locate(offset, length) {
        const start = toIndex(offset);
        const size = toIndex(length);
        if (start === undefined || size === undefined)
            return undefined;
        for (const region of this.regions) {
            const from = start - region.offset;
            if (from >= 0 && from + size <= region.bytes.length)
                return { bytes: region.bytes, at: from };
        }
        return undefined;
    }
    /** A NUL-terminated string that starts at `offset` and ends (NUL included) within `limit` bytes. */
    cString(offset, limit) {
        const start = toIndex(offset);
        if (start === undefined || !(limit > 0))
            return undefined;
        const span = Math.min(limit, MAX_STRING);
        for (const region of this.regions) {
            const from = start - region.offset;
            if (from < 0 || from >= region.bytes.length)
                continue;
            const nul = region.bytes.indexOf(0, from);
            if (nul !== -1 && nul < from + span)
                return interned(region.bytes.toString('utf8', from, nul));
        }
        return undefined;
    }
}
/** The ELF header, or undefined when `head` is not (the start of) an ELF file. */
function readHeader(head) {
    if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46)
        return undefined;
    const elfClass = head[4] === 1 ? 32 : head[4] === 2 ? 64 : undefined;
    if (elfClass === undefined || (head[5] !== 1 && head[5] !== 2))
        return undefined;
    if (elfClass === 64 && head.length < 64)
        return undefined;
    const little = head[5] === 1;
    const header = {
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
    }
    else {
        header.phoff = word(head, 0x1c, header);
        header.phentsize = u16(head, 0x2a, little);
        header.phnum = u16(head, 0x2c, little);
    }
    return header;
}
/** Where the program header table ends: what the head must hold before the segments are known. */
function programHeadersEnd(header) {
    return header.phoff + header.phentsize * header.phnum;
}
/** The program headers, or undefined when their table is not in the bytes at hand (or malformed). */
function readSegments(header, file) {
    if (header.phnum === 0)
        return [];
    // The kernel and ld.so both refuse any other entry size.
    if (header.phentsize !== (header.class === 64 ? 56 : 32))
        return undefined;
    const table = file.bytes(header.phoff, header.phentsize * header.phnum);
    if (!table)
        return undefined;
    const segments = [];
    for (let at = 0; at < table.length; at += header.phentsize) {
        const type = u32(table, at, header.little);
        if (header.class === 64) {
            segments.push({ type, offset: word(table, at + 8, header), vaddr: word(table, at + 16, header), filesz: word(table, at + 32, header) });
        }
        else {
            segments.push({ type, offset: word(table, at + 4, header), vaddr: word(table, at + 8, header), filesz: word(table, at + 16, header) });
        }
    }
    return segments;
}
/** The entries of PT_DYNAMIC the loader uses, as far as the bytes at hand hold them. */
function readDynamic(header, file, segment) {
    const tags = { needed: [], complete: true };
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
        if (tag === DT_NULL)
            break;
        if (tag === DT_NEEDED) {
            if (tags.needed.length === MAX_NEEDED) {
                tags.complete = false;
                break;
            }
            tags.needed.push(value);
        }
        // ld.so keeps the last entry of a kind, as `l_info[tag] = dyn` does.
        else if (tag === DT_STRTAB)
            tags.strtab = value;
        else if (tag === DT_STRSZ)
            tags.strsz = value;
        else if (tag === DT_SONAME)
            tags.soname = value;
        else if (tag === DT_RPATH)
            tags.rpath = value;
        else if (tag === DT_RUNPATH)
            tags.runpath = value;
    }
    return tags;
}
/** Maps a virtual address to a file offset through the PT_LOAD segment whose file bytes hold it. */
function fileOffsetOf(segments, address) {
    for (const segment of segments) {
        if (segment.type === PT_LOAD && address >= segment.vaddr && address - segment.vaddr < segment.filesz) {
            return segment.offset + (address - segment.vaddr);
        }
    }
    return undefined;
}
function elfType(type) {
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
function machineName(header) {
    const is64 = header.class === 64;
    switch (header.machine) {
        case 3:
            if (!is64)
                return '386';
            break;
        case 40:
            if (!is64)
                return 'arm';
            break;
        case 62:
            if (is64)
                return 'amd64';
            break;
        case 183:
            if (is64)
                return 'arm64';
            break;
        case 243:
            if (is64)
                return 'riscv64';
            break;
        case 21:
            if (is64)
                return header.little ? 'ppc64le' : 'ppc64';
            break;
        case 22:
            if (is64)
                return 's390x';
            break;
    }
    return `unknown(${header.machine})`;
}
/**
 * Reads the dynamic-linking facts of an ELF file from its head and any further kept regions.
 * Undefined when the bytes are not an ELF file; `complete: false` when something needed was not kept
 * or is malformed. Never throws.
 */
function parseElf(head, regions = []) {
    const header = readHeader(head);
    if (!header)
        return undefined;
    const info = {
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
        if (path === undefined)
            info.complete = false;
        else
            info.interpreter = path;
    }
    const dynamicSegment = segments.find((segment) => segment.type === PT_DYNAMIC);
    if (!dynamicSegment)
        return info;
    info.dynamic = true;
    const tags = readDynamic(header, file, dynamicSegment);
    if (!tags.complete)
        info.complete = false;
    const strtab = tags.strtab === undefined ? undefined : fileOffsetOf(segments, tags.strtab);
    const string = (offset) => {
        const text = strtab === undefined || (tags.strsz !== undefined && offset >= tags.strsz)
            ? undefined
            : file.cString(strtab + offset, tags.strsz === undefined ? MAX_STRING : tags.strsz - offset);
        if (text === undefined)
            info.complete = false;
        return text;
    };
    const needed = tags.needed.map(string);
    // A list built by push keeps room for 17 names; this one is exactly as long (thousands of files keep one).
    info.needed = needed.includes(undefined) ? needed.filter((name) => name !== undefined) : needed;
    if (tags.soname !== undefined)
        info.soname = string(tags.soname);
    if (tags.runpath !== undefined)
        info.runpath = string(tags.runpath)?.split(':') ?? [];
    if (tags.rpath !== undefined)
        info.rpath = string(tags.rpath)?.split(':') ?? [];
    return info;
}

;// CONCATENATED MODULE: ./src/facts/shebang.ts
/** Linux reads this many bytes of a file for `#!` (BINPRM_BUF_SIZE). */
const SHEBANG_BUFFER = 256;
function isSpaceOrTab(byte) {
    return byte === 0x20 || byte === 0x09;
}
/**
 * The interpreter and optional argument of a `#!` line, as Linux ≥ 5.1 (`binfmt_script.c`) reads it:
 * from the first 256 bytes (a shorter head is taken as the whole file); undefined where execve fails
 * (no `#!`, no or an empty interpreter, or an interpreter path cut off by the buffer).
 */
function parseShebang(head) {
    if (head.length < 2 || head[0] !== 0x23 || head[1] !== 0x21)
        return undefined;
    // The kernel's buffer is NUL-padded past the end of a short file; its last byte is never used.
    const buf = Buffer.alloc(SHEBANG_BUFFER);
    head.copy(buf, 0, 0, SHEBANG_BUFFER);
    const bufEnd = SHEBANG_BUFFER - 1;
    const isTerminator = (byte) => isSpaceOrTab(byte) || byte === 0;
    const firstNonSpace = (from, end) => {
        for (let at = from; at < end; at++)
            if (!isSpaceOrTab(buf[at]))
                return at;
        return -1;
    };
    const firstTerminator = (from, end) => {
        for (let at = from; at < end; at++)
            if (isTerminator(buf[at]))
                return at;
        return -1;
    };
    let lineEnd = buf.indexOf(0x0a);
    if (lineEnd === -1) {
        const name = firstNonSpace(2, bufEnd);
        // Without a newline, the interpreter path must end inside the buffer, or it may be truncated.
        if (name === -1 || firstTerminator(name, bufEnd) === -1)
            return undefined;
        lineEnd = bufEnd;
    }
    while (lineEnd > 2 && isSpaceOrTab(buf[lineEnd - 1]))
        lineEnd--;
    const name = firstNonSpace(2, lineEnd);
    if (name === -1)
        return undefined;
    const separator = firstTerminator(name, lineEnd);
    const nameEnd = separator === -1 ? lineEnd : separator;
    // The kernel passes both as C strings: each stops at its first NUL.
    const cText = (from, to) => {
        const nul = buf.indexOf(0, from);
        return buf.toString('utf8', from, nul === -1 || nul > to ? to : nul);
    };
    const interpreter = cText(name, nameEnd);
    if (interpreter === '')
        return undefined;
    if (separator === -1 || buf[separator] === 0)
        return { interpreter };
    const argument = firstNonSpace(separator, lineEnd);
    return argument === -1 ? { interpreter } : { interpreter, argument: cText(argument, lineEnd) };
}

;// CONCATENATED MODULE: ./src/facts/executable-capture.ts




/** The ELF facts of a captured file; undefined for anything but an ELF file the executable collector read. */
function capturedElf(file) {
    return file.elf;
}
/** A collector for a file that may be an ELF binary, a shared library or a `#!` script. */
function createExecutableCollector() {
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
const NO_REGIONS = [];
/**
 * What the executable facts need of a file, written once for streams and files (see `planCollector`).
 * Of an ELF file: the header and program headers, then PT_INTERP, PT_DYNAMIC and the string table it
 * names, each where it is (see `elfPlan`); never the whole body. Of a script: its first line. Of
 * anything else: nothing after the first bytes.
 */
function* executablePlan() {
    // A stream may hand over the first bytes a few at a time: keep them for the reads that follow.
    yield { keep: FIRST_READ };
    const first = (yield { offset: 0, length: FIRST_READ, least: ELF_MAGIC.length });
    const kind = classify(first);
    if (kind === 'elf')
        return yield* elfPlan(first);
    if (kind === 'script')
        return { kind, head: yield* scriptHead(first), regions: NO_REGIONS };
    return { kind, head: first, regions: NO_REGIONS };
}
function startsLike(bytes, magic) {
    const length = Math.min(bytes.length, magic.length);
    if (!bytes.subarray(0, length).equals(magic.subarray(0, length)))
        return 'no';
    return length === magic.length ? 'yes' : 'maybe';
}
/** What a file starts like; 'unknown' only for a file too short to tell. */
function classify(start) {
    const elf = startsLike(start, ELF_MAGIC);
    const script = startsLike(start, SHEBANG);
    if (elf === 'yes')
        return 'elf';
    if (script === 'yes')
        return 'script';
    return elf === 'no' && script === 'no' ? 'other' : 'unknown';
}
/** A script's head up to its first newline, or KEPT_HEAD bytes of it. */
function* scriptHead(first) {
    let head = first;
    while (head.length < KEPT_HEAD && !head.includes(0x0a)) {
        const more = (yield { offset: 0, length: KEPT_HEAD, least: head.length + 1 });
        if (more.length <= head.length)
            break; // the file ends here
        head = more;
    }
    return head;
}
/** A byte range of the file, capped at `limit`; undefined when it starts where no file can or holds nothing. */
function byteRange(offset, length, limit) {
    const start = toIndex(offset);
    return start === undefined || !(length > 0) ? undefined : { offset: start, length: Math.min(length, limit) };
}
/**
 * Of an ELF file, what parseElf needs, in file order (a stream reads a later range on its way).
 * A stream cannot go back, and .dynstr usually lies before PT_DYNAMIC: it keeps the first 64 KiB
 * and the first PT_LOAD (capped) as they pass, and beyond them looks for strings shaped like
 * library names (`NameScanner`). A file reads the string table where PT_DYNAMIC says it is.
 */
function* elfPlan(first) {
    yield { keep: ELF_HEAD_LIMIT };
    let head = first.length >= KEPT_HEAD ? first : (yield { offset: 0, length: KEPT_HEAD });
    const header = readHeader(head);
    const tableEnd = header && programHeadersEnd(header);
    // Program headers past the head limit: parseElf says what it can from the head alone.
    if (!header || tableEnd === undefined || !(tableEnd <= ELF_HEAD_LIMIT))
        return { kind: 'elf', head, regions: NO_REGIONS };
    if (tableEnd > head.length)
        head = (yield { offset: 0, length: tableEnd });
    const segments = readSegments(header, new FileBytes([{ offset: 0, bytes: head }]));
    if (!segments)
        return { kind: 'elf', head, regions: NO_REGIONS };
    const interpSegment = segments.find((segment) => segment.type === PT_INTERP);
    const interp = interpSegment && byteRange(interpSegment.offset, interpSegment.filesz, INTERP_LIMIT);
    const dynamicSegment = segments.find((segment) => segment.type === PT_DYNAMIC);
    const dynamic = dynamicSegment && byteRange(dynamicSegment.offset, dynamicSegment.filesz, DYNAMIC_LIMIT);
    if (!dynamicSegment || !dynamic)
        return { kind: 'elf', head, regions: interp ? [{ offset: interp.offset, bytes: (yield interp) }] : NO_REGIONS };
    // Set before the first read, which a stream may make far into the body.
    const load = segments.find((segment) => segment.type === PT_LOAD && segment.offset === 0);
    const keptStart = Math.max(ELF_HEAD_LIMIT, load && load.filesz > 0 ? Math.min(load.filesz, FIRST_LOAD_LIMIT) : 0);
    const scanner = new NameScanner(keptStart);
    yield { keep: keptStart, watch: scanner };
    const regions = [];
    const interpFirst = interp && interp.offset <= dynamic.offset;
    if (interp && interpFirst)
        regions.push({ offset: interp.offset, bytes: (yield interp) });
    const dynamicBytes = (yield dynamic);
    scanner.stop();
    regions.push({ offset: dynamic.offset, bytes: dynamicBytes });
    const tags = readDynamic(header, new FileBytes([{ offset: dynamic.offset, bytes: dynamicBytes }]), dynamicSegment);
    const strtabAt = tags.strtab === undefined ? undefined : fileOffsetOf(segments, tags.strtab);
    const strtab = strtabAt === undefined ? undefined : byteRange(strtabAt, tags.strsz ?? STRTAB_LIMIT, STRTAB_LIMIT);
    const interpLater = interpFirst ? undefined : interp;
    const [next, last] = strtab && interpLater && interpLater.offset < strtab.offset ? [interpLater, strtab] : [strtab, interpLater];
    if (next)
        regions.push({ offset: next.offset, bytes: (yield next) });
    if (last)
        regions.push({ offset: last.offset, bytes: (yield last) });
    for (const found of scanner.found)
        regions.push(found);
    return { kind: 'elf', head, regions };
}
/** What is kept of a file once read: an ELF file's facts, a script's first line. */
function captured({ kind, head, regions }, size) {
    const elf = kind === 'elf' ? parseElf(head, regions) : undefined;
    // Later only a script's `#!` line is read: a parsed ELF file or anything else keeps no bytes (thousands of them add up).
    let kept = elf || kind === 'other' ? NO_BYTES : head.subarray(0, KEPT_HEAD);
    if (kind === 'script') {
        const newline = kept.indexOf(0x0a);
        if (newline !== -1)
            kept = kept.subarray(0, newline + 1);
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
class NameScanner {
    found = [];
    from;
    kept = 0;
    carry = NO_BYTES;
    stopped = false;
    constructor(from) {
        this.from = from;
    }
    /** Stops looking: once PT_DYNAMIC is in, the string table is read where it is, if it still can be. */
    stop() {
        this.stopped = true;
    }
    get full() {
        return this.kept >= SCANNED_LIMIT || this.found.length >= SCANNED_COUNT_LIMIT;
    }
    see(chunk, at) {
        if (this.stopped || at + chunk.length <= this.from || this.full)
            return;
        const skip = Math.max(0, this.from - at);
        this.scan(chunk.subarray(skip), at + skip);
    }
    scan(chunk, at) {
        // Strings that end near the start of the chunk may have begun in the previous one.
        const joint = Buffer.concat([this.carry, chunk.subarray(0, SCANNED_STRING_LIMIT)]);
        this.keepStrings(joint, at - this.carry.length, this.carry.length, joint.length);
        this.keepStrings(chunk, at, SCANNED_STRING_LIMIT, chunk.length);
        const tail = chunk.length >= SCANNED_STRING_LIMIT
            ? chunk.subarray(chunk.length - SCANNED_STRING_LIMIT)
            : joint.subarray(Math.max(0, joint.length - SCANNED_STRING_LIMIT));
        this.carry = Buffer.from(tail);
    }
    /** Keeps the marked strings of `bytes` (at file offset `at`) whose terminating NUL lies in [from, to). */
    keepStrings(bytes, at, from, to) {
        const ends = new Set();
        for (const marker of NAME_MARKERS) {
            let searchFrom = 0;
            for (let hit = bytes.indexOf(marker, searchFrom); hit !== -1 && !this.full; hit = bytes.indexOf(marker, searchFrom)) {
                const end = bytes.indexOf(0, hit + marker.length);
                if (end === -1)
                    break;
                searchFrom = end + 1;
                if (end < from || end >= to || ends.has(end))
                    continue;
                ends.add(end);
                const start = Math.max(bytes.lastIndexOf(0, hit) + 1, end - SCANNED_STRING_LIMIT);
                this.found.push({ offset: at + start, bytes: Buffer.from(bytes.subarray(start, end + 1)) });
                this.kept += end + 1 - start;
            }
        }
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/picomatch/lib/picomatch.js
var picomatch = __webpack_require__(8016);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/facts/libraries.ts



/** The loader maps a few hundred objects at most; the bounds keep hostile images cheap. */
const MAX_OBJECTS = 1000;
const MAX_LIBRARIES = 10_000;
/** Bounds on `include` in ld.so.conf: nesting depth and files read. */
const MAX_CONF_DEPTH = 16;
const MAX_CONF_FILES = 256;
/** Debian multiarch triplets, by the architecture names of ElfInfo.machineName. */
const MULTIARCH = {
    amd64: ['x86_64-linux-gnu'],
    arm64: ['aarch64-linux-gnu'],
    arm: ['arm-linux-gnueabihf', 'arm-linux-gnueabi'],
    '386': ['i386-linux-gnu'],
    riscv64: ['riscv64-linux-gnu'],
    ppc64le: ['powerpc64le-linux-gnu'],
    ppc64: ['powerpc64-linux-gnu'],
    s390x: ['s390x-linux-gnu'],
};
const LD_SO_CONF = '/etc/ld.so.conf';
/** ld.so.conf with the directory its includes usually name, and musl's path file (under the usual prefix, /). */
const LIBRARY_INPUTS = {
    files: { [LD_SO_CONF]: 64 << 10 },
    dirs: { '/etc/ld.so.conf.d': 64 << 10 },
    patterns: [{ pattern: /^\/etc\/ld-musl-[^/]+\.path$/, cap: 64 << 10 }],
};
const MUSL_LOADER = /^ld-musl-(.+)\.so\.1$/;
/** Names musl's loader answers itself instead of searching (`reserved` in musl's `load_library`). */
const MUSL_BUILTIN = /^lib(c|pthread|rt|m|dl|util|xnet)\./;
const MUSL_DEFAULT_PATH = ['/lib', '/usr/local/lib', '/usr/lib'];
/** `$ORIGIN` and `${ORIGIN}` as ld.so expands them (`$ORIGINX` is not one). */
function expandOrigin(text, origin) {
    return text.replace(/\$(?:\{ORIGIN\}|ORIGIN(?![A-Za-z0-9_]))/g, () => origin);
}
/** Absolute directories of a search list; empty and relative entries mean the working directory, which is not known here. */
function searchDirs(entries, origin) {
    return entries.map((entry) => expandOrigin(entry, origin)).filter((dir) => dir.startsWith('/'));
}
function isRegular(fs, path) {
    const found = fs.resolve(path);
    return found && (found.node.type === 'file' || found.node.type === 'hardlink') ? found : undefined;
}
/** Paths an absolute glob matches, sorted as glob(3) returns them. */
function expandGlob(fs, pattern) {
    let paths = ['/'];
    for (const segment of pattern.split('/').filter(Boolean)) {
        if (picomatch_default().scan(segment).isGlob) {
            const matches = picomatch_default()(segment);
            paths = paths.flatMap((dir) => fs
                .list(dir)
                .filter((name) => matches(name))
                .map((name) => external_node_path_.posix.join(dir, name)));
        }
        else {
            paths = paths.map((dir) => external_node_path_.posix.join(dir, segment));
        }
        paths = paths.slice(0, MAX_CONF_FILES);
    }
    return paths.filter((path) => fs.resolve(path) !== undefined).sort();
}
/** Directories ldconfig would put in /etc/ld.so.cache: those /etc/ld.so.conf lists, includes followed. */
function ldSoConfDirs(fs, incomplete) {
    const dirs = [];
    const read = new Set();
    const visit = (path, depth) => {
        if (depth > MAX_CONF_DEPTH || read.has(path) || read.size >= MAX_CONF_FILES || !isRegular(fs, path))
            return;
        read.add(path);
        const captured = fs.captured(path);
        if (!captured || captured.truncated)
            incomplete.add(path);
        if (!captured)
            return;
        for (const raw of captured.head.toString('utf8').split('\n')) {
            const line = raw.replace(/#.*/, '').trim();
            const include = /^include[ \t]+(.*)$/.exec(line);
            if (include) {
                for (const pattern of include[1].split(/[ \t]+/).filter(Boolean)) {
                    for (const file of expandGlob(fs, external_node_path_.posix.resolve(external_node_path_.posix.dirname(path), pattern)))
                        visit(file, depth + 1);
                }
            }
            else if (line.startsWith('/') && !/^hwcap[ \t]/.test(line)) {
                dirs.push(external_node_path_.posix.normalize(line));
            }
        }
    };
    visit(LD_SO_CONF, 0);
    return dirs;
}
/** glibc's trusted directories, with the Debian multiarch ones first and lib64 for 64-bit objects. */
function glibcDefaultDirs(elf) {
    const triplets = MULTIARCH[elf.machineName] ?? [];
    return [
        ...triplets.flatMap((triplet) => [`/lib/${triplet}`, `/usr/lib/${triplet}`]),
        ...(elf.class === 64 ? ['/lib64', '/usr/lib64'] : []),
        '/lib',
        '/usr/lib',
    ];
}
function muslLoader(interpreter) {
    const arch = interpreter === undefined ? undefined : MUSL_LOADER.exec(external_node_path_.posix.basename(interpreter))?.[1];
    return interpreter !== undefined && arch !== undefined ? { interpreter, arch } : undefined;
}
/** musl's system path: `<prefix>/etc/ld-musl-<arch>.path` (prefix from the loader's own path), else its default. */
function muslSystemDirs(fs, { interpreter, arch }, incomplete) {
    // musl takes everything before the loader's second-to-last '/' as the prefix: /usr/lib/ld-musl-… → /usr.
    const slashes = [...interpreter.matchAll(/\//g)].map((match) => match.index);
    const prefix = interpreter.startsWith('/') && slashes.length >= 2 ? interpreter.slice(0, slashes[slashes.length - 2]) : '';
    const pathFile = `${prefix}/etc/ld-musl-${arch}.path`;
    const found = fs.resolve(pathFile);
    if (!found)
        return MUSL_DEFAULT_PATH;
    // A path file that cannot be read (a directory, say) leaves musl an empty system path.
    if (found.node.type !== 'file' && found.node.type !== 'hardlink')
        return [];
    const captured = fs.captured(pathFile);
    if (!captured || captured.truncated)
        incomplete.add(pathFile);
    if (!captured)
        return MUSL_DEFAULT_PATH;
    const text = captured.head.toString('utf8');
    const nul = text.indexOf('\0');
    return (nul === -1 ? text : text.slice(0, nul)).split(/[:\n]/).filter((dir) => dir.startsWith('/'));
}
/**
 * Resolves what a dynamic ELF binary needs inside the image, as glibc's ld.so (or musl's, when
 * PT_INTERP is `ld-musl-*`) would: the interpreter, then every DT_NEEDED, breadth-first, through
 * DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, /etc/ld.so.conf and the default directories. A library
 * counts only when it is a regular file of the binary's class, byte order and machine.
 */
function resolveLibraries(fs, binaryPath, elf, env) {
    const incomplete = new Set();
    if (!elf.complete)
        incomplete.add(binaryPath);
    const realBinary = fs.resolve(binaryPath)?.path ?? binaryPath;
    // glibc takes the executable's $ORIGIN from /proc/self/exe: symlinks resolved.
    const executable = { path: binaryPath, origin: external_node_path_.posix.dirname(realBinary), elf };
    const candidate = (path) => {
        const found = isRegular(fs, path);
        if (!found)
            return undefined;
        const captured = fs.captured(found.path);
        if (!captured)
            return { path, realPath: found.path };
        const other = capturedElf(captured);
        // ld.so skips files of another class or machine and keeps searching.
        if (!other || other.class !== elf.class || other.endian !== elf.endian || other.machine !== elf.machine)
            return undefined;
        return { path, realPath: found.path, elf: other };
    };
    /** Names satisfied without a search, as ld.so matches DT_NEEDED against loaded objects' names and sonames. */
    const loadedByName = new Map();
    let interpreter;
    let interpreterPath;
    let interpreterFile;
    if (elf.interpreter !== undefined) {
        const found = candidate(external_node_path_.posix.resolve('/', elf.interpreter));
        interpreter = { path: elf.interpreter, found: found !== undefined };
        if (found) {
            interpreterPath = found.path;
            interpreterFile = found.realPath;
            if (!found.elf)
                incomplete.add(found.path);
            for (const name of [elf.interpreter, external_node_path_.posix.basename(elf.interpreter), found.elf?.soname]) {
                if (name !== undefined)
                    loadedByName.set(name, found.path);
            }
        }
    }
    const musl = muslLoader(elf.interpreter);
    // glibc splits LD_LIBRARY_PATH on ':' and ';', musl on ':' and newlines.
    const libraryPath = searchDirs((env.LD_LIBRARY_PATH ?? '').split(musl ? /[:\n]/ : /[:;]/), executable.origin);
    let systemDirs;
    const system = () => {
        systemDirs ??= musl ? muslSystemDirs(fs, musl, incomplete) : [...ldSoConfDirs(fs, incomplete), ...glibcDefaultDirs(elf)];
        return systemDirs;
    };
    /** The directories searched for the names `requester` needs (those without '/'), in the loader's order. */
    const searchList = (requester) => {
        const chainPaths = (pathOf) => {
            const dirs = [];
            for (let object = requester; object; object = object.loader)
                dirs.push(...searchDirs(pathOf(object), object.origin));
            return dirs;
        };
        if (musl) {
            // musl: LD_LIBRARY_PATH, then each loader's DT_RUNPATH (or DT_RPATH) up the chain, then the system path.
            return [...libraryPath, ...chainPaths((object) => (object.elf?.runpath.length ? object.elf.runpath : (object.elf?.rpath ?? []))), ...system()];
        }
        const requesterRunpath = requester.elf?.runpath ?? [];
        // glibc ignores an object's DT_RPATH when it has a DT_RUNPATH, and every DT_RPATH when the requester has one.
        const rpaths = requesterRunpath.length ? [] : chainPaths((object) => (object.elf?.runpath.length ? [] : (object.elf?.rpath ?? [])));
        return [...rpaths, ...libraryPath, ...searchDirs(requesterRunpath, requester.origin), ...system()];
    };
    const find = (name, requester, dirs) => {
        if (name.includes('/'))
            return candidate(external_node_path_.posix.resolve('/', expandOrigin(name, requester.origin)));
        for (const dir of dirs()) {
            const found = candidate(external_node_path_.posix.join(dir, name));
            if (found)
                return found;
        }
        return undefined;
    };
    const libraries = [];
    const queue = [executable];
    const loadedFiles = new Set([realBinary, ...(interpreterFile ? [interpreterFile] : [])]);
    const listed = new Set();
    for (let index = 0; index < queue.length; index++) {
        const requester = queue[index];
        let requesterDirs;
        const dirs = () => (requesterDirs ??= searchList(requester));
        for (const name of requester.elf?.needed ?? []) {
            if (listed.has(name))
                continue;
            if (listed.size >= MAX_LIBRARIES) {
                incomplete.add(requester.path);
                break;
            }
            listed.add(name);
            if (loadedByName.has(name) || (musl && MUSL_BUILTIN.test(name))) {
                const path = loadedByName.has(name) ? loadedByName.get(name) : interpreterPath;
                libraries.push({ name, neededBy: requester.path, ...(path ? { path } : {}) });
                continue;
            }
            const found = find(name, requester, dirs);
            libraries.push({ name, neededBy: requester.path, ...(found ? { path: found.path } : {}) });
            // The same file under another name (a symlink) is mapped once, as ld.so compares device and inode.
            if (!found || loadedFiles.has(found.realPath))
                continue;
            loadedFiles.add(found.realPath);
            if (found.elf?.soname !== undefined && !loadedByName.has(found.elf.soname))
                loadedByName.set(found.elf.soname, found.path);
            if (!found.elf?.complete || queue.length >= MAX_OBJECTS)
                incomplete.add(found.path);
            if (queue.length < MAX_OBJECTS)
                queue.push({ path: found.path, origin: external_node_path_.posix.dirname(found.path), elf: found.elf, loader: requester });
        }
    }
    return { ...(interpreter ? { interpreter } : {}), libraries, incomplete: [...incomplete] };
}

;// CONCATENATED MODULE: ./src/facts/os.ts
/** Where os-release(5) may be, in the order it is looked for. */
const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'];
const OS_INPUTS = { files: Object.fromEntries(OS_RELEASE_FILES.map((path) => [path, 64 << 10])) };
/** `/etc/os-release`, else `/usr/lib/os-release` (where distroless keeps it). */
function osFacts(fs) {
    for (const source of OS_RELEASE_FILES) {
        const file = fs.captured(source);
        if (!file)
            continue;
        const values = parseOsRelease(file.head.toString('utf8'));
        return { id: values.ID, versionId: values.VERSION_ID, prettyName: values.PRETTY_NAME, source };
    }
    return undefined;
}
/**
 * `NAME=value` lines as os-release(5) writes them: shell-style values, where double quotes take
 * backslash escapes of `"`, `\`, `$` and `` ` ``, single quotes are literal, and a backslash outside
 * quotes escapes any character. Comments and lines that are not assignments are skipped.
 */
function parseOsRelease(text) {
    const values = {};
    for (const line of text.split(/\r?\n/)) {
        const match = /^\s*([A-Za-z0-9_]+)=(.*)$/.exec(line);
        if (match)
            values[match[1]] = unquote(match[2].trim());
    }
    return values;
}
function unquote(raw) {
    let value = '';
    let quote;
    for (let i = 0; i < raw.length; i++) {
        const char = raw[i];
        if (quote === "'") {
            if (char === "'")
                quote = undefined;
            else
                value += char;
        }
        else if (quote === '"') {
            if (char === '"')
                quote = undefined;
            else if (char === '\\' && i + 1 < raw.length && '"\\$`'.includes(raw[i + 1]))
                value += raw[++i];
            else
                value += char;
        }
        else if (char === '"' || char === "'") {
            quote = char;
        }
        else if (char === '\\' && i + 1 < raw.length) {
            value += raw[++i];
        }
        else {
            value += char;
        }
    }
    return value;
}

;// CONCATENATED MODULE: ./src/facts/packages.ts
const DPKG_STATUS = '/var/lib/dpkg/status';
/** Distroless keeps one control file per package here instead of `status`. */
const DPKG_STATUS_D = '/var/lib/dpkg/status.d';
const APK_INSTALLED = '/lib/apk/db/installed';
const PACKAGE_INPUTS = {
    files: { [DPKG_STATUS]: 32 << 20, [APK_INSTALLED]: 32 << 20 },
    dirs: { [DPKG_STATUS_D]: 1 << 20 },
};
/** Installed packages from dpkg (`status`, or distroless' `status.d/*`) and apk databases. */
function packageInventories(fs) {
    const inventories = [];
    const status = fs.captured(DPKG_STATUS);
    if (status)
        inventories.push(inventory('dpkg', DPKG_STATUS, dpkgInstalled(status.head.toString('utf8'))));
    const statusD = fs.list(DPKG_STATUS_D);
    if (statusD.length > 0) {
        const names = statusD.flatMap((file) => dpkgInstalled(fs.captured(`${DPKG_STATUS_D}/${file}`)?.head.toString('utf8') ?? '', false));
        inventories.push(inventory('dpkg', DPKG_STATUS_D, names));
    }
    const apk = fs.captured(APK_INSTALLED);
    if (apk) {
        const names = apk.head
            .toString('utf8')
            .split('\n')
            .filter((line) => line.startsWith('P:'))
            .map((line) => line.slice(2).trim());
        inventories.push(inventory('apk', APK_INSTALLED, names));
    }
    return inventories;
}
function inventory(manager, source, names) {
    const unique = [...new Set(names)].sort();
    return { manager, source, count: unique.length, names: unique };
}
/** Package names from dpkg control paragraphs; in `status` only those whose Status says installed. */
function dpkgInstalled(text, requireStatus = true) {
    const names = [];
    for (const paragraph of text.split(/\n\s*\n/)) {
        const name = /^Package:\s*(\S+)/m.exec(paragraph)?.[1];
        if (!name)
            continue;
        const status = /^Status:\s*(.*)$/m.exec(paragraph)?.[1];
        if (requireStatus && !(status ?? '').trim().endsWith(' installed'))
            continue;
        names.push(name);
    }
    return names;
}

;// CONCATENATED MODULE: ./src/facts/users.ts
const PASSWD = '/etc/passwd';
const GROUP = '/etc/group';
const USER_INPUTS = { files: { [PASSWD]: 1 << 20, [GROUP]: 1 << 20 } };
function usersOf(fs) {
    const text = fs.captured(PASSWD)?.head.toString('utf8') ?? '';
    const users = [];
    for (const line of text.split('\n')) {
        const fields = line.split(':');
        if (fields.length < 7 || !/^\d+$/.test(fields[2]) || !/^\d+$/.test(fields[3]))
            continue;
        users.push({ name: fields[0], uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5], shell: fields[6].trim() });
    }
    return users;
}
function groupsOf(fs) {
    const text = fs.captured(GROUP)?.head.toString('utf8') ?? '';
    const groups = [];
    for (const line of text.split('\n')) {
        const fields = line.split(':');
        if (fields.length < 3 || !/^\d+$/.test(fields[2]))
            continue;
        groups.push({ name: fields[0], gid: Number(fields[2]) });
    }
    return groups;
}
/**
 * Resolves the config's `User` the way runc does: an empty user part is root, a number is the uid
 * as it is (its gid from /etc/passwd when listed, else 0), a name must be in /etc/passwd; a group
 * part is a gid as it is, or a name that must be in /etc/group.
 */
function runtimeUser(configured, users, groups) {
    const value = (configured ?? '').trim();
    if (value === '')
        return { configured: '', uid: 0, gid: 0, resolved: true };
    const [userPart, groupPart] = value.split(':', 2);
    let uid = 0;
    let gid = 0;
    let resolved = true;
    if (/^\d+$/.test(userPart)) {
        uid = Number(userPart);
        gid = users.find((u) => u.uid === uid)?.gid ?? 0;
    }
    else if (userPart !== '') {
        const user = users.find((u) => u.name === userPart);
        uid = user?.uid;
        gid = user?.gid;
        if (!user)
            resolved = false;
    }
    if (groupPart !== undefined && groupPart !== '') {
        if (/^\d+$/.test(groupPart))
            gid = Number(groupPart);
        else {
            const group = groups.find((g) => g.name === groupPart);
            gid = group?.gid;
            if (!group)
                resolved = false;
        }
    }
    return { configured: value, uid, gid, resolved };
}

;// CONCATENATED MODULE: ./src/facts/capture.ts






/** What every fact's parser reads, as each declares it. */
const INPUTS = [USER_INPUTS, OS_INPUTS, PACKAGE_INPUTS, LIBRARY_INPUTS];
const TEXT_FILES = new Map(INPUTS.flatMap((inputs) => Object.entries(inputs.files ?? {})));
const TEXT_DIRS = new Map(INPUTS.flatMap((inputs) => Object.entries(inputs.dirs ?? {})));
const TEXT_PATTERNS = INPUTS.flatMap((inputs) => inputs.patterns ?? []);
const SHARED_OBJECT = /\.so(\.[0-9.]+)?$/;
/**
 * What the facts need from file bodies, declared before any layer streams: the text files their
 * parsers declare, and the ELF or `#!` head of every executable and shared object (the entry
 * point and the libraries it loads are only known once all layers are merged).
 */
const captureForFacts = (path, entry) => {
    const textCap = TEXT_FILES.get(path) ?? TEXT_DIRS.get(entry.dir) ?? TEXT_PATTERNS.find(({ pattern }) => pattern.test(path))?.cap;
    if (textCap !== undefined)
        return new HeadCollector(textCap);
    if ((entry.mode & 0o111) !== 0 || SHARED_OBJECT.test(entry.name))
        return createExecutableCollector();
    return undefined;
};

;// CONCATENATED MODULE: ./src/dockerfile/history-match.ts

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
const DOCKERFILE_KEYWORDS = new Set([
    'ADD',
    'ARG',
    'CMD',
    'COPY',
    'ENTRYPOINT',
    'ENV',
    'EXPOSE',
    'HEALTHCHECK',
    'LABEL',
    'MAINTAINER',
    'ONBUILD',
    'RUN',
    'SHELL',
    'STOPSIGNAL',
    'USER',
    'VOLUME',
    'WORKDIR',
]);
const BUILDKIT_SUFFIX = '# buildkit';
const LEGACY_METADATA = '#(nop)';
const DEFAULT_SHELL = '/bin/sh -c';
/**
 * Pairs each history entry that is not `empty_layer` with the next diff id; undefined when there is no
 * history or the counts disagree (the mapping is then unknown).
 */
function layerSources(history, layerCount) {
    if (!Array.isArray(history))
        return undefined;
    const sources = [];
    history.forEach((entry, historyIndex) => {
        if (entry.empty_layer !== true)
            sources.push({ layer: sources.length, historyIndex, createdBy: createdByOf(entry) });
    });
    return sources.length === layerCount ? sources : undefined;
}
/**
 * Finds the Dockerfile instruction behind each layer. One entry per layer; when history and layers
 * disagree every entry has historyIndex -1 and no instruction.
 *
 * Images record no line numbers, so the history is aligned with the final chain's RUN, COPY, ADD and
 * WORKDIR instructions from the end: the Dockerfile's steps are the last ones, the base image's come
 * before. Each aligned pair must also agree on what was run or copied; a pair that does not is left
 * unmatched instead of shifting the alignment to force a fit.
 */
function matchHistory(history, layerCount, dockerfile) {
    const sources = layerSources(history, layerCount);
    if (!history || !sources) {
        return Array.from({ length: layerCount }, (_, layer) => ({ layer, historyIndex: -1, createdBy: '', fromBaseImage: false }));
    }
    // Legacy builds mark a RUN or COPY that changed nothing as empty_layer, yet still record it: such entries
    // take part in the alignment, metadata entries (ENV, CMD, ...) do not.
    const steps = [];
    history.forEach((entry, historyIndex) => {
        const step = recordedStep(createdByOf(entry));
        if (entry.empty_layer !== true || LAYER_KEYWORDS.has(step.keyword))
            steps.push({ historyIndex, step });
    });
    const shells = shellsOfRuns(dockerfile);
    const instructions = dockerfile.finalChain.flatMap((stage) => stage.instructions).filter((instruction) => LAYER_KEYWORDS.has(instruction.keyword));
    const matched = new Map();
    let allAgree = true;
    let stepIndex = steps.length - 1;
    let instructionIndex = instructions.length - 1;
    while (stepIndex >= 0 && instructionIndex >= 0) {
        const { historyIndex, step } = steps[stepIndex];
        const instruction = instructions[instructionIndex];
        if (step.keyword === instruction.keyword) {
            if (stepMatches(step, instruction, shells.get(instruction) ?? DEFAULT_SHELL))
                matched.set(historyIndex, instruction);
            else
                allAgree = false;
            stepIndex--;
            instructionIndex--;
        }
        else if (instruction.keyword === 'WORKDIR') {
            // Not every builder records a step for WORKDIR: one missing is no disagreement.
            instructionIndex--;
        }
        else {
            // A WORKDIR step the Dockerfile lacks is skipped on its own; any other pair fails in place.
            if (step.keyword !== 'WORKDIR')
                instructionIndex--;
            allAgree = false;
            stepIndex--;
        }
    }
    // Whatever precedes the Dockerfile's first step is the base image's, but only when every step agreed
    // (the alignment is then trustworthy) and the base is not scratch (which has no layers).
    const root = dockerfile.finalChain[0];
    const baseEnd = instructionIndex < 0 && allAgree && root.baseImage !== 'scratch' && stepIndex >= 0 ? steps[stepIndex].historyIndex : -1;
    return sources.map((source) => {
        const fromBaseImage = source.historyIndex <= baseEnd;
        const instruction = fromBaseImage ? root.from : matched.get(source.historyIndex);
        return instruction ? { ...source, instruction, fromBaseImage } : { ...source, fromBaseImage };
    });
}
/**
 * The instruction that set a runtime setting: the last one of that keyword in the final chain (for ENV
 * and LABEL given a name, the last that sets that name); the final stage's FROM when none did, since the
 * setting then came from the base image.
 */
function configInstruction(dockerfile, keyword, name) {
    const instructions = dockerfile.finalChain.flatMap((stage) => stage.instructions);
    const named = name !== undefined && (keyword === 'ENV' || keyword === 'LABEL');
    const setter = instructions.findLast((instruction) => instruction.keyword === keyword && (!named || instruction.expandedArgs.some((arg) => declaredName(arg) === name)));
    return setter ?? dockerfile.finalStage.from;
}
function declaredName(arg) {
    const at = arg.indexOf('=');
    return at === -1 ? arg : arg.slice(0, at);
}
function createdByOf(entry) {
    return typeof entry.created_by === 'string' ? entry.created_by : '';
}
function recordedStep(createdBy) {
    let text = createdBy.trim();
    if (text.endsWith(BUILDKIT_SUFFIX))
        text = text.slice(0, -BUILDKIT_SUFFIX.length).trim();
    const metadata = text.indexOf(LEGACY_METADATA);
    if (metadata !== -1) {
        const rest = text.slice(metadata + LEGACY_METADATA.length).trim();
        const word = firstWord(rest);
        return { keyword: word.toUpperCase(), body: rest.slice(word.length).trim(), legacy: true };
    }
    // BuildKit writes `RUN ...`, `COPY ...`, `WORKDIR ...`; the legacy builder writes a RUN as the bare command.
    const word = firstWord(text);
    if (DOCKERFILE_KEYWORDS.has(word))
        return { keyword: word, body: text.slice(word.length).trim(), legacy: false };
    return { keyword: 'RUN', body: text, legacy: false };
}
function firstWord(text) {
    const space = text.search(/\s/);
    return space === -1 ? text : text.slice(0, space);
}
/** The shell each RUN of the final chain runs under: the last SHELL before it, or the default. */
function shellsOfRuns(dockerfile) {
    const shells = new Map();
    let shell = DEFAULT_SHELL;
    for (const instruction of dockerfile.finalChain.flatMap((stage) => stage.instructions)) {
        if (instruction.keyword === 'SHELL' && instruction.execForm && instruction.args.length > 0)
            shell = collapse(instruction.args.join(' '));
        else if (instruction.keyword === 'RUN')
            shells.set(instruction, shell);
    }
    return shells;
}
function stepMatches(step, instruction, shell) {
    switch (instruction.keyword) {
        case 'RUN':
            return runMatches(collapse(step.body), instruction, shell);
        case 'COPY':
        case 'ADD':
            return copyMatches(step, instruction);
        default:
            return workdirMatches(step.body, instruction);
    }
}
/**
 * Both builders record `[|N NAME=value...] <shell> <command>` for shell form and `[|N NAME=value...] argv...`
 * for exec form. Build-arg values may hold spaces, so the command is matched as the recorded text's end.
 */
function runMatches(recorded, instruction, shell) {
    const operands = instruction.args.slice(instruction.flags.length);
    if (instruction.execForm) {
        const argv = collapse(operands.join(' '));
        return argv !== '' && (recorded === argv || (recorded.startsWith('|') && recorded.endsWith(` ${argv}`)));
    }
    return runCommandForms(operands[0] ?? '').some((form) => {
        const command = collapse(form);
        if (command === '')
            return false;
        if (recorded === command)
            return true;
        if (!recorded.endsWith(` ${command}`))
            return false;
        const prefix = recorded.slice(0, -command.length - 1);
        return prefix === shell || (prefix.startsWith('|') && prefix.endsWith(` ${shell}`));
    });
}
/**
 * What BuildKit may have run for a shell-form RUN. For a heredoc it records the whole text, except for a
 * lone heredoc: then just its body, or `/dev/pipes/<name>` when the body starts with a shebang.
 */
function runCommandForms(command) {
    const lines = command.split('\n');
    if (lines.length === 1)
        return [command];
    const lone = /^<<-?(["']?)([^\s"']+)\1$/.exec(lines[0].trim());
    if (!lone)
        return [command];
    const body = lines.slice(1, -1).join('\n');
    return body.startsWith('#!') ? [command, `/dev/pipes/${lone[2]}`] : [command, body];
}
/**
 * BuildKit records `--parents`, `--chown`, `--chmod`, then the expanded sources, heredocs as `<<NAME`, and the
 * destination (`--from` and `--link` are not recorded). The legacy builder records only a content hash and the
 * destination.
 */
function copyMatches(step, instruction) {
    const operands = instruction.expandedArgs.slice(instruction.flags.length);
    if (operands.length < 2)
        return false;
    const destination = operands[operands.length - 1];
    if (step.legacy) {
        const at = step.body.lastIndexOf(' in ');
        return at !== -1 && withoutTrailingSlash(step.body.slice(at + 4).trim()) === withoutTrailingSlash(destination);
    }
    const words = collapse(step.body).split(' ');
    const firstOperand = words.findIndex((word) => !word.startsWith('--'));
    if (firstOperand === -1)
        return false;
    const sources = operands.slice(0, -1);
    const files = sources.filter((source) => !source.startsWith('<<'));
    const heredocs = sources.filter((source) => source.startsWith('<<')).map((source) => `<<${source.replace(/^<<-?/, '').replace(/^(["'])(.*)\1$/, '$2')}`);
    return words.slice(firstOperand).join(' ') === collapse([...files, ...heredocs, destination].join(' '));
}
/** Both builders record the absolute, cleaned working directory. */
function workdirMatches(recorded, instruction) {
    const written = instruction.expandedArgs[0];
    if (written === undefined || recorded === '')
        return false;
    const actual = withoutTrailingSlash(external_node_path_.posix.normalize(recorded));
    const wanted = withoutTrailingSlash(external_node_path_.posix.normalize(written));
    if (wanted.startsWith('/'))
        return actual === wanted;
    return wanted !== '.' && actual.endsWith(`/${wanted}`);
}
function withoutTrailingSlash(path) {
    return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}
function collapse(text) {
    return text.replace(/\s+/g, ' ').trim();
}

// EXTERNAL MODULE: ./src/facts/base-image.ts
var base_image = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/common/sizes.ts
var sizes = __webpack_require__(4875);
;// CONCATENATED MODULE: ./src/image/limits.ts


const LIMIT_VARIABLES = {
    maxBytes: 'DISTROLESS_GUARD_MAX_UNCOMPRESSED',
    maxEntries: 'DISTROLESS_GUARD_MAX_ENTRIES',
};
/** 64 GiB is more than the largest real images (CUDA and ML images run to some 20 GiB) and about a minute of gunzip. */
const DEFAULT_LIMITS = { maxBytes: 64 * 1024 ** 3, maxEntries: 2_000_000 };
/** The limits, with the environment's overrides: `DISTROLESS_GUARD_MAX_UNCOMPRESSED=100GiB`, `DISTROLESS_GUARD_MAX_ENTRIES=5000000`. */
function limitsFromEnv(env = process.env) {
    const bytes = env[LIMIT_VARIABLES.maxBytes]?.trim();
    const entries = env[LIMIT_VARIABLES.maxEntries]?.trim();
    let maxBytes = DEFAULT_LIMITS.maxBytes;
    if (bytes) {
        try {
            maxBytes = (0,sizes/* parseSize */.DB)(bytes);
        }
        catch (error) {
            throw new errors/* UserError */.yo(`${LIMIT_VARIABLES.maxBytes}: ${error.message}`);
        }
    }
    let maxEntries = DEFAULT_LIMITS.maxEntries;
    if (entries) {
        if (!/^[0-9]{1,15}$/.test(entries))
            throw new errors/* UserError */.yo(`${LIMIT_VARIABLES.maxEntries}: "${entries}" is not a whole number of entries`);
        maxEntries = Number(entries);
    }
    return { maxBytes, maxEntries };
}
/** What one image reference has used of its limits; every layer it reads charges the same budget. */
class ReadBudget {
    limits;
    bytes = 0;
    entries = 0;
    constructor(limits = limitsFromEnv()) {
        this.limits = limits;
    }
    /**
     * Refuses a layer that would reach `layerBytes` of uncompressed tar, before its bodies are
     * decompressed: a header declaring a 1 TB file fails at once instead of after an hour.
     */
    checkBytes(layerBytes, what) {
        if (this.bytes + layerBytes > this.limits.maxBytes) {
            throw new errors/* UserError */.yo(`${what}: the image's layers hold more than ${(0,sizes/* formatSize */.Xq)(this.limits.maxBytes)} uncompressed; if it really is that large, raise ${LIMIT_VARIABLES.maxBytes}`);
        }
    }
    /** Charges a layer read to its end. */
    addBytes(layerBytes) {
        this.bytes += layerBytes;
    }
    countEntry(what) {
        if (++this.entries > this.limits.maxEntries) {
            throw new errors/* UserError */.yo(`${what}: the image's layers hold more than ${this.limits.maxEntries} entries; if it really has that many files, raise ${LIMIT_VARIABLES.maxEntries}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/image/release.ts
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
const owned = new WeakSet();
/** Marks `chunk`'s memory as belonging to the stream that hands it over; returns the chunk. */
function markOwned(chunk) {
    // Never a slice of the shared pool (smaller than the pool, never all of it), whoever allocated it.
    const memory = chunk.buffer;
    if (memory.byteLength > Buffer.poolSize || (chunk.byteOffset === 0 && chunk.byteLength === memory.byteLength))
        owned.add(memory);
    return chunk;
}
/**
 * Whether `release(chunk)` would free something: the chunk ends marked memory that is not freed
 * yet. Only the chunk that ends an allocation frees it, since a stream hands out the parts of one
 * allocation in order (zlib fills its output buffer slice by slice) and every reader here reads
 * in order: by then the earlier parts are read too.
 */
function releasable(chunk) {
    return chunk.byteOffset + chunk.byteLength === chunk.buffer.byteLength && owned.has(chunk.buffer);
}
/** Frees the memory behind `chunk` once its last reader is past it (see `releasable`). */
function release(chunk) {
    if (releasable(chunk) && owned.delete(chunk.buffer))
        chunk.buffer.transfer(0);
}

;// CONCATENATED MODULE: ./src/image/bytes.ts


const bytes_EMPTY = Buffer.alloc(0);
/**
 * A ByteReader over a stream of chunks (a Readable is one). It frees each chunk's memory once it
 * is past it (see release.ts): at once for bytes it only parsed or skipped, and for bytes
 * `chunks()` handed out, at the next `read` or `skip`, by when their reader is done with them.
 */
class StreamReader {
    position = 0;
    source;
    chunk = bytes_EMPTY;
    offset = 0;
    ended = false;
    /** Whether bytes of the current chunk are out (handed out by `chunks()`, or held by a `read` that spans chunks). */
    lent = false;
    /** Chunks the reader is past whose bytes are still out. */
    lentChunks = [];
    constructor(source) {
        this.source = source[Symbol.asyncIterator]();
    }
    async fill() {
        while (this.offset >= this.chunk.length) {
            // Only memory there is to free waits for its lent bytes: a whole layer lent to another reader would stay.
            if (releasable(this.chunk)) {
                if (this.lent)
                    this.lentChunks.push(this.chunk);
                else
                    release(this.chunk);
            }
            this.lent = false;
            this.chunk = bytes_EMPTY;
            if (this.ended)
                return false;
            const next = await this.source.next();
            if (next.done) {
                this.ended = true;
                return false;
            }
            this.chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
            this.offset = 0;
        }
        return true;
    }
    /** The bytes handed out before are no longer used: free the chunks they came from. */
    returnLent() {
        for (const chunk of this.lentChunks)
            release(chunk);
        this.lentChunks.length = 0;
        this.lent = false;
    }
    async read(n) {
        this.returnLent();
        if (n === 0)
            return bytes_EMPTY;
        if (!(await this.fill()))
            return bytes_EMPTY;
        if (this.chunk.length - this.offset >= n) {
            const out = this.chunk.subarray(this.offset, this.offset + n);
            this.offset += n;
            this.position += n;
            return out;
        }
        const parts = [];
        let missing = n;
        while (missing > 0 && (await this.fill())) {
            const take = Math.min(missing, this.chunk.length - this.offset);
            parts.push(this.chunk.subarray(this.offset, this.offset + take));
            this.lent = true;
            this.offset += take;
            missing -= take;
        }
        this.position += n - missing;
        const out = Buffer.concat(parts, n - missing);
        this.returnLent();
        return out;
    }
    async skip(n) {
        this.returnLent();
        let missing = n;
        while (missing > 0 && (await this.fill())) {
            const take = Math.min(missing, this.chunk.length - this.offset);
            this.offset += take;
            missing -= take;
        }
        this.position += n - missing;
        return n - missing;
    }
    async *chunks(n) {
        let missing = n;
        while (missing > 0 && (await this.fill())) {
            const take = Math.min(missing, this.chunk.length - this.offset);
            const out = this.chunk.subarray(this.offset, this.offset + take);
            this.lent = true;
            this.offset += take;
            this.position += take;
            missing -= take;
            yield out;
        }
    }
    /** Drains what is left, so a producer writing into us can finish. */
    async drain() {
        this.returnLent();
        while (await this.fill())
            this.offset = this.chunk.length;
    }
}
/** Bytes read at once for tar headers: enough for a run of small members, little waste before a large one. */
const FILL = 16 * 1024;
/** Body chunks after the first (which comes from the header buffer): large, for streams. */
const CHUNK = 1024 * 1024;
/**
 * A ByteReader over a byte range of an open file; `skip` seeks. `read` returns a view of a
 * buffer the next call reuses (headers are decoded at once, and a fresh buffer per header cost
 * more than the read). `readAt` hands out what that buffer holds as is (an executable's tables
 * often sit right after its header: thousands of small reads and buffers added up), the rest in a
 * buffer of its own. `chunks` (a compressed blob on its way to the decompressor) yields its first
 * chunk from that buffer too, the rest in buffers of their own, as a decompressor holds them,
 * which their last reader may free (release.ts).
 */
class FileRangeReader {
    synchronous = true;
    position = 0;
    buffer = Buffer.allocUnsafeSlow(FILL);
    cache = bytes_EMPTY;
    cacheStart = 0;
    fd;
    start;
    /** A range that runs past the end of a (truncated) file ends where the file does. */
    length;
    constructor(file, start, length) {
        this.fd = file.fd;
        this.start = start;
        this.length = Math.max(0, Math.min(length, (0,external_node_fs_.fstatSync)(this.fd).size - start));
    }
    get remaining() {
        return this.length - this.position;
    }
    /** Up to `n` bytes as a view of a buffer the next call may reuse; `FILL` at least are read, for what comes next. */
    read(n) {
        const want = Math.min(n, this.remaining);
        if (want <= 0)
            return bytes_EMPTY;
        const at = this.start + this.position;
        if (at < this.cacheStart || at + want > this.cacheStart + this.cache.length) {
            const size = Math.min(Math.max(want, FILL), this.remaining);
            const target = size <= FILL ? this.buffer : Buffer.allocUnsafe(size);
            // Synchronous: a header read is tiny, and a thread-pool round trip per header cost more than the read.
            this.cache = target.subarray(0, (0,external_node_fs_.readSync)(this.fd, target, 0, size, at));
            this.cacheStart = at;
        }
        const from = at - this.cacheStart;
        const out = this.cache.subarray(from, Math.min(from + want, this.cache.length));
        this.position += out.length;
        return out;
    }
    skip(n) {
        const step = Math.min(n, this.remaining);
        this.position += step;
        return step;
    }
    readAt(offset, n) {
        const want = Math.max(0, Math.min(n, this.length - offset));
        const from = this.start + offset - this.cacheStart;
        if (from >= 0 && from + want <= this.cache.length)
            return this.cache.subarray(from, from + want);
        const out = Buffer.allocUnsafeSlow(want);
        return out.subarray(0, want > 0 ? (0,external_node_fs_.readSync)(this.fd, out, 0, want, this.start + offset) : 0);
    }
    *chunks(n) {
        let missing = Math.min(n, this.remaining);
        if (missing <= 0)
            return;
        // From the header buffer (refilled when it holds less): valid until the next read or skip, as the contract allows.
        const first = this.read(Math.min(missing, FILL));
        if (first.length === 0)
            return;
        missing -= first.length;
        yield first;
        while (missing > 0) {
            const out = Buffer.allocUnsafe(Math.min(missing, CHUNK));
            const got = (0,external_node_fs_.readSync)(this.fd, out, 0, out.length, this.start + this.position);
            if (got === 0)
                return;
            missing -= got;
            this.position += got;
            yield markOwned(got < out.length ? out.subarray(0, got) : out);
        }
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/image/stream-chunks.ts

/** Chunks a stream may hold ahead of its reader before it is paused. */
const AHEAD = 2;
/**
 * The chunks of a byte stream as it pushed them. A Readable's own async iterator joins whatever
 * is buffered into one new buffer on each read, which copies every byte a second time when the
 * producer runs ahead (a decompressor, a socket); this hands each chunk over as it came, pausing
 * the stream while it is ahead. A stream closed before its end fails the iteration.
 * The streams read this way (a decompressor, a socket, a pipe) allocate their chunks for their
 * reader alone, so the chunks are marked for release once read (release.ts).
 */
async function* chunksOf(stream) {
    const queue = [];
    let ended = false;
    let failure;
    let wake;
    const notify = () => {
        wake?.();
        wake = undefined;
    };
    const onData = (chunk) => {
        queue.push(markOwned(chunk));
        if (queue.length >= AHEAD)
            stream.pause();
        notify();
    };
    const onEnd = () => {
        ended = true;
        notify();
    };
    const onError = (error) => {
        failure ??= error;
        notify();
    };
    const onClose = () => {
        if (!stream.readableEnded)
            failure ??= Object.assign(new Error('the stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
        notify();
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    try {
        for (;;) {
            const chunk = queue.shift();
            if (chunk) {
                if (queue.length === 0 && stream.isPaused())
                    stream.resume();
                yield chunk;
            }
            else if (failure !== undefined) {
                throw failure;
            }
            else if (ended) {
                return;
            }
            else {
                await new Promise((resolve) => (wake = resolve));
            }
        }
    }
    finally {
        stream.off('data', onData);
        stream.off('end', onEnd);
        stream.off('error', onError);
        stream.off('close', onClose);
    }
}

;// CONCATENATED MODULE: ./src/image/decompress.ts




/** Recognises a layer's compression by its first bytes (gzip 1f 8b, zstd 28 b5 2f fd). */
function sniffCompression(head) {
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528)
        return 'zstd';
    return 'none';
}
/** Prepends already-read bytes to the rest of a stream; stopping it stops the rest (a registry response is closed). */
async function* prepend(head, rest) {
    try {
        if (head.length > 0)
            yield head;
        for (;;) {
            const next = await rest.next();
            if (next.done)
                return;
            yield next.value;
        }
    }
    finally {
        await rest.return?.();
    }
}
/**
 * Decompresses a layer stream according to its magic bytes, whatever the media type says
 * (engines mislabel layers); a corrupt or truncated stream becomes a UserError naming `what`.
 */
async function* decompress(chunks, what) {
    const iterator = chunks[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    while (head.length < 4) {
        const next = await iterator.next();
        if (next.done)
            break;
        head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
    }
    const compression = sniffCompression(head);
    if (compression === 'none') {
        yield* prepend(head, iterator);
        return;
    }
    const inflater = compression === 'gzip' ? external_node_zlib_default().createGunzip({ chunkSize: 256 * 1024 }) : external_node_zlib_default().createZstdDecompress({ chunkSize: 1024 * 1024 });
    const input = prepend(head, iterator);
    void feed(input, inflater);
    try {
        yield* chunksOf(inflater);
    }
    catch (error) {
        if (error instanceof errors/* UserError */.yo)
            throw error;
        const code = error.code;
        if (code && /^Z_|^ERR_ZSTD|^ZSTD/.test(code)) {
            throw new errors/* UserError */.yo(`${what}: the ${compression} stream is corrupt or truncated (${error.message})`);
        }
        throw error;
    }
    finally {
        inflater.destroy();
        // Stops the source too, once the chunk it may be reading arrives.
        void input.return(undefined).catch(() => { });
    }
}
/** Compressed chunks the decompressor holds: one it works on and one waiting (the default sixteen held 16 MiB per layer). */
const INPUT_AHEAD = 2;
/**
 * Writes `chunks` into the decompressor, freeing each once it has consumed it (release.ts);
 * a failing source fails the decompressor, and a destroyed decompressor stops the feeding.
 */
async function feed(chunks, inflater) {
    let held = 0;
    let wake;
    const notify = () => {
        wake?.();
        wake = undefined;
    };
    inflater.on('close', notify);
    try {
        for (;;) {
            while (held >= INPUT_AHEAD && !inflater.destroyed)
                await new Promise((resolve) => (wake = resolve));
            if (inflater.destroyed)
                return;
            const next = await chunks.next();
            if (next.done)
                break;
            if (inflater.destroyed)
                return;
            const chunk = next.value;
            held++;
            inflater.write(chunk, (error) => {
                held--;
                if (!error)
                    release(chunk);
                notify();
            });
        }
        inflater.end();
    }
    catch (error) {
        inflater.destroy(error);
    }
    finally {
        inflater.off('close', notify);
    }
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/image/tar.ts


/** A tar stream that cannot be read: truncated, or a header that is not a tar header. */
class TarError extends Error {
    name = 'TarError';
}
const BLOCK = 512;
/** The PAX attributes of a member that has none: most members; one object for all of them. */
const NO_PAX = Object.freeze(Object.create(null));
/** Bodies of PAX and GNU long-name headers larger than this are hostile, not names. */
const MAX_META = 1024 * 1024;
/**
 * Walks a tar stream (ustar, GNU and PAX), yielding members; a body the caller does not read
 * is skipped (seeked over on disk). Unknown typeflags are yielded for the caller to ignore.
 * A reader with the bytes at hand (a file) is walked synchronously (see `walkTarSync`).
 */
async function* walkTar(reader) {
    if (reader.synchronous) {
        yield* walkTarSync(reader);
        return;
    }
    const steps = tarSteps(reader);
    let reply;
    for (let step = steps.next(reply); !step.done; step = steps.next(reply)) {
        const request = step.value;
        if (isMember(request)) {
            reply = undefined;
            yield request;
        }
        else
            reply = request.read !== undefined ? await reader.read(request.read) : await reader.skip(request.skip);
    }
}
/** `walkTar` over a file: no promise per header, which for 100,000 small members cost more than reading them. */
function* walkTarSync(reader) {
    const steps = tarSteps(reader);
    let reply;
    for (let step = steps.next(reply); !step.done; step = steps.next(reply)) {
        const request = step.value;
        if (isMember(request)) {
            reply = undefined;
            yield request;
        }
        else
            reply = request.read !== undefined ? reader.read(request.read) : reader.skip(request.skip);
    }
}
function isMember(step) {
    return 'name' in step;
}
/** The walk itself, written once for both kinds of reader: it asks for reads and skips, and yields members. */
function* tarSteps(reader) {
    let pax = NO_PAX;
    let longName;
    let longLink;
    for (;;) {
        const headerAt = reader.position;
        let header = (yield { read: BLOCK });
        if (header.length === 0)
            return; // end without the two zero blocks: what GNU tar accepts too
        if (header.length < BLOCK)
            throw new TarError(`truncated tar header at byte ${headerAt}`);
        if (isZeroBlock(header))
            return;
        verifyChecksum(header, headerAt);
        let typeflag = header[156] === 0 ? '\0' : String.fromCharCode(header[156]);
        // Links, devices, directories and fifos have no body, whatever the size field says (as Go's archive/tar reads them).
        const size = '123456'.includes(typeflag) ? 0 : readNumber(header, 124, 12);
        if (size < 0)
            throw new TarError(`negative size in the tar header at byte ${headerAt}`);
        if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
            if (size > MAX_META)
                throw new TarError(`a ${typeflag} header of ${size} bytes at byte ${headerAt} is too large`);
            const body = (yield* readBody(size, headerAt));
            if (typeflag === 'x')
                pax = { ...pax, ...parsePax(body, headerAt) };
            else if (typeflag === 'L')
                longName = cString(body, 0, body.length);
            else if (typeflag === 'K')
                longLink = cString(body, 0, body.length);
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
                const ext = (yield { read: BLOCK });
                if (ext.length < BLOCK)
                    throw new TarError(`truncated sparse header at byte ${headerAt}`);
                extended = ext[504] !== 0;
                extraBlocks++;
            }
        }
        let name = longName ?? attrs.path ?? ustarName(header);
        if (attrs['GNU.sparse.name'])
            name = attrs['GNU.sparse.name'];
        // Old tars mark directories by a trailing slash on a NUL typeflag.
        if (typeflag === '\0')
            typeflag = name.endsWith('/') ? '5' : '0';
        const sparseSize = attrs['GNU.sparse.realsize'] ?? attrs['GNU.sparse.size'];
        if (sparseSize)
            realSize = paxNumber(sparseSize, 'GNU.sparse.realsize', headerAt);
        const bodySize = attrs.size !== undefined && !'123456'.includes(typeflag) ? paxNumber(attrs.size, 'size', headerAt) : size;
        if (typeflag !== 'S' && !sparseSize)
            realSize = bodySize;
        const member = {
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
        for (const field of ['size', 'realSize', 'uid', 'gid']) {
            if (!Number.isSafeInteger(member[field]) || member[field] < 0)
                throw new TarError(`bad ${field} for ${shortName(name)} at byte ${headerAt}`);
        }
        pax = NO_PAX;
        longName = undefined;
        longLink = undefined;
        yield member;
        // Whatever the caller left unread of the body, plus padding to the next block.
        const end = member.offset + member.size + padding(member.size);
        const left = end - reader.position;
        if (left > 0) {
            const skipped = (yield { skip: left });
            if (skipped < left) {
                // The last entry's padding may be missing in archives that end without zero blocks.
                if (reader.position < member.offset + member.size)
                    throw new TarError(`truncated tar: ${name} ends early`);
                return;
            }
        }
    }
}
/** Cleans a member name into an absolute path inside the root: `./a/../b/` → `/b`; `..` never escapes. */
function cleanPath(name) {
    const rooted = name.startsWith('./') ? name.slice(1) : name.startsWith('/') ? name : `/${name}`;
    // Most names are clean already (`usr/bin/x`, `./etc/`); normalize, the slow part, is for the rest.
    const normal = UNCLEAN.test(rooted) ? external_node_path_.posix.normalize(rooted) : rooted;
    return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}
/** A doubled slash, or a `.` or `..` component. */
const UNCLEAN = /\/\/|\/\.\.?(\/|$)/;
function padding(size) {
    return (BLOCK - (size % BLOCK)) % BLOCK;
}
function* readBody(size, headerAt) {
    // One read with the padding: a read's bytes are valid only until the reader's next call.
    const pad = padding(size);
    const block = (yield { read: size + pad });
    if (block.length < size)
        throw new TarError(`truncated tar: header at byte ${headerAt} has ${size - block.length} bytes missing`);
    if (block.length < size + pad)
        throw new TarError(`truncated tar after the header at byte ${headerAt}`);
    return block.subarray(0, size);
}
function isZeroBlock(block) {
    for (let i = 0; i < BLOCK; i++)
        if (block[i] !== 0)
            return false;
    return true;
}
function verifyChecksum(header, at) {
    // The checksum field counts as spaces.
    let unsigned = 8 * 0x20 + byteSum(header);
    for (let i = 148; i < 156; i++)
        unsigned -= header[i];
    const stored = readOctal(header, 148, 8);
    if (stored === unsigned)
        return;
    // Old tars summed signed bytes, so that sum is accepted too (counted only then: headers are read by the hundred thousand).
    let high = 0;
    for (let i = 0; i < BLOCK; i++)
        if (header[i] > 127 && (i < 148 || i >= 156))
            high++;
    if (stored !== unsigned - 256 * high)
        throw new TarError(`not a tar header at byte ${at} (checksum mismatch)`);
}
/**
 * The sum of a block's 512 bytes. A block aligned in memory (a file's headers are) is summed four
 * bytes at a time, two bytes per 16-bit lane (a lane adds up at most 128 × 255): about half the
 * time of a byte loop, for a check made on every header.
 */
function byteSum(block) {
    if (block.byteOffset % 4 !== 0) {
        let sum = 0;
        for (let i = 0; i < BLOCK; i++)
            sum += block[i];
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
function readNumber(header, offset, length) {
    const first = header[offset];
    if (first === 0xff)
        return -1; // negative base-256: never valid for sizes or ids
    if (first & 0x80) {
        let value = first & 0x7f;
        for (let i = 1; i < length; i++)
            value = value * 256 + header[offset + i];
        return value;
    }
    return readOctal(header, offset, length);
}
function readOctal(header, offset, length) {
    const end = offset + length;
    let i = offset;
    while (i < end && header[i] === 0x20)
        i++;
    let value = 0;
    for (; i < end; i++) {
        const c = header[i];
        if (c < 0x30 || c > 0x37)
            break;
        value = value * 8 + (c - 0x30);
    }
    return value;
}
function cString(buffer, offset, length) {
    let end = offset;
    let high = 0;
    const limit = offset + length;
    while (end < limit && buffer[end] !== 0)
        high |= buffer[end++];
    // ASCII, as almost every name is, decodes the same as Latin-1, without a view or a UTF-8 check.
    return high < 0x80 ? buffer.toString('latin1', offset, end) : decodeName(buffer.subarray(offset, end));
}
/**
 * Names are bytes: valid UTF-8 reads as text, and each byte of an invalid sequence becomes a lone
 * surrogate U+DC80..U+DCFF (Python's surrogateescape). No valid text decodes to those, so two
 * names that differ as bytes stay different paths, as they are to the runtime (`b\xfe` and
 * `b\xff` are two files, not one); reporters print lone surrogates as U+FFFD.
 */
function decodeName(bytes) {
    if ((0,external_node_buffer_.isUtf8)(bytes))
        return bytes.toString('utf8');
    let out = '';
    let at = 0;
    while (at < bytes.length) {
        const length = sequenceLength(bytes[at]);
        if (length > 0 && at + length <= bytes.length && (0,external_node_buffer_.isUtf8)(bytes.subarray(at, at + length))) {
            out += bytes.toString('utf8', at, at + length);
            at += length;
        }
        else {
            out += String.fromCharCode(0xdc00 + bytes[at]);
            at += 1;
        }
    }
    return out;
}
/** The length a UTF-8 sequence starting with `lead` would have; 0 for a byte no sequence starts with. */
function sequenceLength(lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        return 2;
    if (lead >= 0xe0 && lead <= 0xef)
        return 3;
    if (lead >= 0xf0 && lead <= 0xf4)
        return 4;
    return 0;
}
/** The number of bytes `decodeName` read to give `name`. */
function nameByteLength(name) {
    let escaped = 0;
    for (let i = 0; i < name.length; i++) {
        const code = name.charCodeAt(i);
        // A lone low surrogate is one escaped byte; Buffer.byteLength counts it as the 3 bytes of U+FFFD.
        if (code >= 0xdc80 && code <= 0xdcff && !(i > 0 && name.charCodeAt(i - 1) >= 0xd800 && name.charCodeAt(i - 1) <= 0xdbff))
            escaped++;
    }
    return Buffer.byteLength(name) - 2 * escaped;
}
/** A name cut for messages. */
function shortName(name) {
    return name.length > 80 ? `${name.slice(0, 77)}…` : name;
}
/** A PAX number: decimal digits only, as Go's archive/tar reads it (which fails the whole layer otherwise). */
function paxNumber(value, key, headerAt) {
    if (!/^[0-9]{1,16}$/.test(value))
        throw new TarError(`the PAX record ${key}=${shortName(value)} of the entry at byte ${headerAt} is not a number`);
    return Number(value);
}
const USTAR_MAGIC = [...Buffer.from('ustar\0', 'latin1')];
function ustarName(header) {
    const name = cString(header, 0, 100);
    // POSIX ustar ("ustar\0") has a prefix field; GNU ("ustar  \0") uses those bytes for other things.
    const posixUstar = USTAR_MAGIC.every((byte, i) => header[257 + i] === byte);
    if (posixUstar && header[345] !== 0)
        return `${cString(header, 345, 155)}/${name}`;
    return name;
}
/**
 * PAX extended header records: `"%d %s=%s\n"`. A path or linkpath holding a NUL byte fails the
 * layer, as it does in Go's archive/tar (Docker: "archive/tar: invalid tar header").
 */
function parsePax(body, headerAt = 0) {
    const out = Object.create(null);
    let at = 0;
    while (at < body.length) {
        const space = body.indexOf(0x20, at);
        if (space < 0)
            break;
        const length = Number(body.toString('latin1', at, space));
        if (!Number.isInteger(length) || length <= 0 || at + length > body.length)
            break;
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

;// CONCATENATED MODULE: ./src/image/layer-index.ts






const TYPES = {
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
function indexLayerStream(chunks, ref, capture, what, budget = new ReadBudget()) {
    return indexTarStream(decompress(chunks, what), ref, capture, what, budget);
}
/** Indexes a layer given as the chunks of its uncompressed tar, reading them to the end. */
async function indexTarStream(chunks, ref, capture, what, budget = new ReadBudget()) {
    const reader = new StreamReader(chunks);
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
}
/**
 * Reads one layer tar once: a record per entry, whiteouts apart, and the bodies the
 * capture request asks for; everything else is skipped (seeked over when on disk).
 * Names no runtime could create (see MAX_PATH_BYTES) fail the layer, as they fail its unpack.
 */
async function indexTar(reader, ref, capture, what, budget = new ReadBudget()) {
    const layer = new LayerRecords(reader.position, capture, what, budget);
    try {
        // The same loop twice: a file is walked without a promise per entry.
        if (reader.synchronous) {
            for (const member of walkTarSync(reader)) {
                const body = layer.add(member);
                if (!body)
                    continue;
                const { collector } = body;
                // In a file, a collector that can reads only what it needs: an executable's tables, not its whole body.
                if (collector.readAt) {
                    const read = (offset, length) => reader.readAt(member.offset + offset, Math.min(length, member.size - offset));
                    layer.captured(body, collector.readAt(read, body.entry.size));
                }
                else {
                    for (const chunk of reader.chunks(member.size))
                        if (!collector.push(chunk))
                            break;
                    layer.captured(body, collector.finish(body.entry.size));
                }
            }
        }
        else {
            for await (const member of walkTar(reader)) {
                const body = layer.add(member);
                if (!body)
                    continue;
                for await (const chunk of reader.chunks(member.size))
                    if (!body.collector.push(chunk))
                        break;
                layer.captured(body, body.collector.finish(body.entry.size));
            }
        }
    }
    catch (error) {
        if (error instanceof TarError)
            throw new errors/* UserError */.yo(`${what}: ${error.message}`);
        throw error;
    }
    return layer.finish(ref, reader.position);
}
/** What `indexTar` keeps of a layer's members as they come. */
class LayerRecords {
    entries = [];
    whiteouts = [];
    bodies = new Map();
    directories = new DirectoryNames();
    contentSize = 0;
    start;
    capture;
    what;
    budget;
    constructor(start, capture, what, budget) {
        this.start = start;
        this.capture = capture;
        this.what = what;
        this.budget = budget;
    }
    /** Records a member; returns where its body should go when the facts asked for it. */
    add(member) {
        this.budget.checkBytes(member.offset + member.size - this.start, this.what);
        const type = TYPES[member.typeflag];
        if (!type)
            return undefined; // PAX/GNU volume and other metadata members carry no file
        const path = cleanPath(member.name);
        if (path === '/')
            return undefined;
        this.budget.countEntry(this.what);
        checkName(path, 'path');
        // A later entry for the same path replaces the earlier one, and so do its captured bytes (or their absence).
        this.bodies.delete(path);
        const base = path.includes(WHITEOUT_MARK) ? external_node_path_.posix.basename(path) : '';
        if (base.startsWith(WHITEOUT_PREFIX)) {
            const dir = external_node_path_.posix.dirname(path);
            if (base === OPAQUE)
                this.whiteouts.push({ path: dir, opaque: true });
            else
                this.whiteouts.push({ path: external_node_path_.posix.join(dir, base.slice(WHITEOUT_PREFIX.length)), opaque: false });
            return undefined;
        }
        const slash = path.lastIndexOf('/');
        const entry = {
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
        }
        else if (type === 'hardlink') {
            entry.target = cleanPath(member.linkname);
            checkName(entry.target, 'hard link target');
        }
        this.entries.push(entry);
        if (type !== 'file')
            return undefined;
        this.contentSize += entry.size;
        const collector = this.capture(path, entry);
        return collector && { path, entry, collector };
    }
    /** Keeps what the collector took of a wanted body. */
    captured({ path }, file) {
        this.bodies.set(path, file);
    }
    finish(ref, end) {
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
    last = '/';
    known = new Map();
    /** The directory part of `path` (a clean absolute path whose last slash is at `slash`). */
    of(path, slash) {
        if (slash === 0)
            return '/';
        if (slash === this.last.length && path.startsWith(this.last))
            return this.last;
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
function ownString(part) {
    return part.length < SHORTEST_VIEW ? part : Buffer.from(part).toString();
}
/** An entry's clean absolute path. */
function entryPath(entry) {
    return entry.dir === '/' ? `/${entry.name}` : `${entry.dir}/${entry.name}`;
}
/** An entry as `ls --layer` lists it: its path in place of its directory and name. */
function listedEntry({ dir, name, ...fields }) {
    return { path: entryPath({ dir, name }), ...fields };
}
/** Refuses a path Linux cannot create, naming the limit; every runtime's unpack would stop there. */
function checkName(path, what) {
    // Most paths are short enough that no component can be too long.
    if (path.length <= MAX_NAME_BYTES / 3)
        return;
    const bytes = nameByteLength(path);
    if (bytes > MAX_PATH_BYTES)
        throw new TarError(`a ${what} of ${bytes} bytes (${shortName(path)}); Linux allows ${MAX_PATH_BYTES}, so no runtime can unpack this layer`);
    if (bytes <= MAX_NAME_BYTES)
        return;
    for (const name of path.split('/')) {
        const length = nameByteLength(name);
        if (length > MAX_NAME_BYTES)
            throw new TarError(`a name of ${length} bytes in ${shortName(path)}; Linux allows ${MAX_NAME_BYTES}, so no runtime can unpack this layer`);
    }
}
/** A layer the source cannot read (foreign or missing): no entries, but its sizes where known. */
function absentLayer(ref, reason) {
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

;// CONCATENATED MODULE: ./src/image/filesystem.ts



/**
 * One path of the merged tree. A node keeps the layer's own entry object (no copy per path), whose
 * `name` is its key in the parent's map; its path is where it sits (an entry under a symlinked
 * parent lands below the link's target), built when walked. It stores only what the merge
 * changed: the target a hard link shares its bytes with. A node's place in the tree never changes.
 */
class TreeNode {
    entry;
    layer;
    children;
    link;
    /** The children by name, sorted on the first walk: the tree is complete before anything walks it. */
    sorted;
    constructor(entry, layer) {
        this.entry = entry;
        this.layer = layer;
        this.children = entry.type === 'dir' ? new Map() : undefined;
        this.link = undefined;
        this.sorted = undefined;
    }
}
/** Linux gives up after 40 symlinks in one lookup (ELOOP); so do we. */
const MAX_HOPS = 40;
/** Components one lookup may walk through symlink targets, besides its own: no real lookup comes near. */
const MAX_LINK_STEPS = 4096;
const NOT_FOUND = { found: false, reason: 'no such file or directory' };
const NOT_A_DIRECTORY = { found: false, reason: 'not a directory' };
const LOOP = { found: false, reason: 'too many levels of symbolic links' };
/**
 * The filesystem a container sees: layers applied in order as the OCI layer spec says
 * (whiteouts and opaque directories before the layer's own entries, a non-directory replacing
 * a whole subtree, parents resolved through symlinks inside the image, never outside it).
 * Missing parents are created, for entries and whiteouts alike, as runtimes unpack them.
 * Every step is linear in the length of the path it handles, so hostile names cost no more
 * than their bytes.
 */
class MergedFilesystem {
    root;
    layers;
    maxImplied;
    implied = 0;
    /**
     * The directory each `dir` of this layer's entries went into: tars come back to a directory after
     * each of its subdirectories, and nine lookups in ten repeat one. Forgotten whenever a node is replaced.
     */
    parents = new Map();
    constructor(layers, limits) {
        this.layers = layers;
        this.maxImplied = limits.maxEntries;
        this.root = new TreeNode(directoryEntry('/', ''), -1);
    }
    static merge(layers, limits = limitsFromEnv()) {
        const fs = new MergedFilesystem(layers, limits);
        layers.forEach((layer, i) => fs.apply(layer, i));
        return fs;
    }
    apply(layer, index) {
        this.parents.clear();
        for (const whiteout of layer.whiteouts) {
            // Runtimes create a whiteout's missing parents (the marker of an opaque directory sits inside it),
            // but a whiteout below a file or a dangling symlink only fails their unpack: it changes nothing here.
            if (whiteout.opaque) {
                this.directoryAt(whiteout.path, index, false)?.children?.clear();
            }
            else if (whiteout.path !== '/') {
                const { dir, name } = split(whiteout.path);
                this.directoryAt(dir, index, false)?.children?.delete(name);
            }
        }
        for (const entry of layer.entries)
            this.add(entry, index);
    }
    add(entry, layer) {
        const { dir, name } = entry;
        let parent = this.parents.get(dir);
        if (parent === undefined) {
            parent = this.directoryAt(dir, layer, true);
            this.parents.set(dir, parent);
        }
        const children = parent.children;
        const existing = children.get(name);
        if (entry.type === 'dir' && existing?.children) {
            existing.entry = entry;
            existing.layer = layer;
            return;
        }
        // Runtimes remove what the entry replaces before creating it: a hard link cannot reach into it.
        if (existing) {
            children.delete(name);
            // It may have been (or led to) a remembered parent.
            this.parents.clear();
        }
        const node = new TreeNode(entry, layer);
        if (entry.type === 'hardlink' && entry.target) {
            const target = this.lookup(entry.target, false);
            const content = target.found ? contentOf(target.node) : undefined;
            if (target.found && content)
                node.link = { content, size: sizeOf(target.node), path: target.path };
        }
        children.set(name, node);
    }
    /**
     * The directory at `dir` (a clean absolute path), its parents followed through symlinks;
     * missing directories are created, as runtimes do. A file or a dangling symlink in the way is
     * replaced when `replace` (an entry must land somewhere), else there is no directory. While no
     * symlink has been followed, the merged path is a prefix of `dir`, so no string is built per component.
     */
    directoryAt(dir, layer, replace) {
        let current = this.root;
        // After a symlink: the real path of the directory it led to, and where in `dir` the rest begins.
        let base;
        let rest = 0;
        const pathTo = (end) => (base === undefined ? dir.slice(0, end) || '/' : base + dir.slice(rest, end) || '/');
        for (let start = 1; start < dir.length;) {
            let end = dir.indexOf('/', start);
            if (end < 0)
                end = dir.length;
            const name = dir.slice(start, end);
            const children = current.children;
            let next = children.get(name);
            if (next?.entry.type === 'symlink') {
                const resolved = this.lookup(pathTo(end), true);
                if (resolved.found && resolved.node.children) {
                    current = resolved.node;
                    base = resolved.path === '/' ? '' : resolved.path;
                    rest = end;
                    start = end + 1;
                    continue;
                }
                // Dangling, looping or not a directory: a runtime would fail here.
                if (!replace)
                    return undefined;
                next = undefined;
            }
            if (!next?.children) {
                if (next && !replace)
                    return undefined;
                if (++this.implied > this.maxImplied) {
                    const where = this.layers[layer]?.digest ?? this.layers[layer]?.diffId ?? String(layer);
                    throw new errors/* UserError */.yo(`layer ${where}: the image's layers imply more than ${this.maxImplied} directories that none of them lists; if it really has that many, raise ${LIMIT_VARIABLES.maxEntries}`);
                }
                next = new TreeNode(directoryEntry(pathTo(start - 1), name), layer);
                children.set(name, next);
            }
            current = next;
            start = end + 1;
        }
        return current;
    }
    /**
     * Walks `path` from the root, following symlinks in every component but the last unless
     * `followLast`; `..` stops at the root, so no lookup leaves the image.
     */
    lookup(path, followLast) {
        // Components still to walk, the next one last.
        const pending = path.split('/').reverse();
        const stack = [this.root];
        const names = [];
        let hops = 0;
        let steps = pending.length + MAX_LINK_STEPS;
        while (pending.length > 0) {
            if (--steps < 0)
                return LOOP;
            const name = pending.pop();
            if (name === '' || name === '.')
                continue;
            if (name === '..') {
                if (stack.length > 1) {
                    stack.pop();
                    names.pop();
                }
                continue;
            }
            const children = stack[stack.length - 1].children;
            if (!children)
                return NOT_A_DIRECTORY;
            const node = children.get(name);
            if (!node)
                return NOT_FOUND;
            if (node.entry.type === 'symlink' && (followLast || pending.some((part) => part !== ''))) {
                if (++hops > MAX_HOPS)
                    return LOOP;
                const target = node.entry.target ?? '';
                if (target === '')
                    return NOT_FOUND;
                if (target.startsWith('/')) {
                    stack.length = 1;
                    names.length = 0;
                }
                const parts = target.split('/');
                for (let i = parts.length - 1; i >= 0; i--)
                    pending.push(parts[i]);
                continue;
            }
            stack.push(node);
            names.push(name);
        }
        return { found: true, path: names.length === 0 ? '/' : `/${names.join('/')}`, node: stack[stack.length - 1] };
    }
    lstat(path) {
        const found = this.lookup(path, false);
        return found.found ? fsNode(found.node, found.path) : undefined;
    }
    resolve(path) {
        const found = this.lookup(path, true);
        return found.found ? { path: found.path, node: fsNode(found.node, found.path) } : undefined;
    }
    /** Why `resolve(path)` finds nothing, in the words of errno (`too many levels of symbolic links`); undefined when it finds something. */
    whyMissing(path) {
        const found = this.lookup(path, true);
        return found.found ? undefined : found.reason;
    }
    list(dir) {
        const found = this.lookup(dir, true);
        return found.found && found.node.children ? [...found.node.children.keys()].sort() : [];
    }
    captured(path) {
        const found = this.lookup(path, true);
        const content = found.found ? contentOf(found.node) : undefined;
        return content && this.layers[content.layer]?.captured.get(content.path);
    }
    /** The path under which the layer that wrote this file's bytes stored them (symlinks and hard links followed). */
    contentPath(path) {
        const found = this.lookup(path, true);
        return found.found ? contentOf(found.node)?.path : undefined;
    }
    /** Every node in tree order (children sorted by name), the root excluded. */
    *walk(from = '/') {
        const start = this.lookup(from, true);
        if (!start.found)
            return;
        for (const [node, path] of treeOrder(start.node, start.path, start.node !== this.root))
            yield fsNode(node, path);
    }
    /**
     * The nodes whose entry passes `test`, in `walk` order. For the few among many (setuid files):
     * the tree is walked unsorted and a path is built only for directories and matches.
     */
    find(test) {
        const found = [];
        const pending = [[this.root, '']];
        while (pending.length > 0) {
            const [dir, dirPath] = pending.pop();
            for (const child of dir.children?.values() ?? []) {
                const matches = test(child.entry);
                if (!matches && !child.children)
                    continue;
                const path = `${dirPath}/${child.entry.name}`;
                if (matches)
                    found.push(fsNode(child, path));
                if (child.children)
                    pending.push([child, path]);
            }
        }
        return found.sort((a, b) => comparePaths(a.path, b.path));
    }
    /**
     * Bytes stored in each layer that the merged view does not show (overwritten, deleted,
     * or under a replaced directory): a layer's file bytes minus those still visible.
     */
    hiddenBytes() {
        const visible = this.layers.map(() => 0);
        const pending = [this.root];
        while (pending.length > 0) {
            for (const child of pending.pop().children?.values() ?? []) {
                if (child.children)
                    pending.push(child);
                else if (child.entry.type === 'file')
                    visible[child.layer] += child.entry.size;
            }
        }
        const perLayer = this.layers.map((layer, i) => layer.contentSize - visible[i]);
        return { total: perLayer.reduce((a, b) => a + b, 0), perLayer };
    }
    /**
     * Visible file bytes below each directory `depth` levels down or less (`/usr` is 1, `/usr/lib`
     * 2), for the directories that hold a regular file; hard links are not counted twice. Summed
     * per directory, so no path is built or looked up per file.
     */
    directorySizes(depth) {
        const sizes = new Map();
        // Each directory with its level and the counted directories (itself included) its files add to.
        const pending = [{ dir: this.root, path: '/', level: 0, counted: [] }];
        while (pending.length > 0) {
            const { dir, path, level, counted } = pending.pop();
            let bytes = 0;
            let files = false;
            for (const child of dir.children?.values() ?? []) {
                if (child.children) {
                    const childPath = level < depth ? entryPath({ dir: path, name: child.entry.name }) : path;
                    pending.push({ dir: child, path: childPath, level: level + 1, counted: level < depth ? [...counted, childPath] : counted });
                }
                else if (child.entry.type === 'file') {
                    bytes += child.entry.size;
                    files = true;
                }
            }
            if (files)
                for (const counts of counted)
                    sizes.set(counts, (sizes.get(counts) ?? 0) + bytes);
        }
        return sizes;
    }
}
/** `start` at `startPath` (when `withStart`) and everything below it with their paths, children sorted by name. */
function* treeOrder(start, startPath, withStart) {
    if (withStart)
        yield [start, startPath];
    // An explicit stack keeps 1,000-deep trees from overflowing the call stack.
    const pending = [];
    const pushChildren = (dir, dirPath) => {
        const children = sortedChildren(dir);
        const prefix = dirPath === '/' ? '/' : `${dirPath}/`;
        for (let i = children.length - 1; i >= 0; i--)
            pending.push([children[i], prefix + children[i].entry.name]);
    };
    if (start.children)
        pushChildren(start, startPath);
    while (pending.length > 0) {
        const next = pending.pop();
        yield next;
        if (next[0].children)
            pushChildren(next[0], next[1]);
    }
}
/** What `ls` shows for a node at `path`: a fresh object, so callers cannot change the tree. */
function fsNode(node, path) {
    const { entry } = node;
    const out = {
        path,
        type: entry.type,
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        size: sizeOf(node),
        layer: node.layer,
    };
    if (entry.target !== undefined)
        out.target = entry.target;
    if (node.link)
        out.linkedPath = node.link.path;
    return out;
}
function contentOf(node) {
    if (node.link)
        return node.link.content;
    return node.entry.type === 'file' ? { layer: node.layer, path: entryPath(node.entry) } : undefined;
}
function sizeOf(node) {
    return node.link ? node.link.size : node.entry.size;
}
function sortedChildren(node) {
    // A child's key is its entry's name: sorting the nodes by it needs no [name, node] pairs.
    node.sorted ??= [...(node.children?.values() ?? [])].sort(({ entry: { name: a } }, { entry: { name: b } }) => (a < b ? -1 : a > b ? 1 : 0));
    return node.sorted;
}
/** `/a/b` → `/a` and `b`; `/a` → `/` and `a`. */
function split(path) {
    const slash = path.lastIndexOf('/');
    return { dir: slash <= 0 ? '/' : path.slice(0, slash), name: path.slice(slash + 1) };
}
function directoryEntry(dir, name) {
    return { dir, name, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 };
}
/** Path order as `walk` lists paths: component by component, so a directory's contents follow it. */
function comparePaths(a, b) {
    const left = a.split('/');
    const right = b.split('/');
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
        if (left[i] !== right[i])
            return left[i] < right[i] ? -1 : 1;
    }
    return left.length - right.length;
}

;// CONCATENATED MODULE: ./src/facts/binaries.ts

const SHELL_NAMES = ['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox', 'toybox'];
const PACKAGE_MANAGER_NAMES = ['apt', 'apt-get', 'dpkg', 'apk', 'yum', 'dnf', 'microdnf', 'rpm', 'zypper', 'pacman'];
/** Where runtimes and people look for programs, beyond the image's own PATH. */
const USUAL_BIN_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/busybox'];
/** Docker's PATH when the image sets none. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/**
 * Programs with one of `names` in the PATH directories and the usual bin directories, found
 * through symlinked directories (`/bin` → `usr/bin`), symlinked names (`sh` → `busybox`) and hard
 * links; each real file is reported once, under the first path that reaches it. A name whose
 * symlink dangles (or leads to a directory) is not counted: nothing can run it.
 */
function findBinaries(fs, names, pathDirs) {
    const wanted = new Set(names);
    const seenDirs = new Set();
    const seenFiles = new Set();
    const found = [];
    for (const dir of [...pathDirs, ...USUAL_BIN_DIRS]) {
        const realDir = fs.resolve(dir);
        if (!realDir || realDir.node.type !== 'dir' || seenDirs.has(realDir.path))
            continue;
        seenDirs.add(realDir.path);
        for (const name of fs.list(dir)) {
            if (!wanted.has(name))
                continue;
            const path = external_node_path_.posix.join(dir, name);
            const target = fs.resolve(path);
            if (!target || (target.node.type !== 'file' && target.node.type !== 'hardlink'))
                continue;
            // Hard links share one file: the path they were linked to stands for it.
            const realPath = target.node.linkedPath ?? target.path;
            if (seenFiles.has(realPath))
                continue;
            seenFiles.add(realPath);
            found.push({ name, path, realPath, layer: target.node.layer, ...(realPath !== path ? { via: realPath } : {}) });
        }
    }
    return found;
}
/** The directories of a `PATH` value, absolute ones only (a relative entry is resolved against nothing at exec time). */
function pathDirectories(path) {
    return (path ?? DEFAULT_PATH).split(':').filter((dir) => dir.startsWith('/'));
}

;// CONCATENATED MODULE: ./src/facts/entrypoint.ts





/**
 * Whether argv runs a shell on a command string: a shell whose options include `-c`, as shell-form
 * instructions store it (`/bin/sh -c`, or the Dockerfile's SHELL such as `/bin/bash -o pipefail -c`).
 */
function isShellForm(argv) {
    if (!argv || !SHELL_NAMES.includes(external_node_path_.posix.basename(argv[0] ?? '')))
        return false;
    for (let i = 1; i < argv.length; i++) {
        const arg = argv[i];
        // Options end at `--` or at the first operand (a script file).
        if (arg === '--' || !/^(?:--?|\+)[A-Za-z]/.test(arg))
            return false;
        if (/^-[A-Za-z]*c/.test(arg))
            return true;
        if (/^[-+][oO]$/.test(arg))
            i++; // `-o pipefail`: the option's name is not an operand
    }
    return false;
}
function envOf(config) {
    const env = new Map();
    for (const item of config.config?.Env ?? []) {
        const eq = item.indexOf('=');
        if (eq > 0)
            env.set(item.slice(0, eq), item.slice(eq + 1));
    }
    return env;
}
function entrypointFacts(fs, config) {
    const entrypoint = config.config?.Entrypoint ?? [];
    const cmd = config.config?.Cmd ?? [];
    const argv = [...entrypoint, ...cmd];
    const env = envOf(config);
    const test = config.config?.Healthcheck?.Test ?? [];
    return {
        entrypoint,
        cmd,
        argv,
        entrypointShellForm: isShellForm(entrypoint),
        // With an Entrypoint, Cmd is only its arguments.
        cmdShellForm: entrypoint.length === 0 && isShellForm(cmd),
        healthcheckShellForm: test[0] === 'CMD-SHELL' || (test[0] === 'CMD' && isShellForm(test.slice(1))),
        program: argv.length > 0 ? programFacts(fs, argv[0], config.config?.WorkingDir || '/', env) : undefined,
    };
}
function located(fs, path) {
    const found = fs.resolve(path);
    if (!found)
        return undefined;
    const regular = found.node.type === 'file' || found.node.type === 'hardlink';
    return { path: found.path, layer: found.node.layer, type: found.node.type, mode: found.node.mode, regular };
}
/**
 * Finds a command the way runc does: a path from WorkingDir as it is (whatever it is); a name
 * through PATH, taking the first executable regular file (else the first regular one, so a
 * missing x bit can be reported).
 */
function locate(fs, command, workingDir, env) {
    if (command.includes('/'))
        return located(fs, external_node_path_.posix.resolve(workingDir, command));
    let firstRegular;
    for (const dir of pathDirectories(env.get('PATH'))) {
        const found = located(fs, external_node_path_.posix.join(dir, command));
        if (!found?.regular)
            continue;
        if ((found.mode & 0o111) !== 0)
            return found;
        firstRegular ??= found;
    }
    return firstRegular;
}
function programFacts(fs, command, workingDir, env) {
    const found = locate(fs, command, workingDir, env);
    if (!found)
        return { command, executable: false, kind: 'missing' };
    const executable = found.regular && (found.mode & 0o111) !== 0;
    const base = { command, path: found.path, layer: found.layer, type: found.type, mode: found.mode, executable };
    if (!found.regular)
        return { ...base, kind: 'other' };
    const captured = fs.captured(found.path);
    if (!captured)
        return { ...base, kind: 'unknown' };
    const elf = capturedElf(captured);
    if (elf) {
        const libraries = elf.dynamic || elf.interpreter ? resolveLibraries(fs, found.path, elf, { LD_LIBRARY_PATH: env.get('LD_LIBRARY_PATH') }) : undefined;
        return { ...base, kind: 'elf', elf, ...(libraries ? { libraries } : {}) };
    }
    const shebang = parseShebang(captured.head);
    if (!shebang)
        return { ...base, kind: 'other' };
    // The kernel opens the interpreter as written: no PATH search, a relative path from the working directory.
    const interpreter = located(fs, external_node_path_.posix.resolve(workingDir, shebang.interpreter));
    const envCommand = external_node_path_.posix.basename(shebang.interpreter) === 'env' ? envCommandOf(shebang.argument) : undefined;
    const envFound = envCommand !== undefined ? locate(fs, envCommand, workingDir, env) : undefined;
    return {
        ...base,
        kind: 'script',
        interpreter: {
            command: shebang.interpreter,
            ...(interpreter?.regular ? { path: interpreter.path } : {}),
            ...(shebang.argument !== undefined ? { argument: shebang.argument } : {}),
            ...(envCommand !== undefined ? { envCommand: { command: envCommand, ...(envFound?.regular ? { path: envFound.path } : {}) } } : {}),
        },
    };
}
/**
 * The program `env` runs for a `#!/usr/bin/env ARG` line. The kernel passes ARG as one argument, so
 * `python3 -u` is a program of that name; with `-S` env splits it and skips options and assignments.
 */
function envCommandOf(argument) {
    if (argument === undefined)
        return undefined;
    const split = /^-S\s*(.*)$/.exec(argument);
    if (!split)
        return argument;
    return split[1].split(/\s+/).find((word) => word !== '' && !word.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
}

// EXTERNAL MODULE: ./src/common/glob.ts
var glob = __webpack_require__(8807);
;// CONCATENATED MODULE: ./src/facts/paths.ts



/**
 * The glob and, when its leading directories go through a symlink, the same glob on the real
 * directory: `/bin/curl` with `/bin -> usr/bin` must find `/usr/bin/curl`, the path the image stores.
 */
function globsThroughSymlinks(fs, glob) {
    const { base, glob: rest, isGlob } = picomatch_default().scan(glob);
    if (!base.startsWith('/'))
        return [glob];
    const dir = isGlob ? base : external_node_path_.posix.dirname(base);
    const tail = isGlob ? rest : external_node_path_.posix.basename(base);
    const real = fs.resolve(dir)?.path;
    return real === undefined || real === external_node_path_.posix.normalize(dir) ? [glob] : [glob, external_node_path_.posix.join(real, tail)];
}
/** Every path of the image, in walk order, that one of `globs` matches (through symlinked directories). */
function matchPaths(fs, globs) {
    if (globs.length === 0)
        return [];
    const matchers = globs.map((glob) => ({ glob, variants: globsThroughSymlinks(fs, glob) }));
    const matches = [];
    for (const node of fs.walk()) {
        const hit = matchers.find((matcher) => matcher.variants.some((variant) => (0,glob/* matchesGlob */.k)(variant, node.path)));
        if (hit)
            matches.push({ path: node.path, layer: node.layer, glob: hit.glob });
    }
    return matches;
}

;// CONCATENATED MODULE: ./src/facts/sizes.ts
const DIRECTORY_DEPTH = 2;
function sizeFacts(image, fs) {
    const hidden = fs?.hiddenBytes();
    const layers = image.layers.map((ref, i) => {
        const index = image.layerIndexes[i];
        return {
            index: i,
            diffId: ref.diffId,
            digest: ref.digest,
            compressed: storedUncompressed(ref.mediaType ?? index?.mediaType) ? undefined : (index?.compressedSize ?? ref.size),
            uncompressed: index?.tarSize ?? 0,
            content: index?.contentSize ?? 0,
            hidden: hidden?.perLayer[i] ?? 0,
            files: index?.entries.length ?? 0,
            ...(index?.absent ? { absent: index.absent } : {}),
        };
    });
    const compressedKnown = layers.every((layer) => layer.compressed !== undefined);
    return {
        ...(compressedKnown ? { compressed: layers.reduce((sum, layer) => sum + (layer.compressed ?? 0), 0) } : {}),
        uncompressed: layers.reduce((sum, layer) => sum + layer.uncompressed, 0),
        hidden: hidden?.total ?? 0,
        layers,
        directories: fs ? directorySizes(fs) : [],
    };
}
function directorySizes(fs) {
    return [...fs.directorySizes(DIRECTORY_DEPTH)].map(([path, size]) => ({ path, size })).sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
}
/**
 * `docker save` (Docker 25+) stores layers as plain tars: their stored size is not a compressed
 * size, and calling it one made such images look larger compressed than uncompressed.
 */
function storedUncompressed(mediaType) {
    return mediaType !== undefined && /tar$/.test(mediaType);
}

;// CONCATENATED MODULE: ./src/facts/index.ts










function gatherFacts(image, options = {}) {
    const fs = MergedFilesystem.merge(image.layerIndexes);
    const filesRead = image.layerIndexes.length === image.layers.length && image.layers.length > 0;
    const env = envOf(image.config);
    const pathDirs = pathDirectories(env.get('PATH'));
    const users = usersOf(fs);
    const groups = groupsOf(fs);
    const setuid = [];
    const worldWritable = [];
    // Most files are neither: only the others get a path.
    for (const node of fs.find((entry) => entry.type !== 'symlink' && (entry.mode & 0o6002) !== 0)) {
        const flag = { path: node.path, mode: node.mode, layer: node.layer, type: node.type };
        if ((node.type === 'file' || node.type === 'hardlink') && (node.mode & 0o6000) !== 0)
            setuid.push(flag);
        if ((node.mode & 0o002) !== 0)
            worldWritable.push(flag);
    }
    const sources = layerSources(image.config.history, image.layers.length);
    const facts = {
        filesRead,
        os: osFacts(fs),
        users,
        groups,
        user: runtimeUser(image.config.config?.User, users, groups),
        packages: packageInventories(fs),
        shells: findBinaries(fs, [...SHELL_NAMES, ...(options.extraShells ?? [])], pathDirs),
        packageManagers: findBinaries(fs, [...PACKAGE_MANAGER_NAMES, ...(options.extraPackageManagers ?? [])], pathDirs),
        entrypoint: entrypointFacts(fs, image.config),
        env: [...env],
        labels: image.config.config?.Labels ?? {},
        setuid,
        worldWritable,
        sizes: sizeFacts(image, filesRead ? fs : undefined),
        layerCommands: image.layers.map((_, i) => sources?.find((source) => source.layer === i)?.createdBy),
        baseImage: (0,base_image/* baseImageOf */.I)(image, options.dockerfileBase),
        ...(options.pathGlobs ? { pathMatches: matchPaths(fs, options.pathGlobs) } : {}),
    };
    return { facts, fs };
}

// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/image/sources/archive-links.ts



/**
 * Link members of an image archive. Docker 1.12 to 24 saves a layer identical to an earlier one
 * as a symlink to that layer's `layer.tar` (moby `tarexport/save.go`); hard links name their
 * target from the archive's root, symlinks from their own directory.
 */
class ArchiveLinks {
    label;
    targets = new Map();
    constructor(label) {
        this.label = label;
    }
    /** Records `member` when it is a link; false for every other member. */
    add(member) {
        if (member.typeflag !== '1' && member.typeflag !== '2')
            return false;
        const name = cleanPath(member.name).slice(1);
        const hard = member.typeflag === '1';
        const normal = external_node_path_.posix.normalize(hard ? member.linkname.replace(/^\/+/, '') : external_node_path_.posix.join(external_node_path_.posix.dirname(name), member.linkname));
        // An absolute symlink points into the host's filesystem once extracted.
        if ((!hard && member.linkname.startsWith('/')) || normal === '..' || normal.startsWith('../')) {
            throw new errors/* UserError */.yo(`${this.label}: ${name} links to ${member.linkname}, outside the archive`);
        }
        this.targets.set(name, cleanPath(normal).slice(1));
        return true;
    }
    /** The member a name stands for, following links to the end; a loop is refused. */
    resolve(name) {
        const seen = new Set();
        let current = name;
        for (let next = this.targets.get(current); next !== undefined; next = this.targets.get(current)) {
            seen.add(current);
            if (seen.has(next))
                throw new errors/* UserError */.yo(`${this.label}: ${name} is a link that loops back to ${next}`);
            current = next;
        }
        return current;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/image/sources/archive-stream.ts








const MAX_JSON = 16 * 1024 * 1024;
/**
 * Reads an image archive that cannot be seeked (`docker save` output, a compressed archive):
 * every layer is indexed as it passes, since the manifests that order the layers usually come
 * last; which format it is (legacy, Docker 25+ OCI layout, containerd store) is decided after.
 * Bodies that are skipped are charged to the budget too: decompressing them costs the same.
 * A blob is hashed as it passes and refused when its name is not its digest.
 */
async function readArchiveStream(body, label, options) {
    const json = new Map();
    const layers = new Map();
    const links = new ArchiveLinks(label);
    const budget = options.budget ?? new ReadBudget();
    const reader = new StreamReader(body);
    const skipped = (bytes, name) => {
        budget.checkBytes(bytes, `${label}: ${name}`);
        budget.addBytes(bytes);
    };
    for await (const member of walkTar(reader)) {
        if (links.add(member) || (member.typeflag !== '0' && member.typeflag !== '7'))
            continue;
        const name = cleanPath(member.name).slice(1);
        const end = reader.position + member.size;
        const digest = blobDigest(name);
        const hash = digest ? (0,external_node_crypto_.createHash)('sha256') : undefined;
        const head = Buffer.from(await reader.read(Math.min(member.size, 512)));
        hash?.update(head);
        /** The member's last `bytes`, which no one reads: charged, and hashed when the member is a blob. */
        const finish = async (bytes) => {
            skipped(bytes, name);
            if (!hash)
                return;
            for await (const chunk of reader.chunks(bytes))
                hash.update(chunk);
            const actual = `sha256:${hash.digest('hex')}`;
            if (actual !== digest)
                throw new errors/* UserError */.yo(`${label}: ${name}: content does not match its digest (got ${actual})`);
        };
        if (looksLikeTar(head, member.size)) {
            const what = `${label}: layer ${name}`;
            const rest = reader.chunks(member.size - head.length);
            const layerBody = (async function* () {
                yield head;
                for await (const chunk of rest) {
                    hash?.update(chunk);
                    yield chunk;
                }
            })();
            const ref = {};
            const index = sniffCompression(head) === 'none'
                ? { ...(await indexTar(new StreamReader(layerBody), ref, options.capture, what, budget)), tarSize: member.size }
                : await indexLayerStream(layerBody, ref, options.capture, what, budget);
            layers.set(name, index);
            // A tar's end-of-archive blocks may come before the member's end; what follows is not free.
            await finish(end - reader.position);
        }
        else if (head[0] === 0x7b /* { */ || head[0] === 0x5b /* [ */ || name === 'oci-layout') {
            if (member.size > MAX_JSON)
                throw new errors/* UserError */.yo(`${label}: ${name} is ${member.size} bytes, too large for a manifest or config`);
            const whole = Buffer.concat([head, await reader.read(member.size - head.length)]);
            hash?.update(whole.subarray(head.length));
            json.set(name, whole);
            await finish(0);
        }
        else
            await finish(member.size - head.length);
    }
    await reader.drain();
    const store = {
        label,
        seekable: false,
        has: (name) => json.has(links.resolve(name)) || layers.has(links.resolve(name)),
        size: (name) => json.get(links.resolve(name))?.length,
        read: async (name) => json.get(links.resolve(name)),
        open: async () => {
            throw new Error('a streamed archive is read in one pass; layers are indexed as they stream');
        },
    };
    const indexLayer = async (file, ref) => {
        if (ref.absent)
            return absentLayer(ref, ref.absent);
        const index = layers.get(links.resolve(file));
        if (!index)
            throw new errors/* UserError */.yo(`${label}: the archive does not include layer ${ref.diffId ?? file}`);
        return { ...index, diffId: ref.diffId, digest: ref.digest, mediaType: ref.mediaType, compressedSize: ref.size };
    };
    return { store, indexLayer };
}
/** A member named `blobs/sha256/<hex>` (an OCI layout's blob) names its own digest. */
function blobDigest(name) {
    const match = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name);
    return match ? `sha256:${match[1]}` : undefined;
}
function looksLikeTar(head, size) {
    if (sniffCompression(head) !== 'none')
        return true;
    if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar')
        return true;
    // An empty layer is just the two zero blocks.
    return size >= 1024 && head.length === 512 && head.every((byte) => byte === 0);
}

;// CONCATENATED MODULE: ./src/image/manifest.ts


const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];
const MAX_INDEX_DEPTH = 8;
/** Config media types of images; other configs belong to artifacts (Helm charts, signatures, `application/vnd.oci.empty.v1+json`). */
const IMAGE_CONFIG_TYPES = ['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json'];
/**
 * The images `resolveImages` resolves, refusing a tree that holds none with the reason: the
 * platform asked for is not there, the manifests are absent, or all are artifacts.
 */
async function resolveImages(reference, root, rootDigest, fetchJson, platform) {
    const { images, available, missing, artifacts } = await findImages(reference, root, rootDigest, fetchJson, platform);
    if (images.length === 0) {
        if (platform) {
            const list = [...new Set(available)].join(', ') || 'none';
            throw new errors/* UserError */.yo(`${reference}: no image for platform ${(0,image_platform/* formatPlatform */.Bq)(platform)}; it has: ${list}`);
        }
        if (missing.length > 0) {
            const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
            throw new errors/* UserError */.yo(`${reference}: the index lists no image manifest that is present: ${missing[0]} is missing${more}`);
        }
        if (artifacts > 0)
            throw new errors/* UserError */.yo(`${reference}: the index lists no image, only ${artifacts === 1 ? 'an artifact' : `${artifacts} artifacts`}`);
        throw new errors/* UserError */.yo(`${reference}: the index lists no image manifest`);
    }
    return images;
}
/**
 * Walks from an index or manifest to the image manifests of the platforms asked for (all when
 * none is given), skipping attestation manifests and artifacts. Nested indexes are followed;
 * each digest is read once, so a manifest listed twice (one per tag) is one image and fan-out
 * cannot multiply work; an index that contains itself, directly or further down, is refused.
 */
async function findImages(reference, root, rootDigest, fetchJson, platform) {
    const found = [];
    const available = [];
    const missing = [];
    const visited = new Set(rootDigest ? [rootDigest] : []);
    async function visit(document, digest, descriptor, ancestors) {
        if (ancestors.length > MAX_INDEX_DEPTH)
            throw new errors/* UserError */.yo(`${reference}: image indexes nest more than ${MAX_INDEX_DEPTH} deep`);
        const json = asManifest(document, reference, digest);
        const where = digest ?? 'the index';
        if (json.manifests) {
            const path = digest ? [...ancestors, digest] : ancestors;
            for (const [i, value] of json.manifests.entries()) {
                const child = asDescriptor(value, `${where} manifests[${i}]`, reference);
                if (path.includes(child.digest))
                    throw new errors/* UserError */.yo(`${reference}: image index ${child.digest} refers to itself`);
                if (visited.has(child.digest))
                    continue;
                if (isAttestation(child))
                    continue;
                if (child.mediaType && !INDEX_TYPES.includes(child.mediaType) && !MANIFEST_TYPES.includes(child.mediaType))
                    continue;
                const childPlatform = child.platform?.architecture
                    ? (0,image_platform/* normalizePlatform */.FL)({ os: child.platform.os ?? 'linux', architecture: child.platform.architecture, variant: child.platform.variant })
                    : undefined;
                if (childPlatform?.architecture === 'unknown')
                    continue;
                const isIndex = child.mediaType ? INDEX_TYPES.includes(child.mediaType) : false;
                if (!isIndex && childPlatform) {
                    available.push((0,image_platform/* formatPlatform */.Bq)(childPlatform));
                    if (platform && !(0,image_platform/* platformMatches */.J5)(platform, childPlatform))
                        continue;
                }
                visited.add(child.digest);
                const childDocument = await fetchJson(child);
                if (childDocument === undefined) {
                    // Layouts may list manifests of platforms that were never pulled; only a chosen one must exist.
                    if (platform && childPlatform)
                        throw new errors/* UserError */.yo(`${reference}: the manifest for ${(0,image_platform/* formatPlatform */.Bq)(childPlatform)} (${child.digest}) is missing`);
                    missing.push(child.digest);
                    continue;
                }
                await visit(childDocument, child.digest, child, path);
            }
            return;
        }
        found.push({
            manifest: json,
            digest,
            platform: descriptor?.platform?.architecture
                ? (0,image_platform/* normalizePlatform */.FL)({ os: descriptor.platform.os ?? 'linux', architecture: descriptor.platform.architecture, variant: descriptor.platform.variant })
                : undefined,
            annotations: { ...(descriptor?.annotations ?? {}), ...(json.annotations ?? {}) },
        });
    }
    await visit(root, rootDigest, undefined, []);
    const images = [];
    let artifacts = 0;
    for (const entry of found) {
        if (!entry.manifest.config)
            throw new errors/* UserError */.yo(`${reference}: manifest ${entry.digest ?? ''} has no config`.replace('  ', ' '));
        const configType = entry.manifest.config.mediaType;
        if (configType !== undefined && !IMAGE_CONFIG_TYPES.includes(configType)) {
            artifacts++;
            continue;
        }
        const config = (await fetchJson(entry.manifest.config));
        if (config === undefined)
            throw new errors/* UserError */.yo(`${reference}: the image config ${entry.manifest.config.digest} is missing`);
        checkConfig(config, reference);
        const imagePlatform = (0,image_platform/* normalizePlatform */.FL)({ os: config.os, architecture: config.architecture, variant: config.variant });
        if (platform && !(0,image_platform/* platformMatches */.J5)(platform, imagePlatform)) {
            if (entry.platform)
                continue;
            available.push((0,image_platform/* formatPlatform */.Bq)(imagePlatform));
            continue;
        }
        images.push({
            reference,
            platform: imagePlatform,
            digest: entry.digest,
            configDigest: entry.manifest.config.digest,
            config,
            layers: layerRefs(entry.manifest.layers ?? [], config, reference),
            annotations: entry.annotations,
        });
    }
    return { images, available, missing, artifacts };
}
/** Pairs manifest layers with the config's diff ids; foreign layers are marked absent. */
function layerRefs(layers, config, reference) {
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== layers.length) {
        throw new errors/* UserError */.yo(`${reference}: the manifest lists ${layers.length} layers but the config has ${diffIds.length} diff ids`);
    }
    return layers.map((layer, i) => ({
        diffId: diffIds[i],
        digest: layer.digest,
        mediaType: layer.mediaType,
        size: layer.size,
        absent: /foreign|nondistributable/.test(layer.mediaType ?? '') ? 'a foreign layer, not stored with the image' : undefined,
    }));
}
/**
 * Refuses a config whose fields have the wrong types: runtimes decode it into typed structures
 * and fail the same way, and facts can then trust every field they read.
 */
function checkConfig(config, reference) {
    if (!isObject(config) || typeof config.architecture !== 'string' || typeof config.os !== 'string') {
        throw new errors/* UserError */.yo(`${reference}: the image config is not an image config (no os/architecture)`);
    }
    const wrong = (field, expected) => {
        throw new errors/* UserError */.yo(`${reference}: the image config's ${field} is not ${expected}`);
    };
    if (config.variant !== undefined && typeof config.variant !== 'string')
        wrong('variant', 'a string');
    if (config.rootfs !== undefined) {
        if (!isObject(config.rootfs) || !Array.isArray(config.rootfs.diff_ids))
            wrong('rootfs.diff_ids', 'a list');
        if (!config.rootfs.diff_ids.every((id) => typeof id === 'string'))
            wrong('rootfs.diff_ids', 'a list of digests');
    }
    if (config.history !== undefined && config.history !== null) {
        if (!Array.isArray(config.history))
            wrong('history', 'a list');
        for (const [i, entry] of config.history.entries()) {
            if (!isObject(entry))
                wrong(`history[${i}]`, 'an object');
            for (const key of ['created', 'created_by', 'comment']) {
                if (entry[key] !== undefined && typeof entry[key] !== 'string')
                    wrong(`history[${i}].${key}`, 'a string');
            }
            if (entry.empty_layer !== undefined && typeof entry.empty_layer !== 'boolean')
                wrong(`history[${i}].empty_layer`, 'true or false');
        }
    }
    const runtime = config.config;
    if (runtime === undefined || runtime === null)
        return;
    if (!isObject(runtime))
        wrong('config', 'an object');
    for (const key of ['User', 'WorkingDir', 'StopSignal']) {
        if (runtime[key] !== undefined && typeof runtime[key] !== 'string')
            wrong(`config.${key}`, 'a string');
    }
    for (const key of ['Env', 'Entrypoint', 'Cmd', 'Shell']) {
        const value = runtime[key];
        if (value !== undefined && value !== null && !(Array.isArray(value) && value.every((item) => typeof item === 'string')))
            wrong(`config.${key}`, 'a list of strings');
    }
    for (const key of ['Labels', 'ExposedPorts', 'Volumes']) {
        if (runtime[key] !== undefined && runtime[key] !== null && !isObject(runtime[key]))
            wrong(`config.${key}`, 'an object');
    }
    if (runtime.Labels && !Object.values(runtime.Labels).every((value) => typeof value === 'string'))
        wrong('config.Labels', 'an object of strings');
    const healthcheck = runtime.Healthcheck;
    if (healthcheck !== undefined && healthcheck !== null) {
        if (!isObject(healthcheck))
            return wrong('config.Healthcheck', 'an object');
        const test = healthcheck.Test;
        if (test !== undefined && test !== null && !(Array.isArray(test) && test.every((item) => typeof item === 'string')))
            wrong('config.Healthcheck.Test', 'a list of strings');
    }
}
/** A descriptor as the specs define it; anything else in a manifest or index is refused by name. */
function asDescriptor(value, where, reference) {
    const wrong = (what) => {
        throw new errors/* UserError */.yo(`${reference}: ${where} is not a valid descriptor (${what})`);
    };
    if (!isObject(value))
        return wrong('not an object');
    if (typeof value.digest !== 'string')
        wrong('no digest');
    if (value.mediaType !== undefined && typeof value.mediaType !== 'string')
        wrong('mediaType is not a string');
    if (value.size !== undefined && !(Number.isSafeInteger(value.size) && value.size >= 0))
        wrong('size is not a whole number of bytes');
    if (value.urls !== undefined && !(Array.isArray(value.urls) && value.urls.every((url) => typeof url === 'string')))
        wrong('urls is not a list of strings');
    const platform = value.platform;
    if (platform !== undefined) {
        if (!isObject(platform))
            return wrong('platform is not an object');
        for (const key of ['os', 'architecture', 'variant']) {
            if (platform[key] !== undefined && typeof platform[key] !== 'string')
                wrong(`platform.${key} is not a string`);
        }
    }
    const annotations = value.annotations;
    if (annotations !== undefined && !(isObject(annotations) && Object.values(annotations).every((item) => typeof item === 'string')))
        wrong('annotations is not an object of strings');
    return value;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isAttestation(descriptor) {
    return (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
        (descriptor.platform?.os === 'unknown' && descriptor.platform?.architecture === 'unknown'));
}
function asManifest(document, reference, digest) {
    if (!isObject(document)) {
        throw new errors/* UserError */.yo(`${reference}: ${digest ?? 'the index'} is not a manifest or index`);
    }
    const json = document;
    if (json.manifests !== undefined && !Array.isArray(json.manifests))
        throw new errors/* UserError */.yo(`${reference}: ${digest ?? 'the index'} has a malformed manifests list`);
    if (json.layers !== undefined && !Array.isArray(json.layers))
        throw new errors/* UserError */.yo(`${reference}: ${digest ?? 'the manifest'} has a malformed layers list`);
    if (json.manifests === undefined && json.config === undefined)
        throw new errors/* UserError */.yo(`${reference}: ${digest ?? 'the document'} is neither an image index nor a manifest`);
    const where = digest ?? 'the manifest';
    if (json.manifests === undefined) {
        asDescriptor(json.config, `${where} config`, reference);
        json.layers?.forEach((layer, i) => asDescriptor(layer, `${where} layers[${i}]`, reference));
    }
    if (json.annotations !== undefined && !(isObject(json.annotations) && Object.values(json.annotations).every((value) => typeof value === 'string')))
        throw new errors/* UserError */.yo(`${reference}: ${where} has malformed annotations`);
    return json;
}

;// CONCATENATED MODULE: ./src/image/sources/blob-store.ts




const blob_store_MAX_JSON = 16 * 1024 * 1024;
async function readJson(store, name) {
    const size = store.size(name);
    if (size === undefined)
        return undefined;
    if (size > blob_store_MAX_JSON)
        throw new errors/* UserError */.yo(`${store.label}: ${name} is ${size} bytes, too large for a manifest or config`);
    const bytes = await store.read(name);
    if (bytes === undefined)
        return undefined;
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new errors/* UserError */.yo(`${store.label}: ${name} is not valid JSON`);
    }
}
/** `sha256:abc…` → `blobs/sha256/abc…`, refusing digests that would name another path. */
function blobPath(digest, label) {
    const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
    if (!match)
        throw new errors/* UserError */.yo(`${label}: "${digest}" is not a valid digest`);
    return `blobs/${match[1]}/${match[2]}`;
}
/** A file's chunks as the stream a decompressor or digest reads. */
async function* asStream(chunks) {
    yield* chunks;
}
/** Verifies a blob's sha256 digest as its chunks pass, failing at the end when it does not match. */
async function* verified(chunks, digest, what) {
    if (!digest?.startsWith('sha256:')) {
        yield* chunks;
        return;
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
    }
    const actual = `sha256:${hash.digest('hex')}`;
    if (actual !== digest)
        throw new errors/* UserError */.yo(`${what}: content does not match its digest (expected ${digest}, got ${actual})`);
}
/**
 * Indexes a stored layer: an uncompressed tar on a seekable store is walked header by header
 * (bodies seeked over, so not hashed: its size is checked against the descriptor instead);
 * anything else streams through the decompressor, checked against the descriptor's digest or,
 * in a `docker save` archive, which has no descriptors, the diff id of the tar inside (such
 * archives written by other tools hold compressed layers).
 */
async function indexStoredLayer(store, name, ref, capture, budget) {
    const what = `${store.label}: layer ${ref.digest ?? name}`;
    if (ref.absent)
        return absentLayer(ref, ref.absent);
    const size = store.size(name);
    if (size === undefined)
        throw new errors/* UserError */.yo(`${what} is missing from the image (${name})`);
    if (ref.size !== undefined && size !== ref.size)
        throw new errors/* UserError */.yo(`${what}: the blob is ${size} bytes but the manifest says ${ref.size}`);
    const walkHeaders = store.seekable && sniffCompression((await store.read(name, 4)) ?? Buffer.alloc(0)) === 'none';
    const { reader, close } = await store.open(name);
    try {
        // Walked by headers, the tar ends at its end-of-archive blocks; the blob is the whole tar.
        if (walkHeaders)
            return { ...(await indexTar(reader, ref, capture, what, budget)), tarSize: size };
        const chunks = asStream(reader.chunks(Number.MAX_SAFE_INTEGER));
        if (ref.digest)
            return await indexLayerStream(verified(chunks, ref.digest, what), ref, capture, what, budget);
        return await indexTarStream(verified(decompress(chunks, what), ref.diffId, what), ref, capture, what, budget);
    }
    finally {
        await close();
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/image/sources/concurrency.ts

/** How many layers are read at once: decompression runs in libuv's pool, one core each. */
const LAYER_CONCURRENCY = Math.max(1, Math.min(4, (0,external_node_os_.availableParallelism)()));
/**
 * Runs `work` over `items` with at most `limit` at a time, results in input order; the first
 * failure rejects (the others still finish, so no stream is left half-read behind our back).
 */
async function mapConcurrent(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const errors = [];
    async function worker() {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index], index);
            }
            catch (error) {
                errors.push(error);
                next = items.length;
            }
        }
    }
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (errors.length > 0)
        throw errors[0];
    return results;
}

;// CONCATENATED MODULE: ./src/image/sources/layout.ts






const REF_ANNOTATIONS = ['org.opencontainers.image.ref.name', 'io.containerd.image.name'];
/**
 * Finds the images in an OCI layout (`index.json`, what Docker 25+ and containerd save too) or
 * a legacy `docker save` archive (`manifest.json`), for the platform and name asked for.
 */
async function resolveLayout(store, reference, refName, platform) {
    if (store.has('index.json') && !(store.has('manifest.json') && (await listsNothing(store))))
        return resolveOciLayout(store, reference, refName, platform);
    if (store.has('manifest.json'))
        return resolveLegacy(store, reference, refName, platform);
    throw new errors/* UserError */.yo(`${store.label}: not an image archive or layout (no index.json or manifest.json)`);
}
/** Docker 25.0.0 and 25.0.1 saved untagged images with `"manifests": null` (moby d131f00); their manifest.json is whole. */
async function listsNothing(store) {
    const index = (await readJson(store, 'index.json'));
    return typeof index === 'object' && index !== null && (index.manifests === null || (Array.isArray(index.manifests) && index.manifests.length === 0));
}
async function resolveOciLayout(store, reference, refName, platform) {
    const index = (await readJson(store, 'index.json'));
    if (!index || typeof index !== 'object' || !Array.isArray(index.manifests))
        throw new errors/* UserError */.yo(`${store.label}: index.json has no manifests list`);
    let root = index;
    if (refName !== undefined) {
        const named = index.manifests.filter((m) => REF_ANNOTATIONS.some((key) => matchesRefName(refNameOf(m, key), refName)));
        if (named.length === 0) {
            const names = index.manifests.flatMap((m) => REF_ANNOTATIONS.map((key) => refNameOf(m, key)).filter(Boolean));
            throw new errors/* UserError */.yo(`${store.label}: no image named "${refName}"; it has: ${[...new Set(names)].join(', ') || 'no named images'}`);
        }
        root = { ...index, manifests: named.slice(0, 1) };
    }
    const fetchJson = async (descriptor) => {
        const path = blobPath(descriptor.digest, store.label);
        return store.has(path) ? readJson(store, path) : undefined;
    };
    if (refName === undefined)
        root = await onlyImage(store.label, reference, index, fetchJson, platform);
    const images = await resolveImages(reference, root, undefined, fetchJson, platform);
    const withFiles = images.map((image) => ({ image, layerFiles: image.layers.map((layer) => blobPath(layer.digest ?? '', store.label)) }));
    return withoutIncompletePlatforms(store, withFiles, platform !== undefined);
}
/**
 * With no name given, the index's entries that hold an image (artifacts and attestations are
 * skipped): one image, perhaps listed once per tag or once per platform, is read; several are
 * refused with their names, as `docker-archive:` refuses several images.
 */
async function onlyImage(label, reference, index, fetchJson, platform) {
    const groups = new Map();
    for (const entry of index.manifests) {
        const descriptor = entry;
        const named = REF_ANNOTATIONS.some((key) => refNameOf(entry, key));
        // Unnamed entries with a platform are one image's platforms, listed without an image index.
        const key = !named && descriptor?.platform ? '' : String(descriptor?.digest);
        groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    if (groups.size < 2)
        return index;
    const images = [];
    for (const entries of groups.values()) {
        if ((await findImages(reference, { ...index, manifests: entries }, undefined, fetchJson, platform)).images.length > 0)
            images.push(entries);
    }
    if (images.length === 1)
        return { ...index, manifests: images[0] };
    if (images.length === 0)
        return index;
    const names = images.map((entries) => entries.flatMap(displayNames)[0] ?? `an unnamed image (${String(entries[0].digest)})`);
    throw new errors/* UserError */.yo(`${label}: the layout holds ${images.length} images; name one as ${reference}:REF (${names.join(', ')})`);
}
/** The names an entry can be chosen by, the fullest first, without the docker.io prefix. */
function displayNames(entry) {
    return [...REF_ANNOTATIONS].reverse().flatMap((key) => {
        const name = refNameOf(entry, key);
        return name ? [stripDockerIo(name)] : [];
    });
}
/** containerd keeps manifests of platforms it never pulled; unless one was asked for, skip those. */
function withoutIncompletePlatforms(store, images, platformChosen) {
    if (platformChosen)
        return images;
    const complete = images.filter(({ image, layerFiles }) => layerFiles.every((file, i) => image.layers[i].absent || store.has(file)));
    return complete.length > 0 ? complete : images;
}
/** The name annotation `key` of an index entry, when the entry has one that is a string (resolveImages refuses malformed entries). */
function refNameOf(descriptor, key) {
    const annotations = descriptor?.annotations;
    const value = typeof annotations === 'object' && annotations !== null ? annotations[key] : undefined;
    return typeof value === 'string' ? value : undefined;
}
function matchesRefName(value, refName) {
    if (!value)
        return false;
    return value === refName || value.endsWith(`:${refName}`) || value.endsWith(`/${refName}`) || stripDockerIo(value) === stripDockerIo(refName);
}
function stripDockerIo(name) {
    return name.replace(/^docker\.io\/(library\/)?/, '');
}
async function resolveLegacy(store, reference, refName, platform) {
    const manifest = await readJson(store, 'manifest.json');
    if (!Array.isArray(manifest) || manifest.length === 0)
        throw new errors/* UserError */.yo(`${store.label}: manifest.json lists no image`);
    if (!manifest.every(isLegacyEntry))
        throw new errors/* UserError */.yo(`${store.label}: manifest.json is malformed (each entry needs Config, RepoTags and Layers as strings)`);
    const entries = manifest;
    let entry = entries[0];
    if (refName !== undefined) {
        const found = entries.find((e) => (e.RepoTags ?? []).some((tag) => matchesRefName(tag, refName)));
        if (!found)
            throw new errors/* UserError */.yo(`${store.label}: no image tagged "${refName}"; it has: ${entries.flatMap((e) => e.RepoTags ?? []).join(', ') || 'untagged images'}`);
        entry = found;
    }
    else if (entries.length > 1) {
        const tags = entries.flatMap((e) => e.RepoTags ?? []);
        throw new errors/* UserError */.yo(`${store.label}: the archive holds ${entries.length} images; name one as ${reference}:TAG (${tags.join(', ') || 'untagged'})`);
    }
    if (entry.Config === undefined || entry.Layers === undefined)
        throw new errors/* UserError */.yo(`${store.label}: manifest.json entry lacks Config or Layers`);
    const config = (await readJson(store, entry.Config));
    if (config === undefined)
        throw new errors/* UserError */.yo(`${store.label}: the image config ${entry.Config} is missing`);
    checkConfig(config, store.label);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== entry.Layers.length) {
        throw new errors/* UserError */.yo(`${store.label}: manifest.json lists ${entry.Layers.length} layers but the config has ${diffIds.length} diff ids`);
    }
    const image = {
        reference,
        platform: { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) },
        configDigest: entry.Config.match(/([a-f0-9]{64})/)?.[1] ? `sha256:${entry.Config.match(/([a-f0-9]{64})/)?.[1]}` : undefined,
        config,
        layers: entry.Layers.map((_, i) => ({ diffId: diffIds[i] })),
        annotations: {},
    };
    if (platform && (0,image_platform/* formatPlatform */.Bq)(platform) !== (0,image_platform/* formatPlatform */.Bq)(image.platform)) {
        throw new errors/* UserError */.yo(`${reference}: no image for platform ${(0,image_platform/* formatPlatform */.Bq)(platform)}; it has: ${(0,image_platform/* formatPlatform */.Bq)(image.platform)}`);
    }
    return [{ image, layerFiles: entry.Layers }];
}
function isLegacyEntry(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const { Config, RepoTags, Layers } = value;
    const strings = (list) => Array.isArray(list) && list.every((item) => typeof item === 'string');
    return ((Config === undefined || typeof Config === 'string') &&
        (RepoTags === undefined || RepoTags === null || strings(RepoTags)) &&
        (Layers === undefined || strings(Layers)));
}
/** Indexes layers straight from a store: digests checked where the bytes stream past, every layer charged to one budget. */
function storeIndexer(store, options) {
    const budget = options.budget ?? new ReadBudget();
    return (file, ref) => indexStoredLayer(store, file, ref, options.capture, budget);
}
/** Reads the layers of resolved images, each stored file once even when platforms share it. */
async function loadLayout(images, indexLayer) {
    const jobs = new Map();
    for (const { image, layerFiles } of images)
        image.layers.forEach((ref, i) => jobs.has(layerFiles[i]) || jobs.set(layerFiles[i], ref));
    const files = [...jobs.keys()];
    const indexes = await mapConcurrent(files, LAYER_CONCURRENCY, (file) => indexLayer(file, jobs.get(file)));
    const byFile = new Map(files.map((file, i) => [file, indexes[i]]));
    return images.map(({ image, layerFiles }) => ({ ...image, layerIndexes: layerFiles.map((file) => byFile.get(file)) }));
}

;// CONCATENATED MODULE: ./src/image/sources/archive.ts











/** `docker-archive:` and `oci-archive:` files, and `oci:` directories: read in place. */
class LocalSource {
    path;
    kind;
    reference;
    refName;
    constructor(path, kind, reference, refName) {
        this.path = path;
        this.kind = kind;
        this.reference = reference;
        this.refName = refName;
    }
    async load(options) {
        if (this.kind === 'archive' && (await isCompressed(this.path)))
            return this.loadCompressed(options);
        const store = this.kind === 'archive' ? await openTarStore(this.path) : await openDirectoryStore(this.path);
        try {
            const images = await resolveLayout(store, this.reference, this.refName, options.platform);
            return await loadLayout(images, storeIndexer(store, options));
        }
        finally {
            await store.close();
        }
    }
    /** `docker save | gzip` (or zstd): no random access, so decompressed and read in one pass as `docker save` output is. */
    async loadCompressed(options) {
        const file = (0,external_node_fs_.createReadStream)(this.path, { highWaterMark: 1024 * 1024 });
        let archive;
        try {
            archive = await readArchiveStream(decompress(chunksOf(file), this.path), this.path, options);
        }
        catch (error) {
            if (error instanceof TarError)
                throw new errors/* UserError */.yo(`${this.path}: not a readable image archive (${error.message})`);
            throw error;
        }
        finally {
            file.destroy();
        }
        const images = await resolveLayout(archive.store, this.reference, this.refName, options.platform);
        return loadLayout(images, archive.indexLayer);
    }
}
async function isCompressed(path) {
    const file = await (0,promises_.open)(path, 'r').catch(() => undefined);
    // An archive that cannot be opened is explained by openTarStore.
    if (!file)
        return false;
    try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await file.read(head, 0, 4, 0);
        return sniffCompression(head.subarray(0, bytesRead)) !== 'none';
    }
    finally {
        await file.close();
    }
}
/** An image archive (a tar of a layout) on disk: members found by walking headers only. */
async function openTarStore(path) {
    let file;
    try {
        file = await (0,promises_.open)(path, 'r');
    }
    catch (error) {
        throw new errors/* UserError */.yo(`${path}: cannot open the image archive (${(0,errors/* messageOf */.bD)(error)})`);
    }
    const members = new Map();
    const links = new ArchiveLinks(path);
    try {
        const { size } = await file.stat();
        if (size === 0)
            throw new errors/* UserError */.yo(`${path}: the file is empty, not an image archive`);
        for (const member of walkTarSync(new FileRangeReader(file, 0, size))) {
            if (links.add(member) || (member.typeflag !== '0' && member.typeflag !== '7'))
                continue;
            if (member.offset + member.size > size)
                throw new errors/* UserError */.yo(`${path}: the archive is truncated (${member.name} ends past the end of the file)`);
            members.set(cleanPath(member.name).slice(1), { offset: member.offset, size: member.size });
        }
    }
    catch (error) {
        await file.close();
        if (error instanceof TarError)
            throw new errors/* UserError */.yo(`${path}: not a readable image archive (${error.message})`);
        throw error;
    }
    const memberOf = (name) => members.get(links.resolve(name));
    return {
        label: path,
        seekable: true,
        has: (name) => memberOf(name) !== undefined,
        size: (name) => memberOf(name)?.size,
        async read(name, limit) {
            const member = memberOf(name);
            if (!member)
                return undefined;
            const length = Math.min(member.size, limit ?? member.size);
            const buffer = Buffer.alloc(length);
            await file.read(buffer, 0, length, member.offset);
            return buffer;
        },
        async open(name) {
            const member = memberOf(name);
            if (!member)
                throw new errors/* UserError */.yo(`${path}: ${name} is missing`);
            return { reader: new FileRangeReader(file, member.offset, member.size), close: async () => { } };
        },
        close: () => file.close(),
    };
}
/** An OCI image layout directory (`oci:DIR`). */
async function openDirectoryStore(dir) {
    const info = await (0,promises_.stat)(dir).catch((error) => {
        throw new errors/* UserError */.yo(`${dir}: cannot read the image layout (${(0,errors/* messageOf */.bD)(error)})`);
    });
    if (!info.isDirectory())
        throw new errors/* UserError */.yo(`${dir}: an oci: reference needs a directory holding an OCI image layout`);
    const sizes = new Map();
    const sizeOf = (name) => {
        // Names come from the layout's own JSON: none may lead out of the directory.
        if ((0,external_node_path_.isAbsolute)(name) || (0,external_node_path_.normalize)(name).split(external_node_path_.sep).includes('..'))
            return undefined;
        if (!sizes.has(name)) {
            try {
                // Synchronous stat keeps has()/size() simple; a layout names few files.
                const s = (0,external_node_fs_.statSync)((0,external_node_path_.join)(dir, name));
                sizes.set(name, s.isFile() ? s.size : undefined);
            }
            catch {
                sizes.set(name, undefined);
            }
        }
        return sizes.get(name);
    };
    return {
        label: dir,
        seekable: true,
        has: (name) => sizeOf(name) !== undefined,
        size: sizeOf,
        async read(name, limit) {
            if (sizeOf(name) === undefined)
                return undefined;
            if (limit === undefined)
                return (0,promises_.readFile)((0,external_node_path_.join)(dir, name));
            const handle = await (0,promises_.open)((0,external_node_path_.join)(dir, name), 'r');
            try {
                const buffer = Buffer.alloc(Math.min(limit, sizeOf(name) ?? 0));
                await handle.read(buffer, 0, buffer.length, 0);
                return buffer;
            }
            finally {
                await handle.close();
            }
        },
        async open(name) {
            if (sizeOf(name) === undefined)
                throw new errors/* UserError */.yo(`${dir}: ${name} is missing`);
            const handle = await (0,promises_.open)((0,external_node_path_.join)(dir, name), 'r');
            const { size } = await handle.stat();
            return { reader: new FileRangeReader(handle, 0, size), close: () => handle.close() };
        },
        close: async () => { },
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/image/sources/docker-daemon.ts










/**
 * An image in the local Docker engine, saved in one pass with no temporary copy: read from the
 * Engine API's socket when the engine is local (the docker CLI would copy every byte once more,
 * through a pipe), else through `docker save`, which knows contexts and remote hosts. The save
 * format (legacy, Docker 25+ OCI layout, containerd store) is recognised at the end, since
 * blobs usually come before the manifests that order them.
 */
class DockerDaemonSource {
    name;
    reference;
    env;
    constructor(name, reference, env = process.env) {
        this.name = name;
        this.reference = reference;
        this.env = env;
    }
    async load(options) {
        const save = (await saveFromEngineApi(this.name, this.env)) ?? (await saveFromCli(this.name, this.env));
        let archive;
        try {
            archive = await readArchiveStream(save.body, this.reference, options);
        }
        catch (error) {
            save.stop();
            const failure = await save.failure();
            if (error instanceof TarError || failure)
                throw new errors/* UserError */.yo(`${this.reference}: docker save failed (${failure || error.message})`);
            throw error;
        }
        const failure = await save.failure();
        if (failure)
            throw new errors/* UserError */.yo(`${this.reference}: docker save failed (${failure})`);
        const images = await resolveLayout(archive.store, this.reference, undefined, options.platform);
        return loadLayout(images, archive.indexLayer);
    }
}
/**
 * The engine's unix socket when the docker CLI would use it too. The CLI's order: DOCKER_HOST,
 * then DOCKER_CONTEXT, then the config file's current context; contexts other than the default
 * and tcp:// or ssh:// hosts are left to the CLI.
 */
function engineSocket(env) {
    if (env.DOCKER_HOST)
        return env.DOCKER_HOST.startsWith('unix://') ? env.DOCKER_HOST.slice('unix://'.length) : undefined;
    const context = env.DOCKER_CONTEXT || currentContext(env);
    return context === 'default' ? DEFAULT_SOCKET : undefined;
}
const DEFAULT_SOCKET = '/var/run/docker.sock';
function currentContext(env) {
    try {
        const config = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(env.DOCKER_CONFIG ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'config.json'), 'utf8'));
        return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : 'default';
    }
    catch {
        return 'default';
    }
}
/** `GET /images/get?names=NAME`, the request `docker save` makes; undefined when the socket cannot be reached (the CLI then tries, and explains). */
async function saveFromEngineApi(name, env) {
    const socketPath = engineSocket(env);
    if (!socketPath)
        return undefined;
    const response = await new Promise((resolve) => {
        const req = (0,external_node_http_.request)({ socketPath, path: `/images/get?names=${encodeURIComponent(name)}` }, resolve);
        req.on('error', () => resolve(undefined));
        req.end();
    });
    if (!response)
        return undefined;
    if (response.statusCode !== 200) {
        const message = await errorMessage(response);
        if (response.statusCode === 404)
            throw noSuchImage(name);
        throw new errors/* UserError */.yo(`${name}: docker save failed (the engine answered ${response.statusCode}: ${message})`);
    }
    let lost;
    const body = (async function* () {
        try {
            yield* chunksOf(response);
        }
        catch (error) {
            lost = `the engine closed the connection: ${(0,errors/* messageOf */.bD)(error)}`;
            throw new TarError(lost);
        }
    })();
    return { body, failure: async () => lost, stop: () => response.destroy() };
}
async function errorMessage(response) {
    let text = '';
    for await (const chunk of response)
        if (text.length < 4096)
            text += chunk.toString('utf8');
    try {
        return String(JSON.parse(text).message ?? text).trim();
    }
    catch {
        return text.trim().split('\n')[0];
    }
}
/** `docker save NAME` through the CLI, after `docker image inspect` gave the usual errors their clear words. */
async function saveFromCli(name, env) {
    await runDocker(['image', 'inspect', '--format', '{{.Id}}', name], name, env);
    const child = (0,external_node_child_process_.spawn)('docker', ['save', name], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const stderr = [];
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    const exited = new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
    });
    return {
        body: chunksOf(child.stdout),
        async failure() {
            const code = await exited.catch(() => null);
            // null: killed, by stop() after a read error that speaks for itself.
            return code ? describe(stderr) || `exit status ${code}` : undefined;
        },
        stop: () => child.kill(),
    };
}
function noSuchImage(name) {
    return new errors/* UserError */.yo(`${name}: no such image in the Docker engine (build it first, or load it with docker load)`);
}
function describe(stderr) {
    return Buffer.concat(stderr).toString('utf8').trim().split('\n').pop() ?? '';
}
/** Runs a short docker command, turning the usual failures into one clear line. */
async function runDocker(args, image, env = process.env) {
    const child = (0,external_node_child_process_.spawn)('docker', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    const code = await new Promise((resolve, reject) => {
        child.on('error', (error) => {
            if (error.code === 'ENOENT')
                reject(new errors/* UserError */.yo(`${image}: Docker is not installed (no docker command); pass an archive instead (docker-archive:PATH or oci-archive:PATH)`));
            else
                reject(error);
        });
        child.on('close', resolve);
    });
    const stderr = describe(err);
    if (code !== 0) {
        if (/Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i.test(stderr)) {
            throw new errors/* UserError */.yo(`${image}: the Docker engine is not running (${stderr})`);
        }
        if (/No such image|No such object|not found/i.test(stderr))
            throw noSuchImage(image);
        throw new errors/* UserError */.yo(`${image}: docker ${args[0]} failed (${stderr || `exit status ${code}`})`);
    }
    return Buffer.concat(out).toString('utf8');
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/image/sources/registry-http.ts


/** A failure worth another try: the connection broke, was refused or went silent. */
class TransientError extends Error {
    name = 'TransientError';
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const MAX_RETRY_AFTER_MS = 60_000;
/**
 * One GET, following redirects by hand so the credential only goes to its own origin
 * (a blob redirected to a CDN must not carry the registry's token).
 */
async function send(url, headers, credential, settings, what) {
    let current = url;
    for (let hop = 0;; hop++) {
        const hopHeaders = { ...headers };
        if (credential && current.origin === credential.origin)
            hopHeaders.authorization = credential.authorization;
        const response = await fetchOnce(current, hopHeaders, settings.timeoutMs);
        const location = response.headers.get('location');
        if (!REDIRECTS.has(response.status) || !location)
            return response;
        await response.discard();
        if (hop >= MAX_REDIRECTS)
            throw new errors/* UserError */.yo(`${what}: more than ${MAX_REDIRECTS} redirects`);
        current = new URL(location, current);
    }
}
async function fetchOnce(url, headers, timeoutMs) {
    const controller = new AbortController();
    const silence = () => controller.abort(new TransientError(`no answer from ${url.host} for ${timeoutMs / 1000} s`));
    let timer = setTimeout(silence, timeoutMs);
    let response;
    try {
        // identity: undici would otherwise inflate a gzip Content-Encoding and the digest would not match.
        response = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual', signal: controller.signal });
    }
    catch (error) {
        throw registry_http_transient(error, url);
    }
    finally {
        clearTimeout(timer);
    }
    const body = response.body;
    return {
        status: response.status,
        headers: response.headers,
        url,
        async *chunks() {
            if (!body)
                return;
            const reader = body.getReader();
            try {
                for (;;) {
                    // Armed only while waiting for the network, so a slow consumer is not taken for a silent server.
                    timer = setTimeout(silence, timeoutMs);
                    const next = await reader
                        .read()
                        .catch((error) => {
                        throw registry_http_transient(error, url);
                    })
                        .finally(() => clearTimeout(timer));
                    if (next.done)
                        return;
                    yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
                }
            }
            finally {
                await reader.cancel().catch(() => undefined);
            }
        },
        async discard() {
            await body?.cancel().catch(() => undefined);
        },
    };
}
function registry_http_transient(error, url) {
    if (error instanceof TransientError || error instanceof errors/* UserError */.yo)
        return error;
    const cause = error.cause;
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error.message;
    return new TransientError(`${url.host}: ${detail}`);
}
/**
 * Repeats `attempt` while the network fails or the server answers 429 or 5xx (backing off
 * exponentially, or as `Retry-After` says); any other answer goes to `accept`, which may
 * throw a TransientError (a body cut short) to try again.
 */
async function retrying(what, settings, attempt, accept) {
    let failure = '';
    for (let tryNumber = 1; tryNumber <= settings.tries; tryNumber++) {
        let wait = backoff(settings, tryNumber);
        try {
            const response = await attempt();
            if (response.status !== 429 && response.status < 500)
                return await accept(response);
            failure = `HTTP ${response.status}`;
            wait = retryAfter(response.headers.get('retry-after'), settings) ?? wait;
            await response.discard();
        }
        catch (error) {
            if (!(error instanceof TransientError))
                throw error;
            failure = error.message;
        }
        if (tryNumber < settings.tries)
            await (0,external_node_timers_promises_.setTimeout)(wait);
    }
    throw new errors/* UserError */.yo(`${what} gave up after ${settings.tries} tries: ${failure}`);
}
function backoff(settings, tryNumber) {
    return settings.retryDelayMs * 2 ** (tryNumber - 1);
}
/** `Retry-After` in seconds or as an HTTP date, capped at a minute, in the settings' time scale. */
function retryAfter(header, settings) {
    if (!header)
        return undefined;
    const value = header.trim();
    const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
    if (Number.isNaN(ms))
        return undefined;
    return (Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) * settings.retryDelayMs) / 1000;
}
/** The whole body, refusing more than `limit` bytes. */
async function registry_http_readBody(response, limit, what) {
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > limit) {
        await response.discard();
        throw new errors/* UserError */.yo(`${what} is ${declared} bytes, more than the ${limit} allowed`);
    }
    const parts = [];
    let length = 0;
    for await (const chunk of response.chunks()) {
        length += chunk.length;
        if (length > limit)
            throw new errors/* UserError */.yo(`${what} is more than the ${limit} bytes allowed`);
        parts.push(chunk);
    }
    return Buffer.concat(parts, length);
}

;// CONCATENATED MODULE: ./src/image/sources/registry-auth.ts





/** Parses `Bearer realm="…",service="…",scope="…"` (several challenges may share the header). */
function parseChallenges(header) {
    // A name alone starts a challenge; `name=value` (value quoted or bare) is a parameter of the last one.
    const part = /\s*,?\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/y;
    const challenges = [];
    for (let match = part.exec(header); match && match[0] !== ''; match = part.exec(header)) {
        const [, name, quoted, bare] = match;
        const current = challenges.at(-1);
        if (quoted === undefined && bare === undefined)
            challenges.push({ scheme: name.toLowerCase(), params: {} });
        else if (current)
            current.params[name.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? bare;
    }
    return challenges;
}
const DOCKER_HUB_KEYS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];
/**
 * Login for `registry` from a Docker client config (`auths.<host>.auth`, base64 `user:pass`).
 * `credsStore` and `credHelpers` are ignored: running helper programs is out of scope here.
 */
async function dockerConfigCredentials(path, registry) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new errors/* UserError */.yo(`${path}: cannot read the Docker config (${(0,errors/* messageOf */.bD)(error)})`);
    }
    let config;
    try {
        config = JSON.parse(text);
    }
    catch {
        throw new errors/* UserError */.yo(`${path}: the Docker config is not valid JSON`);
    }
    const wanted = registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry.toLowerCase()];
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        // Keys are written as `host`, `https://host` or `https://index.docker.io/v1/`.
        const host = key
            .replace(/^[a-z]+:\/\//i, '')
            .split('/')[0]
            .toLowerCase();
        if (!wanted.includes(host) || !entry || typeof entry !== 'object')
            continue;
        if (typeof entry.auth === 'string' && entry.auth !== '') {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon <= 0)
                throw new errors/* UserError */.yo(`${path}: auths.${key}.auth is not base64 of user:password`);
            return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
        if (typeof entry.username === 'string' && typeof entry.password === 'string')
            return { username: entry.username, password: entry.password };
    }
    return undefined;
}
function defaultDockerConfigPath() {
    return (0,external_node_path_.join)(process.env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
const MAX_TOKEN_RESPONSE = 1024 * 1024;
const DEFAULT_TOKEN_SECONDS = 60;
/** Answers a registry's 401 challenges and keeps the resulting Authorization per scope. */
class RegistryAuth {
    settings;
    cache = new Map();
    credentials;
    constructor(settings) {
        this.settings = settings;
    }
    get scope() {
        return `repository:${this.settings.repository}:pull`;
    }
    /** The Authorization for the registry's origin, when a challenge was answered and it has not expired. */
    credential() {
        const cached = this.cache.get(this.scope);
        if (!cached || cached.expiresAt <= Date.now())
            return undefined;
        return { authorization: cached.authorization, origin: this.settings.origin };
    }
    /** Answers a 401's `WWW-Authenticate`; throws access denied when it cannot be answered. */
    async answer(header) {
        const challenges = parseChallenges(header ?? '');
        const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
        if (bearer) {
            this.cache.set(this.scope, await this.fetchToken(bearer));
            return;
        }
        if (challenges.some((c) => c.scheme === 'basic')) {
            const credentials = await this.loadCredentials();
            if (!credentials)
                throw this.accessDenied(401);
            const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
            this.settings.onSecret(authorization.slice('Basic '.length));
            this.cache.set(this.scope, { authorization, expiresAt: Infinity });
            return;
        }
        throw this.accessDenied(401);
    }
    accessDenied(status) {
        return new errors/* UserError */.yo(`${this.settings.label}: access denied by ${this.settings.registry} (HTTP ${status}); log in with docker login or pass github-token`);
    }
    async fetchToken(challenge) {
        const { label, registry } = this.settings;
        let realm;
        try {
            realm = new URL(challenge.params.realm);
        }
        catch {
            throw new errors/* UserError */.yo(`${label}: ${registry} names an invalid token realm "${challenge.params.realm}"`);
        }
        if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
            throw new errors/* UserError */.yo(`${label}: ${registry} names a token realm that is not HTTP: ${realm.href}`);
        if (challenge.params.service)
            realm.searchParams.set('service', challenge.params.service);
        realm.searchParams.set('scope', challenge.params.scope || this.scope);
        const credentials = await this.loadCredentials();
        // Credentials never cross the network in clear text, except to a host trusted for plain HTTP.
        const mayCarry = credentials && (realm.protocol === 'https:' || this.settings.plainHttpAllowed(realm.host));
        const credential = mayCarry
            ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`, origin: realm.origin }
            : undefined;
        if (credential)
            this.settings.onSecret(credential.authorization.slice('Basic '.length));
        const what = `${label}: the token service ${realm.host}`;
        const body = await retrying(what, this.settings.http, () => send(realm, { accept: 'application/json' }, credential, this.settings.http, what), async (response) => {
            if (response.status === 401 || response.status === 403) {
                await response.discard();
                throw this.accessDenied(response.status);
            }
            if (response.status !== 200) {
                await response.discard();
                throw new errors/* UserError */.yo(`${what} answered HTTP ${response.status}`);
            }
            return registry_http_readBody(response, MAX_TOKEN_RESPONSE, `${what}'s answer`);
        });
        let answer;
        try {
            answer = JSON.parse(body.toString('utf8'));
        }
        catch {
            throw new errors/* UserError */.yo(`${what} answered with something that is not JSON`);
        }
        const token = typeof answer?.token === 'string' && answer.token ? answer.token : answer?.access_token;
        if (typeof token !== 'string' || token === '')
            throw new errors/* UserError */.yo(`${what} answered without a token`);
        this.settings.onSecret(token);
        const seconds = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : DEFAULT_TOKEN_SECONDS;
        // A tenth of the lifetime as margin, so a token does not expire between check and use.
        return { authorization: `Bearer ${token}`, expiresAt: Date.now() + seconds * 900 };
    }
    loadCredentials() {
        this.credentials ??= (async () => {
            const { dockerConfigPath, registry, githubToken, githubTokenHosts, onSecret } = this.settings;
            const fromConfig = await dockerConfigCredentials(dockerConfigPath, registry);
            const credentials = fromConfig ?? (githubToken && githubTokenHosts.includes(registry) ? { username: 'x-access-token', password: githubToken } : undefined);
            if (credentials)
                onSecret(credentials.password);
            return credentials;
        })();
        return this.credentials;
    }
}

;// CONCATENATED MODULE: ./src/image/sources/registry.ts









const TRIES = 4;
const MAX_MANIFEST = 4 * 1024 * 1024;
const MAX_CONFIG = 16 * 1024 * 1024;
const ROOT_TYPES = [...INDEX_TYPES, ...MANIFEST_TYPES];
const ACCEPT = ROOT_TYPES.join(', ');
// Types that say nothing about the document; the body's own mediaType or schemaVersion decides.
const GENERIC_TYPES = ['', 'application/json', 'application/octet-stream', 'text/plain'];
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const VERIFIABLE = ['sha256', 'sha512'];
/**
 * `docker://` images, read over the OCI distribution API: manifests and configs always,
 * layer blobs only when file contents are wanted; every byte read is checked against its digest.
 */
class RegistrySource {
    reference;
    text;
    base;
    http;
    auth;
    constructor(reference, text, options) {
        this.reference = reference;
        this.text = text;
        const insecure = options.insecureHosts ?? [];
        const plainHttpAllowed = (host) => isLoopback(host) || insecure.includes(host) || insecure.includes(hostname(host));
        const host = reference.registry === 'docker.io' ? 'registry-1.docker.io' : reference.registry;
        if (!URL.canParse(`http://${host}`))
            throw new errors/* UserError */.yo(`${text}: "${reference.registry}" is not a valid registry host`);
        this.base = new URL(`${plainHttpAllowed(host) ? 'http' : 'https'}://${host}`);
        this.http = { tries: TRIES, retryDelayMs: options.retryDelayMs ?? 1000, timeoutMs: options.timeoutMs ?? 30_000 };
        this.auth = new RegistryAuth({
            label: text,
            registry: reference.registry,
            origin: this.base.origin,
            repository: reference.repository,
            dockerConfigPath: options.dockerConfigPath ?? defaultDockerConfigPath(),
            githubToken: options.githubToken,
            githubTokenHosts: options.githubTokenHosts ?? ['ghcr.io'],
            plainHttpAllowed,
            onSecret: options.onSecret ?? (() => { }),
            http: this.http,
        });
    }
    async load(options) {
        const { digest, tag } = this.reference;
        const root = await this.manifest(digest ?? tag ?? 'latest', digest, true);
        const images = await resolveImages(this.text, root.json, root.digest, (descriptor) => this.fetchJson(descriptor), options.platform);
        if (!options.files)
            return images.map((image) => ({ ...image, layerIndexes: [] }));
        // Platforms often share layers: each blob is downloaded and indexed once.
        const indexed = new Map();
        // Every layer of this reference is charged to one budget, as local sources do.
        const budget = options.budget ?? new ReadBudget();
        const loaded = [];
        for (const image of images) {
            const layerIndexes = [];
            for (const ref of image.layers) {
                if (ref.absent) {
                    layerIndexes.push(absentLayer(ref, ref.absent));
                    continue;
                }
                const digest = this.checkedDigest(ref.digest);
                let index = indexed.get(digest);
                if (!index) {
                    index = this.indexLayer(ref, digest, options.capture, budget);
                    indexed.set(digest, index);
                }
                layerIndexes.push(await index);
            }
            loaded.push({ ...image, layerIndexes });
        }
        return loaded;
    }
    get repositoryName() {
        return `${this.reference.registry}/${this.reference.repository}`;
    }
    checkedDigest(digest) {
        if (!digest || !DIGEST.test(digest))
            throw new errors/* UserError */.yo(`${this.text}: "${digest ?? ''}" is not a valid digest`);
        return digest;
    }
    /** A manifest or index by tag or digest, its bytes checked against the digest asked for or announced. */
    async manifest(ref, expected, root) {
        const what = `${this.text}: manifest ${ref}`;
        return this.get(`manifests/${ref}`, { accept: ACCEPT }, `manifest ${ref}`, async (response) => {
            if (response.status === 404) {
                await response.discard();
                const missing = expected ? `no manifest ${ref}` : `no tag "${ref}"`;
                throw new errors/* UserError */.yo(`${this.text}: manifest unknown: ${missing} in ${this.repositoryName}`);
            }
            await this.expectOk(response, what);
            const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
            if (root && !ROOT_TYPES.includes(contentType) && !GENERIC_TYPES.includes(contentType))
                throw this.unsupportedType(contentType);
            const body = await registry_http_readBody(response, MAX_MANIFEST, what);
            const digest = checkDigest(body, expected ?? response.headers.get('docker-content-digest') ?? undefined, what);
            const json = parseJson(body, `${what} is not valid JSON`);
            if (root && !ROOT_TYPES.includes(contentType)) {
                const { mediaType, schemaVersion } = (json ?? {});
                if (mediaType !== undefined ? !ROOT_TYPES.includes(String(mediaType)) : schemaVersion !== 2)
                    throw this.unsupportedType(String(mediaType ?? contentType));
            }
            return { json, digest };
        });
    }
    unsupportedType(mediaType) {
        return new errors/* UserError */.yo(`${this.text}: unsupported manifest media type "${mediaType || 'none'}"; expected an OCI or Docker v2 image index or manifest`);
    }
    async fetchJson(descriptor) {
        const digest = this.checkedDigest(descriptor.digest);
        const { mediaType } = descriptor;
        if (!mediaType || ROOT_TYPES.includes(mediaType))
            return (await this.manifest(digest, digest, false)).json;
        const what = `${this.text}: config ${digest}`;
        return this.get(`blobs/${digest}`, {}, `config ${digest}`, async (response) => {
            if (response.status === 404) {
                await response.discard();
                throw this.blobUnknown(digest);
            }
            await this.expectOk(response, what);
            const body = await registry_http_readBody(response, MAX_CONFIG, what);
            checkDigest(body, digest, what);
            return parseJson(body, `${what} is not valid JSON`);
        });
    }
    blobUnknown(digest) {
        return new errors/* UserError */.yo(`${this.text}: blob unknown: no blob ${digest} in ${this.repositoryName} (HTTP 404)`);
    }
    async expectOk(response, what) {
        if (response.status === 200)
            return;
        await response.discard();
        throw new errors/* UserError */.yo(`${what}: ${this.reference.registry} answered HTTP ${response.status}`);
    }
    indexLayer(ref, digest, capture, budget) {
        const what = `${this.text}: layer ${digest}`;
        return indexLayerStream(verified(this.blobChunks(digest), digest, what), ref, capture, what, budget);
    }
    /**
     * A blob's bytes; when the connection breaks mid-way the download resumes with `Range`, or
     * starts over and skips what was already passed on when the registry ignores the range.
     */
    async *blobChunks(digest) {
        const what = `${this.text}: layer ${digest}`;
        let received = 0;
        for (let interruptions = 0;;) {
            const headers = received > 0 ? { range: `bytes=${received}-` } : {};
            const resumedAt = received;
            const response = await this.get(`blobs/${digest}`, headers, `layer ${digest}`, async (answer) => {
                if (answer.status === 404) {
                    await answer.discard();
                    throw this.blobUnknown(digest);
                }
                if (answer.status === 206 && resumedAt > 0)
                    return answer;
                await this.expectOk(answer, what);
                return answer;
            });
            let skip = response.status === 206 ? resumedAt - rangeStart(response.headers.get('content-range'), resumedAt, what) : resumedAt;
            try {
                for await (const chunk of response.chunks()) {
                    if (skip >= chunk.length) {
                        skip -= chunk.length;
                        continue;
                    }
                    const fresh = skip > 0 ? chunk.subarray(skip) : chunk;
                    skip = 0;
                    received += fresh.length;
                    yield fresh;
                }
                if (skip > 0)
                    throw new errors/* UserError */.yo(`${what}: the registry sent a shorter blob on a second try`);
                return;
            }
            catch (error) {
                if (!(error instanceof TransientError))
                    throw error;
                interruptions++;
                if (interruptions >= this.http.tries) {
                    throw new errors/* UserError */.yo(`${what}: the download broke off ${interruptions} times, last after ${received} bytes (${error.message})`);
                }
                await (0,external_node_timers_promises_.setTimeout)(backoff(this.http, interruptions));
            }
        }
    }
    /**
     * GET on the registry's API, answering one authentication challenge per request; 429, 5xx and
     * network failures are retried below, and `accept` sees any other answer. `thing` names what is read.
     */
    async get(path, headers, thing, accept) {
        const url = new URL(`/v2/${this.reference.repository}/${path}`, this.base);
        const what = `${this.text}: ${thing}`;
        for (let challenged = false;; challenged = true) {
            const credential = this.auth.credential();
            const outcome = await retrying(`${this.text}: reading ${thing} from ${this.reference.registry}`, this.http, () => send(url, headers, credential, this.http, what), async (response) => {
                if (response.status !== 401 && response.status !== 403)
                    return { value: await accept(response) };
                await response.discard();
                // No credential helps with a 403, a second 401, or a 401 from another host (a CDN).
                if (response.status === 403 || challenged || response.url.origin !== this.base.origin)
                    throw this.auth.accessDenied(response.status);
                return { challenge: response.headers.get('www-authenticate') };
            });
            if ('value' in outcome)
                return outcome.value;
            await this.auth.answer(outcome.challenge);
        }
    }
}
/** The digest actually verified: the expected one (sha256/sha512 checked), else the body's sha256. */
function checkDigest(body, expected, what) {
    const algorithm = expected?.split(':')[0] ?? 'sha256';
    if (!VERIFIABLE.includes(algorithm))
        return expected ?? '';
    const actual = `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(body).digest('hex')}`;
    if (expected !== undefined && actual !== expected)
        throw new errors/* UserError */.yo(`${what}: content does not match its digest (expected ${expected}, got ${actual})`);
    return actual;
}
function parseJson(body, failure) {
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch {
        throw new errors/* UserError */.yo(failure);
    }
}
/** Where a 206 answer starts; it must not start after what was already received. */
function rangeStart(header, received, what) {
    const start = Number(/^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header?.trim() ?? '')?.[1] ?? NaN);
    if (!(start <= received))
        throw new errors/* UserError */.yo(`${what}: the registry resumed the download at an unexpected range (${header ?? 'no Content-Range'})`);
    return start;
}
function hostname(host) {
    return new URL(`http://${host}`).hostname;
}
function isLoopback(host) {
    const name = hostname(host);
    return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

;// CONCATENATED MODULE: ./src/image/sources/index.ts




/** The source that reads a parsed reference. */
function openSource(reference, text, registry) {
    switch (reference.transport) {
        case 'docker-daemon':
            return new DockerDaemonSource(reference.name, text);
        case 'docker-archive':
        case 'oci-archive':
            return new LocalSource(reference.path, 'archive', text, reference.ref);
        case 'oci':
            return new LocalSource(reference.path, 'directory', text, reference.ref);
        case 'docker':
            return new RegistrySource(reference, text, registry);
        default:
            throw new errors/* UserError */.yo(`${text}: unsupported transport`);
    }
}

// EXTERNAL MODULE: ./src/policy/index.ts
var policy = __webpack_require__(5086);
;// CONCATENATED MODULE: ./src/report/model.ts
/** Whether findings at these levels fail the check. */
function fails(level, failOn) {
    if (failOn === 'never')
        return false;
    return failOn === 'warning' || level === 'error';
}

// EXTERNAL MODULE: ./src/rules/index.ts + 19 modules
var rules = __webpack_require__(8412);
;// CONCATENATED MODULE: ./src/engine/baseline.ts







/**
 * Loads a baseline for one image: `report:PATH` (a JSON report of an earlier run) or any image
 * reference. A registry baseline reads manifests and configs only, unless `needUncompressed`:
 * an image whose compressed size is unknown (a `docker save` of plain tars) can only be
 * compared by uncompressed sizes, which only the layers tell.
 */
async function loadBaseline(text, imageName, platform, registry, needUncompressed = false) {
    if (text.startsWith('report:')) {
        const path = text.slice('report:'.length);
        let content;
        try {
            content = await (0,promises_.readFile)(path, 'utf8');
        }
        catch (error) {
            throw new errors/* UserError */.yo(`baseline ${path}: cannot read the report (${(0,errors/* messageOf */.bD)(error)})`);
        }
        // The reader brings ajv and the report schema: loaded only when a report is read.
        const { parseJsonReport } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(529)]).then(__webpack_require__.bind(__webpack_require__, 1558));
        const report = parseJsonReport(content, path);
        const candidates = report.images.filter((image) => image.name === imageName);
        const pool = candidates.length > 0 ? candidates : report.images.length === 1 ? report.images : [];
        const match = pool.find((image) => image.platform === (0,image_platform/* formatPlatform */.Bq)(platform)) ?? pool[0];
        if (!match)
            throw new errors/* UserError */.yo(`baseline ${path}: the report has no image named ${imageName} (it has: ${report.images.map((i) => i.name).join(', ')})`);
        return { reference: text, sizes: match.facts.sizes, filesRead: match.facts.filesRead, findings: match.findings };
    }
    const reference = (0,image_reference/* parseReference */.F2)(text);
    const source = openSource(reference, text, registry);
    const images = await source.load({ platform, capture: () => undefined, files: reference.transport !== 'docker' || needUncompressed });
    const image = images.find((i) => (0,image_platform/* formatPlatform */.Bq)(i.platform) === (0,image_platform/* formatPlatform */.Bq)(platform)) ?? images[0];
    const fs = image.layerIndexes.length > 0 ? MergedFilesystem.merge(image.layerIndexes) : undefined;
    return { reference: text, sizes: sizeFacts(image, fs), filesRead: fs !== undefined };
}
function compareWithBaseline(facts, findings, baseline) {
    const now = facts.sizes;
    const before = baseline.sizes;
    const beforeIds = new Set(before.layers.map((layer) => layer.diffId ?? layer.digest));
    const nowIds = new Set(now.layers.map((layer) => layer.diffId ?? layer.digest));
    const dirsBefore = new Map(before.directories.map((d) => [d.path, d.size]));
    const dirsNow = new Map(now.directories.map((d) => [d.path, d.size]));
    const directories = !baseline.filesRead || !facts.filesRead
        ? []
        : [...new Set([...dirsBefore.keys(), ...dirsNow.keys()])]
            .map((path) => ({
            path,
            before: dirsBefore.get(path) ?? 0,
            after: dirsNow.get(path) ?? 0,
            delta: (dirsNow.get(path) ?? 0) - (dirsBefore.get(path) ?? 0),
        }))
            .filter((d) => d.delta !== 0)
            .sort((a, b) => b.delta - a.delta);
    if (baseline.findings) {
        const known = new Set(baseline.findings.map(findingKey));
        for (const finding of findings)
            finding.new = !known.has(findingKey(finding));
    }
    const comparable = now.compressed !== undefined && before.compressed !== undefined;
    return {
        reference: baseline.reference,
        ...(comparable ? { compressed: delta(before.compressed, now.compressed) } : {}),
        ...(baseline.filesRead && facts.filesRead ? { uncompressed: delta(before.uncompressed, now.uncompressed) } : {}),
        layers: {
            shared: now.layers.filter((layer) => beforeIds.has(layer.diffId ?? layer.digest)).length,
            added: now.layers
                .filter((layer) => !beforeIds.has(layer.diffId ?? layer.digest))
                .map((layer) => ({
                change: 'added',
                index: layer.index,
                diffId: layer.diffId,
                size: layer.uncompressed || (layer.compressed ?? 0),
                instruction: facts.layerCommands[layer.index],
            })),
            removed: before.layers
                .filter((layer) => !nowIds.has(layer.diffId ?? layer.digest))
                .map((layer) => ({ change: 'removed', index: layer.index, diffId: layer.diffId, size: layer.uncompressed || (layer.compressed ?? 0) })),
        },
        directories,
        findingsKnown: baseline.findings !== undefined,
    };
}
function delta(before, after) {
    return { before, after, delta: after - before, ...(before > 0 ? { percent: ((after - before) / before) * 100 } : {}) };
}
/** Findings match across runs by rule and path (or message with numbers removed, sizes change). */
function findingKey(finding) {
    return `${finding.rule}\0${finding.path ?? finding.message.replace(/[0-9.,]+/g, '#')}`;
}

;// CONCATENATED MODULE: ./src/engine/locate.ts

/** Maps findings to the Dockerfile line that caused them; no line rather than a wrong one. */
class FindingLocator {
    dockerfile;
    layerInstructions;
    constructor(dockerfile, config, layerCount) {
        this.dockerfile = dockerfile;
        const sources = dockerfile ? matchHistory(config.history, layerCount, dockerfile) : [];
        this.layerInstructions = Array.from({ length: layerCount }, (_, i) => {
            const source = sources.find((s) => s.layer === i);
            if (!source)
                return undefined;
            return source.instruction ?? (source.fromBaseImage ? dockerfile?.finalChain[0]?.from : undefined);
        });
    }
    locate(finding) {
        if (!this.dockerfile)
            return undefined;
        let instruction;
        if (finding.setting)
            instruction = finding.setting === 'FROM' ? this.dockerfile.finalStage.from : configInstruction(this.dockerfile, finding.setting, finding.envName);
        else if (finding.layer !== undefined)
            instruction = this.layerInstructions[finding.layer];
        if (!instruction)
            return undefined;
        return { file: this.dockerfile.path, line: instruction.line, endLine: instruction.endLine, text: `${instruction.keyword} ${instruction.text}`.trim() };
    }
}

;// CONCATENATED MODULE: ./src/engine/check.ts













/** The engine: every image through source → facts → rules → findings, into one report. */
async function check(options) {
    const notices = options.policy.expiredExceptions.map((e) => `policy exception for ${e.rule}${e.path ? ` on ${e.path}` : ''} (${e.source}) expired on ${e.until}; it no longer applies`);
    const images = [];
    for (const input of options.images) {
        const reference = (0,image_reference/* parseReference */.F2)(input.reference);
        options.log?.(`reading ${input.reference}`);
        const loaded = await openSource(reference, input.reference, options.registry).load({ platform: options.platform, capture: captureForFacts, files: true });
        const dockerfile = await readDockerfile(input, notices);
        for (const image of loaded)
            images.push(await checkImage(input, image, dockerfile, options, notices));
    }
    const failOn = options.failOn ?? options.policy.failOn;
    return { version: 1, passed: images.every((image) => image.passed), failOn, policy: options.policy.source, images, notices };
}
async function readDockerfile(input, notices) {
    if (!input.dockerfile)
        return undefined;
    const { path, required } = input.dockerfile;
    if (!(0,external_node_fs_.existsSync)(path)) {
        if (required)
            throw new errors/* UserError */.yo(`${path}: the Dockerfile for ${input.name} does not exist`);
        notices.push(`no ${path} found: findings for ${input.name} are reported without Dockerfile lines`);
        return undefined;
    }
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo(`${path}: cannot read the Dockerfile (${(0,errors/* messageOf */.bD)(error)})`);
    }
    // Imported here: the Dockerfile parser is large, and most runs of the CLI have no Dockerfile to read.
    const { parseDockerfile } = await Promise.all(/* import() */[__webpack_require__.e(839), __webpack_require__.e(714)]).then(__webpack_require__.bind(__webpack_require__, 8714));
    return parseDockerfile(text, path);
}
async function checkImage(input, image, dockerfile, options, notices) {
    const imagePolicy = (0,policy/* policyForImage */.hX)(options.policy, { name: input.name, reference: input.reference });
    const failOn = options.failOn ?? imagePolicy.failOn;
    const { facts } = gatherFacts(image, {
        ...(0,rules/* factOptionsFor */.k)(imagePolicy.rules),
        dockerfileBase: dockerfile?.finalStage.baseImage,
    });
    const baseline = input.baseline
        ? await loadBaseline(input.baseline, input.name, image.platform, options.registry, facts.sizes.compressed === undefined)
        : undefined;
    const locator = new FindingLocator(dockerfile, image.config, image.layers.length);
    const findings = [];
    let waived = 0;
    for (const id of policy/* RULE_IDS */.Iu) {
        const setting = imagePolicy.rules[id];
        if (setting.level === 'off')
            continue;
        const rule = rules/* RULES */.y0[id];
        if (rule.needsFiles && !facts.filesRead)
            continue;
        const context = {
            facts,
            options: setting.options,
            architecture: (0,image_platform/* normalizePlatform */.FL)({ os: 'linux', architecture: image.config.architecture }).architecture,
            baseline: baseline && {
                reference: baseline.reference,
                compressed: baseline.sizes.compressed,
                uncompressed: baseline.filesRead ? baseline.sizes.uncompressed : undefined,
            },
        };
        for (const raw of rule.check(context)) {
            if ((0,policy/* findException */.NB)(options.policy, { rule: id, path: raw.path, image: input.name })) {
                waived++;
                continue;
            }
            const instruction = raw.layer !== undefined ? facts.layerCommands[raw.layer] : undefined;
            const location = locator.locate(raw);
            findings.push({
                rule: id,
                level: setting.level,
                message: raw.message,
                ...(raw.path !== undefined ? { path: raw.path } : {}),
                ...(raw.layer !== undefined ? { layer: raw.layer } : {}),
                ...(instruction ? { instruction } : {}),
                ...(location ? { location } : {}),
                ...(raw.hint ? { hint: raw.hint } : {}),
            });
        }
    }
    if (!facts.filesRead)
        notices.push(`${input.name}: the image's files could not be read, so file rules were skipped`);
    const errors = findings.filter((f) => f.level === 'error').length;
    const warnings = findings.length - errors;
    return {
        name: input.name,
        reference: input.reference,
        platform: (0,image_platform/* formatPlatform */.Bq)(image.platform),
        ...(image.digest ? { digest: image.digest } : {}),
        ...(dockerfile ? { dockerfile: dockerfile.path } : {}),
        size: {
            ...(facts.sizes.compressed !== undefined ? { compressed: facts.sizes.compressed } : {}),
            uncompressed: facts.sizes.uncompressed,
            layers: image.layers.length,
        },
        findings,
        waived,
        errors,
        warnings,
        passed: !findings.some((finding) => fails(finding.level, failOn)),
        ...(baseline ? { baseline: compareWithBaseline(facts, findings, baseline) } : {}),
        facts,
    };
}

;// CONCATENATED MODULE: ./src/engine/thread.ts


/**
 * MB for new objects in the thread that reads images. Left to itself V8 grows that space past
 * 128 MB while a large image streams through (most of the peak memory); capped, the entries of a
 * 120,000-file image cost no more time. Node scripts cannot pass V8 flags to their own node, so
 * the engine runs in a worker thread with this resource limit (the CLI whole, the action's check).
 */
const YOUNG_GENERATION_MB = 16;
/** A worker thread for the engine, its young generation capped. */
function startEngineThread(entry, options) {
    return new external_node_worker_threads_.Worker(entry, { ...options, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}
/** What escaped the thread's own error boundary: a heap that ran out is the user's to know, anything else a bug. */
function engineThreadError(error) {
    return error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new errors/* UserError */.yo('the JavaScript heap ran out of memory reading the images') : error;
}

;// CONCATENATED MODULE: ./src/engine/worker.ts




/**
 * check() in the engine's worker thread (see thread.ts); `entry` is a module
 * that calls serveCheck() when it is not the main thread. Log lines and secrets come back in
 * order, so a secret is masked before any line could show it.
 */
function checkInWorker(entry, options) {
    const { log, registry, ...rest } = options;
    const { onSecret, ...settings } = registry;
    const data = { ...rest, registry: settings };
    return new Promise((resolve, reject) => {
        const worker = startEngineThread(entry, { workerData: data });
        let settled = false;
        worker.on('message', (message) => {
            if ('log' in message)
                log?.(message.log);
            else if ('secret' in message)
                onSecret?.(message.secret);
            else {
                settled = true;
                if ('report' in message)
                    resolve(message.report);
                else
                    reject(message.error.user ? new errors/* UserError */.yo(message.error.message) : Object.assign(new Error(message.error.message), { stack: message.error.stack }));
            }
        });
        worker.on('error', (error) => {
            settled = true;
            reject(engineThreadError(error));
        });
        worker.on('exit', (code) => {
            if (!settled)
                reject(new Error(`the engine's thread exited (status ${code}) without a report`));
        });
    });
}
/** The worker's side of checkInWorker: runs check() on what it was given and posts the outcome. */
async function serveCheck() {
    const port = external_node_worker_threads_.parentPort;
    const post = (message) => port.postMessage(message);
    const options = external_node_worker_threads_.workerData;
    try {
        const report = await check({ ...options, registry: { ...options.registry, onSecret: (secret) => post({ secret }) }, log: (line) => post({ log: line }) });
        post({ report });
    }
    catch (error) {
        post({ error: { user: error instanceof errors/* UserError */.yo, message: (0,errors/* messageOf */.bD)(error), stack: error instanceof Error ? error.stack : undefined } });
    }
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   oh: () => (/* binding */ failureMessage),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/**
 * An error the user can fix: bad input, an unreadable image, a policy mistake.
 * Its message is shown as one line, without a stack trace; anything else is a bug.
 */
class UserError extends Error {
    name = 'UserError';
}
/** The message of a caught value, for wrapping lower-level failures in a UserError. */
function messageOf(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/**
 * The one line an entry ends with when something failed: a UserError's message as it is, anything
 * else a bug, with its stack so it can be reported.
 */
function failureMessage(error) {
    if (error instanceof UserError)
        return error.message;
    return `internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}


/***/ }),

/***/ 7242:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ baseImageOf),
/* harmony export */   f: () => (/* binding */ baseImage)
/* harmony export */ });
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3564);

/** The base image as the image's annotations, its labels or the Dockerfile's final `FROM` name it. */
function baseImageOf(image, dockerfileBase) {
    const labels = image.config.config?.Labels ?? {};
    const found = (from, source) => {
        const name = from['org.opencontainers.image.base.name'];
        const digest = from['org.opencontainers.image.base.digest'];
        return name ? baseImage(name, source, digest) : undefined;
    };
    return found(image.annotations, 'annotation') ?? found(labels, 'label') ?? (dockerfileBase ? baseImage(dockerfileBase, 'dockerfile') : undefined);
}
function baseImage(name, source, digest) {
    return { name, ...(digest ? { digest } : {}), source, forms: nameForms(name) };
}
function nameForms(name) {
    try {
        const reference = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRegistryReference */ .qq)(name);
        const suffix = `${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
        return [...new Set([name, `${reference.registry}/${reference.repository}${suffix}`, `${(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .defaultImageName */ .eo)(reference)}${suffix}`])];
    }
    catch {
        // Not a reference (an unexpanded ${ARG}, say): matched as written.
        return [name];
    }
}


/***/ }),

/***/ 2554:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FL: () => (/* binding */ normalizePlatform),
/* harmony export */   J5: () => (/* binding */ platformMatches),
/* harmony export */   Y8: () => (/* binding */ parsePlatform)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

const ARCH_ALIASES = {
    x86_64: 'amd64',
    'x86-64': 'amd64',
    aarch64: 'arm64',
    armhf: 'arm',
    armel: 'arm',
    i386: '386',
    i686: '386',
};
/** Normalises a platform as containerd does: `x86_64`→`amd64`, `aarch64`→`arm64`, bare `arm` is `v7`. */
function normalizePlatform(platform) {
    const os = platform.os.toLowerCase();
    let architecture = platform.architecture.toLowerCase();
    let variant = platform.variant?.toLowerCase() || undefined;
    architecture = ARCH_ALIASES[architecture] ?? architecture;
    if (platform.architecture.toLowerCase() === 'armel')
        variant ??= 'v6';
    if (architecture === 'arm')
        variant ??= 'v7';
    if (architecture === 'arm64' && variant === 'v8')
        variant = undefined;
    if (architecture === 'amd64' && variant === 'v1')
        variant = undefined;
    return variant ? { os, architecture, variant } : { os, architecture };
}
/** `linux/amd64`, `linux/arm/v7`, `arm64` (os defaults to linux). */
function parsePlatform(text) {
    const parts = text.trim().split('/');
    if (parts.some((part) => part === '') || parts.length > 3) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`"${text}" is not a platform; expected OS/ARCH[/VARIANT] such as linux/amd64`);
    }
    if (parts.length === 1)
        return normalizePlatform({ os: 'linux', architecture: parts[0] });
    return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}
function formatPlatform(platform) {
    const p = normalizePlatform(platform);
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
function platformMatches(wanted, have) {
    return formatPlatform(wanted) === formatPlatform(have);
}


/***/ }),

/***/ 3564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   eo: () => (/* binding */ defaultImageName),
/* harmony export */   qq: () => (/* binding */ parseRegistryReference)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);


const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** What the user typed, as an error message shows it: on one line, control characters escaped as in JSON. */
function shown(text) {
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}
/**
 * Parses `docker-daemon:NAME`, `docker-archive:PATH`, `oci-archive:PATH`, `oci:DIR[:REF]`,
 * `docker://REF`; a bare reference is a path when it exists, else an image in the engine.
 */
function parseReference(text, exists = node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync) {
    const value = text.trim();
    if (value === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('empty image reference');
    if (value.startsWith('docker://'))
        return parseRegistryReference(value.slice('docker://'.length), value);
    const colon = value.indexOf(':');
    const transport = colon > 0 ? value.slice(0, colon) : '';
    const rest = value.slice(colon + 1);
    switch (transport) {
        case 'docker-daemon':
            if (rest === '')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${value}: docker-daemon: needs an image name`);
            return { transport: 'docker-daemon', name: rest };
        case 'docker-archive':
        case 'oci-archive':
        case 'oci': {
            if (rest === '')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${value}: ${transport}: needs a path`);
            return { transport, ...splitPathAndRef(rest, exists) };
        }
        default:
            if (exists(value))
                return { transport: 'docker-archive', path: value };
            return { transport: 'docker-daemon', name: value };
    }
}
/**
 * PATH[:REF]. REF may hold colons itself (`app.tar:app:2`), and so may a path: the path is the
 * whole text when that exists, else the shortest prefix before a colon that exists, else (as
 * skopeo splits it) the text before the first colon.
 */
function splitPathAndRef(text, exists) {
    if (exists(text))
        return { path: text };
    const colons = [];
    for (let at = text.indexOf(':'); at > 0; at = text.indexOf(':', at + 1))
        colons.push(at);
    const split = colons.find((at) => exists(text.slice(0, at))) ?? colons[0];
    if (split === undefined)
        return { path: text };
    const ref = text.slice(split + 1);
    return ref === '' ? { path: text.slice(0, split) } : { path: text.slice(0, split), ref };
}
/** `registry/name[:tag][@digest]`, with Docker Hub's defaults (docker.io, library/, latest). */
function parseRegistryReference(text, original = text) {
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${shown(original)}: the digest must be sha256: followed by 64 hex digits`);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const tagColon = rest.lastIndexOf(':');
    if (tagColon > lastSlash) {
        tag = rest.slice(tagColon + 1);
        rest = rest.slice(0, tagColon);
        if (!/^[\w][\w.-]{0,127}$/.test(tag))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${shown(original)}: "${shown(tag)}" is not a valid tag`);
    }
    const first = rest.split('/')[0];
    let registry = 'docker.io';
    let repository = rest;
    if (rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
        registry = first;
        repository = rest.slice(first.length + 1);
    }
    if (registry === 'docker.io' && !repository.includes('/'))
        repository = `library/${repository}`;
    if (!/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/.test(repository)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${shown(original)}: "${shown(repository)}" is not a valid repository name (lowercase letters, digits, . _ - and /)`);
    }
    if (!tag && !digest)
        tag = 'latest';
    return { transport: 'docker', registry, repository, tag, digest };
}
/** The reference without tag or digest: the image's default display name and comment key. */
function defaultImageName(reference) {
    switch (reference.transport) {
        case 'docker-daemon':
            return stripTagAndDigest(reference.name);
        case 'docker':
            return `${reference.registry === 'docker.io' ? '' : reference.registry + '/'}${reference.repository.replace(/^library\//, '')}`;
        default:
            return reference.path;
    }
}
function stripTagAndDigest(name) {
    const withoutDigest = name.split('@')[0];
    const lastSlash = withoutDigest.lastIndexOf('/');
    const colon = withoutDigest.lastIndexOf(':');
    return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}


/***/ }),

/***/ 5086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iu: () => (/* reexport safe */ _types_js__WEBPACK_IMPORTED_MODULE_0__.Iu),
/* harmony export */   Kp: () => (/* reexport safe */ _presets_js__WEBPACK_IMPORTED_MODULE_1__.Kp),
/* harmony export */   NB: () => (/* reexport safe */ _resolve_js__WEBPACK_IMPORTED_MODULE_2__.NB),
/* harmony export */   Qm: () => (/* reexport safe */ _types_js__WEBPACK_IMPORTED_MODULE_0__.Qm),
/* harmony export */   hX: () => (/* reexport safe */ _resolve_js__WEBPACK_IMPORTED_MODULE_2__.hX)
/* harmony export */ });
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3943);
/* harmony import */ var _presets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4490);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5606);





/***/ }),

/***/ 4490:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kp: () => (/* binding */ builtinPolicy),
/* harmony export */   RK: () => (/* binding */ presetRules),
/* harmony export */   VQ: () => (/* binding */ DEFAULT_FAIL_ON)
/* harmony export */ });
/* harmony import */ var _rules_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8412);

/** The options a rule starts with under a preset (`none` keeps recommended's, for rules a policy turns on); fresh copies. */
function presetOptions(rule, preset) {
    const options = {};
    for (const [key, spec] of Object.entries(rule.options)) {
        const value = preset === 'strict' && spec.strict !== undefined ? spec.strict : spec.default;
        if (value !== undefined)
            options[key] = structuredClone(value);
    }
    return options;
}
/** The rule settings a preset stands for; a fresh copy each call, safe to change. */
function presetRules(preset) {
    const settings = {};
    for (const rule of _rules_index_js__WEBPACK_IMPORTED_MODULE_0__/* .RULE_LIST */ .OY)
        settings[rule.id] = { level: preset === 'none' ? 'off' : rule.levels[preset], options: presetOptions(rule, preset) };
    // Each rule's options were built from its own option specs, which type them.
    return settings;
}
const DEFAULT_FAIL_ON = 'error';
/** A policy with no file behind it: the preset as it stands. */
function builtinPolicy(preset) {
    return {
        source: `built-in ${preset}`,
        extends: preset,
        failOn: DEFAULT_FAIL_ON,
        rules: presetRules(preset),
        images: [],
        exceptions: [],
        expiredExceptions: [],
    };
}


/***/ }),

/***/ 5606:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NB: () => (/* binding */ findException),
/* harmony export */   _d: () => (/* binding */ isExpired),
/* harmony export */   hX: () => (/* binding */ policyForImage),
/* harmony export */   iu: () => (/* binding */ applyOverrides)
/* harmony export */ });
/* harmony import */ var _common_glob_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8807);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3943);


/** `setting` with an override on top: its level, and the options it names (null removes one). */
function applyOverride(setting, override) {
    const options = { ...setting.options };
    for (const [key, value] of Object.entries(override.options)) {
        if (value === null)
            delete options[key];
        else
            options[key] = value;
    }
    // Keys and value types come from OptionsPatch<R>, the same shape minus the nulls removed above.
    return { level: override.level, options: options };
}
function applyOverrides(settings, overrides) {
    const result = { ...settings };
    for (const id of _types_js__WEBPACK_IMPORTED_MODULE_1__/* .RULE_IDS */ .Iu) {
        const override = overrides[id];
        if (override !== undefined)
            result[id] = applyOverride(result[id], override);
    }
    // Each id gets its own setting back with its own override applied.
    return result;
}
/** The fail-on level and rule settings for one image: every matching `images:` entry, in file order. */
function policyForImage(policy, image) {
    let failOn = policy.failOn;
    let rules = policy.rules;
    for (const override of policy.images) {
        if (!(0,_common_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .matchesGlob */ .k)(override.glob, image.name) && !(0,_common_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .matchesGlob */ .k)(override.glob, image.reference))
            continue;
        failOn = override.failOn ?? failOn;
        rules = applyOverrides(rules, override.rules);
    }
    return { failOn, rules };
}
/** The first exception in force that waives this finding. */
function findException(policy, finding) {
    return policy.exceptions.find((exception) => exception.rule === finding.rule &&
        (exception.path === undefined || (finding.path !== undefined && (0,_common_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .matchesGlob */ .k)(exception.path, finding.path))) &&
        (exception.image === undefined || (0,_common_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .matchesGlob */ .k)(exception.image, finding.image)));
}
/** Whether an exception with this `until` has expired on `today` (it still applies on that day). */
function isExpired(until, today) {
    return until !== undefined && until < today.toISOString().slice(0, 10);
}


/***/ }),

/***/ 3943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iu: () => (/* reexport safe */ _rules_index_js__WEBPACK_IMPORTED_MODULE_0__.Iu),
/* harmony export */   Qm: () => (/* binding */ FAIL_ON_VALUES)
/* harmony export */ });
/* unused harmony exports LEVELS, PRESET_NAMES */
/* harmony import */ var _rules_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8412);

const LEVELS = (/* unused pure expression or super */ null && (['off', 'warning', 'error']));
const FAIL_ON_VALUES = ['error', 'warning', 'never'];
const PRESET_NAMES = (/* unused pure expression or super */ null && (['recommended', 'strict', 'none']));


/***/ }),

/***/ 8412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  y0: () => (/* binding */ RULES),
  Iu: () => (/* binding */ RULE_IDS),
  OY: () => (/* binding */ RULE_LIST),
  k: () => (/* binding */ factOptionsFor)
});

// EXTERNAL MODULE: ./src/common/glob.ts
var common_glob = __webpack_require__(8807);
;// CONCATENATED MODULE: ./src/rules/rule.ts
/** A rule definition with its id and option types inferred from what it is given. */
function defineRule(definition) {
    return definition;
}

;// CONCATENATED MODULE: ./src/rules/allowed-base-images.ts


const allowedBaseImages = defineRule({
    id: 'allowed-base-images',
    title: 'Base image on the allowlist',
    anchor: 'allowed-base-images',
    levels: { recommended: 'off', strict: 'off' },
    options: { images: { kind: 'globs', default: [] } },
    needsFiles: false,
    missingOption: ({ images }) => (images.length === 0 ? 'images; list the allowed base image globs' : undefined),
    check: ({ facts, options }) => {
        if (options.images.length === 0)
            return [];
        const base = facts.baseImage;
        const allowed = options.images.join(', ');
        if (!base) {
            return [
                {
                    message: `the base image is unknown (no org.opencontainers.image.base.name annotation or label, and no Dockerfile given), so it cannot be checked against: ${allowed}`,
                    setting: 'FROM',
                    hint: 'pass the dockerfile input, or set the org.opencontainers.image.base.name label',
                },
            ];
        }
        if (options.images.some((glob) => base.forms.some((form) => (0,common_glob/* matchesGlob */.k)(glob, form))))
            return [];
        return [{ message: `base image ${base.name} is not on the allowlist (${allowed})`, setting: 'FROM', hint: `build FROM one of: ${allowed}` }];
    },
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/rules/entrypoint-runnable.ts


const NODE_TYPES = { dir: 'a directory', char: 'a character device', block: 'a block device', fifo: 'a FIFO', symlink: 'a symlink' };
const entrypointRunnable = defineRule({
    id: 'entrypoint-runnable',
    title: 'The entry point can start',
    anchor: 'entrypoint-runnable',
    levels: { recommended: 'error', strict: 'error' },
    options: {},
    needsFiles: true,
    check: ({ facts, architecture }) => {
        const { program, entrypoint } = facts.entrypoint;
        const setting = entrypoint.length > 0 ? 'ENTRYPOINT' : 'CMD';
        if (!program)
            return [
                { message: 'neither ENTRYPOINT nor CMD is set: the container has nothing to run', setting: 'ENTRYPOINT', hint: 'set ENTRYPOINT ["/path/to/app"]' },
            ];
        const { command } = program;
        if (program.kind === 'missing' || program.path === undefined) {
            const how = command.includes('/') ? 'does not exist in the image' : 'is not in any PATH directory of the image';
            return [
                {
                    message: `${command} ${how}`,
                    setting,
                    // An absolute path is where it is missing from; a name or a relative path has no one place.
                    ...(command.startsWith('/') ? { path: external_node_path_.posix.normalize(command) } : {}),
                    hint: 'COPY the program into the image, or point ENTRYPOINT at its absolute path',
                },
            ];
        }
        const path = program.path;
        const at = { setting, path, layer: program.layer };
        const type = program.type;
        if (type !== undefined && type !== 'file' && type !== 'hardlink') {
            return [{ ...at, message: `${path} is ${NODE_TYPES[type] ?? type}, not a program`, hint: 'point ENTRYPOINT at the program file' }];
        }
        const findings = [];
        if (!program.executable)
            findings.push({
                ...at,
                message: `${path} is not executable (mode ${(program.mode ?? 0).toString(8).padStart(4, '0')}, no x bit)`,
                hint: 'COPY --chmod=0755 or chmod +x it in the build stage',
            });
        if (program.kind === 'other' && program.executable)
            findings.push({
                ...at,
                message: `${path} is neither an ELF binary nor a script with a #! line: starting it fails with "exec format error"`,
                hint: 'point ENTRYPOINT at the binary, or start the script with a #! line naming its interpreter',
            });
        const elf = program.elf;
        if (elf) {
            if (elf.machineName !== architecture)
                findings.push({
                    ...at,
                    message: `${path} is built for ${elf.machineName} but the image is ${architecture}`,
                    hint: `build the program for ${architecture} (GOARCH, --platform, or a cross compiler)`,
                });
            const libraries = program.libraries;
            if (libraries?.interpreter && !libraries.interpreter.found) {
                findings.push({
                    ...at,
                    message: `${path} needs the dynamic loader ${libraries.interpreter.path}, which is not in the image`,
                    hint: 'link the program statically (CGO_ENABLED=0, -static) or use a base with libc such as gcr.io/distroless/base-debian12',
                });
            }
            const missing = libraries?.libraries.filter((lib) => !lib.path) ?? [];
            if (missing.length > 0) {
                const list = missing.map((lib) => (lib.neededBy === path ? lib.name : `${lib.name} (for ${lib.neededBy})`)).join(', ');
                findings.push({
                    ...at,
                    message: `${path} needs ${list}, not found in the image`,
                    hint: 'copy the libraries along, link statically, or use gcr.io/distroless/base-debian12 or cc-debian12',
                });
            }
        }
        const interpreter = program.kind === 'script' ? program.interpreter : undefined;
        if (interpreter && !interpreter.path) {
            findings.push({
                ...at,
                message: `${path} is a script for ${interpreter.command}, which is not in the image`,
                hint: 'run the interpreter explicitly in ENTRYPOINT, or use a distroless base that has it',
            });
        }
        else if (interpreter?.envCommand && !interpreter.envCommand.path) {
            findings.push({
                ...at,
                message: `${path} is a script for ${interpreter.envCommand.command} (through ${interpreter.command}), which is not in any PATH directory of the image`,
                hint: 'run the interpreter explicitly in ENTRYPOINT, or use a distroless base that has it',
            });
        }
        return findings;
    },
});

// EXTERNAL MODULE: ./src/common/sizes.ts
var sizes = __webpack_require__(4875);
;// CONCATENATED MODULE: ./src/rules/text.ts

/** Text from the image (a command, a label value) fit for a one-line message: whitespace runs as one space, long text cut. */
function oneLine(text, max = 80) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
/** Two sizes for a comparison: in human units, or in bytes when the units would read the same (`11 KiB exceeds 11 KiB`). */
function formatSizePair(size, limit) {
    const [a, b] = [(0,sizes/* formatSize */.Xq)(size), (0,sizes/* formatSize */.Xq)(limit)];
    return a === b && size !== limit ? [`${size} B`, `${limit} B`] : [a, b];
}

;// CONCATENATED MODULE: ./src/rules/exec-form-entrypoint.ts


const HINT = 'write it in exec form, e.g. ENTRYPOINT ["/app", "--flag"]: the shell form needs /bin/sh, which a distroless image does not have';
const execFormEntrypoint = defineRule({
    id: 'exec-form-entrypoint',
    title: 'Entrypoint, Cmd and Healthcheck in exec form',
    anchor: 'exec-form-entrypoint',
    levels: { recommended: 'error', strict: 'error' },
    options: {},
    needsFiles: false,
    check: ({ facts }) => {
        const { entrypoint } = facts;
        const findings = [];
        if (entrypoint.entrypointShellForm)
            findings.push({ message: `ENTRYPOINT is in shell form (${oneLine(entrypoint.entrypoint.join(' '))})`, setting: 'ENTRYPOINT', hint: HINT });
        if (entrypoint.cmdShellForm)
            findings.push({ message: `CMD is in shell form (${oneLine(entrypoint.cmd.join(' '))})`, setting: 'CMD', hint: HINT });
        if (entrypoint.healthcheckShellForm)
            findings.push({
                message: 'HEALTHCHECK runs its command through a shell (CMD-SHELL or /bin/sh -c), which needs /bin/sh',
                setting: 'HEALTHCHECK',
                hint: 'write HEALTHCHECK CMD ["/app", "healthcheck"] in exec form',
            });
        return findings;
    },
});

;// CONCATENATED MODULE: ./src/rules/forbidden-paths.ts

/** Network and privilege tools an attacker would reach for, wherever a bin/ directory is. */
const DEFAULT_FORBIDDEN_PATHS = ['curl', 'wget', 'nc', 'ncat', 'netcat', 'ssh', 'scp', 'telnet', 'sudo', 'su', 'doas'].map((tool) => `**/bin/${tool}`);
const forbiddenPaths = defineRule({
    id: 'forbidden-paths',
    title: 'No forbidden paths',
    anchor: 'forbidden-paths',
    levels: { recommended: 'off', strict: 'error' },
    options: { paths: { kind: 'pathGlobs', default: [...DEFAULT_FORBIDDEN_PATHS] } },
    needsFiles: true,
    // Matching walks every path of the image: only when the rule runs.
    factOptions: ({ level, options }) => (level === 'off' ? {} : { pathGlobs: options.paths }),
    check: ({ facts }) => (facts.pathMatches ?? []).map((match) => ({
        message: `${match.path} matches the forbidden path ${match.glob}`,
        path: match.path,
        layer: match.layer,
        hint: 'remove it in the build stage, or do not COPY it into the final image',
    })),
});

;// CONCATENATED MODULE: ./src/rules/max-layers.ts

const maxLayers = defineRule({
    id: 'max-layers',
    title: 'Layer count within the cap',
    anchor: 'max-layers',
    levels: { recommended: 'off', strict: 'off' },
    options: { max: { kind: 'count', optional: true } },
    needsFiles: false,
    missingOption: ({ max }) => (max === undefined ? 'a limit; set max' : undefined),
    check: ({ facts, options }) => {
        const count = facts.sizes.layers.length;
        if (options.max === undefined || count <= options.max)
            return [];
        return [
            { message: `the image has ${count} layers, more than the cap of ${options.max}`, setting: 'FROM', hint: 'merge RUN steps and COPY from one build stage' },
        ];
    },
});

;// CONCATENATED MODULE: ./src/rules/max-size.ts


const maxSize = defineRule({
    id: 'max-size',
    title: 'Image size within the caps',
    anchor: 'max-size',
    levels: { recommended: 'off', strict: 'off' },
    options: { compressed: { kind: 'size', optional: true }, uncompressed: { kind: 'size', optional: true } },
    needsFiles: false,
    missingOption: ({ compressed, uncompressed }) => compressed === undefined && uncompressed === undefined ? 'a limit; set compressed, uncompressed or both' : undefined,
    check: ({ facts, options }) => {
        const findings = [];
        const { compressed, uncompressed } = facts.sizes;
        const hint = 'use a smaller base image and keep build tools out of the final stage';
        const over = (kind, size, cap) => {
            const [sizeText, capText] = formatSizePair(size, cap);
            findings.push({ message: `${kind} size ${sizeText} exceeds the cap of ${capText}`, setting: 'FROM', hint });
        };
        if (options.compressed !== undefined && compressed !== undefined && compressed > options.compressed)
            over('compressed', compressed, options.compressed);
        if (options.uncompressed !== undefined && facts.filesRead && uncompressed > options.uncompressed)
            over('uncompressed', uncompressed, options.uncompressed);
        return findings;
    },
});

;// CONCATENATED MODULE: ./src/rules/hints.ts

/** A concrete distroless base for the runtime the entry point shows, and the multi-stage pattern. */
function distrolessHint(facts) {
    const base = distrolessBaseFor(facts);
    return `build in a full image and COPY only the app into a final stage FROM ${base} (multi-stage build); it has no shell or package manager`;
}
function distrolessBaseFor(facts) {
    const program = facts.entrypoint.program;
    const interpreter = program?.interpreter;
    const names = [program?.path, program?.command, interpreter?.envCommand?.command, interpreter?.command].map((name) => external_node_path_.posix.basename(name ?? ''));
    const runtime = names.find((name) => /^(node|nodejs|python[0-9.]*|java|dotnet)$/.test(name)) ?? '';
    if (runtime.startsWith('node'))
        return 'gcr.io/distroless/nodejs22-debian12';
    if (runtime.startsWith('python'))
        return 'gcr.io/distroless/python3-debian12';
    if (runtime === 'java')
        return 'gcr.io/distroless/java21-debian12';
    if (runtime === 'dotnet')
        return 'mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled';
    if (program?.kind === 'elf' && program.elf) {
        if (!program.elf.interpreter)
            return 'gcr.io/distroless/static-debian12';
        const needsCxx = program.elf.needed.some((lib) => /^libstdc\+\+|^libgcc_s/.test(lib));
        return needsCxx ? 'gcr.io/distroless/cc-debian12' : 'gcr.io/distroless/base-debian12';
    }
    return 'gcr.io/distroless/static-debian12 (or the distroless image for your runtime)';
}

;// CONCATENATED MODULE: ./src/rules/binary-findings.ts

/** One finding per program found (`shell /bin/sh (-> /usr/bin/dash) is in the image`), at the layer that wrote it. */
function binaryFindings(what, binaries, facts) {
    const hint = distrolessHint(facts);
    return binaries.map((binary) => ({
        message: `${what} ${binary.path}${binary.via ? ` (-> ${binary.via})` : ''} is in the image`,
        path: binary.path,
        layer: binary.layer,
        hint,
    }));
}

;// CONCATENATED MODULE: ./src/rules/no-package-manager.ts


const noPackageManager = defineRule({
    id: 'no-package-manager',
    title: 'No OS package manager in the image',
    anchor: 'no-package-manager',
    levels: { recommended: 'error', strict: 'error' },
    options: { managers: { kind: 'names', default: [] } },
    needsFiles: true,
    // Whatever the level: the report lists the package managers found.
    factOptions: ({ options }) => ({ extraPackageManagers: options.managers }),
    check: ({ facts }) => binaryFindings('package manager', facts.packageManagers, facts),
});

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/rules/no-secrets-in-env.ts


const SECRET_NAMES = ['*SECRET*', '*_TOKEN', 'TOKEN', '*PASSWORD*', '*PASSWD*', '*API_KEY*', '*APIKEY*', '*PRIVATE_KEY*', '*ACCESS_KEY*', '*CREDENTIAL*'];
const SECRET_VALUES = [
    ['an AWS access key', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
    ['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/],
    ['a Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
    ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];
/** An absolute path with no spaces: where a secret is kept, not the secret. */
const FILE_REFERENCE = /^\/\S*$/;
/** Enough to recognise the variable, never enough to use it. */
function redact(value) {
    return `<redacted, ${value.length} chars>`;
}
const noSecretsInEnv = defineRule({
    id: 'no-secrets-in-env',
    title: 'No credentials in the environment',
    anchor: 'no-secrets-in-env',
    levels: { recommended: 'error', strict: 'error' },
    options: { names: { kind: 'globs', default: [] }, allow: { kind: 'globs', default: [] } },
    needsFiles: false,
    check: ({ facts, options }) => {
        const isSecretName = picomatch_default()([...SECRET_NAMES, ...options.names], { nocase: true });
        const allowed = options.allow.length > 0 ? picomatch_default()(options.allow, { nocase: true }) : () => false;
        const hint = 'pass secrets at run time (orchestrator secrets, mounted files) or with RUN --mount=type=secret at build time; ENV is stored in the image for anyone who pulls it';
        return facts.env.flatMap(([name, value]) => {
            if (value === '' || allowed(name))
                return [];
            const shape = SECRET_VALUES.find(([, pattern]) => pattern.test(value))?.[0];
            // DB_PASSWORD_FILE=/run/secrets/db, GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/key.json: where the secret is, not the secret.
            if (!shape && (!isSecretName(name) || FILE_REFERENCE.test(value)))
                return [];
            const why = shape ? `holds what looks like ${shape}` : 'has a name that suggests a credential';
            return [{ message: `ENV ${name}=${redact(value)} ${why}`, setting: 'ENV', envName: name, hint }];
        });
    },
});

;// CONCATENATED MODULE: ./src/rules/no-setuid.ts

const noSetuid = defineRule({
    id: 'no-setuid',
    title: 'No setuid or setgid files',
    anchor: 'no-setuid',
    levels: { recommended: 'warning', strict: 'error' },
    options: {},
    needsFiles: true,
    check: ({ facts }) => facts.setuid.map((file) => {
        const bits = [(file.mode & 0o4000) !== 0 && 'setuid', (file.mode & 0o2000) !== 0 && 'setgid'].filter(Boolean).join(' and ');
        return {
            message: `${file.path} is ${bits} (mode ${file.mode.toString(8).padStart(4, '0')})`,
            path: file.path,
            layer: file.layer,
            hint: 'remove the file, or clear the bit with chmod u-s,g-s in the build stage',
        };
    }),
});

;// CONCATENATED MODULE: ./src/rules/no-shell.ts


const noShell = defineRule({
    id: 'no-shell',
    title: 'No shell in the image',
    anchor: 'no-shell',
    levels: { recommended: 'error', strict: 'error' },
    options: { shells: { kind: 'names', default: [] } },
    needsFiles: true,
    // Whatever the level: the report lists the shells found.
    factOptions: ({ options }) => ({ extraShells: options.shells }),
    check: ({ facts }) => binaryFindings('shell', facts.shells, facts),
});

;// CONCATENATED MODULE: ./src/rules/no-world-writable.ts

/** Scratch directories that are world-writable by design, when sticky. */
const STICKY_SCRATCH = new Set(['/tmp', '/var/tmp', '/dev/shm', '/run/lock', '/var/lock']);
const noWorldWritable = defineRule({
    id: 'no-world-writable',
    title: 'No world-writable files or directories outside /tmp',
    anchor: 'no-world-writable',
    levels: { recommended: 'off', strict: 'warning' },
    options: {},
    needsFiles: true,
    check: ({ facts }) => {
        // A sticky scratch directory and what is in it are fine: anyone may write there, nobody may remove what others wrote.
        const scratch = facts.worldWritable
            .filter((file) => file.type === 'dir' && STICKY_SCRATCH.has(file.path) && (file.mode & 0o1000) !== 0)
            .map((dir) => dir.path);
        return facts.worldWritable
            .filter((file) => !scratch.some((dir) => file.path === dir || file.path.startsWith(`${dir}/`)))
            .map((file) => ({
            message: `${file.path} is world-writable (mode ${file.mode.toString(8).padStart(4, '0')})`,
            path: file.path,
            layer: file.layer,
            hint: file.type === 'dir' && STICKY_SCRATCH.has(file.path)
                ? `set the sticky bit: chmod 1777 ${file.path}`
                : 'chmod o-w it in the build stage (COPY --chmod=0755)',
        }));
    },
});

;// CONCATENATED MODULE: ./src/rules/non-root-user.ts

const non_root_user_HINT = 'set USER to a non-root user, e.g. USER 65532:65532 (distroless images name it nonroot)';
const nonRootUser = defineRule({
    id: 'non-root-user',
    title: 'Runs as a non-root user',
    anchor: 'non-root-user',
    levels: { recommended: 'error', strict: 'error' },
    options: { numeric: { kind: 'flag', default: false } },
    needsFiles: false,
    check: ({ facts, options }) => {
        const user = facts.user;
        if (user.configured === '')
            return [{ message: 'no USER is set, so the container runs as root', setting: 'USER', hint: non_root_user_HINT }];
        if (!user.resolved) {
            const where = facts.filesRead ? 'in the image /etc/passwd or /etc/group' : '(the image files were not read)';
            return [
                {
                    message: `USER ${user.configured} does not resolve ${where}; the runtime cannot start the container`,
                    setting: 'USER',
                    hint: 'use numeric ids (USER 65532:65532) or add the user to /etc/passwd',
                },
            ];
        }
        if (user.uid === 0)
            return [{ message: `USER ${user.configured} is root (uid 0)`, setting: 'USER', hint: non_root_user_HINT }];
        // The kubelet checks runAsNonRoot against the image's uid before the container starts: a name it cannot check.
        if (options.numeric && !/^\d+$/.test(user.configured.split(':')[0]))
            return [
                {
                    message: `USER ${user.configured} names the user instead of its uid: Kubernetes refuses to start it with runAsNonRoot (it cannot verify a user name is not root)`,
                    setting: 'USER',
                    hint: `write the ids, e.g. USER ${user.uid}:${user.gid}`,
                },
            ];
        return [];
    },
});

;// CONCATENATED MODULE: ./src/rules/required-labels.ts


const requiredLabels = defineRule({
    id: 'required-labels',
    title: 'Required labels present',
    anchor: 'required-labels',
    levels: { recommended: 'off', strict: 'off' },
    options: { labels: { kind: 'labels', default: {} } },
    needsFiles: false,
    missingOption: ({ labels }) => (Object.keys(labels).length === 0 ? 'labels; list the required labels' : undefined),
    check: ({ facts, options }) => {
        const findings = [];
        for (const [name, pattern] of Object.entries(options.labels)) {
            const value = facts.labels[name];
            if (value === undefined)
                findings.push({ message: `label ${name} is missing`, setting: 'LABEL', hint: `add LABEL ${name}="…"` });
            else if (pattern && !new RegExp(pattern).test(value))
                findings.push({
                    message: `label ${name}="${oneLine(value)}" does not match /${pattern}/`,
                    setting: 'LABEL',
                    envName: name,
                    hint: `set ${name} to a value matching /${pattern}/`,
                });
        }
        return findings;
    },
});

;// CONCATENATED MODULE: ./src/rules/size-increase.ts


const sizeIncrease = defineRule({
    id: 'size-increase',
    title: 'Growth against the baseline within limits',
    anchor: 'size-increase',
    levels: { recommended: 'warning', strict: 'error' },
    options: { bytes: { kind: 'size', optional: true }, percent: { kind: 'percent', default: 10, strict: 5, optional: true } },
    needsFiles: false,
    missingOption: ({ bytes, percent }) => (bytes === undefined && percent === undefined ? 'a limit; set bytes, percent or both' : undefined),
    check: ({ facts, options, baseline }) => {
        if (!baseline)
            return [];
        // Compare like with like: compressed where both sides know it, else uncompressed.
        const useCompressed = baseline.compressed !== undefined && facts.sizes.compressed !== undefined;
        const before = useCompressed ? (baseline.compressed ?? 0) : (baseline.uncompressed ?? 0);
        const after = useCompressed ? (facts.sizes.compressed ?? 0) : facts.sizes.uncompressed;
        // No image is 0 bytes: 0 means that side's size is not known (layers not read), so there is nothing to compare.
        if (before === 0 || after === 0)
            return [];
        const growth = after - before;
        const percent = (growth / before) * 100;
        const overBytes = options.bytes !== undefined && growth > options.bytes;
        const overPercent = options.percent !== undefined && percent > options.percent;
        if (growth <= 0 || (!overBytes && !overPercent))
            return [];
        const [growthText, bytesText] = formatSizePair(growth, options.bytes ?? growth);
        const limit = [options.bytes !== undefined && bytesText, options.percent !== undefined && `${options.percent}%`].filter(Boolean).join(' / ');
        return [
            {
                message: `the image grew by ${growthText} (+${percent.toFixed(1)}%, ${useCompressed ? 'compressed' : 'uncompressed'}) against ${baseline.reference}, over the limit of ${limit}`,
                setting: 'FROM',
                hint: 'see the layers and directories that grew in the size table; keep build outputs and caches out of the final stage',
            },
        ];
    },
});

;// CONCATENATED MODULE: ./src/rules/wasted-space.ts



const wastedSpace = defineRule({
    id: 'wasted-space',
    title: 'Little space hidden by later layers',
    anchor: 'wasted-space',
    levels: { recommended: 'warning', strict: 'error' },
    options: { max: { kind: 'size', default: 10_000_000, strict: 1_000_000 } },
    needsFiles: true,
    check: ({ facts, options }) => {
        const { hidden, layers } = facts.sizes;
        if (hidden <= options.max)
            return [];
        const worst = layers.reduce((a, b) => (b.hidden > a.hidden ? b : a));
        const [hiddenText, capText] = formatSizePair(hidden, options.max);
        return [
            {
                message: `${hiddenText} of files are stored in layers but hidden by later ones (cap ${capText}); layer ${worst.index} holds ${(0,sizes/* formatSize */.Xq)(worst.hidden)} of them`,
                layer: worst.index,
                hint: 'delete files in the same RUN step that creates them, or build in a separate stage and COPY only the result',
            },
        ];
    },
});

;// CONCATENATED MODULE: ./src/rules/index.ts















const CATALOG = [
    noShell,
    noPackageManager,
    nonRootUser,
    execFormEntrypoint,
    entrypointRunnable,
    noSetuid,
    noSecretsInEnv,
    noWorldWritable,
    forbiddenPaths,
    maxSize,
    maxLayers,
    wastedSpace,
    sizeIncrease,
    allowedBaseImages,
    requiredLabels,
];
/** Every rule, in docs order. */
const RULE_LIST = CATALOG;
/** Every rule id, in docs order. */
const RULE_IDS = CATALOG.map((rule) => rule.id);
/** Every rule, keyed by id. */
const RULES = Object.fromEntries(CATALOG.map((rule) => [rule.id, rule]));
/** What fact gathering must know of the rules' settings (a policy's, for one image). */
function factOptionsFor(settings) {
    const options = {};
    for (const rule of RULE_LIST)
        Object.assign(options, rule.factOptions?.(settings[rule.id]));
    return options;
}


/***/ })

};
