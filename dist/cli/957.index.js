export const id = 957;
export const ids = [957,916];
export const modules = {

/***/ 2957:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _program_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2556);
// The CLI program, run by src/cli.ts in a worker thread.


const { tty } = node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.workerData;
function output(stream, isTTY) {
    return {
        write: (text) => (stream.write(text) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', resolve))),
        color: isTTY && !process.env.NO_COLOR,
    };
}
process.exitCode = await (0,_program_js__WEBPACK_IMPORTED_MODULE_1__/* .runCli */ .a)(process.argv.slice(2), output(process.stdout, tty.stdout), output(process.stderr, tty.stderr));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 2556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"rE":"0.1.0","Jk":{"O":"git+https://github.com/distroless-guard/distroless-guard.git"}}');
// EXTERNAL MODULE: ./src/rules/index.ts + 26 modules
var src_rules = __webpack_require__(1932);
;// CONCATENATED MODULE: ./src/report/links.ts


const TOOL_VERSION = package_namespaceObject.rE;
/** `owner/name` of the repository package.json names (its `repository.url`). */
const PACKAGE_REPOSITORY = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(package_namespaceObject.Jk.O)[1];
/** The tool's home: SARIF's informationUri. */
const REPOSITORY_URL = `https://github.com/${PACKAGE_REPOSITORY}`;
/**
 * Rule links into docs/rules.md of the copy that runs: the action's repository and ref (a tag, a
 * branch or a commit) as the runner names them, so a fork or a pinned commit links to its own
 * text. Without them (the CLI, a local action) package.json's repository at the tag of the
 * version's major (`v0` for 0.x), the moving tag workflows use: the docs of the release that runs.
 */
function rulesDocUrls(env) {
    const fromAction = env.GITHUB_ACTION_REPOSITORY && env.GITHUB_ACTION_REF && /^[\w.-]+\/[\w.-]+$/.test(env.GITHUB_ACTION_REPOSITORY);
    const repository = fromAction ? env.GITHUB_ACTION_REPOSITORY : PACKAGE_REPOSITORY;
    const ref = fromAction ? env.GITHUB_ACTION_REF : `v${TOOL_VERSION.split('.')[0]}`;
    // A branch may hold `#`, `%` or `?`: each part of it escaped, its slashes kept (GitHub resolves `blob/feature/x/…`).
    const base = `https://github.com/${repository}/blob/${ref.split('/').map(encodeURIComponent).join('/')}/docs/rules.md`;
    return (rule) => `${base}#${src_rules/* RULES */.y0[rule].anchor}`;
}
/** One line saying what a rule checks. */
function ruleTitle(rule) {
    return src_rules/* RULES */.y0[rule].title;
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/image/platform.ts

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
        throw new errors.UserError(`"${text}" is not a platform; expected OS/ARCH[/VARIANT] such as linux/amd64`);
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

;// CONCATENATED MODULE: ./src/engine/inputs.ts



// The entries parse `platform` options with the reader's own parser.

const NAMED = /^([A-Za-z0-9][A-Za-z0-9._/-]*)=(.+)$/;
/** Lines of `REF` or `NAME=REF`; blank lines and `#` comments skipped. */
function parseImageLines(lines, options) {
    const images = [];
    for (const raw of lines) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const named = NAMED.exec(line);
        const reference = named ? named[2].trim() : line;
        const parsed = (0,image_reference/* parseReference */.F2)(reference);
        let name = named?.[1] ?? (0,image_reference/* defaultImageName */.eo)(parsed);
        if (!named && parsed.transport !== 'docker-daemon' && parsed.transport !== 'docker' && (0,external_node_path_.isAbsolute)(name)) {
            const inside = (0,external_node_path_.relative)(options.workspace, name);
            if (!inside.startsWith('..'))
                name = inside;
        }
        if (images.some((image) => image.name === name)) {
            throw new errors.UserError(`${options.label}: two images are named ${name}; give them distinct names with NAME=REF lines`);
        }
        images.push({ name, reference });
    }
    if (images.length === 0)
        throw new errors.UserError(`${options.label}: no image given`);
    return images;
}
/**
 * A per-image setting given as one value for every image, or as `NAME=VALUE` lines
 * (`baseline`, `dockerfile`); a line naming no image is an error, not silently ignored.
 */
function perImageValues(lines, imageNames, label) {
    const values = lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    if (values.length === 0)
        return undefined;
    const named = values.map((line) => NAMED.exec(line));
    if (values.length === 1 && !(named[0] && imageNames.includes(named[0][1])))
        return values[0];
    const map = new Map();
    named.forEach((match, i) => {
        if (!match)
            throw new errors.UserError(`${label}: "${values[i]}" should be NAME=VALUE when several lines are given`);
        if (!imageNames.includes(match[1]))
            throw new errors.UserError(`${label}: no image is named ${match[1]} (images: ${imageNames.join(', ')})`);
        map.set(match[1], match[2].trim());
    });
    return map;
}
function valueFor(values, name) {
    return typeof values === 'string' ? values : values?.get(name);
}
/** Builds the engine's image list from the image, baseline and dockerfile options of the action or the CLI. */
function imageInputs(options) {
    const images = parseImageLines(options.images, { label: options.label.images, workspace: options.workspace });
    const names = images.map((image) => image.name);
    const baselines = perImageValues(options.baseline, names, options.label.baseline);
    const dockerfiles = perImageValues(options.dockerfile, names, options.label.dockerfile);
    return images.map((image) => {
        const baseline = valueFor(baselines, image.name);
        const given = valueFor(dockerfiles, image.name);
        const dockerfile = given !== undefined
            ? { path: given, required: given !== options.defaultDockerfile }
            : options.defaultDockerfile
                ? { path: options.defaultDockerfile, required: false }
                : undefined;
        return { ...image, ...(baseline ? { baseline } : {}), ...(dockerfile ? { dockerfile } : {}) };
    });
}

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
/**
 * What a collector hands back when it kept nothing worth a record (a file a scan found clean): the
 * reader stores no entry for it, so thousands of scanned files cost no memory once read.
 */
const NOTHING_KEPT = Object.freeze({ head: Buffer.alloc(0), truncated: false });
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
const PT_NOTE = 4;
/** Bytes of a PT_NOTE segment read: the notes a binary carries (build ids, ABI tags) take a few hundred. */
const NOTE_LIMIT = 4096;
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
/** The descriptor of the Go build-id note among the notes in `bytes` (Elf_Nhdr entries, 4-byte aligned), if there is one. */
function goBuildId(bytes, little) {
    const align = (n) => (n + 3) & ~3;
    for (let at = 0; at + 12 <= bytes.length;) {
        const namesz = u32(bytes, at, little);
        const descsz = u32(bytes, at + 4, little);
        const type = u32(bytes, at + 8, little);
        const nameAt = at + 12;
        const descAt = nameAt + align(namesz);
        if (namesz > bytes.length || descsz > bytes.length || descAt + descsz > bytes.length)
            return undefined;
        const name = bytes.toString('latin1', nameAt, nameAt + namesz).replace(/\0+$/, '');
        if (name === GO_NOTE_OWNER && type === GO_NOTE_BUILDID)
            return bytes.toString('utf8', descAt, descAt + descsz);
        at = descAt + align(descsz);
    }
    return undefined;
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
    for (const note of segments) {
        if (note.type !== PT_NOTE)
            continue;
        const bytes = file.bytes(note.offset, Math.min(note.filesz, NOTE_LIMIT));
        const buildId = bytes && goBuildId(bytes, header.little);
        // Set only on Go programs: thousands of other objects keep their shape.
        if (buildId !== undefined)
            info.goBuildId = buildId;
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

// EXTERNAL MODULE: ./src/facts/shebang.ts
var facts_shebang = __webpack_require__(8703);
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
const KEPT_HEAD = facts_shebang/* SHEBANG_BUFFER */.y;
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
    if (!dynamicSegment || !dynamic) {
        // A static binary (Go's, often): its notes, then its interpreter if it names one.
        const regions = yield* noteRegions(segments);
        if (interp)
            regions.push({ offset: interp.offset, bytes: (yield interp) });
        return { kind: 'elf', head, regions: regions.length > 0 ? regions : NO_REGIONS };
    }
    // Set before the first read, which a stream may make far into the body.
    const load = segments.find((segment) => segment.type === PT_LOAD && segment.offset === 0);
    const keptStart = Math.max(ELF_HEAD_LIMIT, load && load.filesz > 0 ? Math.min(load.filesz, FIRST_LOAD_LIMIT) : 0);
    const scanner = new NameScanner(keptStart);
    yield { keep: keptStart, watch: scanner };
    const regions = yield* noteRegions(segments);
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
/**
 * The PT_NOTE segments that lie in the head a stream keeps (where linkers put them, right after the
 * program headers), NOTE_LIMIT bytes of each: cheap, and read in any order, since they are kept.
 */
function* noteRegions(segments) {
    const regions = [];
    for (const segment of segments) {
        if (segment.type !== PT_NOTE || regions.length >= MAX_NOTE_SEGMENTS)
            continue;
        const range = byteRange(segment.offset, segment.filesz, NOTE_LIMIT);
        if (range && range.offset + range.length <= ELF_HEAD_LIMIT)
            regions.push({ offset: range.offset, bytes: (yield range) });
    }
    return regions;
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

;// CONCATENATED MODULE: ./src/facts/dpkg-files.ts

const DPKG_INFO = '/var/lib/dpkg/info';
/**
 * dpkg's file lists (`/var/lib/dpkg/info/<package>[:arch].list`), one path a line: which package
 * owns which file. Read only by `migrate` (see captureForMigration), which needs to tell the
 * image's own files from its packages' files.
 */
const DPKG_LIST_INPUTS = {
    patterns: [{ pattern: /^\/var\/lib\/dpkg\/info\/[^/]+\.list$/, cap: 16 << 20 }],
};
/**
 * The paths dpkg's lists name, each as the merged filesystem would name it: a package lists
 * `/bin/ls`, which on a merged-/usr image is `/usr/bin/ls`, so each directory is resolved through
 * the image's symlinks (once per directory). Undefined when the image has no dpkg lists.
 */
function dpkgOwnership(fs) {
    const names = fs.list(DPKG_INFO).filter((name) => name.endsWith('.list'));
    if (names.length === 0)
        return undefined;
    const owned = new Map();
    const truncated = [];
    const realDirs = new Map();
    const realDir = (dir) => {
        let real = realDirs.get(dir);
        if (real === undefined) {
            real = fs.resolve(dir)?.path ?? dir;
            realDirs.set(dir, real);
        }
        return real;
    };
    let lists = 0;
    for (const name of names) {
        const path = `${DPKG_INFO}/${name}`;
        const captured = fs.captured(path);
        if (!captured) {
            truncated.push(path);
            continue;
        }
        lists++;
        if (captured.truncated)
            truncated.push(path);
        const pkg = name.slice(0, -'.list'.length).split(':')[0];
        for (const line of captured.head.toString('utf8').split('\n')) {
            if (!line.startsWith('/') || line === '/.')
                continue;
            const clean = external_node_path_.posix.normalize(line);
            owned.set(clean, pkg);
            owned.set(external_node_path_.posix.join(realDir(external_node_path_.posix.dirname(clean)), external_node_path_.posix.basename(clean)), pkg);
        }
    }
    return { lists, truncated, owns: (path) => owned.has(path), packageOf: (path) => owned.get(path) };
}

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

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var node_modules_picomatch = __webpack_require__(4006);
var node_modules_picomatch_default = /*#__PURE__*/__webpack_require__.n(node_modules_picomatch);
// EXTERNAL MODULE: ./src/facts/secret-tokens.ts
var secret_tokens = __webpack_require__(7722);
;// CONCATENATED MODULE: ./src/facts/secret-detect.ts
/**
 * What a file's text holds that is a credential: private keys with a key body, AWS keys with their
 * secret, the token formats of secret-tokens.ts, and the credentials of files whose names say what
 * they hold (.npmrc, .netrc, Docker and kube configs, .env). Pure: text in, detections out. A
 * detection carries the secret's fingerprint, never the secret.
 */


/** More findings in one file say nothing new. */
const MAX_PER_FILE = 16;
/** Credential formats worth a look in any text; most files hold none of these, and are done after a few searches. */
const MARKERS = [
    'PRIVATE KEY',
    'AKIA',
    'ASIA',
    'ghp_',
    'gho_',
    'ghu_',
    'ghs_',
    'ghr_',
    'github_pat_',
    'glpat-',
    'xox',
    'npm_',
    'pypi-',
    'AIza',
    '_live_',
    '://',
];
const MARKER_BYTES = MARKERS.map((marker) => Buffer.from(marker, 'latin1'));
const LONGEST_MARKER = Math.max(...MARKERS.map((marker) => marker.length));
/** Whether a plain text file may hold a credential format at all (a cheap test before the regular expressions). */
function mayHoldToken(text) {
    return MARKERS.some((marker) => text.includes(marker));
}
/**
 * mayHoldToken on a body in parts, as a stream hands it over: searched where they lie, joints
 * included, so a body that holds no marker (most) is never copied into one buffer or a string.
 */
function partsMayHoldToken(parts) {
    for (const [index, part] of parts.entries()) {
        if (MARKER_BYTES.some((marker) => part.includes(marker)))
            return true;
        const next = parts[index + 1];
        if (next === undefined)
            break;
        const joint = Buffer.concat([part.subarray(Math.max(0, part.length - LONGEST_MARKER + 1)), next.subarray(0, LONGEST_MARKER - 1)]);
        if (MARKER_BYTES.some((marker) => joint.includes(marker)))
            return true;
    }
    return false;
}
/**
 * The secrets in `text` (a file's first bytes read as latin1: offsets are byte offsets), most
 * specific detector first; a later one skips what an earlier one covered. Returns at most
 * MAX_PER_FILE, each secret once.
 */
function detectSecrets(text, role, complete) {
    const hits = [];
    const add = (hit) => {
        if (hits.length >= MAX_PER_FILE * 2 || hits.some((other) => hit.start < other.end && other.start < hit.end))
            return;
        hits.push(hit);
    };
    if (role !== 'text' || mayHoldToken(text)) {
        for (const hit of privateKeys(text, complete))
            add(hit);
        for (const hit of ROLE_DETECTORS[role]?.(text) ?? [])
            add(hit);
        for (const hit of awsKeys(text))
            add(hit);
        for (const hit of tokens(text))
            add(hit);
    }
    hits.sort((a, b) => a.start - b.start);
    const seen = new Set();
    const detections = [];
    let line = 1;
    let counted = 0;
    for (const hit of hits) {
        const fingerprint = (0,secret_tokens/* fingerprintOf */.ax)(hit.value);
        if (seen.has(fingerprint))
            continue;
        seen.add(fingerprint);
        line += countNewlines(text, counted, hit.start);
        counted = hit.start;
        detections.push({ kind: hit.kind, fingerprint, line });
        if (detections.length >= MAX_PER_FILE)
            break;
    }
    return detections;
}
function countNewlines(text, from, to) {
    let count = 0;
    for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1))
        count++;
    return count;
}
const KEY_KINDS = {
    RSA: 'an RSA private key',
    EC: 'an EC private key',
    DSA: 'a DSA private key',
    OPENSSH: 'an OpenSSH private key',
    '': 'a PKCS#8 private key',
    ENCRYPTED: 'an encrypted PKCS#8 private key',
    PGP: 'a PGP private key',
};
const BEGIN_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
/** The fewest base64 characters of a real key body (an Ed25519 PKCS#8 key has 64); doc examples shorten theirs with `...`. */
const MIN_KEY_BODY = 64;
/** Longer than any real key's armour (an 8192-bit RSA key is about 6.5 KB). */
const MAX_KEY_TEXT = 64 * 1024;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
const ARMOR_HEADER = /^[A-Za-z][A-Za-z0-9-]*: /;
const PGP_CHECKSUM = /^=[A-Za-z0-9+/]{4}$/;
/**
 * PEM and OpenSSH private keys with a body: a BEGIN line alone (libcrypto's strings, docs, a
 * parser's source) is no key. Lines may be broken by newlines or by JSON's `\n` (a cloud service
 * account file), indented (YAML), and start with armour headers (`Proc-Type:`, `Version:`).
 */
function* privateKeys(text, complete) {
    BEGIN_KEY.lastIndex = 0;
    for (let match = BEGIN_KEY.exec(text); match; match = BEGIN_KEY.exec(text)) {
        const body = keyBody(text, match.index + match[0].length, complete);
        if (body === undefined)
            continue;
        const label = (match[1] ?? '').trim();
        const kind = KEY_KINDS[label] ?? 'a private key';
        yield { kind, start: match.index, end: body.end, value: body.base64 };
        BEGIN_KEY.lastIndex = body.end;
    }
}
function keyBody(text, from, complete) {
    const parts = [];
    let length = 0;
    let at = from;
    const limit = Math.min(text.length, from + MAX_KEY_TEXT);
    for (;;) {
        at = skipBreaks(text, at, limit);
        if (at >= limit)
            break;
        if (text.startsWith('-----END ', at))
            return length >= MIN_KEY_BODY ? { base64: parts.join(''), end: at } : undefined;
        const lineEnd = endOfLine(text, at, limit);
        const line = text.slice(at, lineEnd).trim();
        if (BASE64_LINE.test(line)) {
            parts.push(line);
            length += line.length;
        }
        else if (!(ARMOR_HEADER.test(line) && length === 0) && !PGP_CHECKSUM.test(line))
            return undefined;
        at = lineEnd;
    }
    // The text ends inside the key: a key all the same when the file was only partly read.
    return !complete && at >= text.length && length >= MIN_KEY_BODY ? { base64: parts.join(''), end: at } : undefined;
}
/** Past whitespace and JSON-escaped line breaks. */
function skipBreaks(text, at, limit) {
    while (at < limit) {
        const code = text.charCodeAt(at);
        if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d)
            at++;
        else if (code === 0x5c && (text[at + 1] === 'n' || text[at + 1] === 'r'))
            at += 2;
        else
            break;
    }
    return at;
}
/** Where the line starting at `at` ends: a newline, a JSON `\n`, an armour line, or a quote closing a string. */
function endOfLine(text, at, limit) {
    let end = at;
    while (end < limit) {
        const code = text.charCodeAt(end);
        if (code === 0x0a || code === 0x0d || (code === 0x5c && (text[end + 1] === 'n' || text[end + 1] === 'r')))
            break;
        if (code === 0x2d && text.startsWith('-----', end))
            break;
        end++;
    }
    return end;
}
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
const AWS_SECRET_ASSIGNED = /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
const FORTY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** How far from its key id a bare secret may lie: the next field or line of the same record. */
const AWS_NEAR = 300;
/** An AWS access key id with its secret: assigned by name anywhere in the file, or a 40-character secret near the id. */
function* awsKeys(text) {
    if (!text.includes('AKIA') && !text.includes('ASIA'))
        return;
    const ids = [...text.matchAll(AWS_KEY_ID)].filter((match) => !(0,secret_tokens/* isPlaceholder */.wK)(match[0]));
    if (ids.length === 0)
        return;
    const assigned = [...text.matchAll(AWS_SECRET_ASSIGNED)].filter((match) => !(0,secret_tokens/* isPlaceholder */.wK)(match[1]));
    for (const id of ids) {
        let secret = assigned.length > 0 ? { index: assigned[0].index + assigned[0][0].length - 40, value: assigned[0][1] } : undefined;
        if (!secret) {
            const from = Math.max(0, id.index - AWS_NEAR);
            const around = text.slice(from, id.index + id[0].length + AWS_NEAR);
            const near = [...around.matchAll(FORTY)].find((match) => looksLikeAwsSecret(match[0]));
            secret = near && { index: from + near.index, value: near[0] };
        }
        if (!secret)
            continue;
        yield { kind: 'an AWS access key with its secret', start: Math.min(id.index, secret.index), end: Math.max(id.index + 20, secret.index + 40), value: id[0] };
    }
}
/** Mixed case, not hex (a SHA-1 is 40 characters too), not a template. */
function looksLikeAwsSecret(value) {
    return /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9/+]/.test(value) && !(0,secret_tokens/* isPlaceholder */.wK)(value);
}
/** Documentation's hosts (RFC 2606): a URL with a password there is an example. */
const EXAMPLE_HOST = /^(?:[a-z0-9-]+\.)*(?:example(?:\.(?:com|org|net))?|invalid|test|localhost)(?![a-z0-9.-])/i;
function* tokens(text) {
    for (const match of (0,secret_tokens/* findTokens */.GY)(text)) {
        // Keys are found with their bodies, AWS ids with their secrets; an id or a BEGIN line alone is not a credential in a file.
        if (match.kind === 'a private key' || match.kind === 'an AWS access key')
            continue;
        if (match.kind === 'a password in a URL' && EXAMPLE_HOST.test(text.slice(text.indexOf('@', match.end) + 1, match.end + 300)))
            continue;
        yield { kind: match.kind, start: match.start, end: match.end, value: text.slice(match.start, match.end) };
    }
}
/** A value as written after `=` or `:`: quotes and a trailing comment taken off. */
function secret_detect_unquote(raw) {
    const value = raw.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2) {
        const close = value.indexOf(quote, 1);
        return close === -1 ? value.slice(1) : value.slice(1, close);
    }
    const comment = value.search(/\s#/);
    return comment === -1 ? value : value.slice(0, comment).trim();
}
/** A value that is a credential rather than a template, a switch or a count. */
function isCredentialValue(value) {
    if (value.length < 3 || (0,secret_tokens/* isPlaceholder */.wK)(value))
        return false;
    if (/^(?:true|false|yes|no|on|off|null|none|nil|undefined|\d+)$/i.test(value))
        return false;
    // A path to where the secret is kept (/run/secrets/db), not the secret.
    return !/^\/\S*$/.test(value);
}
/** Every `name <sep> value` line of `text` the pattern matches: the value in group 2, its name in group 1. */
function* assignments(text, pattern, kind) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
        const name = match[1];
        const value = secret_detect_unquote(match[2]);
        const what = kind(name);
        if (what === undefined || !isCredentialValue(value))
            continue;
        const start = match.index + match[0].indexOf(value, match[0].length - match[2].length);
        yield { kind: what, start, end: start + value.length, value };
    }
}
const isSecretName = node_modules_picomatch_default()([...secret_tokens/* SECRET_NAMES */.AS], { nocase: true });
const ROLE_DETECTORS = {
    npmrc: (text) => assignments(text, /^[ \t]*(?:\S*:)?(_authToken|_auth|_password)[ \t]*=(.*)$/gm, (name) => name === '_authToken' ? 'an npm auth token in .npmrc' : 'an npm registry password in .npmrc'),
    pypirc: (text) => assignments(text, /^[ \t]*(password)[ \t]*[:=](.*)$/gm, () => 'a password in .pypirc'),
    netrc: netrcPasswords,
    'aws-credentials': (text) => assignments(text, /^[ \t]*(aws_secret_access_key|aws_session_token)[ \t]*=(.*)$/gim, (name) => name.toLowerCase() === 'aws_session_token' ? 'an AWS session token' : 'an AWS secret access key'),
    // A value is one word: `token: Optional[str] = None` in code is not a kube config's token.
    kubeconfig: (text) => assignments(text, /^[ \t-]*(token|client-key-data|password|id-token|refresh-token|access-token)[ \t]*:[ \t]*(["']?[^\s"'#]+["']?)[ \t]*(?:#.*)?$/gm, (name) => name === 'client-key-data' ? 'a client key in a kube config' : name === 'password' ? 'a password in a kube config' : 'a token in a kube config'),
    env: (text) => assignments(text, /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=(.*)$/gm, (name) => isSecretName(name) ? `a credential in a .env file (${name})` : undefined),
    'docker-config': dockerAuths,
};
/** `machine host login user password secret`, on one line or several. */
function* netrcPasswords(text) {
    const word = /\S+/g;
    let previous = '';
    for (const match of text.matchAll(word)) {
        if (previous === 'password' && isCredentialValue(match[0])) {
            yield { kind: 'a password in .netrc', start: match.index, end: match.index + match[0].length, value: match[0] };
        }
        previous = match[0];
    }
}
/** `auths` entries with `auth` (base64 user:password), or an identity token: not a config that only names a credsStore. */
function* dockerAuths(text) {
    if (!text.includes('"auths"'))
        return;
    let config;
    try {
        config = JSON.parse(text);
    }
    catch {
        return;
    }
    const auths = config?.auths;
    if (typeof auths !== 'object' || auths === null)
        return;
    for (const entry of Object.values(auths)) {
        if (typeof entry !== 'object' || entry === null)
            continue;
        for (const key of ['auth', 'identitytoken', 'password', 'registrytoken']) {
            const value = entry[key];
            if (typeof value !== 'string' || !isCredentialValue(value))
                continue;
            const start = Math.max(0, text.indexOf(JSON.stringify(value).slice(1, -1)));
            yield { kind: 'a registry credential in a Docker config.json', start, end: start + value.length, value };
        }
    }
}

;// CONCATENATED MODULE: ./src/facts/secret-keystore.ts

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
/** JKS entry tags: 1 a private key with its chain, 2 a trusted certificate, 3 a secret key (JCEKS). */
const TRUSTED_CERT = 2;
/** DER of the PKCS#12 bag types that carry a private key: keyBag and pkcs8ShroudedKeyBag (1.2.840.113549.1.12.10.1.1 and .2). */
const KEY_BAG_OIDS = [1, 2].map((last) => Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, last]));
/** A finding for a keystore that holds (or may hold) a private key; none for a truststore of certificates alone. */
function keystoreDetections(bytes, complete) {
    const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
    let kind;
    if (magic === JKS_MAGIC || magic === JCEKS_MAGIC) {
        const keys = jksHoldsKey(bytes);
        if (keys === false && complete)
            return [];
        kind = 'a Java keystore with a private key';
    }
    else if (bytes[0] === 0x30) {
        // Keys sit in a shrouded bag in the unencrypted part; certificates alone make a truststore.
        const keys = KEY_BAG_OIDS.some((oid) => bytes.includes(oid));
        if (!keys && complete)
            return [];
        kind = 'a PKCS#12 keystore with a private key';
    }
    else
        kind = 'a keystore';
    return [{ kind, fingerprint: (0,secret_tokens/* fingerprintOf */.ax)(bytes) }];
}
/** Whether a JKS or JCEKS store has an entry other than a trusted certificate; undefined when it cannot be walked. */
function jksHoldsKey(bytes) {
    try {
        const version = bytes.readUInt32BE(4);
        const count = bytes.readUInt32BE(8);
        let at = 12;
        for (let entry = 0; entry < count; entry++) {
            const tag = bytes.readUInt32BE(at);
            if (tag !== TRUSTED_CERT)
                return true;
            at += 4;
            at += 2 + bytes.readUInt16BE(at); // alias
            at += 8; // date
            if (version === 2)
                at += 2 + bytes.readUInt16BE(at); // certificate type
            at += 4 + bytes.readUInt32BE(at); // certificate
        }
        return false;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/facts/secret-capture.ts
/**
 * The secret scan's part of the layer reader: which files of a layer are worth reading for
 * credentials (by name, size and place), and a collector that reads their first bytes and keeps
 * only detections (kind, fingerprint, line), never the bytes. Every layer is scanned, so a file a
 * later layer removes is found where it still lies.
 */



/** Bytes read of a file at most; a longer file named like a credential is read this far and its findings say so. */
const SECRET_READ_CAP = 256 * 1024;
/** Shorter files cannot hold any format (the shortest, a GitLab token, has 26 characters); named files are read whatever their size. */
const MIN_SCANNED = 20;
/** A NUL byte in this many first bytes makes a file binary (as git and grep decide). */
const BINARY_PROBE = 1024;
/** What the scan found in a captured file, if it found anything. */
function capturedSecrets(file) {
    return file.secrets;
}
/**
 * Trees where public material lives (docs, headers, CA bundles, the JDK's own keystores, the test
 * data of third-party packages): a user's secret there is rare, and real images hold thousands of
 * files there (Trivy allow-lists usr/share and usr/include too).
 */
const ALLOWED_TREES = [
    '/usr/share/',
    '/usr/include/',
    '/usr/lib/jvm/',
    '/etc/ssl/certs/',
    '/etc/pki/',
    '/etc/ca-certificates/',
    '/usr/local/share/ca-certificates/',
    '/usr/lib/ssl/certs/',
];
const ALLOWED_PATTERNS = [
    // CPython's own test suite (libpython3.x-testsuite, or a source build's Lib/test).
    /^\/usr(?:\/local)?\/lib\/python[0-9.]+\/test\//,
    // Third-party packages' test data (keys and tokens made up for their tests).
    /\/(?:site|dist)-packages\/(?:[^/]+\/)*(?:tests?|testdata|testing)\//,
    /\/node_modules\/(?:[^/]+\/)*(?:tests?|__tests__|fixtures?|testdata)\//,
    /\/pkg\/mod\/(?:[^/]+\/)*testdata\//,
    /^\/usr(?:\/local)?\/(?:lib\/)?go(?:-[0-9.]+)?\/(?:[^/]+\/)*testdata\//,
];
/**
 * Where package managers put what they install: distribution files under /usr (but /usr/local and
 * /usr/src, where apps go), and Node, Python and Ruby packages anywhere. Public code, read by
 * thousands of files: their contents are not searched, though files named like credentials and
 * executable scripts there still are.
 */
function isPackageCode(path) {
    if (path.startsWith('/usr/') && !path.startsWith('/usr/local/') && !path.startsWith('/usr/src/'))
        return true;
    return PACKAGE_DIRS.some((dir) => path.includes(dir));
}
const PACKAGE_DIRS = ['/node_modules/', '/site-packages/', '/dist-packages/', '/gems/'];
/** Bodies that are never text: compressed, compiled, media. Most are caught by the NUL probe too, but need no read at all. */
const BINARY_EXTENSIONS = new Set('so a o ko pyc pyo class jar war ear zip gz tgz xz bz2 zst lz4 7z png jpg jpeg gif ico webp bmp tif tiff woff woff2 ttf otf eot mo wasm node db sqlite sqlite3 mp3 mp4 ogg pdf'.split(' '));
const TEMPLATE_SUFFIX = /\.(?:example|sample|template|tmpl|dist|defaults?)$/;
const ROLE_BY_NAME = new Map([
    ['.npmrc', 'npmrc'],
    ['npmrc', 'npmrc'],
    ['.pypirc', 'pypirc'],
    ['.netrc', 'netrc'],
    ['_netrc', 'netrc'],
    ['.git-credentials', 'git-credentials'],
    ['config.json', 'docker-config'],
    ['auth.json', 'docker-config'],
    ...['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk'].map((name) => [name, 'key']),
]);
const ROLE_BY_EXTENSION = new Map([
    ...['p12', 'pfx', 'jks', 'jceks', 'keystore'].map((extension) => [extension, 'keystore']),
    ...['pem', 'key', 'ppk', 'asc', 'gpg'].map((extension) => [extension, 'key']),
]);
const KUBECONFIG_EXTENSIONS = new Set(['', 'yaml', 'yml', 'json', 'conf', 'config']);
/** The part of a name after its last dot, or '' (asked of every file in every layer: no regular expression). */
function extensionOf(name) {
    const dot = name.lastIndexOf('.');
    return dot <= 0 ? '' : name.slice(dot + 1);
}
/** What the name says a file is: a credential store, a key, or nothing in particular (undefined). */
function roleByName(dir, name) {
    const named = ROLE_BY_NAME.get(name);
    if (named !== undefined)
        return named;
    if (name === 'credentials' || name === 'config') {
        if (dir.endsWith('/.aws'))
            return 'aws-credentials';
        if (name === 'config' && dir.endsWith('/.kube'))
            return 'kubeconfig';
        if (name === 'config' && dir.endsWith('/.git'))
            return 'text';
    }
    if (name === '.env' || name.startsWith('.env.'))
        return TEMPLATE_SUFFIX.test(name) ? 'text' : 'env';
    // kubeconfig, dev.kubeconfig, kubeconfig.yaml; not a client library's kubeconfig.py.
    if (name.includes('kubeconfig') && KUBECONFIG_EXTENSIONS.has(name.endsWith('kubeconfig') ? '' : extensionOf(name)))
        return 'kubeconfig';
    return ROLE_BY_EXTENSION.get(extensionOf(name));
}
/** Whether a path lies where public material lives (ALLOWED_TREES, ALLOWED_PATTERNS). */
function isAllowListed(path) {
    return ALLOWED_TREES.some((tree) => path.startsWith(tree)) || (path.includes('test') && ALLOWED_PATTERNS.some((pattern) => pattern.test(path)));
}
/**
 * Whether to read a regular file for secrets, and as what: a file named like a credential store or
 * a key whatever its size (up to the cap), any other file when small, not known to be binary and
 * not installed package code; nothing under the allow-listed trees.
 */
function secretCandidate(path, entry) {
    if (entry.size === 0)
        return undefined;
    const byName = roleByName(entry.dir, entry.name);
    if (byName === undefined) {
        if (entry.size < MIN_SCANNED || entry.size > SECRET_READ_CAP)
            return undefined;
        if (BINARY_EXTENSIONS.has(extensionOf(entry.name)) || entry.name.includes('.so.'))
            return undefined;
        if ((entry.mode & 0o111) === 0 && isPackageCode(path))
            return undefined;
    }
    if (isAllowListed(path))
        return undefined;
    if (byName === undefined)
        return { role: 'text', named: false };
    return { role: byName === 'key' ? 'text' : byName, named: true };
}
/** A collector that scans a file for secrets, keeping nothing when it finds none. */
function createSecretCollector(role) {
    return new SecretCollector(role);
}
/**
 * Runs the executable collector (ELF facts, `#!` line) and the secret scan over one body: a script
 * or a file marked executable by a careless COPY may hold a credential; an ELF body stops the
 * scan at its first bytes.
 */
function withSecretScan(collector, role) {
    const scan = new SecretCollector(role);
    let wantsMore = true;
    let scanWantsMore = true;
    const combined = (captured, found) => (found === NOTHING_KEPT ? captured : { ...captured, secrets: capturedSecrets(found) });
    return {
        push(chunk) {
            if (wantsMore)
                wantsMore = collector.push(chunk);
            if (scanWantsMore)
                scanWantsMore = scan.push(chunk);
            return wantsMore || scanWantsMore;
        },
        finish(size) {
            return combined(collector.finish(size), scan.finish(size));
        },
        ...(collector.readAt
            ? { readAt: (read, size) => combined(collector.readAt(read, size), scan.readAt(read, size)) }
            : {}),
    };
}
class SecretCollector {
    role;
    parts = [];
    kept = 0;
    binary = false;
    constructor(role) {
        this.role = role;
    }
    push(chunk) {
        if (this.binary || this.kept >= SECRET_READ_CAP)
            return false;
        if (this.kept < BINARY_PROBE && this.role !== 'keystore' && chunk.subarray(0, BINARY_PROBE - this.kept).includes(0)) {
            this.binary = true;
            this.parts.length = 0;
            return false;
        }
        const take = Math.min(chunk.length, SECRET_READ_CAP - this.kept);
        // Views: chunks stay valid until finish returns, and are scanned there.
        this.parts.push(take === chunk.length ? chunk : chunk.subarray(0, take));
        this.kept += take;
        return this.kept < SECRET_READ_CAP;
    }
    finish(size) {
        if (this.binary || (this.role === 'text' && !partsMayHoldToken(this.parts)))
            return NOTHING_KEPT;
        const bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
        this.parts.length = 0;
        return this.scan(bytes, size);
    }
    readAt(read, size) {
        // The probe first: an ELF file (most executables) costs one small read, not the cap.
        if (this.role !== 'keystore' && read(0, Math.min(size, BINARY_PROBE)).includes(0))
            return NOTHING_KEPT;
        const bytes = read(0, Math.min(size, SECRET_READ_CAP));
        if (this.role === 'text' && !partsMayHoldToken([bytes]))
            return NOTHING_KEPT;
        return this.scan(bytes, size);
    }
    scan(bytes, size) {
        const partial = size > bytes.length;
        const detections = this.role === 'keystore' ? keystoreDetections(bytes, !partial) : detectSecrets(bytes.toString('latin1'), this.role, !partial);
        if (detections.length === 0)
            return NOTHING_KEPT;
        const captured = { head: NOTHING_KEPT.head, truncated: size > 0, secrets: { detections, partial } };
        return captured;
    }
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
 * point and the libraries it loads are only known once all layers are merged), and in every layer
 * the files the secret scan picks (secret-capture.ts).
 */
const captureForFacts = (path, entry) => {
    const textCap = TEXT_FILES.get(path) ?? TEXT_DIRS.get(entry.dir) ?? TEXT_PATTERNS.find(({ pattern }) => pattern.test(path))?.cap;
    if (textCap !== undefined)
        return new HeadCollector(textCap);
    const secrets = secretCandidate(path, entry);
    if ((entry.mode & 0o111) !== 0 || SHARED_OBJECT.test(entry.name)) {
        const executable = createExecutableCollector();
        return secrets ? withSecretScan(executable, secrets.role) : executable;
    }
    return secrets && createSecretCollector(secrets.role);
};
const DPKG_LIST_PATTERNS = DPKG_LIST_INPUTS.patterns ?? [];
/** What one image's dpkg lists may take in all: a Debian system's are a few megabytes; a hostile image's could be any number of them. */
const DPKG_LISTS_BUDGET = 256 << 20;
/**
 * What `migrate` reads besides the facts' inputs: dpkg's file lists, to tell which files the
 * image's packages own (kept out of `check`, which has no use for them). One per load: the lists
 * share a budget, past which they are not read (the plan then says ownership may be partial).
 */
function captureForMigration() {
    let budget = DPKG_LISTS_BUDGET;
    return (path, entry) => {
        const list = DPKG_LIST_PATTERNS.find(({ pattern }) => pattern.test(path));
        if (!list)
            return captureForFacts(path, entry);
        const take = Math.min(list.cap, entry.size);
        if (take > budget)
            return undefined;
        budget -= take;
        return new HeadCollector(list.cap);
    };
}

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
    const { matched, baseEnd } = alignSteps(history, dockerfile);
    const root = dockerfile.finalChain[0];
    return sources.map((source) => {
        const fromBaseImage = source.historyIndex <= baseEnd;
        const instruction = fromBaseImage ? root.from : matched.get(source.historyIndex);
        return instruction ? { ...source, instruction, fromBaseImage } : { ...source, fromBaseImage };
    });
}
/**
 * The RUN, COPY, ADD or WORKDIR instruction behind each history entry that records one (entries
 * that made no layer included), keyed by history index; `baseEnd` is the last entry of the base
 * image, -1 when that is not known.
 */
function alignSteps(history, dockerfile) {
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
    return { matched, baseEnd };
}
/**
 * Finds the ENV, LABEL or ARG instruction behind a history entry that sets a name: the entries and
 * the final chain's instructions of that keyword setting that name are paired from the end (the
 * base image's entries come first, and take the first FROM). Undefined when the entry is not such
 * a setting. History and Dockerfile are indexed once, so each look-up costs little.
 */
function settingLocator(history, dockerfile) {
    const keyOf = (keyword, name) => `${keyword}\0${name}`;
    // Where each entry stands among the entries setting the same name: its position and how many there are.
    const entries = new Map();
    (Array.isArray(history) ? history : []).forEach((entry, index) => {
        const step = recordedStep(createdByOf(entry));
        if (step.keyword !== 'ENV' && step.keyword !== 'LABEL' && step.keyword !== 'ARG')
            return;
        for (const name of new Set(recordedNames(step.body))) {
            const key = keyOf(step.keyword, name);
            const positions = entries.get(key) ?? new Map();
            positions.set(index, positions.size);
            entries.set(key, positions);
        }
    });
    const instructions = new Map();
    for (const instruction of dockerfile.finalChain.flatMap((stage) => stage.instructions)) {
        for (const name of new Set(instruction.expandedArgs.map(declaredName))) {
            const key = keyOf(instruction.keyword, name);
            const setters = instructions.get(key) ?? [];
            setters.push(instruction);
            instructions.set(key, setters);
        }
    }
    return (historyIndex, keyword, name) => {
        const key = keyOf(keyword, name);
        const positions = entries.get(key);
        const position = positions?.get(historyIndex);
        if (positions === undefined || position === undefined)
            return undefined;
        const setters = instructions.get(key) ?? [];
        const fromEnd = positions.size - 1 - position;
        return fromEnd < setters.length ? setters[setters.length - 1 - fromEnd] : dockerfile.finalChain[0].from;
    };
}
/** `settingLocator` for one look-up. */
function settingInstructionAt(history, dockerfile, historyIndex, keyword, name) {
    return settingLocator(history, dockerfile)(historyIndex, keyword, name);
}
/** The names a recorded `K=V K2=V2` (or `ARG K`) sets. */
function recordedNames(body) {
    return [...body.matchAll(/(?<=^|\s)([^\s=]+)(?==|\s|$)/g)].map((match) => match[1]);
}
/**
 * The instruction that set a runtime setting: the last one of that keyword in the final chain (for ENV
 * and LABEL given a name, the last that sets that name); the final stage's FROM when none did, since the
 * setting then came from the base image.
 */
function configInstruction(dockerfile, keyword, name) {
    const instructions = dockerfile.finalChain.flatMap((stage) => stage.instructions);
    const named = name !== undefined && (keyword === 'ENV' || keyword === 'LABEL' || keyword === 'ARG');
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
var common_sizes = __webpack_require__(4875);
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
            maxBytes = (0,common_sizes/* parseSize */.DB)(bytes);
        }
        catch (error) {
            throw new errors.UserError(`${LIMIT_VARIABLES.maxBytes}: ${error.message}`);
        }
    }
    let maxEntries = DEFAULT_LIMITS.maxEntries;
    if (entries) {
        if (!/^[0-9]{1,15}$/.test(entries))
            throw new errors.UserError(`${LIMIT_VARIABLES.maxEntries}: "${entries}" is not a whole number of entries`);
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
            throw new errors.UserError(`${what}: the image's layers hold more than ${(0,common_sizes/* formatSize */.Xq)(this.limits.maxBytes)} uncompressed; if it really is that large, raise ${LIMIT_VARIABLES.maxBytes}`);
        }
    }
    /** Charges a layer read to its end. */
    addBytes(layerBytes) {
        this.bytes += layerBytes;
    }
    countEntry(what) {
        if (++this.entries > this.limits.maxEntries) {
            throw new errors.UserError(`${what}: the image's layers hold more than ${this.limits.maxEntries} entries; if it really has that many files, raise ${LIMIT_VARIABLES.maxEntries}`);
        }
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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
    /** Stops the source when the reader gives up before its end (a failed layer): a decompressing program is killed, a response closed. */
    async close() {
        this.ended = true;
        await this.source.return?.();
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/image/zstd-program.ts
/**
 * zstd layers through the `zstd` program, as containerd runs `unpigz` for gzip: the C decoder runs
 * in its own process (a core of its own, beside the tar walk), about twice as fast as Node's
 * experimental zlib binding. Used when `zstd` is on PATH unless DISTROLESS_GUARD_ZSTD=builtin.
 */





const ZSTD_VARIABLE = 'DISTROLESS_GUARD_ZSTD';
const found = new Map();
/**
 * The decoder the environment asks for: DISTROLESS_GUARD_ZSTD=builtin forces Node's; unset (or
 * `auto`) takes the `zstd` program when PATH has one (looked up once per PATH).
 */
function zstdDecoder(env = process.env) {
    const setting = (env[ZSTD_VARIABLE] ?? '').trim();
    if (setting === 'builtin')
        return { kind: 'builtin' };
    if (setting !== '' && setting !== 'auto')
        throw new errors.UserError(`${ZSTD_VARIABLE}: "${setting}" is not builtin or auto`);
    const path = env.PATH ?? '';
    if (!found.has(path))
        found.set(path, findProgram('zstd', path));
    const program = found.get(path);
    return program ? { kind: 'program', path: program } : { kind: 'builtin' };
}
/** The first executable file `name` in the directories of `path` (a PATH value). */
function findProgram(name, path) {
    for (const dir of path.split(external_node_path_.delimiter)) {
        if (!dir.startsWith('/'))
            continue; // a relative PATH entry would depend on the working directory
        const candidate = (0,external_node_path_.join)(dir, name);
        try {
            (0,external_node_fs_.accessSync)(candidate, external_node_fs_.constants.X_OK);
            if ((0,external_node_fs_.statSync)(candidate).isFile())
                return candidate;
        }
        catch {
            // not here
        }
    }
    return undefined;
}
/** Bytes of the program's stderr kept for the error message. */
const STDERR_KEPT = 4096;
/**
 * Decompresses `input` (a zstd stream, of the layer `what`) with `program -dc`, its stdin fed by
 * `feed` and its stdout handed on chunk by chunk (the pipe pauses the program while the reader is
 * behind, so memory stays bounded). A corrupt or truncated stream fails as Node's decoder fails (`ZSTD`/`Z_` codes
 * with the same words where they mean the same); a reader that stops early kills the program.
 */
async function* decompressWithProgram(input, program, what, feed) {
    const child = (0,external_node_child_process_.spawn)(program, ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr = (stderr + text).slice(-STDERR_KEPT)));
    // The program exits early on corrupt input: the pipe's EPIPE says nothing its exit status does not.
    child.stdin.on('error', () => { });
    let spawnError;
    let sourceError;
    const exited = new Promise((resolve) => {
        child.on('error', (error) => {
            spawnError ??= error;
            resolve(null);
        });
        child.on('close', (code) => resolve(code));
    });
    void feed(input, child.stdin, (error) => {
        sourceError = error;
        child.kill('SIGKILL');
    });
    let finished = false;
    try {
        let readError;
        try {
            yield* chunksOf(child.stdout);
        }
        catch (error) {
            readError = error;
        }
        const code = await exited;
        if (sourceError)
            throw sourceError;
        if (spawnError)
            throw new errors.UserError(`${what}: could not run ${program} (${spawnError.message}); set ${ZSTD_VARIABLE}=builtin to use Node's zstd decoder`);
        if (code !== 0)
            throw programError(stderr, code);
        if (readError !== undefined)
            throw readError;
        finished = true;
    }
    finally {
        if (!finished && child.exitCode === null && child.signalCode === null)
            child.kill('SIGKILL');
        child.stdout.destroy();
        child.stdin.destroy();
    }
}
/**
 * What the program said, as Node's decoder says it where the two mean the same, with a `code` that
 * decompress() recognises: `/*stdin*\ : Read error (39) : premature end` is Node's
 * `unexpected end of file`, `unsupported format` its `Unknown frame descriptor`.
 */
function programError(stderr, code) {
    const line = stderr
        .trim()
        .split('\n')
        .map((text) => text.trim())
        .filter(Boolean)
        .pop() ?? `exit status ${code ?? 'unknown'}`;
    const said = line.slice(line.lastIndexOf(':') + 1).trim() || line;
    const message = /premature end/i.test(said) ? 'unexpected end of file' : /unsupported format/i.test(said) ? 'Unknown frame descriptor' : said;
    return Object.assign(new Error(message), { code: 'ZSTD_PROGRAM' });
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
 * zstd goes through the `zstd` program when PATH has one (zstd-program.ts), else through Node's
 * decoder; `zstd` chooses for tests.
 */
async function* decompress(chunks, what, options = {}) {
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
    const input = prepend(head, iterator);
    let inflater;
    try {
        const decoder = compression === 'zstd' ? (options.zstd ?? zstdDecoder()) : undefined;
        if (decoder?.kind === 'program') {
            yield* decompressWithProgram(input, decoder.path, what, feed);
        }
        else {
            const stream = compression === 'gzip' ? external_node_zlib_default().createGunzip({ chunkSize: 256 * 1024 }) : external_node_zlib_default().createZstdDecompress({ chunkSize: 1024 * 1024 });
            inflater = stream;
            const fed = { bytes: 0, all: false };
            const feeding = feed(input, stream, (error) => stream.destroy(error), fed);
            yield* chunksOf(stream);
            if (compression === 'zstd')
                await checkOneFrame(stream, feeding, fed, what);
        }
    }
    catch (error) {
        if (error instanceof errors.UserError)
            throw error;
        const code = error.code;
        if (code && /^Z_|^ERR_ZSTD|^ZSTD/.test(code)) {
            throw new errors.UserError(`${what}: the ${compression} stream is corrupt or truncated (${error.message})`);
        }
        throw error;
    }
    finally {
        inflater?.destroy();
        // Stops the source too, once the chunk it may be reading arrives.
        void input.return(undefined).catch(() => { });
    }
}
/**
 * Node's zstd stream ends with the first frame of a stream of several (which the format allows,
 * and zstd:chunked layers are) and drops the rest, or fails on it, depending on how the chunks
 * fall: a layer would lose files without a word. Once the decoder has ended, the source must have
 * ended too, every byte of it consumed; else the layer is refused, naming the way out.
 */
async function checkOneFrame(stream, feeding, fed, what) {
    // A write after the decoder's end fails it: what that means is decided here.
    stream.on('error', () => { });
    await feeding;
    if (fed.error)
        throw fed.error;
    if (!fed.all || stream.bytesWritten < fed.bytes) {
        throw new errors.UserError(`${what}: the zstd stream goes on after its first frame, which Node's zstd decoder cannot read; install the zstd program (found on PATH) or recompress the layer as one frame`);
    }
}
/** Compressed chunks the decompressor holds: one it works on and one waiting (the default sixteen held 16 MiB per layer). */
const INPUT_AHEAD = 2;
/**
 * Writes `chunks` into the decompressor (a zlib stream, or a program's stdin), freeing each once
 * it has consumed it (release.ts); a failing source is handed to `fail` (which fails the
 * decompressor), and a destroyed decompressor stops the feeding.
 */
async function feed(chunks, sink, fail, fed) {
    let held = 0;
    let wake;
    const notify = () => {
        wake?.();
        wake = undefined;
    };
    sink.on('close', notify);
    try {
        for (;;) {
            while (held >= INPUT_AHEAD && !sink.destroyed)
                await new Promise((resolve) => (wake = resolve));
            if (sink.destroyed)
                return;
            const next = await chunks.next();
            if (next.done)
                break;
            if (sink.destroyed)
                return;
            const chunk = next.value;
            if (fed)
                fed.bytes += chunk.length;
            held++;
            sink.write(chunk, (error) => {
                held--;
                if (!error)
                    release(chunk);
                notify();
            });
        }
        if (fed)
            fed.all = true;
        sink.end();
    }
    catch (error) {
        if (fed)
            fed.error = error;
        fail(error);
    }
    finally {
        sink.off('close', notify);
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
    }
    catch (error) {
        // A layer that fails half-read stops its source: a zstd program would wait on its pipe for good.
        await reader.close().catch(() => { });
        throw error;
    }
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
            throw new errors.UserError(`${what}: ${error.message}`);
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
        if (file !== NOTHING_KEPT)
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
                    throw new errors.UserError(`layer ${where}: the image's layers imply more than ${this.maxImplied} directories that none of them lists; if it really has that many, raise ${LIMIT_VARIABLES.maxEntries}`);
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
     * the tree is walked unsorted and a path is built only for directories and matches. The test
     * sees the entry's name too (`.git` directories), never its path.
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

;// CONCATENATED MODULE: ./src/facts/ca-certificates.ts

/**
 * The bundle files Go's crypto/x509 tries on Linux (root_linux.go), which also cover OpenSSL's and
 * GnuTLS's defaults on Debian, Fedora, Alpine and SUSE (Debian's /usr/lib/ssl/cert.pem links to the first).
 */
const CA_BUNDLE_FILES = [
    '/etc/ssl/certs/ca-certificates.crt',
    '/etc/pki/tls/certs/ca-bundle.crt',
    '/etc/ssl/ca-bundle.pem',
    '/etc/pki/tls/cacert.pem',
    '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
    '/etc/ssl/cert.pem',
];
/** The directories Go reads every file of, and OpenSSL its hashed names (Debian's /usr/lib/ssl/certs links to the first). */
const CA_DIRECTORIES = ['/etc/ssl/certs', '/etc/pki/tls/certs', '/usr/lib/ssl/certs'];
/** A directory is looked into this far: one certificate is enough to count. */
const MAX_DIRECTORY_ENTRIES = 1000;
function nonEmptyFile(fs, path) {
    const found = fs.resolve(path);
    return found !== undefined && (found.node.type === 'file' || found.node.type === 'hardlink') && found.node.size > 0;
}
function holdsFile(fs, dir) {
    const found = fs.resolve(dir);
    if (found?.node.type !== 'dir')
        return false;
    return fs
        .list(found.path)
        .slice(0, MAX_DIRECTORY_ENTRIES)
        .some((name) => nonEmptyFile(fs, external_node_path_.posix.join(found.path, name)));
}
function caCertificateFacts(fs, env, workingDir) {
    const certFileEnv = env.get('SSL_CERT_FILE') || undefined;
    const certDirEnv = env.get('SSL_CERT_DIR') || undefined;
    // A relative value is opened from the process's working directory.
    const files = (certFileEnv !== undefined ? [external_node_path_.posix.resolve(workingDir, certFileEnv)] : CA_BUNDLE_FILES).filter((path) => nonEmptyFile(fs, path));
    const dirs = certDirEnv !== undefined
        ? certDirEnv
            .split(':')
            .filter(Boolean)
            .map((dir) => external_node_path_.posix.resolve(workingDir, dir))
        : CA_DIRECTORIES;
    const directories = dirs.filter((dir) => holdsFile(fs, dir));
    return { ...(certFileEnv !== undefined ? { certFileEnv } : {}), ...(certDirEnv !== undefined ? { certDirEnv } : {}), files, directories };
}

;// CONCATENATED MODULE: ./src/facts/history-secrets.ts
/**
 * Secrets an image carries outside its files: build arguments and commands recorded in history
 * `created_by`, ENV values a later layer changed or blanked (the config keeps only the last), label
 * values and manifest annotations. Found once, at fact gathering, from the raw config; the facts
 * then hold the history and labels with each secret replaced by a marker (kind and fingerprint),
 * so no reporter can print a value.
 */


const METADATA_SOURCES = { ARG: 'build-arg', ENV: 'env', LABEL: 'label' };
const history_secrets_LEGACY_METADATA = '#(nop)';
/**
 * Every secret in one `created_by`, with where it lies: values of `ARG`, `ENV` and `LABEL` entries
 * (BuildKit's `ENV K=V`, the classic builder's `/bin/sh -c #(nop)  ENV K=V`), the build arguments a
 * RUN records (`[RUN ]|N K=V ... command`), and tokens anywhere else.
 */
function secretsInCreatedBy(text) {
    const nop = text.indexOf(history_secrets_LEGACY_METADATA);
    let at = nop === -1 ? 0 : nop + history_secrets_LEGACY_METADATA.length;
    at = skipSpace(text, at);
    const keyword = /^[A-Z]+/.exec(text.slice(at, at + 16))?.[0] ?? '';
    const metadata = METADATA_SOURCES[keyword];
    if (metadata && /\s/.test(text.charAt(at + keyword.length)))
        return attributed(text, assignmentsIn(text, at + keyword.length, text.length), metadata);
    // A RUN: BuildKit writes `RUN |N K=V cmd # buildkit`, the classic builder `|N K=V cmd`.
    if (nop === -1) {
        if (keyword === 'RUN')
            at = skipSpace(text, at + keyword.length);
        const count = /^\|(\d+)\s/.exec(text.slice(at, at + 24));
        if (count)
            return attributed(text, buildArgsIn(text, at + count[0].length, Number(count[1])), 'build-arg');
    }
    return attributed(text, [], 'command');
}
/**
 * The secrets of `assignments` (in text order) and of the rest of `text`: a value is whole when
 * its name says it is a credential, else its tokens; a token outside every value is a command's.
 * The text is searched for tokens once.
 */
function attributed(text, assignments, source) {
    const found = [];
    const tokens = (0,secret_tokens/* tokenSpans */.Nl)(text);
    let next = 0;
    for (const { key, start, end } of assignments) {
        const inside = [];
        for (; next < tokens.length && tokens[next].start < end; next++) {
            if (tokens[next].end > start)
                inside.push(tokens[next]);
            else
                found.push({ ...tokens[next], source: 'command' });
        }
        if ((0,secret_tokens/* isNamedSecret */.uz)(key, text.slice(start, end)))
            found.push({ source, key, kind: inside[0]?.kind ?? secret_tokens/* NAMED_SECRET_KIND */.ME, start, end });
        else
            for (const span of inside)
                found.push({ source, key, kind: span.kind, start: Math.max(span.start, start), end: Math.min(span.end, end) });
    }
    for (; next < tokens.length; next++)
        found.push({ ...tokens[next], source: 'command' });
    return found;
}
/**
 * `K=V K2=V2` from `from` to `to`. History does not quote values, so a value runs to the next
 * `NAME=` after a space (a value with spaces stays whole).
 */
function assignmentsIn(text, from, to) {
    const body = text.slice(from, to);
    const keys = [...body.matchAll(/(?<=^|\s)([^\s=]+)=/g)];
    return keys.map((match, i) => {
        const start = from + match.index + match[0].length;
        const next = i + 1 < keys.length ? from + keys[i + 1].index : to;
        return { key: match[1], start, end: start + text.slice(start, next).trimEnd().length };
    });
}
/** The `count` build arguments after `|N`: the last one's value ends at the first space, where the command starts. */
function buildArgsIn(text, from, count) {
    const args = [];
    // Sticky and global patterns with lastIndex: no copies of the text, however many arguments it claims.
    const keyAt = /([^\s=]+)=/y;
    const nextKey = /\s[^\s=]+=/g;
    const space = /\s/g;
    let at = from;
    for (let i = 0; i < count; i++) {
        keyAt.lastIndex = at;
        const key = keyAt.exec(text);
        if (!key)
            break;
        const start = keyAt.lastIndex;
        // An argument that is not the last one runs to the next `NAME=`; without one (a count that claims
        // more than the entry holds), to the first space, as the last one does.
        nextKey.lastIndex = start;
        space.lastIndex = start;
        const end = (i + 1 < count ? nextKey.exec(text)?.index : undefined) ?? space.exec(text)?.index ?? text.length;
        args.push({ key: key[1], start, end });
        at = skipSpace(text, end);
    }
    return args;
}
function skipSpace(text, at) {
    while (at < text.length && /\s/.test(text[at]))
        at++;
    return at;
}
/** `created_by` with every secret replaced by its marker. */
function redactCreatedBy(text) {
    const spans = secretsInCreatedBy(text);
    return spans.length === 0 ? text : redactSpans(text, spans);
}
/** Secrets in one `key=value` pair (a label, an annotation). */
function pairSecrets(key, value, source) {
    return attributed(value, [{ key, start: 0, end: value.length }], source);
}
/** Labels with their secrets replaced by markers; the same object when none holds one. */
function redactLabels(labels) {
    let changed = false;
    const redacted = Object.fromEntries(Object.entries(labels).map(([key, value]) => {
        const spans = pairSecrets(key, value, 'label');
        if (spans.length > 0)
            changed = true;
        return [key, spans.length > 0 ? (0,secret_tokens/* redactSpans */.t)(value, spans) : value];
    }));
    return changed ? redacted : labels;
}
/** Reads each history entry once for both what it hides and what reports show of it. */
function scanConfig(config, layerCount, annotations) {
    const history = Array.isArray(config.history) ? config.history : undefined;
    const spans = (history ?? []).map((entry) => (typeof entry.created_by === 'string' ? secretsInCreatedBy(entry.created_by) : []));
    const runtime = config.config;
    const commands = (list) => (Array.isArray(list) ? list.map((arg) => (0,secret_tokens/* redactTokens */.Oj)(arg)) : list);
    const shownRuntime = runtime && {
        ...runtime,
        ...(runtime.Labels ? { Labels: redactLabels(runtime.Labels) } : {}),
        ...(runtime.Entrypoint !== undefined ? { Entrypoint: commands(runtime.Entrypoint) } : {}),
        ...(runtime.Cmd !== undefined ? { Cmd: commands(runtime.Cmd) } : {}),
        ...(runtime.Healthcheck?.Test ? { Healthcheck: { ...runtime.Healthcheck, Test: commands(runtime.Healthcheck.Test) ?? [] } } : {}),
    };
    const shown = {
        ...config,
        ...(shownRuntime ? { config: shownRuntime } : {}),
        ...(history
            ? {
                history: history.map((entry, i) => {
                    const text = entry.created_by;
                    return typeof text === 'string' && spans[i].length > 0 ? { ...entry, created_by: (0,secret_tokens/* redactSpans */.t)(text, spans[i]) } : entry;
                }),
            }
            : {}),
    };
    const found = new Map();
    const add = (secret) => {
        const key = `${secret.source}\0${secret.key ?? ''}\0${secret.fingerprint}`;
        if (!found.has(key))
            found.set(key, secret);
    };
    const current = new Map((runtime?.Env ?? []).map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]));
    const layers = new Map((layerSources(history, layerCount) ?? []).map((source) => [source.historyIndex, source.layer]));
    spans.forEach((entrySpans, historyIndex) => {
        const text = history?.[historyIndex].created_by ?? '';
        for (const span of entrySpans) {
            const value = text.slice(span.start, span.end);
            if (span.source === 'env' && span.key !== undefined && current.get(span.key)?.includes(value))
                continue;
            const layer = layers.get(historyIndex);
            add({
                source: span.source,
                ...(span.key !== undefined ? { key: span.key } : {}),
                kind: span.kind,
                fingerprint: (0,secret_tokens/* fingerprintOf */.ax)(value),
                ...(layer !== undefined ? { layer } : {}),
                historyIndex,
            });
        }
    });
    const pairs = [
        ['label', runtime?.Labels ?? {}],
        ['annotation', annotations],
    ];
    for (const [source, values] of pairs) {
        for (const [key, value] of Object.entries(values)) {
            for (const span of pairSecrets(key, value, source))
                add({ source, key, kind: span.kind, fingerprint: (0,secret_tokens/* fingerprintOf */.ax)(value.slice(span.start, span.end)) });
        }
    }
    return { shown, secrets: [...found.values()] };
}
/** `scanConfig`'s config as reports may show it. */
function redactedConfig(config) {
    return scanConfig(config, 0, {}).shown;
}
/** `scanConfig`'s secrets. */
function historySecrets(config, layerCount, annotations) {
    return scanConfig(config, layerCount, annotations).secrets;
}

// EXTERNAL MODULE: ./src/facts/binaries.ts
var binaries = __webpack_require__(3618);
;// CONCATENATED MODULE: ./src/facts/interpreter-args.ts
/**
 * The file an interpreter in argv[0] is asked to run (`python3 app.py`, `java -jar app.jar`), found
 * by reading argv as the interpreter does: its own options are skipped, with the arguments they take.
 * Pure and conservative: an option it does not know, or one that changes where the file is looked
 * for (`perl -S`, `ruby -C`, `java @argfile`), means no answer rather than a guess.
 */

const LANGUAGES = [
    [/^python(?:[23](?:\.\d+)?)?$/, 'python'],
    [/^(?:node|nodejs)$/, 'node'],
    [/^ruby(?:\d+(?:\.\d+)*)?$/, 'ruby'],
    [/^perl(?:5(?:\.\d+)*)?$/, 'perl'],
    [/^php(?:\d+(?:\.\d+)?)?$/, 'php'],
    [/^java$/, 'java'],
    [/^(?:sh|bash|dash|ash)$/, 'shell'],
];
/** The interpreter a program name (the last part of a path) is, if it is one this module reads the arguments of. */
function interpreterLanguage(command) {
    const name = external_node_path_.posix.basename(command);
    return LANGUAGES.find(([pattern]) => pattern.test(name))?.[1];
}
/** The file argument of `argv` when argv[0] (or `resolvedPath`, where the name leads) is a known interpreter. */
function interpreterArgument(argv, resolvedPath) {
    if (argv.length === 0)
        return undefined;
    const language = interpreterLanguage(argv[0]) ?? (resolvedPath !== undefined ? interpreterLanguage(resolvedPath) : undefined);
    if (!language)
        return undefined;
    const found = PARSERS[language](argv.slice(1));
    return found && { language, ...found, index: found.index + 1 };
}
const PARSERS = {
    python: pythonFile,
    node: nodeFile,
    ruby: rubyFile,
    perl: perlFile,
    php: phpFile,
    java: javaFile,
    shell: shellFile,
};
const script = (args, index) => index < args.length ? { role: 'script', index, argument: args[index] } : undefined;
/**
 * Reads a cluster of short options (`-uB`, `-lne`, `-Ilib`) by a table: `flag` goes on, `value`
 * takes the rest of the cluster or else the next argument, `attached` takes the rest of the cluster
 * only (maybe nothing), `digits` takes the digits that follow, `stop` means no file (or no answer).
 * Returns how many arguments the cluster used (1 or 2), or undefined to stop.
 */
function shortCluster(arg, table) {
    for (let at = 1; at < arg.length; at++) {
        const kind = table[arg[at]];
        if (kind === undefined || kind === 'stop')
            return undefined;
        if (kind === 'value')
            return at === arg.length - 1 ? 2 : 1;
        if (kind === 'attached')
            return 1;
        if (kind === 'digits')
            while (at + 1 < arg.length && /[0-9]/.test(arg[at + 1]))
                at++;
    }
    return 1;
}
const table = (kinds) => Object.fromEntries(Object.entries(kinds).flatMap(([kind, letters]) => [...letters].map((letter) => [letter, kind])));
/** `python [options] [-c cmd | -m mod | file | -] [args]`: -c and -m run no file, -h/-V print and exit. */
const PYTHON = table({ flag: 'bBdEiIOPqRsSuvx', value: 'WX', stop: 'cmhV?' });
function pythonFile(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--')
            return script(args, i + 1);
        if (arg === '-' || !arg.startsWith('-'))
            return arg === '-' ? undefined : script(args, i);
        if (arg === '--check-hash-based-pycs')
            i++;
        else if (arg.startsWith('--check-hash-based-pycs='))
            continue;
        else if (arg.startsWith('--'))
            return undefined; // --help, --version and the like
        else {
            const used = shortCluster(arg, PYTHON);
            if (used === undefined)
                return undefined;
            i += used - 1;
        }
    }
    return undefined;
}
/** Node's own options that take the next argument as their value. */
const NODE_VALUES = new Set([
    '-r',
    '--require',
    '--import',
    '--loader',
    '--experimental-loader',
    '-C',
    '--conditions',
    '--title',
    '--input-type',
    '--env-file',
    '--env-file-if-exists',
    '--inspect-port',
    '--debug-port',
    '--redirect-warnings',
    '--diagnostic-dir',
    '--report-dir',
    '--report-directory',
    '--report-filename',
    '--report-signal',
    '--heapsnapshot-signal',
    '--heapsnapshot-near-heap-limit',
    '--icu-data-dir',
    '--openssl-config',
    '--tls-cipher-list',
    '--tls-keylog',
    '--unhandled-rejections',
    '--use-largepages',
    '--dns-result-order',
    '--disable-warning',
    '--cpu-prof-dir',
    '--cpu-prof-name',
    '--cpu-prof-interval',
    '--heap-prof-dir',
    '--heap-prof-name',
    '--heap-prof-interval',
    '--secure-heap',
    '--secure-heap-min',
    '--max-http-header-size',
    '--experimental-policy',
    '--policy-integrity',
    '--watch-path',
    '--experimental-config-file',
    '--localstorage-file',
    '--snapshot-blob',
    '--trace-event-categories',
    '--trace-event-file-pattern',
    '--experimental-default-type',
    '--experimental-specifier-resolution',
    '--es-module-specifier-resolution',
    '--allow-fs-read',
    '--allow-fs-write',
]);
/**
 * V8's number options take their value only as `--name=value`: written bare, node 18 and 20 exit
 * with "bad option" before looking for any file (checked on the engine in test/heavy), so no answer.
 */
const NODE_V8_NUMBERS = new Set(['--max-old-space-size', '--max-semi-space-size', '--max-heap-size', '--stack-size', '--stack-trace-limit']);
/** Node runs no file of its own with these (code, a test runner, a package.json script, the REPL, help). */
const NODE_NO_FILE = new Set([
    '-e',
    '--eval',
    '-p',
    '--print',
    '-pe',
    '-i',
    '--interactive',
    '-v',
    '--version',
    '-h',
    '--help',
    '--v8-options',
    '--test',
    '--run',
]);
function nodeFile(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--')
            return script(args, i + 1);
        if (arg === '-')
            return undefined;
        if (!arg.startsWith('-'))
            return script(args, i);
        if (NODE_NO_FILE.has(arg) || NODE_V8_NUMBERS.has(arg))
            return undefined;
        if (NODE_VALUES.has(arg))
            i++;
        // A single-dash option it does not know may take a value; a long one is a flag unless written `--name=value`.
        else if (!arg.startsWith('--'))
            return undefined;
    }
    return undefined;
}
/** `ruby [switches] [--] [programfile]`: -e runs code; -S, -x and -C change where the file is found. */
const RUBY = table({ flag: 'acdlnpsvwyU', value: 'IrE', attached: 'FKW', digits: '0T', stop: 'eSxCh' });
const RUBY_LONG_VALUES = new Set(['--enable', '--disable', '--encoding', '--external-encoding', '--internal-encoding']);
function rubyFile(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--')
            return script(args, i + 1);
        if (arg === '-')
            return undefined;
        if (!arg.startsWith('-'))
            return script(args, i);
        if (arg.startsWith('--')) {
            if (RUBY_LONG_VALUES.has(arg))
                i++;
            else if (/^--(?:help|version|copyright|dump)(?:=|$)/.test(arg))
                return undefined;
            continue;
        }
        const used = shortCluster(arg, RUBY);
        if (used === undefined)
            return undefined;
        i += used - 1;
    }
    return undefined;
}
/** `perl [switches] [--] [programfile]`: -e/-E run code; -S and -x change where the file is found; -v/-V/-h print and exit. */
const PERL = table({ flag: 'acnpstTuUwWX', value: 'I', attached: 'MmDdFiC', digits: 'l0', stop: 'eESxvVh' });
function perlFile(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--')
            return script(args, i + 1);
        if (arg === '-')
            return undefined;
        if (!arg.startsWith('-'))
            return script(args, i);
        const used = shortCluster(arg, PERL);
        if (used === undefined)
            return undefined;
        i += used - 1;
    }
    return undefined;
}
const PHP_VALUES = new Set(['-c', '-d', '-z', '--php-ini', '--define', '--zend-extension']);
const PHP_FLAGS = new Set(['-n', '-q', '-e', '-H', '-C', '--no-php-ini', '--no-header', '--profile-info', '--hide-args', '--no-chdir']);
/** `php [options] [-f] file`: everything else (-r code, -S server, -l lint, -a, `--` for stdin) runs no file of its own. */
function phpFile(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '-f' || arg === '--file')
            return script(args, i + 1);
        if (/^-f./.test(arg))
            return { role: 'script', index: i, argument: arg.slice(2) };
        if (arg.startsWith('--file='))
            return { role: 'script', index: i, argument: arg.slice('--file='.length) };
        if (!arg.startsWith('-'))
            return script(args, i);
        if (PHP_VALUES.has(arg))
            i++;
        else if (!(PHP_FLAGS.has(arg) || /^-[cdz]./.test(arg) || /^--(?:php-ini|define|zend-extension)=/.test(arg)))
            return undefined;
    }
    return undefined;
}
/** Launcher options that take the next argument. */
const JAVA_VALUES = new Set([
    '-p',
    '--module-path',
    '--upgrade-module-path',
    '--add-modules',
    '--limit-modules',
    '--add-reads',
    '--add-exports',
    '--add-opens',
    '--patch-module',
    '--enable-native-access',
    '--source',
]);
const JAVA_CLASS_PATH = new Set(['-cp', '-classpath', '--class-path']);
/** Options after which java runs no class of the image's: module mode, version and help output, listings. */
const JAVA_NO_FILE = /^(?:-m|--module(?:=.*)?|-version|--version|-fullversion|-help|-h|-\?|--help|--help-extra|-X|--list-modules|-d|--describe-module(?:=.*)?|--validate-modules)$/;
/** Classes the runtime image itself holds: found whatever the class path says. */
const RUNTIME_PACKAGES = /^(?:java|javax|jdk|sun|com\.sun)\./;
/** `java [options] -jar file | mainclass | source.java`: the jar, the source file, or the class path the main class comes from. */
function javaFile(args) {
    let classPath;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '-jar')
            return i + 1 < args.length ? { role: 'jar', index: i + 1, argument: args[i + 1] } : undefined;
        if (JAVA_NO_FILE.test(arg) || arg.startsWith('@'))
            return undefined;
        if (JAVA_CLASS_PATH.has(arg)) {
            if (i + 1 < args.length)
                classPath = { index: i + 1, argument: args[i + 1] };
            i++;
        }
        else if (arg.startsWith('--class-path='))
            classPath = { index: i, argument: arg.slice('--class-path='.length) };
        else if (JAVA_VALUES.has(arg))
            i++;
        else if (!arg.startsWith('-')) {
            if (arg.endsWith('.java'))
                return script(args, i);
            if (!classPath || RUNTIME_PACKAGES.test(arg))
                return undefined;
            return { role: 'classpath', ...classPath, mainClass: arg };
        }
    }
    return undefined;
}
/** `sh [options] [script]`: -c runs a command string and -s reads stdin; bash's --rcfile and -o/-O take a value. */
const SHELL = table({ flag: 'abefhiklmnprtuvxBCDEHPT', value: 'oO', stop: 'cs' });
function shellFile(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--')
            return script(args, i + 1);
        if (arg === '-' || arg === '+')
            return undefined;
        if (!/^[-+]/.test(arg))
            return script(args, i);
        if (arg.startsWith('--')) {
            if (arg === '--rcfile' || arg === '--init-file')
                i++;
            else if (/^--(?:help|version|dump-strings|dump-po-strings)$/.test(arg))
                return undefined;
            continue;
        }
        const used = shortCluster(arg, SHELL);
        if (used === undefined)
            return undefined;
        i += used - 1;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/facts/entrypoint.ts






/**
 * Whether argv runs a shell on a command string: a shell whose options include `-c`, as shell-form
 * instructions store it (`/bin/sh -c`, or the Dockerfile's SHELL such as `/bin/bash -o pipefail -c`).
 */
function isShellForm(argv) {
    if (!argv || !binaries/* SHELL_NAMES */.YG.includes(external_node_path_.posix.basename(argv[0] ?? '')))
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
    const workingDir = config.config?.WorkingDir || '/';
    const program = argv.length > 0 ? programFacts(fs, argv[0], workingDir, env) : undefined;
    const volumes = Object.keys(config.config?.Volumes ?? {}).map((volume) => external_node_path_.posix.resolve('/', volume));
    const interpreterFile = interpreterFileFacts(fs, argv, program, workingDir, env, volumes);
    return {
        entrypoint,
        cmd,
        argv,
        entrypointShellForm: isShellForm(entrypoint),
        // With an Entrypoint, Cmd is only its arguments.
        cmdShellForm: entrypoint.length === 0 && isShellForm(cmd),
        healthcheckShellForm: test[0] === 'CMD-SHELL' || (test[0] === 'CMD' && isShellForm(test.slice(1))),
        program,
        ...(interpreterFile ? { interpreterFile } : {}),
    };
}
/** Node's main-module lookup adds these to a path that is not a file (CommonJS, plus the ESM ones to stay on the safe side). */
const NODE_EXTENSIONS = ['.js', '.json', '.node', '.mjs', '.cjs'];
function interpreterFileFacts(fs, argv, program, workingDir, env, volumes) {
    const argument = interpreterArgument(argv, program?.path);
    if (!argument || argument.argument === '')
        return undefined;
    // A path under a declared VOLUME may be mounted at run time: counted as there.
    const inVolume = (path) => volumes.some((volume) => path === volume || path.startsWith(volume === '/' ? '/' : `${volume}/`));
    const exists = (path) => inVolume(path) || fs.resolve(path) !== undefined;
    if (argument.role === 'classpath') {
        const entries = argument.argument.split(':');
        // An empty entry is the working directory: there is no telling what it holds.
        if (entries.includes(''))
            return undefined;
        const paths = entries.map((entry) => external_node_path_.posix.resolve(workingDir, entry.endsWith('/*') || entry === '*' ? entry.slice(0, -1) : entry));
        return { ...argument, paths, found: paths.some(exists) };
    }
    const path = external_node_path_.posix.resolve(workingDir, argument.argument);
    let found = exists(path);
    if (!found && argument.language === 'node')
        found = NODE_EXTENSIONS.some((extension) => exists(path + extension));
    // bash looks a name without a slash up in PATH when the working directory does not have it; dash does not.
    const searchesPath = external_node_path_.posix.basename(program?.path ?? argv[0]) !== 'dash';
    if (!found && argument.language === 'shell' && searchesPath && !argument.argument.includes('/')) {
        found = (0,binaries/* pathDirectories */.Ji)(env.get('PATH')).some((dir) => exists(external_node_path_.posix.join(dir, argument.argument)));
    }
    return { ...argument, paths: [path], found };
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
    for (const dir of (0,binaries/* pathDirectories */.Ji)(env.get('PATH'))) {
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
    const shebang = (0,facts_shebang/* parseShebang */.A)(captured.head);
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

;// CONCATENATED MODULE: ./src/facts/secret-files.ts
/**
 * Secrets in the image's files, layer by layer: what the secret scan found in each layer's files
 * (secret-capture.ts), with the layer that added each and the layer that removed or overwrote it.
 * A removed file is still in the image: its layer ships to everyone who pulls it.
 */


/** Bounds the list (and the findings from it) on a hostile image. */
const MAX_SECRET_FILES = 500;
function secretFilesOf(layers, fs) {
    const found = [];
    layers.forEach((layer, index) => {
        for (const [path, file] of layer.captured) {
            const scan = capturedSecrets(file);
            if (!scan)
                continue;
            for (const detection of scan.detections) {
                if (found.length >= MAX_SECRET_FILES)
                    return;
                found.push({
                    kind: detection.kind,
                    path,
                    layer: index,
                    fingerprint: detection.fingerprint,
                    ...(detection.line !== undefined ? { line: detection.line } : {}),
                    ...(scan.partial ? { partial: true } : {}),
                });
            }
        }
    });
    markRemoved(found, layers, fs);
    return found.sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0));
}
/** Sets `removedIn` on the secrets whose file the merged filesystem no longer shows from their layer. */
function markRemoved(found, layers, fs) {
    const gone = found.filter((secret) => {
        const node = fs.lstat(secret.path);
        return !(node && node.type === 'file' && node.layer === secret.layer);
    });
    if (gone.length === 0)
        return;
    // Each removed path and its ancestors: a layer touches it by an entry or whiteout at any of them.
    const watched = new Set();
    for (const { path } of gone)
        for (let at = path; at !== '/' && at !== ''; at = at.slice(0, Math.max(at.lastIndexOf('/'), 1)))
            watched.add(at);
    // Per layer: whiteouts (opaque or not) and entries (a directory or not) at a watched path.
    const whiteouts = layers.map(() => new Map());
    const entries = layers.map(() => new Map());
    layers.forEach((layer, index) => {
        for (const whiteout of layer.whiteouts)
            if (watched.has(whiteout.path))
                whiteouts[index].set(whiteout.path, whiteout.opaque);
        for (const entry of layer.entries) {
            const path = entryPath(entry);
            if (watched.has(path))
                entries[index].set(path, entry.type === 'dir');
        }
    });
    for (const secret of gone) {
        for (let index = secret.layer + 1; index < layers.length && secret.removedIn === undefined; index++) {
            for (let at = secret.path; at !== '/' && at !== ''; at = at.slice(0, Math.max(at.lastIndexOf('/'), 1))) {
                const below = at !== secret.path;
                const opaque = whiteouts[index].get(at);
                const dir = entries[index].get(at);
                // A whiteout removes its path (an opaque one, what is below); an entry replaces its path, and a
                // non-directory the subtree it lands on (a directory over a directory keeps what is under it).
                if ((opaque !== undefined && (!opaque || below)) || (dir !== undefined && (!below || !dir))) {
                    secret.removedIn = index;
                    break;
                }
            }
        }
    }
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

// EXTERNAL MODULE: ./src/facts/tools.ts
var tools = __webpack_require__(2652);
;// CONCATENATED MODULE: ./src/facts/required-paths.ts
function pathNode(path, node) {
    return {
        path,
        type: node.type,
        mode: node.mode,
        uid: node.uid,
        gid: node.gid,
        layer: node.layer,
        ...(node.target !== undefined && node.type === 'symlink' ? { target: node.target } : {}),
    };
}
/** lstat and stat of each required path, as the rule compares them; nothing else is read. */
function requiredPathStates(fs, required) {
    return required.map((entry) => {
        const node = fs.lstat(entry.path);
        const resolved = fs.resolve(entry.path);
        return {
            required: entry,
            ...(node ? { node: pathNode(node.path, node) } : {}),
            ...(resolved ? { resolved: pathNode(resolved.path, resolved.node) } : {}),
        };
    });
}

;// CONCATENATED MODULE: ./src/facts/leftovers.ts
/**
 * Below this many bytes a cache is not reported: apt, dpkg and apk leave empty directories and
 * lock files in every clean image. A git repository is reported whatever its size (see `gitRepository`).
 */
const LEFTOVER_MIN_BYTES = 4096;
const everything = () => true;
const PLACES = [
    { kind: 'apt-lists', path: '/var/lib/apt/lists', counts: (relative) => relative !== 'lock' && relative !== 'partial' && !relative.startsWith('partial/') },
    { kind: 'apt-archives', path: '/var/cache/apt/archives', counts: (relative) => !relative.includes('/') && relative.endsWith('.deb') },
    { kind: 'apt-package-cache', path: '/var/cache/apt', counts: (relative) => !relative.includes('/') && relative.endsWith('.bin') },
    { kind: 'apk-cache', path: '/var/cache/apk' },
    { kind: 'yarn-cache', path: '/usr/local/share/.cache/yarn' },
    { kind: 'pip-cache', path: '.cache/pip' },
    { kind: 'npm-cache', path: '.npm/_cacache' },
    { kind: 'yarn-cache', path: '.cache/yarn' },
    { kind: 'pnpm-store', path: '.local/share/pnpm/store' },
    { kind: 'pnpm-store', path: '.pnpm-store' },
    { kind: 'go-build-cache', path: '.cache/go-build' },
    { kind: 'maven-repository', path: '.m2/repository' },
    { kind: 'gradle-cache', path: '.gradle/caches' },
    { kind: 'composer-cache', path: '.composer/cache' },
    { kind: 'composer-cache', path: '.cache/composer' },
];
/** The leftovers in `fs`, by path; `users` adds the home directories of /etc/passwd to `/root` and `/home/*`. */
function leftoverFacts(fs, users) {
    const found = new Map();
    const homes = homeDirectories(fs, users);
    for (const place of PLACES) {
        const dirs = place.path.startsWith('/') ? [place.path] : homes.map((home) => (home === '/' ? `/${place.path}` : `${home}/${place.path}`));
        for (const dir of dirs) {
            const resolved = fs.resolve(dir);
            if (resolved?.node.type !== 'dir' || found.has(resolved.path))
                continue;
            const leftover = measure(fs, place.kind, resolved.path, resolved.node.layer, place.counts ?? everything);
            if (leftover.bytes >= LEFTOVER_MIN_BYTES)
                found.set(resolved.path, leftover);
        }
    }
    for (const node of fs.find((entry) => entry.type === 'dir' && entry.name === '.git')) {
        // A cache may hold repositories of its own (Composer's, Go's): the cache is the finding.
        if ([...found.keys()].some((path) => node.path.startsWith(`${path}/`)))
            continue;
        const leftover = measure(fs, 'git', node.path, node.layer, everything);
        if (leftover.bytes >= LEFTOVER_MIN_BYTES || gitRepository(fs, node.path))
            found.set(node.path, leftover);
    }
    return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/**
 * A directory named `.git` holding `HEAD` or `config` is a repository: reported even when small,
 * since its config may carry a remote URL with a token in it.
 */
function gitRepository(fs, dir) {
    return ['HEAD', 'config'].some((name) => fs.lstat(`${dir}/${name}`)?.type === 'file');
}
/** `/`, `/root`, each directory in `/home`, and the passwd homes that are directories, each once (symlinks resolved). */
function homeDirectories(fs, users) {
    const candidates = ['/', '/root', ...fs.list('/home').map((name) => `/home/${name}`), ...users.map((user) => user.home)];
    const homes = new Set();
    for (const candidate of candidates) {
        if (!candidate.startsWith('/'))
            continue;
        const resolved = fs.resolve(candidate);
        if (resolved?.node.type === 'dir')
            homes.add(resolved.path);
    }
    return [...homes];
}
/** The regular files below `dir` that count: their bytes, and the layer that wrote most of them. */
function measure(fs, kind, dir, dirLayer, counts) {
    const perLayer = new Map();
    let bytes = 0;
    let files = 0;
    for (const node of fs.walk(dir)) {
        // As the size facts count: hard links are not counted twice.
        if (node.type !== 'file' || !counts(node.path.slice(dir.length + 1)))
            continue;
        files++;
        bytes += node.size;
        perLayer.set(node.layer, (perLayer.get(node.layer) ?? 0) + node.size);
    }
    let layer = dirLayer;
    let most = -1;
    for (const [index, size] of perLayer) {
        if (size > most || (size === most && index < layer)) {
            layer = index;
            most = size;
        }
    }
    return { kind, path: dir, bytes, files, layer };
}

;// CONCATENATED MODULE: ./src/facts/index.ts

















function isExecutableFile(entry) {
    return (entry.type === 'file' || entry.type === 'hardlink') && (entry.mode & 0o111) !== 0;
}
function gatherFacts(image, options = {}) {
    const fs = MergedFilesystem.merge(image.layerIndexes);
    const filesRead = image.layerIndexes.length === image.layers.length && image.layers.length > 0;
    const env = envOf(image.config);
    const pathDirs = (0,binaries/* pathDirectories */.Ji)(env.get('PATH'));
    const users = usersOf(fs);
    const groups = groupsOf(fs);
    const setuid = [];
    const worldWritable = [];
    const executables = [];
    // Most files are none of these: only the others get a path, in one walk.
    for (const node of fs.find((entry) => (entry.type !== 'symlink' && (entry.mode & 0o6002) !== 0) || isExecutableFile(entry))) {
        if (isExecutableFile(node))
            executables.push(node);
        if ((node.mode & 0o6002) === 0)
            continue;
        const flag = { path: node.path, mode: node.mode, layer: node.layer, type: node.type };
        if ((node.type === 'file' || node.type === 'hardlink') && (node.mode & 0o6000) !== 0)
            setuid.push(flag);
        if ((node.mode & 0o002) !== 0)
            worldWritable.push(flag);
    }
    // What reports may print: history, labels and commands with their secrets replaced by markers.
    const { shown, secrets } = scanConfig(image.config, image.layers.length, image.annotations);
    const sources = layerSources(shown.history, image.layers.length);
    const entrypoint = entrypointFacts(fs, shown);
    // Tools are also looked for beside the entry point (`/nodejs/bin/node`), which PATH may not list.
    const entryDir = entrypoint.program?.path === undefined ? [] : [external_node_path_.posix.dirname(entrypoint.program.path)];
    const scripts = (0,tools/* scriptInterpreters */.Xj)(fs, executables);
    const osManagers = new Set([...binaries/* PACKAGE_MANAGER_NAMES */.Ke, ...(options.extraPackageManagers ?? [])]);
    const languageManagers = (0,tools/* toolTest */.D6)('package-manager');
    const facts = {
        filesRead,
        os: osFacts(fs),
        users,
        groups,
        user: runtimeUser(image.config.config?.User, users, groups),
        packages: packageInventories(fs),
        shells: (0,binaries/* findBinaries */.lP)(fs, [...binaries/* SHELL_NAMES */.YG, ...(options.extraShells ?? [])], pathDirs),
        packageManagers: (0,tools/* findTools */.f$)(fs, (name, realName) => osManagers.has(name) || languageManagers(name, realName), [...pathDirs, ...entryDir], scripts),
        buildTools: (0,tools/* findTools */.f$)(fs, (0,tools/* toolTest */.D6)('build-tool', options.extraBuildTools), [...pathDirs, ...entryDir], scripts),
        entrypoint,
        env: [...env],
        labels: shown.config?.Labels ?? {},
        setuid,
        worldWritable,
        sizes: sizeFacts(image, filesRead ? fs : undefined),
        layerCommands: image.layers.map((_, i) => sources?.find((source) => source.layer === i)?.createdBy),
        baseImage: (0,base_image/* baseImageOf */.I)({ ...image, config: shown, annotations: redactLabels(image.annotations) }, options.dockerfileBase),
        ...(options.pathGlobs ? { pathMatches: matchPaths(fs, options.pathGlobs) } : {}),
        leftovers: leftoverFacts(fs, users),
        secretFiles: secretFilesOf(image.layerIndexes, fs),
        ...(filesRead ? { caCertificates: caCertificateFacts(fs, env, image.config.config?.WorkingDir || '/') } : {}),
        ...(options.requiredPaths ? { requiredPaths: requiredPathStates(fs, options.requiredPaths) } : {}),
        historySecrets: secrets,
    };
    return { facts, fs };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
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
            throw new errors.UserError(`${this.label}: ${name} links to ${member.linkname}, outside the archive`);
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
                throw new errors.UserError(`${this.label}: ${name} is a link that loops back to ${next}`);
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
                throw new errors.UserError(`${label}: ${name}: content does not match its digest (got ${actual})`);
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
                throw new errors.UserError(`${label}: ${name} is ${member.size} bytes, too large for a manifest or config`);
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
            throw new errors.UserError(`${label}: the archive does not include layer ${ref.diffId ?? file}`);
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
            throw new errors.UserError(`${reference}: no image for platform ${formatPlatform(platform)}; it has: ${list}`);
        }
        if (missing.length > 0) {
            const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
            throw new errors.UserError(`${reference}: the index lists no image manifest that is present: ${missing[0]} is missing${more}`);
        }
        if (artifacts > 0)
            throw new errors.UserError(`${reference}: the index lists no image, only ${artifacts === 1 ? 'an artifact' : `${artifacts} artifacts`}`);
        throw new errors.UserError(`${reference}: the index lists no image manifest`);
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
            throw new errors.UserError(`${reference}: image indexes nest more than ${MAX_INDEX_DEPTH} deep`);
        const json = asManifest(document, reference, digest);
        const where = digest ?? 'the index';
        if (json.manifests) {
            const path = digest ? [...ancestors, digest] : ancestors;
            for (const [i, value] of json.manifests.entries()) {
                const child = asDescriptor(value, `${where} manifests[${i}]`, reference);
                if (path.includes(child.digest))
                    throw new errors.UserError(`${reference}: image index ${child.digest} refers to itself`);
                if (visited.has(child.digest))
                    continue;
                if (isAttestation(child))
                    continue;
                if (child.mediaType && !INDEX_TYPES.includes(child.mediaType) && !MANIFEST_TYPES.includes(child.mediaType))
                    continue;
                const childPlatform = child.platform?.architecture
                    ? normalizePlatform({ os: child.platform.os ?? 'linux', architecture: child.platform.architecture, variant: child.platform.variant })
                    : undefined;
                if (childPlatform?.architecture === 'unknown')
                    continue;
                const isIndex = child.mediaType ? INDEX_TYPES.includes(child.mediaType) : false;
                if (!isIndex && childPlatform) {
                    available.push(formatPlatform(childPlatform));
                    if (platform && !platformMatches(platform, childPlatform))
                        continue;
                }
                visited.add(child.digest);
                const childDocument = await fetchJson(child);
                if (childDocument === undefined) {
                    // Layouts may list manifests of platforms that were never pulled; only a chosen one must exist.
                    if (platform && childPlatform)
                        throw new errors.UserError(`${reference}: the manifest for ${formatPlatform(childPlatform)} (${child.digest}) is missing`);
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
                ? normalizePlatform({ os: descriptor.platform.os ?? 'linux', architecture: descriptor.platform.architecture, variant: descriptor.platform.variant })
                : undefined,
            annotations: { ...(descriptor?.annotations ?? {}), ...(json.annotations ?? {}) },
        });
    }
    await visit(root, rootDigest, undefined, []);
    const images = [];
    let artifacts = 0;
    for (const entry of found) {
        if (!entry.manifest.config)
            throw new errors.UserError(`${reference}: manifest ${entry.digest ?? ''} has no config`.replace('  ', ' '));
        const configType = entry.manifest.config.mediaType;
        if (configType !== undefined && !IMAGE_CONFIG_TYPES.includes(configType)) {
            artifacts++;
            continue;
        }
        const config = (await fetchJson(entry.manifest.config));
        if (config === undefined)
            throw new errors.UserError(`${reference}: the image config ${entry.manifest.config.digest} is missing`);
        checkConfig(config, reference);
        const imagePlatform = normalizePlatform({ os: config.os, architecture: config.architecture, variant: config.variant });
        if (platform && !platformMatches(platform, imagePlatform)) {
            if (entry.platform)
                continue;
            available.push(formatPlatform(imagePlatform));
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
        throw new errors.UserError(`${reference}: the manifest lists ${layers.length} layers but the config has ${diffIds.length} diff ids`);
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
        throw new errors.UserError(`${reference}: the image config is not an image config (no os/architecture)`);
    }
    const wrong = (field, expected) => {
        throw new errors.UserError(`${reference}: the image config's ${field} is not ${expected}`);
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
        throw new errors.UserError(`${reference}: ${where} is not a valid descriptor (${what})`);
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
        throw new errors.UserError(`${reference}: ${digest ?? 'the index'} is not a manifest or index`);
    }
    const json = document;
    if (json.manifests !== undefined && !Array.isArray(json.manifests))
        throw new errors.UserError(`${reference}: ${digest ?? 'the index'} has a malformed manifests list`);
    if (json.layers !== undefined && !Array.isArray(json.layers))
        throw new errors.UserError(`${reference}: ${digest ?? 'the manifest'} has a malformed layers list`);
    if (json.manifests === undefined && json.config === undefined)
        throw new errors.UserError(`${reference}: ${digest ?? 'the document'} is neither an image index nor a manifest`);
    const where = digest ?? 'the manifest';
    if (json.manifests === undefined) {
        asDescriptor(json.config, `${where} config`, reference);
        json.layers?.forEach((layer, i) => asDescriptor(layer, `${where} layers[${i}]`, reference));
    }
    if (json.annotations !== undefined && !(isObject(json.annotations) && Object.values(json.annotations).every((value) => typeof value === 'string')))
        throw new errors.UserError(`${reference}: ${where} has malformed annotations`);
    return json;
}

;// CONCATENATED MODULE: ./src/image/sources/blob-store.ts




const blob_store_MAX_JSON = 16 * 1024 * 1024;
async function readJson(store, name) {
    const size = store.size(name);
    if (size === undefined)
        return undefined;
    if (size > blob_store_MAX_JSON)
        throw new errors.UserError(`${store.label}: ${name} is ${size} bytes, too large for a manifest or config`);
    const bytes = await store.read(name);
    if (bytes === undefined)
        return undefined;
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new errors.UserError(`${store.label}: ${name} is not valid JSON`);
    }
}
/** `sha256:abc…` → `blobs/sha256/abc…`, refusing digests that would name another path. */
function blobPath(digest, label) {
    const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
    if (!match)
        throw new errors.UserError(`${label}: "${digest}" is not a valid digest`);
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
        throw new errors.UserError(`${what}: content does not match its digest (expected ${digest}, got ${actual})`);
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
        throw new errors.UserError(`${what} is missing from the image (${name})`);
    if (ref.size !== undefined && size !== ref.size)
        throw new errors.UserError(`${what}: the blob is ${size} bytes but the manifest says ${ref.size}`);
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
    throw new errors.UserError(`${store.label}: not an image archive or layout (no index.json or manifest.json)`);
}
/** Docker 25.0.0 and 25.0.1 saved untagged images with `"manifests": null` (moby d131f00); their manifest.json is whole. */
async function listsNothing(store) {
    const index = (await readJson(store, 'index.json'));
    return typeof index === 'object' && index !== null && (index.manifests === null || (Array.isArray(index.manifests) && index.manifests.length === 0));
}
async function resolveOciLayout(store, reference, refName, platform) {
    const index = (await readJson(store, 'index.json'));
    if (!index || typeof index !== 'object' || !Array.isArray(index.manifests))
        throw new errors.UserError(`${store.label}: index.json has no manifests list`);
    let root = index;
    if (refName !== undefined) {
        const named = index.manifests.filter((m) => REF_ANNOTATIONS.some((key) => matchesRefName(refNameOf(m, key), refName)));
        if (named.length === 0) {
            const names = index.manifests.flatMap((m) => REF_ANNOTATIONS.map((key) => refNameOf(m, key)).filter(Boolean));
            throw new errors.UserError(`${store.label}: no image named "${refName}"; it has: ${[...new Set(names)].join(', ') || 'no named images'}`);
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
    throw new errors.UserError(`${label}: the layout holds ${images.length} images; name one as ${reference}:REF (${names.join(', ')})`);
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
        throw new errors.UserError(`${store.label}: manifest.json lists no image`);
    if (!manifest.every(isLegacyEntry))
        throw new errors.UserError(`${store.label}: manifest.json is malformed (each entry needs Config, RepoTags and Layers as strings)`);
    const entries = manifest;
    let entry = entries[0];
    if (refName !== undefined) {
        const found = entries.find((e) => (e.RepoTags ?? []).some((tag) => matchesRefName(tag, refName)));
        if (!found)
            throw new errors.UserError(`${store.label}: no image tagged "${refName}"; it has: ${entries.flatMap((e) => e.RepoTags ?? []).join(', ') || 'untagged images'}`);
        entry = found;
    }
    else if (entries.length > 1) {
        const tags = entries.flatMap((e) => e.RepoTags ?? []);
        throw new errors.UserError(`${store.label}: the archive holds ${entries.length} images; name one as ${reference}:TAG (${tags.join(', ') || 'untagged'})`);
    }
    if (entry.Config === undefined || entry.Layers === undefined)
        throw new errors.UserError(`${store.label}: manifest.json entry lacks Config or Layers`);
    const config = (await readJson(store, entry.Config));
    if (config === undefined)
        throw new errors.UserError(`${store.label}: the image config ${entry.Config} is missing`);
    checkConfig(config, store.label);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== entry.Layers.length) {
        throw new errors.UserError(`${store.label}: manifest.json lists ${entry.Layers.length} layers but the config has ${diffIds.length} diff ids`);
    }
    const image = {
        reference,
        platform: { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) },
        configDigest: entry.Config.match(/([a-f0-9]{64})/)?.[1] ? `sha256:${entry.Config.match(/([a-f0-9]{64})/)?.[1]}` : undefined,
        config,
        layers: entry.Layers.map((_, i) => ({ diffId: diffIds[i] })),
        annotations: {},
    };
    if (platform && formatPlatform(platform) !== formatPlatform(image.platform)) {
        throw new errors.UserError(`${reference}: no image for platform ${formatPlatform(platform)}; it has: ${formatPlatform(image.platform)}`);
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
                throw new errors.UserError(`${this.path}: not a readable image archive (${error.message})`);
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
        throw new errors.UserError(`${path}: cannot open the image archive (${(0,errors.messageOf)(error)})`);
    }
    const members = new Map();
    const links = new ArchiveLinks(path);
    try {
        const { size } = await file.stat();
        if (size === 0)
            throw new errors.UserError(`${path}: the file is empty, not an image archive`);
        for (const member of walkTarSync(new FileRangeReader(file, 0, size))) {
            if (links.add(member) || (member.typeflag !== '0' && member.typeflag !== '7'))
                continue;
            if (member.offset + member.size > size)
                throw new errors.UserError(`${path}: the archive is truncated (${member.name} ends past the end of the file)`);
            members.set(cleanPath(member.name).slice(1), { offset: member.offset, size: member.size });
        }
    }
    catch (error) {
        await file.close();
        if (error instanceof TarError)
            throw new errors.UserError(`${path}: not a readable image archive (${error.message})`);
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
                throw new errors.UserError(`${path}: ${name} is missing`);
            return { reader: new FileRangeReader(file, member.offset, member.size), close: async () => { } };
        },
        close: () => file.close(),
    };
}
/** An OCI image layout directory (`oci:DIR`). */
async function openDirectoryStore(dir) {
    const info = await (0,promises_.stat)(dir).catch((error) => {
        throw new errors.UserError(`${dir}: cannot read the image layout (${(0,errors.messageOf)(error)})`);
    });
    if (!info.isDirectory())
        throw new errors.UserError(`${dir}: an oci: reference needs a directory holding an OCI image layout`);
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
                throw new errors.UserError(`${dir}: ${name} is missing`);
            const handle = await (0,promises_.open)((0,external_node_path_.join)(dir, name), 'r');
            const { size } = await handle.stat();
            return { reader: new FileRangeReader(handle, 0, size), close: () => handle.close() };
        },
        close: async () => { },
    };
}

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
                throw new errors.UserError(`${this.reference}: docker save failed (${failure || error.message})`);
            throw error;
        }
        const failure = await save.failure();
        if (failure)
            throw new errors.UserError(`${this.reference}: docker save failed (${failure})`);
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
        throw new errors.UserError(`${name}: docker save failed (the engine answered ${response.statusCode}: ${message})`);
    }
    let lost;
    const body = (async function* () {
        try {
            yield* chunksOf(response);
        }
        catch (error) {
            lost = `the engine closed the connection: ${(0,errors.messageOf)(error)}`;
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
    return new errors.UserError(`${name}: no such image in the Docker engine (build it first, or load it with docker load)`);
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
                reject(new errors.UserError(`${image}: Docker is not installed (no docker command); pass an archive instead (docker-archive:PATH or oci-archive:PATH)`));
            else
                reject(error);
        });
        child.on('close', resolve);
    });
    const stderr = describe(err);
    if (code !== 0) {
        if (/Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i.test(stderr)) {
            throw new errors.UserError(`${image}: the Docker engine is not running (${stderr})`);
        }
        if (/No such image|No such object|not found/i.test(stderr))
            throw noSuchImage(image);
        throw new errors.UserError(`${image}: docker ${args[0]} failed (${stderr || `exit status ${code}`})`);
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
            throw new errors.UserError(`${what}: more than ${MAX_REDIRECTS} redirects`);
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
    if (error instanceof TransientError || error instanceof errors.UserError)
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
    throw new errors.UserError(`${what} gave up after ${settings.tries} tries: ${failure}`);
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
        throw new errors.UserError(`${what} is ${declared} bytes, more than the ${limit} allowed`);
    }
    const parts = [];
    let length = 0;
    for await (const chunk of response.chunks()) {
        length += chunk.length;
        if (length > limit)
            throw new errors.UserError(`${what} is more than the ${limit} bytes allowed`);
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
        throw new errors.UserError(`${path}: cannot read the Docker config (${(0,errors.messageOf)(error)})`);
    }
    let config;
    try {
        config = JSON.parse(text);
    }
    catch {
        throw new errors.UserError(`${path}: the Docker config is not valid JSON`);
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
                throw new errors.UserError(`${path}: auths.${key}.auth is not base64 of user:password`);
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
        return new errors.UserError(`${this.settings.label}: access denied by ${this.settings.registry} (HTTP ${status}); log in with docker login or pass github-token`);
    }
    async fetchToken(challenge) {
        const { label, registry } = this.settings;
        let realm;
        try {
            realm = new URL(challenge.params.realm);
        }
        catch {
            throw new errors.UserError(`${label}: ${registry} names an invalid token realm "${challenge.params.realm}"`);
        }
        if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
            throw new errors.UserError(`${label}: ${registry} names a token realm that is not HTTP: ${realm.href}`);
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
                throw new errors.UserError(`${what} answered HTTP ${response.status}`);
            }
            return registry_http_readBody(response, MAX_TOKEN_RESPONSE, `${what}'s answer`);
        });
        let answer;
        try {
            answer = JSON.parse(body.toString('utf8'));
        }
        catch {
            throw new errors.UserError(`${what} answered with something that is not JSON`);
        }
        const token = typeof answer?.token === 'string' && answer.token ? answer.token : answer?.access_token;
        if (typeof token !== 'string' || token === '')
            throw new errors.UserError(`${what} answered without a token`);
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
            throw new errors.UserError(`${text}: "${reference.registry}" is not a valid registry host`);
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
            throw new errors.UserError(`${this.text}: "${digest ?? ''}" is not a valid digest`);
        return digest;
    }
    /** A manifest or index by tag or digest, its bytes checked against the digest asked for or announced. */
    async manifest(ref, expected, root) {
        const what = `${this.text}: manifest ${ref}`;
        return this.get(`manifests/${ref}`, { accept: ACCEPT }, `manifest ${ref}`, async (response) => {
            if (response.status === 404) {
                await response.discard();
                const missing = expected ? `no manifest ${ref}` : `no tag "${ref}"`;
                throw new errors.UserError(`${this.text}: manifest unknown: ${missing} in ${this.repositoryName}`);
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
        return new errors.UserError(`${this.text}: unsupported manifest media type "${mediaType || 'none'}"; expected an OCI or Docker v2 image index or manifest`);
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
        return new errors.UserError(`${this.text}: blob unknown: no blob ${digest} in ${this.repositoryName} (HTTP 404)`);
    }
    async expectOk(response, what) {
        if (response.status === 200)
            return;
        await response.discard();
        throw new errors.UserError(`${what}: ${this.reference.registry} answered HTTP ${response.status}`);
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
                    throw new errors.UserError(`${what}: the registry sent a shorter blob on a second try`);
                return;
            }
            catch (error) {
                if (!(error instanceof TransientError))
                    throw error;
                interruptions++;
                if (interruptions >= this.http.tries) {
                    throw new errors.UserError(`${what}: the download broke off ${interruptions} times, last after ${received} bytes (${error.message})`);
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
        throw new errors.UserError(`${what}: content does not match its digest (expected ${expected}, got ${actual})`);
    return actual;
}
function parseJson(body, failure) {
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch {
        throw new errors.UserError(failure);
    }
}
/** Where a 206 answer starts; it must not start after what was already received. */
function rangeStart(header, received, what) {
    const start = Number(/^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header?.trim() ?? '')?.[1] ?? NaN);
    if (!(start <= received))
        throw new errors.UserError(`${what}: the registry resumed the download at an unexpected range (${header ?? 'no Content-Range'})`);
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
            throw new errors.UserError(`${text}: unsupported transport`);
    }
}

;// CONCATENATED MODULE: ./src/migrate/bases.ts
// The distroless base images as a table: what each provides, for which Debian releases, and about
// how large it is. Source: /work/shared/DISTROLESS-BASES.md (read from
// GoogleContainerTools/distroless at cd08076: */config.bzl, common/variables.bzl). Where that page
// and the images disagree, the images win: change this table, not the planner.
/** glibc's shared objects (Debian's libc6) and its loaders, one per architecture. */
const GLIBC = [
    'libc.so.6',
    'libm.so.6',
    'libpthread.so.0',
    'libdl.so.2',
    'librt.so.1',
    'libresolv.so.2',
    'libutil.so.1',
    'libanl.so.1',
    'libnsl.so.1',
    'libBrokenLocale.so.1',
    'libmvec.so.1',
    'libnss_files.so.2',
    'libnss_dns.so.2',
    'libnss_compat.so.2',
    'libnss_hesiod.so.2',
    'libc_malloc_debug.so.0',
    'libthread_db.so.1',
    'ld-linux-x86-64.so.2',
    'ld-linux-aarch64.so.1',
    'ld-linux-armhf.so.3',
    'ld-linux.so.2',
    'ld64.so.2',
    'ld64.so.1',
    'ld-linux-riscv64-lp64d.so.1',
];
const OPENSSL = ['libssl.so.3', 'libcrypto.so.3'];
/** debian13's base adds libzstd1 and zlib1g (OpenSSL 3.5 links them). */
const BASE13_EXTRA = ['libzstd.so.1', 'libz.so.1'];
const CC = ['libstdc++.so.6', 'libgcc_s.so.1', 'libgomp.so.1'];
const JAVA_EXTRA = [
    'libz.so.1',
    'libjpeg.so.62',
    'liblcms2.so.2',
    'libfreetype.so.6',
    'libexpat.so.1',
    'libfontconfig.so.1',
    'libuuid.so.1',
    'libbrotlidec.so.1',
    'libbrotlicommon.so.1',
    'libcrypt.so.1',
    'libpng16.so.16',
    'libbz2.so.1.0',
];
const PYTHON_EXTRA = [
    'libbz2.so.1.0',
    'libexpat.so.1',
    'liblzma.so.5',
    'libsqlite3.so.0',
    'libuuid.so.1',
    'libncursesw.so.6',
    'libtinfo.so.6',
    'libz.so.1',
    'libcom_err.so.2',
    'libcrypt.so.1',
    'libgssapi_krb5.so.2',
    'libk5crypto.so.3',
    'libkeyutils.so.1',
    'libkrb5.so.3',
    'libkrb5support.so.0',
    'libnsl.so.2',
    'libreadline.so.8',
    'libtirpc.so.3',
    'libffi.so.8',
    'libpython3.13.so.1.0',
];
const MIB = 1024 * 1024;
// Uncompressed sizes (layer tar bytes, as `check` counts them) of images built from the same Debian
// packages as distroless' debian12 amd64 images (measured 2026-12 on the test stand-ins; the
// packages' Installed-Size gives the same within 10%). debian13 is taken to be the same size.
const STATIC_SIZE = 2_860_544;
/** + libc6. */
const BASE_NOSSL_SIZE = 15_702_528;
/** + libssl3. */
const BASE_SIZE = 21_371_904;
/** + libgcc-s1, libstdc++6, libgomp1, gcc-12-base. */
const CC_SIZE = 24_120_832;
const BOTH = ['debian12', 'debian13'];
const TRIXIE = ['debian13'];
/** Smallest first: the planner takes the first base that has what the program needs. */
const BASES = [
    { name: 'static', releases: BOTH, libraries: [], size: STATIC_SIZE, provides: 'no C library: for statically linked programs' },
    { name: 'base-nossl', releases: BOTH, libraries: [...GLIBC], size: BASE_NOSSL_SIZE, provides: 'glibc' },
    { name: 'base', releases: BOTH, libraries: [...GLIBC, ...OPENSSL], size: BASE_SIZE, provides: 'glibc and OpenSSL (libssl3)' },
    { name: 'cc', releases: BOTH, libraries: [...GLIBC, ...OPENSSL, ...CC], size: CC_SIZE, provides: 'glibc, OpenSSL, libstdc++, libgcc_s and libgomp' },
    ...['17', '21', '25'].map((version) => ({
        name: `java${version}`,
        releases: TRIXIE,
        libraries: [...GLIBC, ...OPENSSL, ...CC, ...JAVA_EXTRA],
        size: CC_SIZE + 8 * MIB + 130 * MIB,
        runtime: { kind: 'java', program: '/usr/bin/java', version },
        provides: `a Temurin ${version} JRE at /usr/bin/java`,
    })),
    {
        name: 'python3',
        releases: TRIXIE,
        libraries: [...GLIBC, ...OPENSSL, ...BASE13_EXTRA, ...PYTHON_EXTRA],
        size: BASE_SIZE + 40 * MIB,
        runtime: { kind: 'python', program: '/usr/bin/python3', version: '3.13' },
        provides: 'CPython 3.13 at /usr/bin/python3',
    },
    ...['22', '24', '26'].map((version) => ({
        name: `nodejs${version}`,
        releases: TRIXIE,
        libraries: [...GLIBC, ...OPENSSL, ...CC],
        size: CC_SIZE + 110 * MIB,
        runtime: { kind: 'node', program: '/nodejs/bin/node', version },
        provides: `Node.js ${version} at /nodejs/bin/node`,
    })),
];
/** The libraries a base has for a release (debian13's base family adds zstd and zlib). */
function baseLibraries(base, release) {
    const extra = release === 'debian13' && base.name !== 'static' && base.name !== 'base-nossl' ? BASE13_EXTRA : [];
    return new Set([...base.libraries, ...extra]);
}
function baseNamed(name) {
    return BASES.find((base) => base.name === name);
}
/** The release suffix for the source's os-release: bookworm → debian12, trixie → debian13. */
const DEBIAN_RELEASES = { '12': 'debian12', '13': 'debian13' };
const DEFAULT_RELEASE = 'debian12';
/** What every distroless image sets: a PATH equal to it is not written again. */
const DISTROLESS_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const NONROOT_UID = 65532;
const DEFAULT_REGISTRY = 'gcr.io/distroless';
/** Architectures distroless publishes (Debian names through OCI names). */
const ARCHITECTURES = {
    amd64: BOTH,
    arm64: BOTH,
    arm: BOTH,
    s390x: BOTH,
    ppc64le: BOTH,
    riscv64: TRIXIE,
};
/** Directories every distroless image has: copied into, never over (a whole-directory COPY stops below them). */
const BASE_DIRECTORIES = new Set([
    '/',
    '/bin',
    '/boot',
    '/dev',
    '/etc',
    '/home',
    '/lib',
    '/lib64',
    '/opt',
    '/proc',
    '/root',
    '/run',
    '/sbin',
    '/srv',
    '/sys',
    '/tmp',
    '/usr',
    '/usr/bin',
    '/usr/lib',
    '/usr/lib64',
    '/usr/local',
    '/usr/local/bin',
    '/usr/local/lib',
    '/usr/local/sbin',
    '/usr/local/share',
    '/usr/sbin',
    '/usr/share',
    '/var',
    '/var/lib',
    '/etc/ssl',
    '/etc/ssl/certs',
    '/home/nonroot',
]);

;// CONCATENATED MODULE: ./src/migrate/app-files.ts


/**
 * What is never the app's, though a layer above the OS base may have written it: package state,
 * caches, logs, scratch space, the user database (the result keeps the base's; the plan writes
 * USER as numbers), files the runtime mounts over, and what maintainer scripts generate (the
 * alternatives, the CA bundle, ld.so.cache), which the distroless base brings its own of.
 */
const EXCLUDED_TREES = [
    '/var/lib/apt',
    '/var/lib/dpkg',
    '/var/lib/systemd',
    '/var/lib/ucf',
    '/var/lib/pam',
    '/var/lib/python',
    '/var/lib/misc',
    '/var/cache',
    '/var/log',
    '/var/mail',
    '/var/spool',
    '/var/tmp',
    '/var/run',
    '/tmp',
    '/run',
    '/dev',
    '/proc',
    '/sys',
    '/root/.cache',
    '/root/.npm',
    '/usr/share/doc',
    '/usr/share/man',
    '/usr/share/info',
    '/usr/share/lintian',
    '/etc/apt',
    '/etc/alternatives',
    '/etc/ssl/certs',
    '/etc/ca-certificates.conf',
    '/usr/local/share/ca-certificates',
    '/etc/ld.so.cache',
    '/etc/hostname',
    '/etc/hosts',
    '/etc/resolv.conf',
    '/etc/mtab',
    '/etc/machine-id',
    '/etc/localtime',
    '/etc/timezone',
    '/etc/.pwd.lock',
    '/etc/subuid',
    '/etc/subgid',
    '/etc/systemd',
    '/etc/default',
    '/.dockerenv',
];
const USER_DATABASE = /^\/etc\/(passwd|group|shadow|gshadow|subuid|subgid)-?$/;
/** Shell start-up files useradd copies from /etc/skel, and a shell's or tool's traces in a home directory. */
const HOME_LEFTOVERS = /^\/(root|home\/[^/]+)\/\.(bashrc|profile|bash_logout|bash_history|cache|npm|wget-hsts|lesshst|viminfo|selected_editor)(\/|$)/;
/** Byte code Debian's python packages compile at install time. */
const PACKAGE_BYTECODE = /^\/usr\/lib\/python3[^/]*\/.*\/__pycache__(\/|$)/;
function isExcluded(path, extraTrees = []) {
    const under = (tree) => path === tree || path.startsWith(`${tree}/`);
    return EXCLUDED_TREES.some(under) || extraTrees.some(under) || USER_DATABASE.test(path) || HOME_LEFTOVERS.test(path) || PACKAGE_BYTECODE.test(path);
}
/**
 * The files the image's own layers added above its OS base that no package owns, outside caches
 * and package state: as few COPY lines as carry them, a directory whole when everything under it
 * is the app's (and it is not one of the base's own directories), else its parts.
 */
function appFiles(tree, options) {
    const special = [];
    const isApp = (node) => node.layer > options.osBaseLayer && !isExcluded(node.path, options.excludedTrees) && !(options.ownership?.owns(node.path) ?? false);
    const chownOf = (node) => (node.uid !== 0 || node.gid !== 0 ? `${node.uid}:${node.gid}` : undefined);
    const fileSize = (node) => (node.type === 'hardlink' ? (tree.resolve(node.path)?.node.size ?? 0) : node.size);
    const leaf = (node) => {
        if (!isApp(node))
            return { whole: false, files: 0, bytes: 0, copies: [], lost: [] };
        if (node.type === 'file' || node.type === 'hardlink')
            return { whole: true, files: 1, bytes: fileSize(node), copies: [], lost: [] };
        if (node.type === 'symlink') {
            const resolved = tree.resolve(node.path);
            if (resolved && (resolved.node.type === 'file' || resolved.node.type === 'hardlink')) {
                // Inside a directory copied whole the link stays a link; alone, its file is copied under its name.
                const copy = { source: resolved.path, destination: node.path, type: 'file', files: 1, bytes: fileSize(resolved.node), role: 'app' };
                const chown = chownOf(resolved.node);
                return { whole: true, files: 1, bytes: copy.bytes, copies: [chown ? { ...copy, chown } : copy], lost: [] };
            }
            return { whole: true, files: 0, bytes: 0, copies: [], lost: [{ path: node.path, target: node.target ?? '' }] };
        }
        special.push(node.path);
        return { whole: false, files: 0, bytes: 0, copies: [], lost: [] };
    };
    const open = (node) => ({ node, whole: isApp(node) && !BASE_DIRECTORIES.has(node.path), files: 0, bytes: 0, children: [] });
    const add = (frame, node, visited) => {
        frame.whole &&= visited.whole;
        frame.files += visited.files;
        frame.bytes += visited.bytes;
        frame.children.push({ node, visited });
    };
    const close = (frame) => {
        // Copied whole (here or by an ancestor): its links come along.
        if (frame.whole)
            return { whole: true, files: frame.files, bytes: frame.bytes, copies: [], lost: [] };
        const copies = frame.children.flatMap(({ node, visited }) => (visited.whole ? wholeCopy(node, visited) : visited.copies));
        const lost = frame.children.flatMap(({ visited }) => visited.lost);
        return { whole: false, files: frame.files, bytes: frame.bytes, copies, lost };
    };
    const wholeCopy = (node, visited) => {
        if (node.type === 'symlink') {
            // A link alone: its resolved file (in `copies`), or nothing (in `lost`).
            return visited.copies;
        }
        const chown = chownOf(node);
        const copy = {
            source: node.path,
            destination: node.path,
            type: node.type === 'dir' ? 'dir' : 'file',
            files: visited.files,
            bytes: visited.bytes,
            role: 'app',
        };
        return [chown ? { ...copy, chown } : copy];
    };
    // Iterative, in walk order (parents before children, names sorted): a deep tree cannot exhaust the stack.
    const stack = [
        { node: { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, layer: -1 }, whole: false, files: 0, bytes: 0, children: [] },
    ];
    for (const node of tree.walk('/')) {
        const parent = external_node_path_.posix.dirname(node.path);
        while (stack.length > 1 && stack[stack.length - 1].node.path !== parent) {
            const done = stack.pop();
            add(stack[stack.length - 1], done.node, close(done));
        }
        if (node.type === 'dir')
            stack.push(open(node));
        else
            add(stack[stack.length - 1], node, leaf(node));
    }
    while (stack.length > 1) {
        const done = stack.pop();
        add(stack[stack.length - 1], done.node, close(done));
    }
    const root = close(stack[0]);
    return { copies: root.copies, symlinks: root.lost, special };
}

;// CONCATENATED MODULE: ./src/migrate/choose-base.ts
// Which distroless base: the smallest of the family whose libraries the program needs, or the
// runtime image for java, python3 and node; the Debian release of the source where it exists.


const TIERS = [
    { name: 'base-nossl', names: new Set(GLIBC) },
    { name: 'base', names: new Set(['libssl.so.3', 'libcrypto.so.3']) },
    { name: 'cc', names: new Set(['libstdc++.so.6', 'libgcc_s.so.1', 'libgomp.so.1']) },
];
/** The release to match: bookworm → debian12, trixie → debian13; anything else → debian12, said so. */
function releaseOf(os, notes) {
    const major = os?.versionId?.split('.')[0];
    if (os?.id === 'debian' && major !== undefined && DEBIAN_RELEASES[major])
        return DEBIAN_RELEASES[major];
    const what = os ? `${os.prettyName ?? os.id ?? 'an unknown OS'} (${os.source})` : 'no os-release file';
    notes.push(`the source image has ${what}, not Debian 12 or 13: the plan uses -${DEFAULT_RELEASE}; libraries copied from it may need a newer glibc than that base has`);
    return DEFAULT_RELEASE;
}
function runtimeBase(kind, entry, env, notes) {
    if (kind === 'python') {
        const version = /python(3\.\d+)/.exec(external_node_path_.posix.basename(entry.program.path))?.[1] ?? env.get('PYTHON_VERSION')?.split('.').slice(0, 2).join('.');
        if (version !== undefined && version !== '3.13')
            notes.push(`the source runs Python ${version}; python3-debian13 has 3.13: compiled modules and site-packages built for ${version} may not load`);
        return baseNamed('python3');
    }
    const pick = (versions, found, fallback, what) => {
        if (found !== undefined && versions.includes(found))
            return found;
        const higher = versions.find((version) => found !== undefined && Number(version) > Number(found));
        const chosen = higher ?? fallback;
        notes.push(`${what} ${found ?? '(version unknown)'} has no distroless image: the plan uses ${chosen}; test the app on it`);
        return chosen;
    };
    if (kind === 'java') {
        const text = `${env.get('JAVA_VERSION') ?? ''} ${entry.program.path} ${env.get('JAVA_HOME') ?? ''}`;
        const found = /(?:jdk-?|jre-?|java-|openjdk-?|temurin-|^)(\d{1,2})(?:[.u+-]|\b)/.exec(text.trim())?.[1];
        return baseNamed(`java${pick(['17', '21', '25'], found, '21', 'Java')}`);
    }
    const found = env.get('NODE_VERSION')?.split('.')[0];
    return baseNamed(`nodejs${pick(['22', '24', '26'], found, '24', 'Node.js')}`);
}
/**
 * The base for a program: a runtime's image for java/python3/node; else the first of static,
 * base-nossl, base, cc that has every library of the family the closure names (libraries outside
 * the family are copied whatever the base). A static program (no PT_INTERP, no PT_DYNAMIC) gets static.
 */
function chooseBase(entry, os, env) {
    const notes = [];
    if (entry.runtime) {
        const base = runtimeBase(entry.runtime.kind, entry, env, notes);
        const release = 'debian13';
        const sourceRelease = releaseOf(os, []);
        if (sourceRelease !== release)
            notes.push(`${base.name} exists for debian13 only: the source's Debian release is not kept`);
        return { base, release, reason: `the entry point runs ${entry.runtime.kind}, which ${base.name} provides (${base.provides})`, notes };
    }
    const release = releaseOf(os, notes);
    const elf = entry.program.elf;
    if (!elf?.interpreter && !elf?.dynamic) {
        return { base: baseNamed('static'), release, reason: `${entry.program.path} is statically linked (no program interpreter)`, notes };
    }
    const names = new Set([...(entry.program.libraries?.libraries ?? []).map((library) => library.name)]);
    if (elf.interpreter)
        names.add(external_node_path_.posix.basename(elf.interpreter));
    let tier = 0;
    const why = [];
    TIERS.forEach(({ names: tierNames }, index) => {
        const needed = [...names].filter((name) => tierNames.has(name));
        if (needed.length > 0) {
            tier = index + 1;
            why.push(needed.join(', '));
        }
    });
    if (tier === 0) {
        return {
            base: baseNamed('static'),
            release,
            reason: `${entry.program.path} needs no glibc library (its loader ${elf.interpreter ?? 'none'} and libraries are copied)`,
            notes,
        };
    }
    const base = BASES.find((candidate) => candidate.name === TIERS[tier - 1].name);
    return { base, release, reason: `${entry.program.path} needs ${why.join('; ')}: ${base.name} has ${base.provides}`, notes };
}

;// CONCATENATED MODULE: ./src/migrate/loader-path.ts
// The source's loader found some libraries through /etc/ld.so.conf, that is through the
// ld.so.cache ldconfig built from it. The result's loader reads only the base's cache, which does
// not list them: their directories go on LD_LIBRARY_PATH.



function expand(entries, origin) {
    return entries.map((entry) => external_node_path_.posix.normalize(entry.replace(/\$(?:\{ORIGIN\}|ORIGIN(?![A-Za-z0-9_]))/g, origin))).filter((dir) => dir.startsWith('/'));
}
/**
 * Directories of libraries the result carries (copied or with the app) that its loader would not
 * search: not a default directory, not on LD_LIBRARY_PATH, not in any loaded object's RUNPATH or
 * RPATH. Undefined for a program that is not a glibc program.
 */
function cacheOnlyDirs(fs, programPath, elf, libraries, libraryPath) {
    if (elf.interpreter === undefined || /ld-musl-/.test(elf.interpreter))
        return [];
    const searched = new Set([...glibcDefaultDirs(elf), ...(libraryPath ?? '').split(/[:;]/).filter((dir) => dir.startsWith('/'))].map((dir) => external_node_path_.posix.normalize(dir)));
    const objects = [{ path: programPath, elf }];
    for (const library of libraries) {
        if (library.path === undefined)
            continue;
        const real = fs.resolve(library.path)?.path;
        const captured = real ? fs.captured(real) : undefined;
        objects.push({ path: library.path, elf: captured ? capturedElf(captured) : undefined });
    }
    for (const object of objects) {
        const origin = external_node_path_.posix.dirname(fs.resolve(object.path)?.path ?? object.path);
        for (const dir of expand([...(object.elf?.runpath ?? []), ...(object.elf?.rpath ?? [])], origin))
            searched.add(dir);
    }
    const dirs = [];
    for (const library of libraries) {
        if (library.path === undefined || library.from === 'base' || library.from === 'missing')
            continue;
        const dir = external_node_path_.posix.dirname(library.path);
        if (!searched.has(dir) && !dirs.includes(dir))
            dirs.push(dir);
    }
    return dirs;
}

;// CONCATENATED MODULE: ./src/migrate/dockerfile.ts
/** A Dockerfile word: bare when it is plain, else a JSON string (which the Dockerfile parser reads for COPY's JSON form and LABEL/ENV quoting). */
function dockerfile_word(text) {
    return /^[A-Za-z0-9_./:@%+,=-]+$/.test(text) ? text : JSON.stringify(text);
}
/** ENV and LABEL values: always double-quoted, with `\`, `"` and `$` escaped (the parser expands `$` in both). */
function quoted(text) {
    return `"${text.replace(/[\\"$]/g, (char) => `\\${char}`).replace(/\n/g, '\\n')}"`;
}
/** A path for COPY: bare when plain, else COPY's JSON-array form takes care of spaces. */
function copyLine(from, source, destination, chown) {
    const flags = `--from=${from}${chown ? ` --chown=${chown}` : ''}`;
    if (/^[A-Za-z0-9_./@%+,:=-]+$/.test(source + destination) && !/[*?[]/.test(source))
        return `COPY ${flags} ${source} ${destination}`;
    return `COPY ${flags} ${JSON.stringify([source, destination])}`;
}
/** The multi-stage Dockerfile of a plan. */
function renderDockerfile(plan) {
    if (!plan.base)
        return '';
    const lines = [
        `# Written by distroless-guard migrate from ${plan.image.replace(/\n/g, ' ')} (${plan.platform}).`,
        ...(plan.from.placeholder ? ['# Replace <your-image> with the image it was made from (a tag or digest you can pull or build).'] : []),
        `FROM ${plan.from.reference} AS app`,
        '',
        `FROM ${plan.base.image}`,
    ];
    for (const copy of plan.copies)
        lines.push(copyLine('app', copy.source, copy.destination, copy.chown));
    if (plan.env.length > 0)
        lines.push(...plan.env.map(([name, value]) => `ENV ${name}=${quoted(value)}`));
    for (const [name, value] of Object.entries(plan.labels))
        lines.push(`LABEL ${dockerfile_word(name)}=${quoted(value)}`);
    if (plan.expose.length > 0)
        lines.push(`EXPOSE ${plan.expose.map(dockerfile_word).join(' ')}`);
    if (plan.stopSignal)
        lines.push(`STOPSIGNAL ${dockerfile_word(plan.stopSignal)}`);
    if (plan.user)
        lines.push(`USER ${plan.user}`);
    lines.push(`WORKDIR ${dockerfile_word(plan.workdir)}`);
    // java, python3 and nodejs images have an ENTRYPOINT of their own, which a CMD alone would follow.
    if (plan.entrypoint.length > 0 || /^(java|python|nodejs)/.test(plan.base.name))
        lines.push(`ENTRYPOINT ${JSON.stringify(plan.entrypoint)}`);
    if (plan.cmd.length > 0 || plan.entrypoint.length === 0)
        lines.push(`CMD ${JSON.stringify(plan.cmd)}`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/migrate/command.ts
// Turning what a shell would run into exec form, where no shell is needed to run it: a shell-form
// command string made of plain words, and a `#!/bin/sh` wrapper that only `exec`s a program.
/** Shell built-ins and keywords: a command string starting with one needs the shell itself. */
const SHELL_WORDS = new Set([
    'cd',
    'export',
    'source',
    '.',
    'set',
    'unset',
    'ulimit',
    'umask',
    'trap',
    'eval',
    'if',
    'for',
    'while',
    'until',
    'case',
    'readonly',
    'wait',
    'test',
    '[',
    '!',
    'echo',
    'printf',
    'read',
    'shift',
    'local',
    'alias',
    'function',
    '{',
    '(',
]);
/** What each special character does, for the reason a plan is refused. */
const SPECIAL = {
    '|': 'a pipe (|)',
    '&': 'a background or && list (&)',
    ';': 'a command list (;)',
    '<': 'a redirection (<)',
    '>': 'a redirection (>)',
    '(': 'a subshell (()',
    ')': 'a subshell ())',
    $: 'a variable or command substitution ($)',
    '`': 'a command substitution (`)',
    '*': 'a glob (*)',
    '?': 'a glob (?)',
    '[': 'a glob ([)',
    '\n': 'more than one line',
};
/**
 * Splits a command string into the words `sh -c` would run, when it has no shell syntax: plain
 * words, single-quoted text, double-quoted text without `$`, `` ` `` or `\`, and backslash escapes
 * outside quotes. A leading `exec` is dropped (it only replaces the shell, which exec form has not).
 */
function splitCommand(text) {
    const words = [];
    let word;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char === ' ' || char === '\t') {
            if (word !== undefined)
                words.push(word);
            word = undefined;
        }
        else if (char === "'") {
            const end = text.indexOf("'", i + 1);
            if (end === -1)
                return { reason: "an unclosed quote (')" };
            word = (word ?? '') + text.slice(i + 1, end);
            i = end;
        }
        else if (char === '"') {
            const end = text.indexOf('"', i + 1);
            if (end === -1)
                return { reason: 'an unclosed quote (")' };
            const inner = text.slice(i + 1, end);
            const special = /[$`\\]/.exec(inner);
            if (special)
                return { reason: `${SPECIAL[special[0]] ?? `an escape (${special[0]})`} inside double quotes` };
            word = (word ?? '') + inner;
            i = end;
        }
        else if (char === '\\') {
            if (i + 1 >= text.length || text[i + 1] === '\n')
                return { reason: 'a line continuation (\\)' };
            word = (word ?? '') + text[++i];
        }
        else if (char in SPECIAL) {
            return { reason: SPECIAL[char] };
        }
        else if ((char === '#' || char === '~') && word === undefined) {
            return { reason: char === '#' ? 'a comment (#)' : 'a home directory (~)' };
        }
        else {
            word = (word ?? '') + char;
        }
    }
    if (word !== undefined)
        words.push(word);
    if (words[0] === 'exec')
        words.shift();
    if (words.length === 0)
        return { reason: 'no command' };
    if (SHELL_WORDS.has(words[0]))
        return { reason: `the shell's own command "${words[0]}"` };
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]))
        return { reason: `a variable assignment (${words[0].split('=')[0]}=)` };
    return { words };
}
/**
 * Reads a `#!/bin/sh` script that only sets options, exports literal values and `exec`s a program:
 * comments, blank lines, `set -e`-style lines, `export NAME=value` (no `$`), then one
 * `exec PROGRAM ARGS… ["$@"]` as the last command. Anything else needs a shell: the reason names the line.
 */
function readWrapper(text) {
    const lines = text.split('\n');
    const env = [];
    let exec;
    for (let index = 1; index < lines.length; index++) {
        const line = lines[index].trim();
        const at = `line ${index + 1}`;
        if (line === '' || line.startsWith('#'))
            continue;
        if (exec)
            return { reason: `${at} comes after the exec line` };
        if (/^set( +[-+][a-zA-Z]+)+$/.test(line))
            continue;
        const exported = /^export +([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
        if (exported) {
            const value = splitCommand(`x ${exported[2]}`);
            if ('reason' in value || value.words.length > 2)
                return { reason: `${at} exports a value the shell computes (${'reason' in value ? value.reason : 'several words'})` };
            env.push([exported[1], value.words[1] ?? '']);
            continue;
        }
        if (!/^exec\s/.test(line))
            return { reason: `${at} runs "${line.slice(0, 60)}" in the shell` };
        const passesArguments = /\s"?\$@"?$/.test(line);
        const split = splitCommand(passesArguments ? line.replace(/\s"?\$@"?$/, '') : line);
        if ('reason' in split)
            return { reason: `${at} has ${split.reason}` };
        exec = { argv: split.words, passesArguments };
    }
    if (!exec)
        return { reason: 'it has no exec line' };
    return { wrapper: { ...exec, env } };
}

;// CONCATENATED MODULE: ./src/migrate/entry.ts
// What the app is: the entry point in exec form and the program it runs, resolved in the image
// as the runtime would, through a shell-form command string or a wrapper script when those
// only start a program.




/** Runtimes by the name of their program. */
function runtimeOf(name) {
    if (name === 'java')
        return 'java';
    if (/^python3(\.\d+)?$/.test(name))
        return 'python';
    if (name === 'node' || name === 'nodejs')
        return 'node';
    return undefined;
}
/** The command string of a shell-form argv (`/bin/sh -c STRING`), after its options. */
function commandString(argv) {
    for (let i = 1; i < argv.length; i++) {
        if (/^-[A-Za-z]*c/.test(argv[i]))
            return argv[i + 1] ?? '';
        if (/^[-+][oO]$/.test(argv[i]))
            i++;
    }
    return '';
}
/**
 * Resolves the entry point: shell form converted to words (or refused, naming the syntax), the
 * program found as runc finds it, a `#!/bin/sh` wrapper that only execs read as what it execs
 * (`scriptText` gives a script's whole text, when it was read).
 */
function resolveEntry(fs, config, scriptText) {
    const notes = [];
    let entrypoint = config.config?.Entrypoint ?? [];
    let cmd = config.config?.Cmd ?? [];
    const facts = entrypointFacts(fs, config);
    if (facts.entrypointShellForm) {
        const split = splitCommand(commandString(entrypoint));
        if ('reason' in split)
            return { blocked: { reason: `the shell-form ENTRYPOINT needs a shell: it has ${split.reason}` } };
        notes.push(`the shell-form ENTRYPOINT "${commandString(entrypoint)}" is written in exec form`);
        if (cmd.length > 0)
            notes.push(`CMD ${JSON.stringify(cmd)} is dropped: a shell-form ENTRYPOINT never passed it on`);
        entrypoint = split.words;
        cmd = [];
    }
    else if (facts.cmdShellForm) {
        const split = splitCommand(commandString(cmd));
        if ('reason' in split)
            return { blocked: { reason: `the shell-form CMD needs a shell: it has ${split.reason}` } };
        notes.push(`the shell-form CMD "${commandString(cmd)}" is written in exec form`);
        cmd = split.words;
    }
    return resolveProgram(fs, config, { entrypoint, cmd, env: [], notes }, scriptText, 0);
}
/** Programs that only start the next argument: env (with its assignments), and the init shims tini and dumb-init. */
const LAUNCHERS = new Set(['env', 'tini', 'tini-static', 'dumb-init']);
/**
 * Plans the program a launcher starts instead of the launcher: `env`'s assignments become ENV,
 * an init shim's job is `docker run --init`'s. Options other than `--` and a shim's `-s`/`-g`/`-v`
 * stop the plan: what they change is not carried.
 */
function dropLauncher(fs, config, partial, scriptText, depth, launcher) {
    const argv = [...partial.entrypoint, ...partial.cmd];
    const env = [];
    let at = 1;
    const isEnv = external_node_path_.posix.basename(launcher.path) === 'env' || launcher.name === 'env';
    for (; at < argv.length; at++) {
        const arg = argv[at];
        if (arg === '--') {
            at++;
            break;
        }
        if (isEnv && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
            const eq = arg.indexOf('=');
            env.push([arg.slice(0, eq), arg.slice(eq + 1)]);
            continue;
        }
        if (!isEnv && /^-[sgvw]+$/.test(arg))
            continue;
        if (arg.startsWith('-'))
            return { blocked: { path: launcher.path, reason: `the entry point's ${launcher.name} option ${arg} cannot be carried without ${launcher.name}` } };
        break;
    }
    if (at >= argv.length)
        return { blocked: { path: launcher.path, reason: `the entry point's ${launcher.name} starts no program` } };
    const fromEntrypoint = Math.max(0, partial.entrypoint.length - at);
    const next = {
        entrypoint: partial.entrypoint.slice(partial.entrypoint.length - fromEntrypoint),
        cmd: fromEntrypoint > 0 ? partial.cmd : partial.cmd.slice(at - partial.entrypoint.length),
        env: [...partial.env, ...env],
        notes: [
            ...partial.notes,
            isEnv
                ? `${launcher.path} (env) only starts ${argv[at]}: planned as that program${env.length ? ', its assignments as ENV' : ''}`
                : `${launcher.path} (an init shim) is left out: run the container with --init (or your orchestrator's equivalent) for signal forwarding and zombie reaping`,
        ],
        ...(partial.via ? { via: partial.via } : {}),
    };
    return resolveProgram(fs, config, next, scriptText, depth);
}
function resolveProgram(fs, config, partial, scriptText, depth) {
    const { entrypoint, cmd } = partial;
    const argv = [...entrypoint, ...cmd];
    if (argv.length === 0)
        return { blocked: { reason: 'the image has no ENTRYPOINT or CMD: there is no program to plan for' } };
    const env = [...(config.config?.Env ?? []), ...partial.env.map(([name, value]) => `${name}=${value}`)];
    const program = entrypointFacts(fs, { ...config, config: { ...config.config, Env: env, Entrypoint: entrypoint, Cmd: cmd } }).program;
    if (!program || program.kind === 'missing' || program.path === undefined)
        return { blocked: { path: argv[0], reason: `the entry point's program ${argv[0]} is not in the image` } };
    const path = program.path;
    const name = external_node_path_.posix.basename(path);
    const resolved = { ...program, path };
    const workdir = config.config?.WorkingDir || '/';
    const pathVariable = env.findLast((item) => item.startsWith('PATH='))?.slice(5);
    const invoked = argv[0].includes('/')
        ? external_node_path_.posix.resolve(workdir, argv[0])
        : ((0,binaries/* pathDirectories */.Ji)(pathVariable)
            .map((dir) => external_node_path_.posix.join(dir, argv[0]))
            .find((candidate) => fs.resolve(candidate)?.path === path) ?? path);
    if (program.kind === 'elf') {
        const called = external_node_path_.posix.basename(argv[0]);
        if (binaries/* SHELL_NAMES */.YG.includes(name) || binaries/* SHELL_NAMES */.YG.includes(called))
            return { blocked: { path, reason: `the entry point runs a shell (${argv.join(' ').slice(0, 120)}); distroless images have none` } };
        if (binaries/* PACKAGE_MANAGER_NAMES */.Ke.includes(name) || binaries/* PACKAGE_MANAGER_NAMES */.Ke.includes(called))
            return { blocked: { path, reason: 'the entry point runs a package manager, which distroless images do not have' } };
        if (LAUNCHERS.has(name) || LAUNCHERS.has(called))
            return dropLauncher(fs, config, partial, scriptText, depth, { name: called, path });
        const kind = runtimeOf(name) ?? runtimeOf(called);
        return { entry: { ...partial, program: resolved, invoked, ...(kind ? { runtime: { kind } } : {}) } };
    }
    if (program.kind !== 'script') {
        const what = program.kind === 'unknown' ? 'its bytes were not read' : 'it is neither an ELF program nor a #! script';
        return { blocked: { path, reason: `the entry point's program cannot be planned: ${what}` } };
    }
    const interpreter = program.interpreter?.envCommand?.command ?? external_node_path_.posix.basename(program.interpreter?.command ?? '');
    const runtime = runtimeOf(interpreter);
    if (runtime) {
        // The runtime base runs the script: its interpreter is the base's, the script is the app's.
        const script = argv[0].includes('/') ? invoked : path;
        partial.notes.push(`${path} is a ${interpreter} script: the ${interpreter} of the base runs it`);
        return { entry: { ...partial, program: resolved, invoked, runtime: { kind: runtime, script } } };
    }
    if (!binaries/* SHELL_NAMES */.YG.includes(interpreter)) {
        return {
            blocked: { path, reason: `the entry point is a ${interpreter || 'script'} script, and no distroless base has ${interpreter || 'its interpreter'}` },
        };
    }
    const text = scriptText(path);
    const read = text === undefined ? { reason: 'its text could not be read' } : readWrapper(text);
    if ('reason' in read || depth > 0) {
        const why = 'reason' in read ? read.reason : 'it execs another script';
        return { blocked: { path, reason: `the entry point is a shell script (${why}); distroless images have no shell to run it` } };
    }
    const { wrapper } = read;
    const fromEntrypoint = entrypoint.length > 0;
    const scriptArgs = argv.slice(1);
    if (!wrapper.passesArguments && scriptArgs.length > 0)
        partial.notes.push(`the arguments ${JSON.stringify(scriptArgs)} are dropped: ${path} does not pass "$@" on`);
    const next = {
        entrypoint: fromEntrypoint ? [...wrapper.argv, ...(wrapper.passesArguments ? entrypoint.slice(1) : [])] : [],
        cmd: fromEntrypoint ? (wrapper.passesArguments ? cmd : []) : [...wrapper.argv, ...(wrapper.passesArguments ? scriptArgs : [])],
        env: [...partial.env, ...wrapper.env],
        notes: [...partial.notes, `${path} is a shell script that only execs ${wrapper.argv[0]}: planned as that program, without the script`],
        via: path,
    };
    return resolveProgram(fs, config, next, scriptText, depth + 1);
}

;// CONCATENATED MODULE: ./src/migrate/runtime-files.ts
// A runtime base (java, python3, nodejs) brings its own runtime: the source's installation of it
// is not the app's, though its layers added it above the OS base.

/** The children of `dir` but `keep`, as absolute paths. */
function allBut(tree, dir, keep) {
    return tree
        .list(dir)
        .filter((name) => name !== keep)
        .map((name) => external_node_path_.posix.join(dir, name));
}
function runtimeTrees(tree, entry, env) {
    const program = entry.program.path;
    const kind = entry.runtime?.kind;
    const files = { trees: [], env: [], dropEnv: [], notes: [] };
    if (kind === 'java') {
        // JAVA_HOME, else the directory above the real java's bin/.
        const home = env.get('JAVA_HOME') || external_node_path_.posix.dirname(external_node_path_.posix.dirname(tree.resolve(program)?.path ?? program));
        files.trees.push(home, '/usr/bin/java', '/etc/alternatives');
        files.dropEnv.push('JAVA_HOME', 'JAVA_VERSION');
        files.notes.push(`the JRE at ${home} is left out: the base has its own`);
    }
    else if (kind === 'python') {
        const interpreter = entry.program.elf
            ? program
            : (tree.resolve(entry.program.interpreter?.envCommand?.path ?? entry.program.interpreter?.path ?? '')?.path ?? '');
        const prefix = interpreter.startsWith('/usr/local/') ? '/usr/local' : undefined;
        const version = /python(3\.\d+)/.exec(external_node_path_.posix.basename(interpreter))?.[1];
        if (prefix && version) {
            const lib = `${prefix}/lib/python${version}`;
            const site = `${lib}/site-packages`;
            files.trees.push(...allBut(tree, lib, 'site-packages'), `${prefix}/include`, ...tree
                .list(`${prefix}/bin`)
                .filter((name) => /^(python|pip|idle|pydoc|2to3)/.test(name))
                .map((name) => `${prefix}/bin/${name}`));
            files.trees.push(...tree
                .list(`${prefix}/lib`)
                .filter((name) => name.startsWith('libpython'))
                .map((name) => `${prefix}/lib/${name}`));
            if (tree.list(site).length > 0) {
                files.env.push(['PYTHONPATH', site]);
                files.notes.push(`${site} is kept and put on PYTHONPATH: packages built for Python ${version} may not load in 3.13`);
            }
        }
        files.dropEnv.push('PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY', 'PYTHON_PIP_VERSION', 'PYTHON_SETUPTOOLS_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256');
        files.notes.push(`the Python at ${interpreter || 'the source'} is left out: the base has its own`);
    }
    else if (kind === 'node') {
        files.trees.push('/usr/local/bin/node', '/usr/local/include/node', '/usr/local/lib/node_modules/npm', '/usr/local/lib/node_modules/corepack', ...['npm', 'npx', 'corepack', 'yarn', 'yarnpkg'].map((name) => `/usr/local/bin/${name}`), ...tree
            .list('/opt')
            .filter((name) => name.startsWith('yarn'))
            .map((name) => `/opt/${name}`));
        if (!program.startsWith('/usr/local/'))
            files.trees.push(program);
        files.dropEnv.push('NODE_VERSION', 'YARN_VERSION');
        files.notes.push("the source's Node.js, npm and yarn are left out: the base has its own node");
    }
    return files;
}

;// CONCATENATED MODULE: ./src/migrate/plan.ts
// The planner: facts of one image → a migration plan and its Dockerfile. Pure: the engine reads the
// image and hands over what it found.








const OS_MARKERS = new Set(['/etc/os-release', '/usr/lib/os-release', '/var/lib/dpkg/status']);
/** Labels that describe the source's base, which the result does not have. */
const BASE_LABELS = new Set(['org.opencontainers.image.base.name', 'org.opencontainers.image.base.digest']);
const TAR_BLOCK = 512;
/** The last layer of the OS base: the first that writes os-release or dpkg's status; -1 when none does. */
function osBaseLayerOf(layers) {
    return layers.findIndex((layer) => layer.entries.some((entry) => OS_MARKERS.has(`${entry.dir === '/' ? '' : entry.dir}/${entry.name}`)));
}
/** What a file adds to a layer tar: a header and its body in 512-byte blocks. */
function tarBytes(files, bytes) {
    return files * TAR_BLOCK + Math.ceil(bytes / TAR_BLOCK) * TAR_BLOCK + files * (TAR_BLOCK / 2);
}
function planMigration(input) {
    const { facts, config, tree } = input;
    const runtimeConfig = config.config ?? {};
    const plan = {
        version: 1,
        image: input.image,
        platform: input.platform,
        status: 'planned',
        from: input.from,
        entrypoint: [],
        cmd: [],
        workdir: runtimeConfig.WorkingDir || '/',
        env: [],
        expose: Object.keys(runtimeConfig.ExposedPorts ?? {}).sort(),
        labels: Object.fromEntries(Object.entries(runtimeConfig.Labels ?? {}).filter(([name]) => !BASE_LABELS.has(name))),
        ...(runtimeConfig.StopSignal ? { stopSignal: runtimeConfig.StopSignal } : {}),
        copies: [],
        libraries: [],
        size: { current: facts.sizes.uncompressed, estimated: 0, base: 0, files: 0, copied: 0 },
        notCarried: notCarried(config),
        notes: [],
        facts: [],
    };
    const osBaseLayer = osBaseLayerOf(input.layerIndexes);
    plan.facts.push(facts.os ? `os-release (${facts.os.source}): ${facts.os.prettyName ?? `${facts.os.id} ${facts.os.versionId}`}` : 'no os-release file', osBaseLayer >= 0
        ? `the OS base ends at layer ${osBaseLayer} (the first with os-release or dpkg's status); later layers are the app's`
        : "no OS layer: every layer is the app's", input.ownership
        ? `dpkg's file lists of ${input.ownership.lists} packages: files a package owns are not the app's`
        : "no dpkg file lists: every file the layers above the OS base added counts as the app's");
    const unread = input.ownership?.truncated ?? [];
    if (unread.length)
        plan.notes.push(`${unread.length} dpkg lists cut short or not read (${unread.slice(0, 3).join(', ')}…): some package files may be taken for the app's`);
    const resolved = resolveEntry(tree, config, input.scriptText);
    if ('blocked' in resolved)
        return ordered({ ...plan, status: 'blocked', blocked: resolved.blocked });
    const entry = resolved.entry;
    plan.notes.push(...entry.notes);
    const env = new Map([...facts.env, ...entry.env]);
    const chosen = chooseBase(entry, facts.os, env);
    plan.notes.push(...chosen.notes);
    const { base, release } = chosen;
    const supported = ARCHITECTURES[input.architecture];
    if (!supported?.includes(release))
        plan.notes.push(`distroless publishes no ${input.architecture} image of -${release}: build for a platform it has`);
    // The user: the source's own non-root uid is kept (as numbers: the base's passwd does not name it); root becomes nonroot.
    const uid = facts.user.uid;
    const ownUser = facts.user.resolved && uid !== undefined && uid !== 0 && uid !== NONROOT_UID;
    const nonroot = !ownUser;
    plan.user = ownUser ? `${uid}:${facts.user.gid ?? 0}` : `${NONROOT_UID}:${NONROOT_UID}`;
    if (!facts.user.resolved)
        plan.notes.push(`USER ${facts.user.configured} does not resolve in the source image: the result runs as nonroot (${NONROOT_UID})`);
    else if (!ownUser && uid === 0)
        plan.notes.push(`the source runs as root; the result runs as nonroot (${NONROOT_UID}): give what it writes to ${NONROOT_UID} (COPY --chown)`);
    const baseImage = `${input.registry.replace(/\/+$/, '')}/${base.name}-${release}${nonroot ? ':nonroot' : ''}`;
    plan.base = { name: base.name, release, nonroot, image: baseImage, reason: chosen.reason };
    plan.program = { path: entry.program.path, kind: entry.program.kind, ...(entry.via ? { via: entry.via } : {}) };
    plan.facts.push(`the entry point ${JSON.stringify(entry.entrypoint.concat(entry.cmd))} runs ${entry.program.path} (${describeProgram(entry)})`);
    // The app's files, then what the program needs that neither they nor the base bring.
    const runtime = entry.runtime ? runtimeTrees(tree, entry, env) : undefined;
    const app = appFiles(tree, { osBaseLayer, ownership: input.ownership, excludedTrees: [...(runtime?.trees ?? []), ...(entry.via ? [entry.via] : [])] });
    const copies = [...app.copies];
    const covered = (path) => copies.some((copy) => copy.destination === path || (copy.type === 'dir' && path.startsWith(`${copy.destination}/`)));
    for (const link of app.symlinks)
        plan.notCarried.push(`symlink ${link.path} -> ${link.target}: COPY cannot make a symlink; point to its target instead`);
    for (const path of app.special)
        plan.notCarried.push(`${path}: a device or FIFO, which COPY does not carry`);
    if (runtime)
        plan.notes.push(...runtime.notes);
    let argv0 = [...entry.entrypoint, ...entry.cmd][0];
    if (!entry.runtime) {
        const invoked = invokedPath(argv0, plan.workdir, entry);
        if (!covered(entry.program.path))
            copies.push(fileCopy(tree, entry.program.path, entry.program.path, 'program'));
        const pkg = input.ownership?.packageOf(entry.program.path);
        if (pkg) {
            plan.notes.push(`${entry.program.path} comes from the Debian package ${pkg}: only the program and its libraries are copied, not the package's configuration or data (dpkg -L ${pkg} lists them): add what it reads`);
        }
        if (invoked !== entry.program.path && !covered(invoked)) {
            if (external_node_path_.posix.basename(invoked) === external_node_path_.posix.basename(entry.program.path)) {
                plan.notes.push(`${invoked} links to ${entry.program.path}: the entry point names the file itself`);
                argv0 = entry.program.path;
            }
            else {
                copies.push(fileCopy(tree, entry.program.path, invoked, 'program'));
            }
        }
        else if (!argv0.includes('/')) {
            argv0 = invoked;
        }
        const libraries = baseLibraries(base, release);
        const resolution = entry.program.libraries;
        const interpreter = resolution?.interpreter;
        if (interpreter && !libraries.has(external_node_path_.posix.basename(interpreter.path))) {
            plan.libraries.push(placeLibrary(tree, external_node_path_.posix.basename(interpreter.path), interpreter.found ? external_node_path_.posix.resolve('/', interpreter.path) : undefined, entry.program.path, copies, covered));
        }
        for (const library of resolution?.libraries ?? []) {
            if (libraries.has(library.name))
                plan.libraries.push({ name: library.name, ...(library.path ? { path: library.path } : {}), neededBy: library.neededBy, from: 'base' });
            else
                plan.libraries.push(placeLibrary(tree, library.name, library.path, library.neededBy, copies, covered));
        }
        for (const missing of plan.libraries.filter((library) => library.from === 'missing')) {
            plan.notes.push(`${missing.name} (needed by ${missing.neededBy}) is not in the source image either: the program may not start`);
        }
        const cacheDirs = entry.program.elf ? cacheOnlyDirs(tree, entry.program.path, entry.program.elf, plan.libraries, env.get('LD_LIBRARY_PATH')) : [];
        if (cacheDirs.length > 0) {
            env.set('LD_LIBRARY_PATH', [...cacheDirs, ...(env.get('LD_LIBRARY_PATH') ?? '').split(':').filter(Boolean)].join(':'));
            plan.notes.push(`${cacheDirs.join(', ')}: found through /etc/ld.so.conf (the source's ld.so.cache), which the base's loader does not know: put on LD_LIBRARY_PATH`);
        }
        if (resolution?.incomplete.length)
            plan.notes.push(`some ELF files were not read whole, so the library list may be partial: ${resolution.incomplete.slice(0, 5).join(', ')}`);
        plan.facts.push(`the loader's search (RUNPATH/RPATH, LD_LIBRARY_PATH, ld.so.conf, multiarch directories) found ${resolution?.libraries.length ?? 0} libraries`);
    }
    const argv = [argv0, ...[...entry.entrypoint, ...entry.cmd].slice(1)];
    const split = entry.entrypoint.length;
    if (entry.runtime && base.runtime) {
        // The base's runtime replaces the source's: its program, or the interpreter of a script.
        const head = [base.runtime.program, ...(entry.runtime.script ? [entry.runtime.script] : [])];
        plan.entrypoint = split > 0 ? [...head, ...argv.slice(1, split)] : [];
        plan.cmd = split > 0 ? argv.slice(split) : [...head, ...argv.slice(1)];
    }
    else {
        plan.entrypoint = argv.slice(0, split);
        plan.cmd = argv.slice(split);
    }
    plan.copies = dedupe(copies);
    // Docker sets HOME from passwd, which the base's does not have for the image's own user.
    const home = ownUser ? facts.users.find((user) => user.uid === uid)?.home : undefined;
    if (home && home !== '/' && !env.has('HOME')) {
        env.set('HOME', home);
        plan.notes.push(`HOME=${home} is set: the base's /etc/passwd has no user ${uid}, so Docker would set HOME=/`);
    }
    for (const [name, value] of env) {
        if (name === 'PATH' && value === DISTROLESS_PATH)
            continue;
        if (runtime?.dropEnv.includes(name))
            continue;
        plan.env.push([name, value]);
    }
    if (runtime?.env)
        plan.env.push(...runtime.env);
    const files = plan.copies.reduce((sum, copy) => sum + copy.files, 0);
    const copied = plan.copies.reduce((sum, copy) => sum + copy.bytes, 0);
    plan.size = { current: facts.sizes.uncompressed, base: base.size, files, copied, estimated: base.size + tarBytes(files, copied) };
    plan.dockerfile = renderDockerfile(plan);
    return ordered(plan);
}
/** The plan's fields in the order its JSON documents them (docs/migrate.md). */
function ordered(plan) {
    const { version, image, platform, status, blocked, from, base, program, entrypoint, cmd, user, workdir, env, expose, labels, stopSignal, ...rest } = plan;
    const { copies, libraries, size, notCarried, notes, facts, dockerfile } = rest;
    return {
        version,
        image,
        platform,
        status,
        ...(blocked ? { blocked } : {}),
        from,
        ...(base ? { base } : {}),
        ...(program ? { program } : {}),
        entrypoint,
        cmd,
        ...(user ? { user } : {}),
        workdir,
        env,
        expose,
        labels,
        ...(stopSignal ? { stopSignal } : {}),
        copies,
        libraries,
        size,
        notCarried,
        notes,
        facts,
        ...(dockerfile ? { dockerfile } : {}),
    };
}
function describeProgram(entry) {
    const elf = entry.program.elf;
    if (entry.program.kind === 'script')
        return `a script for ${entry.program.interpreter?.envCommand?.command ?? entry.program.interpreter?.command}`;
    if (!elf)
        return entry.program.kind;
    if (!elf.interpreter && !elf.dynamic)
        return `a static ELF ${elf.machineName} program`;
    return `a dynamic ELF ${elf.machineName} program, loader ${elf.interpreter ?? 'none'}, needs ${elf.needed.join(', ') || 'nothing'}`;
}
/** Where argv[0] is found before its last symlink: the path itself, or the first PATH directory that has it. */
function invokedPath(command, workdir, entry) {
    if (command.includes('/'))
        return external_node_path_.posix.resolve(workdir, command);
    return entry.invoked;
}
function fileCopy(tree, source, destination, role) {
    const node = tree.resolve(source)?.node;
    const owner = node && (node.uid !== 0 || node.gid !== 0) ? { chown: `${node.uid}:${node.gid}` } : {};
    const real = tree.resolve(source)?.path ?? source;
    const size = node?.type === 'hardlink' ? (tree.resolve(node.linkedPath ?? real)?.node.size ?? 0) : (node?.size ?? 0);
    return { source: real, destination, type: 'file', files: 1, bytes: size, role, ...owner };
}
function placeLibrary(tree, name, path, neededBy, copies, covered) {
    if (path === undefined)
        return { name, neededBy, from: 'missing' };
    if (covered(path))
        return { name, path, neededBy, from: 'app' };
    // The loader opens the name it looked up; the file behind a symlink chain is copied under that name.
    copies.push(fileCopy(tree, path, path, 'library'));
    return { name, path, neededBy, from: 'copied' };
}
function dedupe(copies) {
    const seen = new Set();
    return copies.filter((copy) => !seen.has(copy.destination) && seen.add(copy.destination));
}
/** What the source configures that the result does not have, and why. */
function notCarried(config) {
    const runtime = config.config ?? {};
    const lines = [];
    const test = runtime.Healthcheck?.Test ?? [];
    if (test.length > 0 && test[0] !== 'NONE') {
        lines.push(test[0] === 'CMD-SHELL'
            ? `HEALTHCHECK ${test.slice(1).join(' ')}: it runs in a shell, which distroless has not; probe from outside (an orchestrator's HTTP or TCP check)`
            : `HEALTHCHECK ${JSON.stringify(test.slice(1))}: its program is not copied; add it, or probe from outside`);
    }
    const volumes = Object.keys(runtime.Volumes ?? {});
    if (volumes.length > 0)
        lines.push(`VOLUME ${volumes.join(' ')}: declare volumes where the container runs; a VOLUME in the image would be owned by root, not by the user the result runs as`);
    if (runtime.Shell?.length)
        lines.push(`SHELL ${JSON.stringify(runtime.Shell)}: there is no shell to set`);
    return lines;
}

;// CONCATENATED MODULE: ./src/report/escape.ts
/**
 * Escaping for untrusted text: file names, labels, env values, Dockerfile text and messages all
 * come from an image or a repository, so they must not break a table, ping someone, link to
 * somewhere, inject HTML, or start a workflow command.
 */
/** Control characters (except tab and line breaks) and bidi overrides, which can disguise text. */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;
const ZERO_WIDTH_JOINER = '\u200D';
/** Well-formed text (lone surrogates become U+FFFD) without control characters; tabs become spaces, line breaks `\n`. */
function sanitizeText(text) {
    return text.toWellFormed().replace(UNSAFE_CHARACTERS, '\uFFFD').replaceAll('\t', ' ').replace(LINE_BREAKS, '\n');
}
/** `sanitizeText` on one line: line breaks become spaces. */
function singleLine(text) {
    return sanitizeText(text).replace(LINE_BREAKS, ' ');
}
/** At most `max` code points (an ellipsis included), never splitting a surrogate pair. */
function truncateText(text, max) {
    // UTF-16 units are never fewer than code points: short strings need no counting.
    if (text.length <= max)
        return text.toWellFormed();
    let count = 0;
    let offset = 0;
    let cut = 0;
    for (const char of text) {
        count += 1;
        if (count === max)
            cut = offset;
        if (count > max)
            return `${text.slice(0, cut).toWellFormed()}…`;
        offset += char.length;
    }
    return text.toWellFormed();
}
const MARKDOWN_REPLACEMENTS = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '\\': '\\\\',
    '`': '\\`',
    '*': '\\*',
    _: '\\_',
    '[': '\\[',
    ']': '\\]',
    '|': '\\|',
    '~': '\\~',
    $: '\\$',
};
/**
 * Text for anywhere inline in Markdown, table cells included: no emphasis, links, images, HTML
 * (comments, `<script>`, entities), math, pipes, mentions or issue references; block syntax at
 * the start (`#`, `-`, `+`, `=`, `1.`, indentation) is escaped because callers put text at the
 * start of list items. Line breaks become spaces, or `<br>` where a cell may hold several lines.
 */
function escapeMarkdown(text, options = {}) {
    const lines = sanitizeText(text).split(LINE_BREAKS).map(escapeMarkdownLine);
    return lines.join(options.lineBreaks === 'br' ? '<br>' : ' ');
}
function escapeMarkdownLine(line) {
    const escaped = line
        .replace(/[&<>\\`*_[\]|~$]/g, (char) => MARKDOWN_REPLACEMENTS[char])
        // A joiner after `@` or `#` keeps the text readable but out of GitHub's reference filters.
        .replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_JOINER}`)
        .replace(/#(?=[0-9])/g, `#${ZERO_WIDTH_JOINER}`)
        .replace(/\b(GH-)(?=[0-9])/gi, `$1${ZERO_WIDTH_JOINER}`);
    return escaped
        .replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length))
        .replace(/^([#+=-])/, '\\$1')
        .replace(/^([0-9]+)([.)])/, '$1\\$2');
}
/**
 * A code span holding `text` exactly (on one line): the fence is one backtick longer than the
 * longest run of backticks inside, padded when the text starts or ends with a backtick or space.
 * Not for table cells when the text has `|`: use `tableCode`.
 */
function inlineCode(text) {
    const line = singleLine(text);
    if (line === '')
        return '<code></code>';
    const longestRun = Math.max(0, ...Array.from(line.matchAll(/`+/g), (match) => match[0].length));
    const fence = '`'.repeat(longestRun + 1);
    const pad = /^[` ]|[` ]$/.test(line) && !/^ +$/.test(line) ? ' ' : '';
    return `${fence}${pad}${line}${pad}${fence}`;
}
/**
 * Code for a table cell. GFM splits rows on every unescaped `|`, code spans included, and a
 * backslash inside a code span shows up literally; so text with a pipe goes into a `<code>`
 * element whose content is escaped Markdown instead.
 */
function tableCode(text) {
    return text.includes('|') ? `<code>${escapeMarkdown(text)}</code>` : inlineCode(text);
}
/**
 * A URL safe inside `[text](url)` and table cells, or undefined when it is not http(s) (no
 * `javascript:` links). Existing `%` escapes are kept; spaces, brackets, parentheses, pipes,
 * quotes and non-ASCII characters are percent-encoded.
 */
function markdownUrl(url) {
    const clean = url.toWellFormed().trim();
    if (!/^https?:\/\//i.test(clean))
        return undefined;
    return clean.replace(/[^\w\-.~:/?#@!$&'*+,;=%]/gu, (char) => char.length === 1 && char.charCodeAt(0) < 0x80 ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(char));
}
/** `[text](url)` with escaped text; the text alone when the URL is not usable. */
function escape_markdownLink(text, url) {
    return linkAround(escapeMarkdown(text), url);
}
/** A link around Markdown that is already safe (escaped text, a code span). */
function linkAround(markdown, url) {
    const safe = url === undefined ? undefined : markdownUrl(url);
    return safe === undefined ? markdown : `[${markdown}](${safe})`;
}
/** The value of a workflow command (`::error::VALUE`), as @actions/core escapes it. */
function escapeCommandData(text) {
    return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
/** A workflow command property (`::error file=VALUE,title=VALUE::`), as @actions/core escapes it. */
function escapeCommandProperty(text) {
    return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

;// CONCATENATED MODULE: ./src/report/migration.ts
// The migration plan for people (text, Markdown) and programs (JSON). Everything in a plan comes
// from an image: sanitized for the terminal, escaped for Markdown.


const MIGRATION_FORMATS = ['text', 'json', 'markdown'];
/** How many COPY lines, libraries and notes a rendering lists before it says how many more there are. */
const LIST_LIMIT = 200;
function percent(plan) {
    if (plan.size.current <= 0)
        return '';
    const change = Math.round((1 - plan.size.estimated / plan.size.current) * 100);
    return change >= 0 ? ` (${change}% smaller)` : ` (${-change}% larger)`;
}
function bounded(items, line) {
    const lines = items.slice(0, LIST_LIMIT).map(line);
    if (items.length > LIST_LIMIT)
        lines.push(`… and ${items.length - LIST_LIMIT} more`);
    return lines;
}
function addedLibraries(plan) {
    return plan.libraries.filter((library) => library.from === 'copied');
}
function renderMigration(plan, format, options = {}) {
    if (format === 'json')
        return `${JSON.stringify({ ...plan, ...(options.written ? { written: options.written } : {}) }, null, 2)}\n`;
    return format === 'markdown' ? migrationMarkdown(plan, options) : migrationText(plan, options);
}
function migrationText(plan, options = {}) {
    const t = (text) => singleLine(text);
    const lines = [`distroless-guard migrate: ${t(plan.image)} (${t(plan.platform)})`, ''];
    if (plan.status === 'blocked') {
        lines.push(`Blocked: ${plan.blocked?.path ? `${t(plan.blocked.path)}: ` : ''}${t(plan.blocked?.reason ?? '')}`);
    }
    else if (plan.base) {
        lines.push(`Base: ${t(plan.base.image)}`, `  why: ${t(plan.base.reason)}`);
        if (plan.program)
            lines.push(`Program: ${t(plan.program.path)}${plan.program.via ? ` (through ${t(plan.program.via)})` : ''}`);
        lines.push(`Copies: ${plan.copies.length} COPY lines, ${plan.size.files} files, ${(0,common_sizes/* formatSize */.Xq)(plan.size.copied)}`);
        lines.push(...bounded(plan.copies, (copy) => `  ${t(copy.source)}${copy.destination !== copy.source ? ` -> ${t(copy.destination)}` : ''} (${copy.role}, ${(0,common_sizes/* formatSize */.Xq)(copy.bytes)})`));
        const added = addedLibraries(plan);
        lines.push(`Libraries added: ${added.length === 0 ? 'none' : added.map((library) => t(library.name)).join(', ')}`);
        lines.push(`Size: about ${(0,common_sizes/* formatSize */.Xq)(plan.size.estimated)} uncompressed (base about ${(0,common_sizes/* formatSize */.Xq)(plan.size.base)}), ${(0,common_sizes/* formatSize */.Xq)(plan.size.current)} today${percent(plan)}`);
    }
    const section = (title, items) => {
        if (items.length === 0)
            return;
        lines.push(`${title}:`, ...bounded(items, (item) => `  - ${t(item)}`));
    };
    section('Not carried over', plan.notCarried);
    section('Notes', plan.notes);
    section('Relied on', plan.facts);
    if (plan.dockerfile) {
        lines.push('');
        if (options.written)
            lines.push(`Dockerfile written to ${t(options.written)}`);
        else
            lines.push('Dockerfile:', sanitizeText(plan.dockerfile).trimEnd());
    }
    return `${lines.join('\n')}\n`;
}
/** A fenced code block whose fence is longer than any backtick run inside. */
function codeBlock(text, language) {
    const run = Math.max(2, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
    const fence = '`'.repeat(run + 1);
    return `${fence}${language}\n${sanitizeText(text).trimEnd()}\n${fence}`;
}
function migrationMarkdown(plan, options = {}) {
    const md = (text) => escapeMarkdown(text);
    const lines = options.heading === false ? [] : [`### Path to distroless: ${inlineCode(plan.image)} (${md(plan.platform)})`, ''];
    if (plan.status === 'blocked') {
        lines.push(`**Blocked**: ${plan.blocked?.path ? `${inlineCode(plan.blocked.path)}: ` : ''}${md(plan.blocked?.reason ?? '')}`, '');
    }
    else if (plan.base) {
        const added = addedLibraries(plan);
        lines.push(`- **Base**: ${inlineCode(plan.base.image)}: ${md(plan.base.reason)}`, ...(plan.program ? [`- **Program**: ${inlineCode(plan.program.path)}${plan.program.via ? ` (through ${inlineCode(plan.program.via)})` : ''}`] : []), `- **Copied**: ${plan.copies.length} COPY lines, ${plan.size.files} files, ${(0,common_sizes/* formatSize */.Xq)(plan.size.copied)}`, `- **Libraries added**: ${added.length === 0 ? 'none' : added.map((library) => inlineCode(library.name)).join(', ')}`, `- **Size**: about ${(0,common_sizes/* formatSize */.Xq)(plan.size.estimated)} uncompressed, ${(0,common_sizes/* formatSize */.Xq)(plan.size.current)} today${percent(plan)}`, '');
    }
    const section = (title, items) => {
        if (items.length === 0)
            return;
        lines.push(`**${title}**`, '', ...bounded(items, (item) => `- ${md(item)}`), '');
    };
    section('Not carried over', plan.notCarried);
    section('Notes', plan.notes);
    section('Relied on', plan.facts);
    if (plan.dockerfile) {
        if (options.written)
            lines.push(`Dockerfile written to ${inlineCode(options.written)}:`, '');
        lines.push(codeBlock(plan.dockerfile, 'dockerfile'), '');
    }
    return `${lines.join('\n').trimEnd()}\n`;
}
/** The collapsed "Path to distroless" section of a pull-request comment and the job summary. */
function migrationSection(plan, written) {
    const verdict = plan.status === 'planned' && plan.base ? `: ${escapeMarkdown(plan.base.image)}` : ': blocked';
    return `<details><summary>Path to distroless${verdict}</summary>\n\n${migrationMarkdown(plan, { heading: false, written })}\n</details>\n\n`;
}

;// CONCATENATED MODULE: ./src/engine/migrate.ts
// `migrate`: one image read through the same source and capture path as `check`, its facts handed
// to the planner (src/migrate/), which returns the plan and its Dockerfile.












/** A wrapper script is read whole up to this size (its exec line is near the end). */
const SCRIPT_LIMIT = 64 * 1024;
const PLACEHOLDER = '<your-image>';
async function load(options, capture) {
    const images = await openSource((0,image_reference/* parseReference */.F2)(options.image), options.image, options.registryOptions ?? {}).load({
        platform: options.platform,
        capture,
        files: true,
    });
    if (images.length > 1 && !options.platform)
        options.log?.(`${options.image} has ${images.length} platforms: planning ${formatPlatform(images[0].platform)} (choose with --platform)`);
    return images[0];
}
/** The first stage's image: as given, else the engine's name for the image, else the placeholder. */
function fromReference(image, from) {
    if (from !== undefined) {
        if (!/^\S+$/.test(from))
            throw new errors.UserError(`migrate: --from takes one image reference, not "${from}"`);
        return { reference: from, placeholder: false };
    }
    const reference = (0,image_reference/* parseReference */.F2)(image);
    return reference.transport === 'docker-daemon' ? { reference: reference.name, placeholder: false } : { reference: PLACEHOLDER, placeholder: true };
}
/** Reads the image and plans its move to a distroless base. */
async function migrate(options) {
    const from = fromReference(options.image, options.from);
    const registry = options.registry ?? DEFAULT_REGISTRY;
    if (!/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._/-]+)?$/.test(registry))
        throw new errors.UserError(`migrate: --registry must be a registry and path such as gcr.io/distroless, not "${registry}"`);
    options.log?.(`reading ${options.image}`);
    let image = await load(options, captureForMigration());
    if (image.layerIndexes.length !== image.layers.length || image.layers.length === 0)
        throw new errors.UserError(`${options.image}: the image's layers could not be read, so there are no files to plan from`);
    let { facts, fs } = gatherFacts(image);
    const program = facts.entrypoint.program;
    const scripts = new Map();
    // A script's text beyond its #! line is read only when the entry point is one: a second pass keeps it whole.
    if (program?.kind === 'script' && program.path !== undefined) {
        const stored = fs.contentPath(program.path) ?? program.path;
        const capture = captureForMigration();
        image = await load(options, (path, entry) => (path === stored ? new HeadCollector(SCRIPT_LIMIT) : capture(path, entry)));
        ({ facts, fs } = gatherFacts(image));
        const text = fs.captured(program.path);
        if (text && !text.truncated)
            scripts.set(program.path, text.head.toString('utf8'));
    }
    return planMigration({
        image: options.image,
        platform: formatPlatform(image.platform),
        architecture: normalizePlatform({ os: 'linux', architecture: image.config.architecture }).architecture,
        config: image.config,
        facts,
        tree: fs,
        layerIndexes: image.layerIndexes,
        ownership: dpkgOwnership(fs),
        from,
        registry,
        scriptText: (path) => scripts.get(path),
    });
}

// EXTERNAL MODULE: ./src/policy/types.ts
var types = __webpack_require__(3943);
// EXTERNAL MODULE: ./src/policy/presets.ts
var presets = __webpack_require__(4490);
// EXTERNAL MODULE: ./src/policy/resolve.ts
var resolve = __webpack_require__(5606);
;// CONCATENATED MODULE: ./src/policy/index.ts




// EXTERNAL MODULE: ./src/report/json.ts
var json = __webpack_require__(2794);
;// CONCATENATED MODULE: ./src/report/format.ts

/** `1 error`, `1,234 errors`. */
function plural(count, singular, pluralForm = `${singular}s`) {
    return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
/** `3 errors, 1 warning`; empty when there are none. */
function countsText(errors, warnings) {
    const parts = [];
    if (errors > 0)
        parts.push(plural(errors, 'error'));
    if (warnings > 0)
        parts.push(plural(warnings, 'warning'));
    return parts.join(', ');
}
/** `+1.2 MiB`, `−20 KiB`, `±0 B` (a real minus sign, so the sign reads as one). */
function signedSize(bytes) {
    return `${signOf(bytes)}${(0,common_sizes/* formatSize */.Xq)(Math.abs(bytes))}`;
}
/** `+1.2 MiB (+4.1%)`, `−20 KiB (−0.5%)`, `±0 B (±0.0%)`; no percent when the baseline was empty. */
function sizeDeltaText(delta) {
    const percent = delta.percent === undefined ? '' : ` (${signOf(delta.percent)}${Math.abs(delta.percent).toFixed(1)}%)`;
    return `${signedSize(delta.delta)}${percent}`;
}
function signOf(value) {
    if (value > 0)
        return '+';
    return value < 0 ? '−' : '±';
}

;// CONCATENATED MODULE: ./src/report/markdown-document.ts

/** Room kept for the note that says what was cut. */
const TRUNCATION_NOTE_RESERVE = 1_000;
/** List bounds are scaled by these in turn until the document fits, so every rule and table keeps a few rows. */
const LIST_SCALES = [1, 0.4, 0.1, 0];
/** Renders with shorter and shorter lists; only when the shortest do not fit is the end cut, with a note. */
function markdown_document_renderWithin(limits, build, note) {
    let rendered = '';
    for (const scale of LIST_SCALES) {
        const scaled = {
            ...limits,
            findingsPerRule: Math.max(1, Math.floor(limits.findingsPerRule * scale)),
            layers: Math.max(1, Math.floor(limits.layers * scale)),
            directories: Math.max(1, Math.floor(limits.directories * scale)),
            notices: Math.max(1, Math.floor(limits.notices * scale)),
        };
        const doc = new BoundedDocument(scaled);
        build(doc, scaled);
        rendered = doc.finish(note);
        if (!doc.truncated)
            break;
    }
    return rendered;
}
function markdown_document_block(text) {
    return { head: text, items: [], kind: 'row', hidden: 0, more: () => '', tail: '' };
}
/** A section that opens a wrapper with `head`, closed by `close` at the next `closeGroup()`. */
function openGroup(head, close) {
    return { ...markdown_document_block(head), opensGroup: close };
}
function closeGroup() {
    return { ...markdown_document_block(''), closesGroup: true };
}
/** Markdown that stays within a size: whole sections and items, never a cut table or tag. */
class BoundedDocument {
    limits;
    parts = [];
    size = 0;
    full = false;
    omittedFindings = 0;
    omittedRows = 0;
    /** Closing text of the open groups (undefined for one that did not open), innermost last. */
    closes = [];
    /** Room kept for the closing text of open groups. */
    reserved = 0;
    constructor(limits) {
        this.limits = limits;
    }
    /** Whether something did not fit. */
    get truncated() {
        return this.full;
    }
    add(section) {
        if (section.closesGroup) {
            const close = this.closes.pop();
            if (close === undefined)
                return;
            this.reserved -= this.limits.measure(close);
            this.push(close);
            return;
        }
        if (section.opensGroup !== undefined) {
            const close = section.opensGroup;
            // A group that does not open leaves nothing to close: its sections are left out with it.
            if (this.full || !this.fits(section.head, 0, close)) {
                this.full = true;
                this.closes.push(undefined);
                return;
            }
            this.push(section.head);
            this.closes.push(close);
            this.reserved += this.limits.measure(close);
            return;
        }
        const total = section.items.length + section.hidden;
        // The longest "more" line this section could need, so the tail always fits.
        const moreRoom = total > 0 ? this.limits.measure(section.more(total)) : 0;
        if (this.full || !this.fits(section.head, moreRoom, section.tail)) {
            this.full = true;
            this.omit(section.kind, total);
            return;
        }
        this.push(section.head);
        let shown = 0;
        for (const item of section.items) {
            const text = item();
            if (!this.fits(text, moreRoom, section.tail)) {
                this.full = true;
                break;
            }
            this.push(text);
            shown += 1;
        }
        this.omit(section.kind, section.items.length - shown);
        if (total > shown)
            this.push(section.more(total - shown));
        this.push(section.tail);
    }
    finish(note) {
        // Groups a caller left open are closed: their room was kept.
        for (const close of this.closes.splice(0).reverse())
            if (close !== undefined)
                this.push(close);
        if (!this.full)
            return `${this.parts.join('').trimEnd()}\n`;
        const left = [this.omittedFindings > 0 && plural(this.omittedFindings, 'finding'), this.omittedRows > 0 && plural(this.omittedRows, 'table row')].filter((part) => part !== false);
        return `${this.parts.join('').trimEnd()}\n\n${note(left.length === 0 ? 'the rest' : joinWords(left))}`;
    }
    fits(text, moreRoom, tail) {
        const available = this.limits.maxSize - TRUNCATION_NOTE_RESERVE;
        return this.size + this.reserved + this.limits.measure(text) + moreRoom + this.limits.measure(tail) <= available;
    }
    push(text) {
        this.parts.push(text);
        this.size += this.limits.measure(text);
    }
    omit(kind, count) {
        if (kind === 'finding')
            this.omittedFindings += count;
        else
            this.omittedRows += count;
    }
}
function joinWords(words) {
    return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

;// CONCATENATED MODULE: ./src/report/markdown-sections.ts




// Untrusted text is cut before escaping, so an escape sequence is never split.
const MAX_NAME = 100;
const MAX_MESSAGE = 500;
const MAX_PATH = 300;
const MAX_INSTRUCTION = 200;
const MAX_HINT = 500;
const MAX_REFERENCE = 200;
const MAX_HINTS_PER_RULE = 3;
const markdown_sections_MIB = 1024 * 1024;
const FAIL_ON_TEXT = {
    error: 'fails on errors',
    warning: 'fails on warnings',
    never: 'never fails',
    'new-error': 'fails on new errors',
    'new-warning': 'fails on new warnings',
};
/** What the comment and the summary show of one image: its line, findings by rule, baseline tables, layer sizes. */
function markdown_sections_imageSections(image, options, limits) {
    const heading = '#'.repeat(limits.headingLevel);
    const sections = [markdown_document_block(`${imageLine(image)}\n\n`)];
    sections.push(...findingSections(image, options, limits, heading));
    const baseline = image.baseline;
    if (baseline) {
        const changes = [...baseline.layers.added, ...baseline.layers.removed];
        if (changes.length > 0) {
            const rows = changes.map((layer) => () => `| ${layer.change === 'added' ? '➕ added' : '➖ removed'} | ${layer.index} | ${(0,common_sizes/* formatSize */.Xq)(layer.size)} | ${instructionCell(layer.instruction ?? (layer.diffId === undefined ? undefined : shortDigest(layer.diffId)))} |\n`);
            sections.push(markdown_sections_table(`${heading} Layers that differ from the baseline\n\n| Change | Layer | Size | Instruction |\n| :-- | --: | --: | :-- |\n`, rows, limits.layers, (count) => `\n_… and ${plural(count, 'more layer')}: see ${limits.fullList}._\n`));
        }
        if (baseline.directories.length > 0) {
            const rows = baseline.directories.map((dir) => () => `| ${tableCode(truncateText(dir.path, MAX_PATH))} | ${(0,common_sizes/* formatSize */.Xq)(dir.before)} | ${(0,common_sizes/* formatSize */.Xq)(dir.after)} | ${signedSize(dir.delta)} |\n`);
            sections.push(markdown_sections_table(`${heading} Directories by growth\n\n| Directory | Before | After | Change |\n| :-- | --: | --: | --: |\n`, rows, limits.directories, (count) => `\n_… and ${plural(count, 'more directory', 'more directories')}: see ${limits.fullList}._\n`));
        }
    }
    const layerSizes = layerSizesSection(image, limits, heading);
    if (layerSizes)
        sections.push(layerSizes);
    return sections;
}
function markdown_sections_headline(passed, errors, warnings, subject) {
    const counts = countsText(errors, warnings);
    return `### ${verdictIcon(passed, errors, warnings)} distroless-guard: ${counts === '' ? 'all clear' : counts} in ${escapeMarkdown(truncateText(subject, MAX_NAME))}`;
}
function verdictIcon(passed, errors, warnings) {
    if (!passed)
        return '❌';
    return errors + warnings > 0 ? '⚠️' : '✅';
}
function markdown_sections_metaLine(report, images, runUrl) {
    const failOn = FAIL_ON_TEXT[report.failOn];
    const parts = [`Policy ${inlineCode(truncateText(report.policy, MAX_REFERENCE))} (${failOn})`];
    const waived = images.reduce((sum, image) => sum + image.waived, 0);
    if (waived > 0)
        parts.push(`${plural(waived, 'finding')} waived by exceptions`);
    if (runUrl !== undefined)
        parts.push(escape_markdownLink('workflow run', runUrl));
    return parts.join(' · ');
}
/** One row per image: verdict, sizes, change against the baseline, counts. */
function markdown_sections_imagesTable(images) {
    const rows = images.map((image) => () => {
        const shown = image.baseline?.compressed ?? image.baseline?.uncompressed;
        const delta = shown ? sizeDeltaText(shown) : '—';
        const compressed = image.size.compressed === undefined ? '—' : (0,common_sizes/* formatSize */.Xq)(image.size.compressed);
        const name = `${verdictIcon(image.passed, image.errors, image.warnings)} ${escapeMarkdown(truncateText(image.name, MAX_NAME))}`;
        return `| ${name} | ${escapeMarkdown(truncateText(image.platform, MAX_NAME))} | ${compressed} | ${(0,common_sizes/* formatSize */.Xq)(image.size.uncompressed)} | ${delta} | ${image.size.layers} | ${image.errors.toLocaleString('en-US')} | ${image.warnings.toLocaleString('en-US')} |\n`;
    });
    return {
        head: '| Image | Platform | Compressed | Uncompressed | Δ vs baseline | Layers | Errors | Warnings |\n| :-- | :-- | --: | --: | --: | --: | --: | --: |\n',
        items: rows,
        kind: 'row',
        hidden: 0,
        more: (count) => `\n_… and ${plural(count, 'more image')}._\n`,
        tail: '\n',
    };
}
function imageLine(image) {
    const parts = [`Image ${inlineCode(truncateText(image.reference, MAX_REFERENCE))}`];
    if (image.digest !== undefined)
        parts.push(inlineCode(shortDigest(image.digest)));
    const baseline = image.baseline;
    if (baseline) {
        const sizes = [
            baseline.compressed && `compressed ${sizeDeltaText(baseline.compressed)}`,
            baseline.uncompressed && `uncompressed ${sizeDeltaText(baseline.uncompressed)}`,
        ]
            .filter(Boolean)
            .join(', ');
        const { shared, added, removed } = baseline.layers;
        parts.push(`compared with ${inlineCode(truncateText(baseline.reference, MAX_REFERENCE))}: ${sizes}; layers ${shared} shared, ${added.length} added, ${removed.length} removed`);
    }
    return parts.join(' · ');
}
function findingSections(image, options, limits, heading) {
    const baseline = image.baseline?.findingsKnown === true ? image.baseline : undefined;
    const fixed = baseline?.fixed ?? 0;
    if (image.findings.length === 0 && fixed === 0)
        return [];
    if (!baseline)
        return [markdown_document_block(`${heading} Findings\n\n`), ...ruleSections(image.findings, options, limits)];
    // Against a baseline: what the pull request adds first, what was there before folded away.
    const fresh = image.findings.filter((finding) => finding.new === true);
    const known = image.findings.filter((finding) => finding.new !== true);
    const sections = [markdown_document_block(`${heading} New in this pull request\n\n`)];
    if (fixed > 0)
        sections.push(markdown_document_block(`✅ ${plural(fixed, 'finding')} of the base branch ${fixed === 1 ? 'is' : 'are'} gone.\n\n`));
    if (fresh.length === 0 && known.length > 0)
        sections.push(markdown_document_block('No new findings: every finding is already on the base branch.\n\n'));
    if (image.findings.length === 0)
        sections.push(markdown_document_block('No findings left.\n\n'));
    sections.push(...ruleSections(fresh, options, limits));
    if (known.length > 0) {
        sections.push(openGroup(`<details><summary>Already on the base branch: ${plural(known.length, 'finding')}</summary>\n\n`, '</details>\n\n'));
        sections.push(...ruleSections(known, options, limits), closeGroup());
    }
    return sections;
}
/** One section per rule, errors and larger groups first, each with its hints and findings. */
function ruleSections(findings, options, limits) {
    const groups = new Map();
    for (const finding of findings) {
        const group = groups.get(finding.rule);
        if (group)
            group.push(finding);
        else
            groups.set(finding.rule, [finding]);
    }
    const ordered = [...groups].sort(([ruleA, a], [ruleB, b]) => levelRank(a) - levelRank(b) || b.length - a.length || (ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0));
    return ordered.map(([rule, group]) => {
        const level = group.some((finding) => finding.level === 'error') ? 'error' : 'warning';
        const summary = [level, plural(group.length, 'finding')].join(' · ');
        const hints = [...new Set(group.flatMap((finding) => (finding.hint === undefined ? [] : [finding.hint])))].slice(0, MAX_HINTS_PER_RULE);
        const hintBlock = hints.length === 0 ? '' : `> 💡 ${hints.map((hint) => escapeMarkdown(truncateText(hint, MAX_HINT))).join('<br>💡 ')}\n\n`;
        const shown = group.slice(0, limits.findingsPerRule);
        return {
            head: `**${level === 'error' ? '❌' : '⚠️'} ${linkAround(inlineCode(rule), options.rulesDocUrl(rule))}** · ${summary}\n\n${hintBlock}`,
            items: shown.map((finding) => () => findingItem(finding, options)),
            kind: 'finding',
            hidden: group.length - shown.length,
            more: (count) => `- … and ${plural(count, `more ${rule} finding`)}: see ${limits.fullList}.\n`,
            tail: '\n',
        };
    });
}
function levelRank(findings) {
    return findings.some((finding) => finding.level === 'error') ? 0 : 1;
}
function findingItem(finding, options) {
    const parts = [escapeMarkdown(truncateText(finding.message, MAX_MESSAGE))];
    if (finding.path !== undefined)
        parts.push(inlineCode(truncateText(finding.path, MAX_PATH)));
    if (finding.location)
        parts.push(locationLink(finding.location, options));
    else if (finding.layer !== undefined)
        parts.push(`layer ${finding.layer}`);
    return `- ${parts.join(' · ')}\n`;
}
function locationLink(location, options) {
    const text = `${truncateText(location.file, MAX_PATH)}:${location.line}`;
    return escape_markdownLink(text, options.dockerfileUrl?.(location));
}
function layerSizesSection(image, limits, heading) {
    const layers = image.facts.sizes.layers;
    if (layers.length === 0)
        return undefined;
    // With too many layers, the largest ones tell the story; they stay in image order.
    const kept = new Set([...layers]
        .sort((a, b) => b.uncompressed - a.uncompressed || a.index - b.index)
        .slice(0, limits.layers)
        .map((layer) => layer.index));
    const shown = layers.filter((layer) => kept.has(layer.index));
    const chart = [
        '```mermaid',
        'xychart-beta',
        `    title "Uncompressed size per layer (MiB)"`,
        `    x-axis "Layer" [${shown.map((layer) => `"${layer.index}"`).join(', ')}]`,
        '    y-axis "MiB"',
        `    bar [${shown.map((layer) => (layer.uncompressed / markdown_sections_MIB).toFixed(2)).join(', ')}]`,
        '```',
    ].join('\n');
    const rows = shown.map((layer) => () => {
        const compressed = layer.compressed === undefined ? '—' : (0,common_sizes/* formatSize */.Xq)(layer.compressed);
        const uncompressed = layer.absent === undefined ? (0,common_sizes/* formatSize */.Xq)(layer.uncompressed) : 'not read';
        return `| ${layer.index} | ${compressed} | ${uncompressed} | ${instructionCell(image.facts.layerCommands[layer.index])} |\n`;
    });
    return {
        head: `${heading} Layer sizes\n\n${chart}\n\n<details><summary>Layer sizes as a table</summary>\n\n| Layer | Compressed | Uncompressed | Instruction |\n| --: | --: | --: | :-- |\n`,
        items: rows,
        kind: 'row',
        hidden: layers.length - shown.length,
        more: (count) => `\n_… and ${plural(count, 'smaller layer')}: see ${limits.fullList}._\n`,
        tail: '\n</details>\n\n',
    };
}
function markdown_sections_noticesSection(notices, limits) {
    const shown = notices.slice(0, limits.notices);
    return {
        head: '**Notes**\n\n',
        items: shown.map((notice) => () => `- ${escapeMarkdown(truncateText(notice, MAX_MESSAGE))}\n`),
        kind: 'row',
        hidden: notices.length - shown.length,
        more: (count) => `- … and ${plural(count, 'more note')}.\n`,
        tail: '\n',
    };
}
function markdown_sections_table(head, rows, limit, more) {
    const shown = rows.slice(0, limit);
    return { head, items: shown, kind: 'row', hidden: rows.length - shown.length, more, tail: '\n' };
}
function instructionCell(instruction) {
    return instruction === undefined || instruction === '' ? '—' : tableCode(truncateText(instruction, MAX_INSTRUCTION));
}
function shortDigest(digest) {
    const match = /^(sha256:)([0-9a-f]{12})[0-9a-f]{52}$/.exec(digest);
    return match ? `${match[1]}${match[2]}` : digest;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts




/** GitHub rejects comment bodies longer than this (characters). */
const COMMENT_LIMIT = 65_536;
/** GitHub rejects step summaries larger than this (bytes). */
const SUMMARY_LIMIT = 1024 * 1024;
// UTF-16 units are never fewer than characters, so counting them keeps a comment under the limit.
const COMMENT_LIMITS = {
    findingsPerRule: 50,
    layers: 20,
    directories: 15,
    notices: 10,
    maxSize: COMMENT_LIMIT,
    measure: (text) => text.length,
    headingLevel: 4,
};
const SUMMARY_LIMITS = {
    findingsPerRule: 200,
    layers: 50,
    directories: 30,
    notices: 50,
    maxSize: SUMMARY_LIMIT,
    measure: (text) => Buffer.byteLength(text, 'utf8'),
    headingLevel: 5,
};
/** The sticky pull request comment for one image. */
function renderImageComment(report, image, options) {
    const fullList = options.runUrl === undefined ? 'the job summary and the JSON report' : `the ${markdownLink('job summary', options.runUrl)} and the JSON report`;
    return renderWithin({ ...COMMENT_LIMITS, fullList }, (doc, limits) => {
        doc.add(block(`${options.marker}\n${headline(image.passed, image.errors, image.warnings, image.name)}\n\n${metaLine(report, [image], options.runUrl)}\n\n`));
        doc.add(imagesTable([image]));
        for (const section of imageSections(image, options, limits))
            doc.add(section);
        addMigration(doc, image, options);
        if (report.notices.length > 0)
            doc.add(noticesSection(report.notices, limits));
    }, (left) => `> [!NOTE]\n> This comment was cut to stay under GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters; left out: ${left}. The full list is in ${fullList}.\n`);
}
/** The job summary: every image, the same sections as the comment with longer lists. */
function renderSummary(report, options) {
    const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
    const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
    const subject = report.images.length === 1 ? report.images[0].name : `${report.images.length} images`;
    return markdown_document_renderWithin({ ...SUMMARY_LIMITS, fullList: 'the JSON report' }, (doc, limits) => {
        doc.add(markdown_document_block(`${markdown_sections_headline(report.passed, errors, warnings, subject)}\n\n${markdown_sections_metaLine(report, report.images, undefined)}\n\n`));
        doc.add(markdown_sections_imagesTable(report.images));
        for (const image of report.images) {
            const platform = image.platform === '' ? '' : ` (${escapeMarkdown(truncateText(image.platform, MAX_NAME))})`;
            doc.add(markdown_document_block(`#### ${verdictIcon(image.passed, image.errors, image.warnings)} ${escapeMarkdown(truncateText(image.name, MAX_NAME))}${platform}\n\n`));
            for (const section of markdown_sections_imageSections(image, options, limits))
                doc.add(section);
            addMigration(doc, image, options);
        }
        if (report.notices.length > 0)
            doc.add(markdown_sections_noticesSection(report.notices, limits));
    }, (left) => `> [!NOTE]\n> This summary was cut to stay under the 1 MiB limit of job summaries; left out: ${left}. The full list is in the JSON report.\n`);
}
function addMigration(doc, image, options) {
    const migration = options.migrations?.get(image);
    if (migration)
        doc.add(markdown_document_block(migrationSection(migration.plan, migration.written)));
}

;// CONCATENATED MODULE: ./src/report/sarif.ts





const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our fingerprint in `partialFingerprints`; a new version would be a new key. */
const FINGERPRINT_KEY = 'distrolessGuardFinding/v1';
/** Code scanning keeps the 5,000 most severe results of a run (it refuses over 25,000); the rest only make the file larger. */
const MAX_RESULTS_PER_RUN = 5_000;
/** Code scanning refuses a file with more runs than this. */
const MAX_RUNS = 20;
/** Code scanning refuses a file larger than this once gzipped. */
const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
/** The category of the one run that holds every image when there are more than MAX_RUNS. */
const COMBINED_CATEGORY = 'distroless-guard/combined/';
/** Code scanning needs a location for every result; without a Dockerfile, the conventional one. */
const DEFAULT_DOCKERFILE = 'Dockerfile';
const sarif_MAX_MESSAGE = 2_000;
/**
 * SARIF 2.1.0 for github/codeql-action/upload-sarif: one run per image and platform, each with its
 * own `automationDetails.id` (the code scanning category), so images never close each other's
 * alerts. Code scanning refuses more than MAX_RUNS runs, so beyond that one combined run holds
 * every image, its results naming image and platform.
 */
function renderSarif(report, options) {
    const runs = report.images.length <= MAX_RUNS
        ? uniqueCategories(report.images).map(({ image, category }) => runOf([image], category, false, options))
        : [runOf(report.images, COMBINED_CATEGORY, true, options)];
    return fitGzipped({ $schema: SARIF_SCHEMA, version: '2.1.0', runs });
}
/** The SARIF as written: what the gzipped size is measured on. */
function sarifText(log) {
    return `${JSON.stringify(log, null, 2)}\n`;
}
/** What the SARIF left out, one line per run that was cut, for the user who will not read the file. */
function sarifNotes(log) {
    return log.runs.flatMap((run) => (run.invocations?.[0].toolExecutionNotifications ?? []).map((note) => `SARIF run ${run.automationDetails.id}: ${note.message.text}`));
}
/** `distroless-guard/NAME/PLATFORM/`, numbered when a name and platform repeat. */
function uniqueCategories(images) {
    const seen = new Set();
    return images.map((image) => {
        const base = `distroless-guard/${image.name}/${image.platform}/`;
        let category = base;
        for (let n = 2; seen.has(category); n += 1)
            category = `${base}${n}/`;
        seen.add(category);
        return { image, category };
    });
}
function runOf(images, category, combined, options) {
    // The most severe results are the ones worth keeping when there are too many.
    const all = images.flatMap((image) => image.findings.map((finding) => ({ image, finding })));
    const ordered = [...all.filter((f) => f.finding.level === 'error'), ...all.filter((f) => f.finding.level !== 'error')];
    const kept = ordered.slice(0, MAX_RESULTS_PER_RUN);
    const rules = [];
    const ruleIndexes = new Map();
    // Every result of a run has a baseline state or none does: the combined run's images may differ.
    const baselined = images.every((image) => image.baseline?.findingsKnown === true);
    const results = kept.map(({ image, finding }) => {
        let ruleIndex = ruleIndexes.get(finding.rule);
        if (ruleIndex === undefined) {
            ruleIndex = rules.length;
            ruleIndexes.set(finding.rule, ruleIndex);
            rules.push(ruleOf(finding.rule, finding.level, options));
        }
        return resultOf(image, finding, ruleIndex, combined, baselined);
    });
    const properties = combined ? { images: images.map(imageProperties) } : imageProperties(images[0]);
    const run = {
        tool: { driver: { name: 'distroless-guard', informationUri: REPOSITORY_URL, version: options.toolVersion, rules } },
        automationDetails: { id: category },
        results,
        properties,
    };
    leaveOut(run, ordered.length - kept.length, `code scanning keeps ${MAX_RESULTS_PER_RUN.toLocaleString('en-US')} results per run`);
    return run;
}
function imageProperties(image) {
    const properties = { image: image.name, reference: image.reference, platform: image.platform };
    if (image.digest !== undefined)
        properties.digest = image.digest;
    return properties;
}
/** Records `count` results left out of `run` (already removed), and why. */
function leaveOut(run, count, why) {
    if (count <= 0)
        return;
    const total = (run.properties.resultsLeftOut ?? 0) + count;
    run.properties.resultsLeftOut = total;
    const text = `${plural(total, 'less severe result')} left out: ${why}; the JSON report and the job summary have them all`;
    run.invocations = [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text } }] }];
}
/** Halves the largest run's results (its least severe go) until the file gzips within the limit. */
function fitGzipped(log) {
    for (;;) {
        const text = sarifText(log);
        // Gzipped text is hardly ever larger than the text: only a file over the limit is worth measuring.
        if (Buffer.byteLength(text) <= MAX_GZIPPED_BYTES || (0,external_node_zlib_.gzipSync)(text).length <= MAX_GZIPPED_BYTES)
            return log;
        const largest = log.runs.reduce((a, b) => (b.results.length > a.results.length ? b : a));
        if (largest.results.length === 0)
            return log;
        const keep = Math.floor(largest.results.length / 2);
        const dropped = largest.results.length - keep;
        largest.results = largest.results.slice(0, keep);
        leaveOut(largest, dropped, `code scanning refuses a SARIF file over ${MAX_GZIPPED_BYTES / 1024 / 1024} MB gzipped`);
    }
}
function ruleOf(rule, level, options) {
    const title = options.ruleTitle(rule);
    const url = options.rulesDocUrl(rule);
    return {
        id: rule,
        name: rule
            .split('-')
            .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
            .join(''),
        shortDescription: { text: title },
        fullDescription: { text: title },
        helpUri: url,
        help: { text: `${title}. Documentation: ${url}`, markdown: `${title}. [Documentation](${url})` },
        defaultConfiguration: { level },
        properties: { tags: ['container', 'distroless'] },
    };
}
function resultOf(image, finding, ruleIndex, combined, baselined) {
    const region = { startLine: finding.location?.line ?? 1 };
    if (finding.location && finding.location.endLine > finding.location.line)
        region.endLine = finding.location.endLine;
    const file = finding.location?.file ?? image.dockerfile ?? DEFAULT_DOCKERFILE;
    const properties = { image: image.name, platform: image.platform };
    if (finding.path !== undefined)
        properties.path = finding.path;
    if (finding.layer !== undefined)
        properties.layer = finding.layer;
    if (finding.new === true)
        properties.new = true;
    // In a run of its own the category tells images and platforms apart; in the combined run the fingerprint must.
    const subject = combined ? `${image.name} ${image.platform}` : image.name;
    return {
        ruleId: finding.rule,
        ruleIndex,
        level: finding.level,
        message: { text: messageText(finding) },
        locations: [{ physicalLocation: { artifactLocation: { uri: repositoryUri(file), uriBaseId: '%SRCROOT%' }, region } }],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(subject, finding) },
        ...(baselined ? { baselineState: finding.new === true ? 'new' : 'unchanged' } : {}),
        properties,
    };
}
function messageText(finding) {
    const path = finding.path !== undefined && !finding.message.includes(finding.path) ? ` (${finding.path})` : '';
    // Each part on one line: a file name with a newline must not forge a "Fix:" line in code scanning.
    const hint = finding.hint === undefined ? '' : `\nFix: ${singleLine(finding.hint)}`;
    return truncateText(`${singleLine(`${finding.message}${path}`)}${hint}`, sarif_MAX_MESSAGE);
}
/**
 * Stable across runs: the rule, the image (and its platform, in the combined run) and what the finding is about (its path as
 * the filesystem resolves it, so a shell found through another symlink or PATH keeps its alert,
 * else its message with numbers blanked out so a size or a layer index that moves keeps the
 * alert: a config subject alone, `FROM`, would not tell two size caps apart), never the Dockerfile line.
 */
function fingerprint(imageName, finding) {
    const subject = finding.path !== undefined ? (finding.subject ?? finding.path) : finding.message.replace(/\d+(?:[.,]\d+)*/g, '#');
    return (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([finding.rule, imageName, subject]))
        .digest('hex');
}
/** A path relative to the repository as a URI reference: `./` dropped, segments percent-encoded. */
function repositoryUri(file) {
    const relative = file.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
    return relative
        .split('/')
        .map((segment) => encodeURIComponent(segment.toWellFormed()))
        .join('/');
}

;// CONCATENATED MODULE: ./src/report/text.ts




/**
 * The terminal report, grouped by image. Every line starts with fixed text, never with text from
 * the image, and untrusted text is one line without control characters: printed in a workflow
 * log, nothing in it can start a workflow command or an escape sequence.
 */
function renderText(report, options) {
    // The caller decided about colour; styleText would otherwise look at process.stdout itself.
    const paint = (style, text) => (options.color ? (0,external_node_util_.styleText)(style, text, { validateStream: false }) : text);
    const lines = [];
    for (const image of report.images) {
        lines.push(...imageLines(image, paint), '');
    }
    for (const notice of report.notices)
        lines.push(`note: ${singleLine(notice)}`);
    if (report.notices.length > 0)
        lines.push('');
    lines.push(verdictLine(report, paint));
    return `${lines.join('\n')}\n`;
}
function imageLines(image, paint) {
    const platform = image.platform === '' ? '' : ` (${singleLine(image.platform)})`;
    const lines = [paint('bold', `Image ${singleLine(image.name)}${platform}: ${singleLine(image.reference)}`)];
    const sizes = [
        image.size.compressed !== undefined && `${(0,common_sizes/* formatSize */.Xq)(image.size.compressed)} compressed`,
        `${(0,common_sizes/* formatSize */.Xq)(image.size.uncompressed)} uncompressed`,
        plural(image.size.layers, 'layer'),
    ].filter((part) => part !== false);
    lines.push(`  size: ${sizes.join(', ')}`);
    const baseline = image.baseline;
    if (baseline) {
        const deltas = [
            baseline.compressed && `${sizeDeltaText(baseline.compressed)} compressed`,
            baseline.uncompressed && `${sizeDeltaText(baseline.uncompressed)} uncompressed`,
        ].filter(Boolean);
        lines.push(`  against ${singleLine(baseline.reference)}: ${deltas.join(', ')}`);
    }
    const markNew = baseline?.findingsKnown === true;
    const ordered = [...image.findings.filter((f) => f.level === 'error'), ...image.findings.filter((f) => f.level !== 'error')];
    const hintsShown = new Set();
    for (const finding of ordered) {
        const level = finding.level === 'error' ? paint('red', 'ERROR') : paint('yellow', 'WARNING');
        const fresh = markNew && finding.new === true ? ' (new)' : '';
        lines.push(`  ${level} ${finding.rule}${fresh} ${singleLine(finding.message)}`);
        const where = whereText(finding);
        if (where !== '')
            lines.push(`    at ${where}`);
        // A rule gives the same advice for each of its findings: once is enough.
        const hintKey = `${finding.rule}\0${finding.hint}`;
        if (finding.hint !== undefined && !hintsShown.has(hintKey)) {
            hintsShown.add(hintKey);
            lines.push(paint('dim', `    hint: ${singleLine(finding.hint)}`));
        }
    }
    if (image.findings.length === 0)
        lines.push('  no findings');
    if (image.waived > 0)
        lines.push(`  waived: ${plural(image.waived, 'finding')} by policy exceptions`);
    return lines;
}
function whereText(finding) {
    const location = finding.location && `${singleLine(finding.location.file)}:${finding.location.line}`;
    if (finding.path !== undefined)
        return location ? `${singleLine(finding.path)} (${location})` : singleLine(finding.path);
    if (location)
        return location;
    return finding.layer === undefined ? '' : `layer ${finding.layer}`;
}
function verdictLine(report, paint) {
    const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
    const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
    const compared = report.images.filter((image) => image.baseline?.findingsKnown === true);
    const fresh = compared.reduce((sum, image) => sum + image.findings.filter((finding) => finding.new === true).length, 0);
    // Against a baseline, how many the change adds: what a new-* fail-on judges.
    const counts = (countsText(errors, warnings) || 'no findings') + (compared.length > 0 && errors + warnings > 0 ? ` (${fresh.toLocaleString('en-US')} new)` : '');
    const verdict = report.passed ? paint(['bold', 'green'], 'PASSED') : paint(['bold', 'red'], 'FAILED');
    return `${verdict}: ${counts} in ${plural(report.images.length, 'image')} (fail-on: ${report.failOn})`;
}

;// CONCATENATED MODULE: ./src/report/output.ts





/** The formats a report is written in: the CLI's `--format`, the action's report (json) and sarif files. */
const REPORT_FORMATS = ['text', 'json', 'markdown', 'sarif'];
/** Large outputs go out in pieces of this many UTF-16 units, so backpressure is felt as they go. */
const output_CHUNK = 64 * 1024;
/** The report in one format. */
function renderReport(report, format, options) {
    return rendered(report, format, options).text;
}
/**
 * Renders the report and writes it to `sink`, in chunks; resolves to notes on what the output left
 * out (SARIF cut to GitHub's limits), for whoever runs it to show.
 */
async function writeReport(report, format, sink, options) {
    const { text, notes } = rendered(report, format, options);
    await writeChunks(sink, text);
    return notes;
}
function rendered(report, format, options) {
    const { rulesDocUrl } = options;
    switch (format) {
        case 'json':
            return { text: (0,json/* renderJson */.hF)(report), notes: [] };
        case 'markdown':
            return { text: renderSummary(report, { rulesDocUrl }), notes: [] };
        case 'sarif': {
            const log = renderSarif(report, { rulesDocUrl, ruleTitle: ruleTitle, toolVersion: TOOL_VERSION });
            return { text: sarifText(log), notes: sarifNotes(log) };
        }
        case 'text':
            return { text: renderText(report, options), notes: [] };
    }
}
/** Writes `text` in chunks, each awaited; never between the halves of a surrogate pair, as each chunk is encoded on its own. */
async function writeChunks(sink, text) {
    let at = 0;
    while (at < text.length) {
        let end = Math.min(at + output_CHUNK, text.length);
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff)
            end -= 1;
        await sink.write(text.slice(at, end));
        at = end;
    }
}

;// CONCATENATED MODULE: ./src/cli/args.ts






const USAGE = {
    main: `Usage: distroless-guard <command> [options]

Check built container images against a distroless policy, and look inside shell-less images.

Commands:
  check IMAGE...        check images against the policy (exit 0 passed, 1 failed, 2 unreadable input)
  ls IMAGE [PATH]       list the merged filesystem like tar -tv
  cat IMAGE PATH        write one file of the image to stdout
  diff BASE IMAGE       compare sizes, layers and directories of two images
  migrate IMAGE         plan the move to a distroless base and write its Dockerfile (exit 1 when it cannot)

IMAGE is docker-daemon:NAME[:TAG], docker-archive:PATH, oci-archive:PATH, oci:DIR[:REF],
docker://REGISTRY/NAME[:TAG|@DIGEST], or a bare path or engine image name.
Run 'distroless-guard <command> --help' for a command's options.`,
    check: `Usage: distroless-guard check [options] IMAGE...

IMAGE may be NAME=REF to give the image a stable name.

Options:
  --policy FILE        policy file (default .github/distroless.yml; the recommended preset when absent)
  --baseline REF       compare sizes and findings with an image or report:PATH (NAME=REF for one image; repeatable)
  --dockerfile PATH    Dockerfile for line numbers (NAME=PATH for one image; repeatable; default Dockerfile)
  --fail-on LEVEL      error | warning | never | new-error | new-warning (overrides the policy);
                       new-* fail only on findings the --baseline does not have
  --format FORMAT      text | json | markdown | sarif (default text)
  --platform P         only this platform, e.g. linux/amd64 (default: every platform)
  -h, --help           show this help`,
    ls: `Usage: distroless-guard ls [options] IMAGE [PATH]

Prints the merged filesystem as MODE UID/GID SIZE PATH[ -> TARGET], sorted by path.

Options:
  --json               one JSON object per line: path, type, mode, uid, gid, size, target
  --long               add the layer that last wrote each entry
  --layer N            one layer's own entries, whiteouts included (marked)
  --platform P         the platform to list (default: the first one)
  -h, --help           show this help`,
    cat: `Usage: distroless-guard cat [options] IMAGE PATH

Writes one file's content to stdout, following symlinks inside the image.

Options:
  --platform P         the platform to read (default: the first one)
  -h, --help           show this help`,
    diff: `Usage: distroless-guard diff [options] BASE IMAGE

Compares IMAGE with BASE (an image reference or report:PATH): sizes, layers, directories.

Options:
  --format FORMAT      text | json (default text)
  --platform P         the platform to compare (default: the first one)
  -h, --help           show this help`,
    migrate: `Usage: distroless-guard migrate [options] IMAGE

Plans IMAGE's move to a distroless base: the base its entry point needs, the files and libraries
to copy, and a multi-stage Dockerfile. Exit 0 plan written, 1 blocked (the entry point needs a
shell or a package manager), 2 unreadable input.

Options:
  --output DIR         write DIR/Dockerfile (the plan is printed either way)
  --from REF           the image the Dockerfile copies from (default: the engine name of a
                       docker-daemon: input, else a placeholder to replace)
  --format FORMAT      text | json | markdown (default text)
  --registry PATH      where the distroless images are (default gcr.io/distroless)
  --platform P         the platform to plan (default: the first one)
  -h, --help           show this help`,
};
/** Parses argv (without node and script) into one typed object, or a UserError naming the problem. */
function parseCliArgs(argv) {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help')
        return { command: 'help', topic: rest[0] };
    if (command === '--version' || command === '-v')
        return { command: 'version' };
    if (!(command in USAGE) || command === 'main')
        throw new errors.UserError(`unknown command "${command}"; expected check, ls, cat, diff or migrate (see --help)`);
    const { values, positionals } = parse(command, rest);
    if (values.help)
        return { command: 'help', topic: command };
    const platform = typeof values.platform === 'string' ? parsePlatform(values.platform) : undefined;
    switch (command) {
        case 'check': {
            if (positionals.length === 0)
                throw new errors.UserError('check: name at least one IMAGE');
            const failOn = values['fail-on'];
            if (failOn !== undefined && !types/* FAIL_ON_VALUES */.Qm.includes(failOn))
                throw new errors.UserError(`check: --fail-on must be one of ${types/* FAIL_ON_VALUES */.Qm.join(', ')}, not "${failOn}"`);
            return {
                command,
                images: positionals,
                policy: values.policy,
                baseline: values.baseline ?? [],
                dockerfile: values.dockerfile ?? [],
                failOn: failOn,
                format: format(values.format, REPORT_FORMATS, command),
                platform,
            };
        }
        case 'ls': {
            if (positionals.length < 1 || positionals.length > 2)
                throw new errors.UserError('ls: expected IMAGE [PATH]');
            // Digits only: Number() would read '' as 0 and '0x1' as 1.
            if (values.layer !== undefined && !/^[0-9]+$/.test(values.layer))
                throw new errors.UserError(`ls: --layer takes a layer number from 0, not "${values.layer}"`);
            const layer = values.layer === undefined ? undefined : Number(values.layer);
            return { command, image: positionals[0], path: positionals[1] ?? '/', json: !!values.json, long: !!values.long, layer, platform };
        }
        case 'cat':
            if (positionals.length !== 2)
                throw new errors.UserError('cat: expected IMAGE PATH');
            return { command, image: positionals[0], path: positionals[1], platform };
        case 'migrate':
            if (positionals.length !== 1)
                throw new errors.UserError('migrate: expected one IMAGE');
            return {
                command,
                image: positionals[0],
                output: values.output,
                from: values.from,
                format: format(values.format, MIGRATION_FORMATS, command),
                registry: values.registry,
                platform,
            };
        default:
            if (positionals.length !== 2)
                throw new errors.UserError('diff: expected BASE IMAGE');
            return { command: 'diff', base: positionals[0], image: positionals[1], format: format(values.format, ['text', 'json'], command), platform };
    }
}
function parse(command, args) {
    const common = { help: { type: 'boolean', short: 'h' }, platform: { type: 'string' } };
    const options = {
        check: {
            ...common,
            policy: { type: 'string' },
            baseline: { type: 'string', multiple: true },
            dockerfile: { type: 'string', multiple: true },
            'fail-on': { type: 'string' },
            format: { type: 'string' },
        },
        ls: { ...common, json: { type: 'boolean' }, long: { type: 'boolean' }, layer: { type: 'string' } },
        cat: common,
        diff: { ...common, format: { type: 'string' } },
        migrate: { ...common, output: { type: 'string' }, from: { type: 'string' }, format: { type: 'string' }, registry: { type: 'string' } },
    }[command];
    try {
        return (0,external_node_util_.parseArgs)({ args, options, allowPositionals: true, strict: true });
    }
    catch (error) {
        // Node's own wording is a paragraph about '--' and quoting; the option is what matters.
        const message = error.message;
        const unknown = /^Unknown option '([^']*)'/.exec(message);
        const missing = /^Option '(-[^' ]+)[^']*' argument (missing|is ambiguous)/.exec(message);
        const reason = unknown
            ? `unknown option ${unknown[1]}`
            : missing
                ? `${missing[1]} needs a value (write ${missing[1]}=VALUE for one that starts with -)`
                : message.split('\n')[0];
        throw new errors.UserError(`${command}: ${reason} (see distroless-guard ${command} --help)`);
    }
}
function format(value, allowed, command) {
    if (value === undefined)
        return allowed[0];
    if (!allowed.includes(value))
        throw new errors.UserError(`${command}: --format must be one of ${allowed.join(', ')}, not "${String(value)}"`);
    return value;
}

;// CONCATENATED MODULE: ./src/report/model.ts
/** Whether findings at these levels fail the check (a `new-*` level counts as its plain level here). */
function fails(level, failOn) {
    const threshold = plainLevel(failOn);
    if (threshold === 'never')
        return false;
    return threshold === 'warning' || level === 'error';
}
/** Whether `failOn` is a ratchet: it fails only on findings the baseline does not have. */
function isRatchet(failOn) {
    return failOn === 'new-error' || failOn === 'new-warning';
}
/** `new-error` is `error`, `new-warning` is `warning`; the others are themselves. */
function plainLevel(failOn) {
    return failOn === 'new-error' ? 'error' : failOn === 'new-warning' ? 'warning' : failOn;
}
/** Whether the ratchet is in force for an image: a `new-*` level and a baseline whose findings are known. */
function ratchetApplies(image) {
    return isRatchet(image.failOn) && image.baseline?.findingsKnown === true;
}
/** Whether this finding fails the image: at or above the level, and new when the ratchet is in force. */
function findingFails(finding, image) {
    return fails(finding.level, image.failOn) && (!ratchetApplies(image) || finding.new === true);
}

;// CONCATENATED MODULE: ./src/engine/subject.ts

/**
 * What a finding is about, normalized so it matches across runs (Finding.subject): a path as the
 * merged filesystem resolves it, so the same file reached through a changed symlink, a changed
 * PATH or a hard link is the same subject; a config key (`USER`, `CMD`, `ENV:NPM_TOKEN`); else
 * the message with its numbers blanked out, as sizes and counts move between runs.
 */
function subjectOf(raw, fs) {
    if (raw.path !== undefined)
        return resolvedPath(fs, raw.path);
    if (raw.setting !== undefined)
        return raw.envName === undefined ? raw.setting : `${raw.setting}:${raw.envName}`;
    return blankNumbers(raw.message);
}
/** `/bin/sh` → `/usr/bin/dash`; a path that does not resolve (gone, dangling) keeps its name under its resolved directory. */
function resolvedPath(fs, path) {
    const target = fs.resolve(path);
    // Hard links share one file: the path they were linked to stands for it, as the binary facts do.
    if (target)
        return target.node.linkedPath ?? target.path;
    const dir = external_node_path_.posix.dirname(path);
    if (dir === path)
        return path;
    const parent = fs.resolve(dir);
    return parent ? external_node_path_.posix.join(parent.path, external_node_path_.posix.basename(path)) : path;
}
/** Sizes, counts and layer indexes change between runs without changing what a message is about. */
function blankNumbers(text) {
    return text.replace(/\d+(?:[.,]\d+)*/g, '#');
}

;// CONCATENATED MODULE: ./src/engine/baseline.ts








/**
 * Loads a baseline for one image: `report:PATH` (a JSON report of an earlier run) or any image
 * reference. A registry baseline reads manifests and configs only, unless its uncompressed sizes
 * or its findings are needed.
 */
async function loadBaseline(text, imageName, platform, registry, options = {}) {
    if (text.startsWith('report:')) {
        const path = text.slice('report:'.length);
        let content;
        try {
            content = await (0,promises_.readFile)(path, 'utf8');
        }
        catch (error) {
            throw new errors.UserError(`baseline ${path}: cannot read the report (${(0,errors.messageOf)(error)})`);
        }
        // The reader brings ajv and the report schema: loaded only when a report is read.
        const { parseJsonReport } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(558)]).then(__webpack_require__.bind(__webpack_require__, 1558));
        const report = parseJsonReport(content, path);
        const candidates = report.images.filter((image) => image.name === imageName);
        const pool = candidates.length > 0 ? candidates : report.images.length === 1 ? report.images : [];
        const match = pool.find((image) => image.platform === formatPlatform(platform)) ?? pool[0];
        if (!match)
            throw new errors.UserError(`baseline ${path}: the report has no image named ${imageName} (it has: ${report.images.map((i) => i.name).join(', ')})`);
        return { reference: text, sizes: match.facts.sizes, filesRead: match.facts.filesRead, findings: match.findings };
    }
    const reference = (0,image_reference/* parseReference */.F2)(text);
    const source = openSource(reference, text, registry);
    const { rules } = options;
    const files = rules !== undefined || reference.transport !== 'docker' || options.needUncompressed === true;
    const images = await source.load({ platform, capture: rules?.capture ?? (() => undefined), files });
    const image = images.find((i) => formatPlatform(i.platform) === formatPlatform(platform)) ?? images[0];
    if (rules)
        return { reference: text, ...(await rules.check(image)) };
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
    // A baseline whose files were not read has no file findings: absent there does not mean new here.
    const findingsKnown = baseline.findings !== undefined && (baseline.filesRead || !facts.filesRead);
    const fixed = findingsKnown ? markNew(findings, baseline.findings ?? []) : undefined;
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
        findingsKnown,
        ...(fixed !== undefined ? { fixed } : {}),
    };
}
function delta(before, after) {
    return { before, after, delta: after - before, ...(before > 0 ? { percent: ((after - before) / before) * 100 } : {}) };
}
/**
 * Sets `new` on each finding: whether the baseline lacks it. Findings match by identity (rule and
 * subject; the image is matched by name already), never by layer, so a file moved to another
 * layer is not new. Where a rule reports one subject more than once (two size caps on `FROM`),
 * a finding saying the same first takes the baseline's like it, then any left of its subject.
 * A baseline from a release without subjects is matched by rule and path as found, or message.
 * Returns how many baseline findings are left unmatched: fixed since.
 */
function markNew(findings, before) {
    const legacy = before.some((finding) => finding.subject === undefined);
    const keyOf = legacy ? legacyKey : identityKey;
    const pool = new Map();
    for (const finding of before) {
        const key = keyOf(finding);
        pool.set(key, [...(pool.get(key) ?? []), blankNumbers(finding.message)]);
    }
    const unmatched = [];
    for (const finding of findings) {
        const left = pool.get(keyOf(finding)) ?? [];
        const same = left.indexOf(blankNumbers(finding.message));
        if (same >= 0) {
            left.splice(same, 1);
            finding.new = false;
        }
        else
            unmatched.push(finding);
    }
    for (const finding of unmatched) {
        const left = pool.get(keyOf(finding)) ?? [];
        finding.new = left.length === 0;
        left.pop();
    }
    return [...pool.values()].reduce((sum, left) => sum + left.length, 0);
}
function identityKey(finding) {
    return `${finding.rule}\0${finding.subject ?? blankNumbers(finding.message)}`;
}
/** How releases before subjects matched: rule and path as found (or message with numbers removed). */
function legacyKey(finding) {
    return `${finding.rule}\0${finding.path ?? finding.message.replace(/[0-9.,]+/g, '#')}`;
}

;// CONCATENATED MODULE: ./src/engine/locate.ts


const NAMED_SETTINGS = new Set(['ARG', 'ENV', 'LABEL']);
/** Maps findings to the Dockerfile line that caused them; no line rather than a wrong one. */
class FindingLocator {
    dockerfile;
    config;
    layerInstructions;
    historySteps;
    settings;
    constructor(dockerfile, config, layerCount) {
        this.dockerfile = dockerfile;
        this.config = config;
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
        if (finding.setting) {
            const { setting, envName, historyIndex } = finding;
            // A setting recorded in history (an ENV changed later) is the instruction that wrote that entry, not the last one.
            if (historyIndex !== undefined && envName !== undefined && (setting === 'ENV' || setting === 'LABEL' || setting === 'ARG'))
                instruction = (this.settings ??= settingLocator(this.config.history, this.dockerfile))(historyIndex, setting, envName);
            instruction ??= setting === 'FROM' ? this.dockerfile.finalStage.from : configInstruction(this.dockerfile, setting, envName);
        }
        else if (finding.historyIndex !== undefined)
            instruction = this.stepAt(finding.historyIndex);
        else if (finding.layer !== undefined)
            instruction = this.layerInstructions[finding.layer];
        if (!instruction)
            return undefined;
        return { file: this.dockerfile.path, line: instruction.line, endLine: instruction.endLine, text: shownText(instruction) };
    }
    /** The RUN, COPY, ADD or WORKDIR behind a history entry, whether it made a layer or not. */
    stepAt(historyIndex) {
        if (!this.dockerfile || !Array.isArray(this.config.history))
            return undefined;
        this.historySteps ??= alignSteps(this.config.history, this.dockerfile).matched;
        return this.historySteps.get(historyIndex);
    }
}
/**
 * The instruction as written, with its secrets replaced by markers: the Dockerfile itself may hold
 * one (`ARG TOKEN=ghp_…`), and reports print this text.
 */
function shownText(instruction) {
    const text = `${instruction.keyword} ${instruction.text}`.trim();
    const spans = (0,secret_tokens/* tokenSpans */.Nl)(text);
    if (NAMED_SETTINGS.has(instruction.keyword)) {
        for (const arg of instruction.args) {
            const at = arg.indexOf('=');
            const value = arg.slice(at + 1);
            if (at === -1 || !(0,secret_tokens/* isNamedSecret */.uz)(arg.slice(0, at), value))
                continue;
            const kind = (0,secret_tokens/* tokenKindOf */.jX)(value) ?? secret_tokens/* NAMED_SECRET_KIND */.ME;
            for (let found = text.indexOf(value); found !== -1; found = text.indexOf(value, found + value.length))
                spans.push({ kind, start: found, end: found + value.length });
        }
    }
    return spans.length === 0 ? text : (0,secret_tokens/* redactSpans */.t)(text, spans);
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
            throw new errors.UserError(`${path}: the Dockerfile for ${input.name} does not exist`);
        notices.push(`no ${path} found: findings for ${input.name} are reported without Dockerfile lines`);
        return undefined;
    }
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors.UserError(`${path}: cannot read the Dockerfile (${(0,errors.messageOf)(error)})`);
    }
    // Imported here: the Dockerfile parser is large, and most runs of the CLI have no Dockerfile to read.
    const { parseDockerfile } = await Promise.all(/* import() */[__webpack_require__.e(839), __webpack_require__.e(714)]).then(__webpack_require__.bind(__webpack_require__, 8714));
    return parseDockerfile(text, path);
}
async function checkImage(input, image, dockerfile, options, notices) {
    const imagePolicy = (0,resolve/* policyForImage */.hX)(options.policy, { name: input.name, reference: input.reference });
    const failOn = options.failOn ?? imagePolicy.failOn;
    const gathered = gatherFacts(image, {
        ...(0,src_rules/* factOptionsFor */.k)(imagePolicy.rules),
        dockerfileBase: dockerfile?.finalStage.baseImage,
    });
    const { facts } = gathered;
    const baseline = input.baseline
        ? await loadBaseline(input.baseline, input.name, image.platform, options.registry, {
            needUncompressed: facts.sizes.compressed === undefined,
            // The ratchet compares findings: a baseline image is checked with the same policy.
            ...(isRatchet(failOn)
                ? { rules: { capture: captureForFacts, check: (base) => Promise.resolve(checkBaseline(input, base, options)) } }
                : {}),
        })
        : undefined;
    const { findings, waived } = runRules(input, image, gathered, imagePolicy.rules, { policy: options.policy, dockerfile, baseline });
    if (!facts.filesRead)
        notices.push(`${input.name}: the image's files could not be read, so file rules were skipped`);
    const comparison = baseline ? compareWithBaseline(facts, findings, baseline) : undefined;
    if (isRatchet(failOn) && comparison?.findingsKnown !== true)
        notices.push(ratchetWithoutFindings(input, failOn));
    const errors = findings.filter((f) => f.level === 'error').length;
    const warnings = findings.length - errors;
    const verdict = { failOn, ...(comparison ? { baseline: comparison } : {}) };
    return {
        name: input.name,
        reference: input.reference,
        platform: formatPlatform(image.platform),
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
        passed: !findings.some((finding) => findingFails(finding, verdict)),
        ...verdict,
        facts,
    };
}
/** The baseline image through the same rules and policy (as the image it stands for), for the ratchet. */
function checkBaseline(input, image, options) {
    const rules = (0,resolve/* policyForImage */.hX)(options.policy, { name: input.name, reference: input.reference }).rules;
    const gathered = gatherFacts(image, (0,src_rules/* factOptionsFor */.k)(rules));
    const { findings } = runRules(input, image, gathered, rules, { policy: options.policy });
    return { sizes: gathered.facts.sizes, filesRead: gathered.facts.filesRead, findings };
}
function ratchetWithoutFindings(input, failOn) {
    const plain = plainLevel(failOn);
    const why = input.baseline
        ? `the baseline ${input.baseline} has no file findings to compare with (its files were not read)`
        : 'there is no baseline to compare with';
    return `${input.name}: fail-on ${failOn} acts as fail-on ${plain}, as ${why}; give a baseline (report:PATH of the base branch, or its image) to fail only on new findings`;
}
/** Every rule the policy turns on, its findings given their level, Dockerfile line and subject; exceptions applied. */
function runRules(input, image, { facts, fs }, settings, context) {
    const { baseline } = context;
    const locator = new FindingLocator(context.dockerfile, image.config, image.layers.length);
    const findings = [];
    let waived = 0;
    for (const id of types/* RULE_IDS */.Iu) {
        const setting = settings[id];
        if (setting.level === 'off')
            continue;
        const rule = src_rules/* RULES */.y0[id];
        if (rule.needsFiles && !facts.filesRead)
            continue;
        const ruleContext = {
            facts,
            options: setting.options,
            architecture: normalizePlatform({ os: 'linux', architecture: image.config.architecture }).architecture,
            baseline: baseline && {
                reference: baseline.reference,
                compressed: baseline.sizes.compressed,
                uncompressed: baseline.filesRead ? baseline.sizes.uncompressed : undefined,
            },
        };
        for (const raw of rule.check(ruleContext)) {
            if ((0,resolve/* findException */.NB)(context.policy, { rule: id, path: raw.path, fingerprint: raw.fingerprint, image: input.name })) {
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
                ...(raw.fingerprint !== undefined ? { fingerprint: raw.fingerprint } : {}),
                subject: subjectOf(raw, fs),
            });
        }
    }
    return { findings, waived };
}

;// CONCATENATED MODULE: ./src/engine/inspect.ts









/** `cat` reads files up to this size. */
const CAT_LIMIT = 1024 * 1024 * 1024;
/** What `cat` may keep, in all, of files that are not the path asked for but may be where it leads. */
const CAT_GUESS_LIMIT = 64 * 1024 * 1024;
async function loadImage(target, capture) {
    const images = await openSource((0,image_reference/* parseReference */.F2)(target.reference), target.reference, {}).load({ platform: target.platform, capture, files: true });
    return images[0];
}
/**
 * The entries under `path` (the path as the user wrote it): of the merged filesystem in path
 * order, or of one layer's own entries, whiteouts included.
 */
async function listImage(target, path, layer) {
    const image = await loadImage(target, () => undefined);
    const wanted = external_node_path_.posix.join('/', path);
    if (layer !== undefined) {
        const index = image.layerIndexes[layer];
        if (!index)
            throw new errors.UserError(`${target.reference}: there is no layer ${layer} (the image has ${image.layerIndexes.length}, numbered from 0)`);
        const rows = [
            ...index.entries.map((entry) => ({ ...listedEntry(entry), layer })),
            ...index.whiteouts.map((w) => ({
                path: w.opaque ? external_node_path_.posix.join(w.path, '.wh..wh..opq') : w.path,
                type: 'file',
                mode: 0,
                uid: 0,
                gid: 0,
                size: 0,
                layer,
                whiteout: true,
            })),
        ];
        // A layer's own entries are not merged, so PATH is a plain prefix here, not resolved through symlinks.
        const inside = rows.filter((row) => wanted === '/' || row.path === wanted || row.path.startsWith(`${wanted}/`));
        return inside.sort((a, b) => comparePaths(a.path, b.path));
    }
    const fs = MergedFilesystem.merge(image.layerIndexes);
    const node = fs.lstat(wanted);
    if (!node && wanted !== '/')
        throw new errors.UserError(`${target.reference}: ${path} ${missingReason(fs, wanted)}`);
    // Like ls: a symlink to a directory lists the directory; any other symlink is shown itself.
    if (node?.type === 'symlink' && fs.resolve(wanted)?.node.type !== 'dir')
        return [node];
    return fs.walk(wanted);
}
/** The bytes of one file (`path` as the user wrote it), symlinks and hard links followed inside the image. */
async function readImageFile(target, path) {
    const wanted = path.startsWith('/') ? path : `/${path}`;
    let fs = MergedFilesystem.merge((await loadImage(target, catCapture(wanted))).layerIndexes);
    const found = fs.resolve(wanted);
    if (!found)
        throw new errors.UserError(`${target.reference}: ${path} ${missingReason(fs, wanted)}`);
    if (found.node.type === 'dir')
        throw new errors.UserError(`${target.reference}: ${path} is a directory (use ls)`);
    if (found.node.type !== 'file' && found.node.type !== 'hardlink')
        throw new errors.UserError(`${target.reference}: ${path} is a ${found.node.type}, not a regular file`);
    if (!fs.captured(wanted)) {
        // Links led to a file of another name, which only a second read can keep.
        const real = found.node.linkedPath ?? found.path;
        const stored = fs.contentPath(real);
        const image = await loadImage(target, (candidate) => (candidate === stored || candidate === real ? new HeadCollector(CAT_LIMIT) : undefined));
        fs = MergedFilesystem.merge(image.layerIndexes);
    }
    const file = fs.captured(wanted);
    if (!file)
        throw new errors.UserError(`${target.reference}: could not read ${path}`);
    if (file.truncated)
        throw new errors.UserError(`${target.reference}: ${path} is larger than ${CAT_LIMIT} bytes`);
    return file.head;
}
/**
 * What `cat` keeps as the layers stream past. Where a path leads is only known once every layer is
 * merged (a later layer may add a symlink on the way), so besides the path itself it keeps, whole,
 * files of the same name elsewhere, up to CAT_GUESS_LIMIT bytes in all: the usual links, of a
 * directory (`/bin` → `usr/bin`) or to a file of the same name (`/etc/os-release`), lead to one of them.
 */
function catCapture(wanted) {
    const name = external_node_path_.posix.basename(wanted);
    let guessBytes = CAT_GUESS_LIMIT;
    return (path, entry) => {
        if (path === wanted)
            return new HeadCollector(CAT_LIMIT);
        if (entry.name !== name || entry.size > guessBytes)
            return undefined;
        guessBytes -= entry.size;
        return new HeadCollector(entry.size);
    };
}
/** Why a path cannot be shown: usually it is not there; a symlink loop says so. */
function missingReason(fs, path) {
    const reason = fs.whyMissing(path);
    return !reason || /no such file/i.test(reason) ? 'does not exist in the image' : `cannot be read in the image (${reason})`;
}
/** Sizes, layers and directories of the image against `base` (an image reference or `report:PATH`). */
async function compareImages(target, base) {
    const image = await loadImage(target, () => undefined);
    const { facts } = gatherFacts(image);
    // diff shows directories too, which only a baseline's layers tell.
    const baseline = await loadBaseline(base, target.reference, image.platform, {}, { needUncompressed: true });
    return { sizes: facts.sizes, comparison: compareWithBaseline(facts, [], baseline) };
}

;// CONCATENATED MODULE: ./src/engine/policy-file.ts



const DEFAULT_POLICY_PATH = '.github/distroless.yml';
/**
 * The policy at `path`; when the default file does not exist the recommended preset applies,
 * and `notice` says so in one line. A policy the user named must exist.
 */
async function policyFromFile(path) {
    const file = path ?? DEFAULT_POLICY_PATH;
    if ((0,external_node_fs_.existsSync)(file)) {
        const { loadPolicy } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(815), __webpack_require__.e(999)]).then(__webpack_require__.bind(__webpack_require__, 6999));
        return { policy: await loadPolicy(file) };
    }
    if (path !== undefined && path !== DEFAULT_POLICY_PATH)
        throw new errors.UserError(`${path}: the policy file does not exist`);
    return { policy: (0,presets/* builtinPolicy */.Kp)('recommended'), notice: `no ${file} found: using the built-in recommended policy` };
}

;// CONCATENATED MODULE: ./src/report/diff.ts


function signed(bytes) {
    return `${bytes > 0 ? '+' : bytes < 0 ? '-' : '±'}${(0,common_sizes/* formatSize */.Xq)(Math.abs(bytes))}`;
}
function deltaText(delta) {
    const percent = delta.percent === undefined ? '' : ` (${delta.percent >= 0 ? '+' : ''}${delta.percent.toFixed(1)}%)`;
    return `${(0,common_sizes/* formatSize */.Xq)(delta.before)} -> ${(0,common_sizes/* formatSize */.Xq)(delta.after)}  ${signed(delta.delta)}${percent}`;
}
/** The terminal view of `distroless-guard diff`. */
function renderDiffText(image, sizes, comparison, options) {
    const paint = (style, text) => (options.color ? (0,external_node_util_.styleText)(style, text) : text);
    const lines = [paint('bold', `${image} against ${comparison.reference}`)];
    if (comparison.compressed)
        lines.push(`  compressed    ${deltaText(comparison.compressed)}`);
    if (comparison.uncompressed)
        lines.push(`  uncompressed  ${deltaText(comparison.uncompressed)}`);
    lines.push(`  layers        ${sizes.layers.length} (${comparison.layers.shared} shared, ${comparison.layers.added.length} added, ${comparison.layers.removed.length} removed)`);
    for (const layer of comparison.layers.added)
        lines.push(paint('green', `    + layer ${layer.index}  ${(0,common_sizes/* formatSize */.Xq)(layer.size).padStart(10)}  ${layer.instruction ?? layer.diffId ?? ''}`));
    for (const layer of comparison.layers.removed)
        lines.push(paint('red', `    - layer ${layer.index}  ${(0,common_sizes/* formatSize */.Xq)(layer.size).padStart(10)}  ${layer.diffId ?? ''}`));
    if (comparison.directories.length > 0) {
        lines.push('  directories');
        for (const dir of comparison.directories.slice(0, 15))
            lines.push(`    ${signed(dir.delta).padStart(12)}  ${dir.path}`);
    }
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/cli/commands.ts











/** `check`: exit 0 passed, 1 failed. */
async function runCheck(args, out, err) {
    const { policy, notice } = await policyFromFile(args.policy);
    const images = imageInputs({
        images: args.images,
        baseline: args.baseline,
        dockerfile: args.dockerfile,
        defaultDockerfile: 'Dockerfile',
        workspace: process.cwd(),
        label: { images: 'check', baseline: '--baseline', dockerfile: '--dockerfile' },
    });
    const report = await check({ images, policy, failOn: args.failOn, platform: args.platform, registry: {} });
    // Only once the images were read: an unreadable input ends with its one error line and nothing else.
    if (notice)
        await err.write(`${notice}\n`);
    if (args.format !== 'text')
        for (const line of report.notices)
            await err.write(`note: ${line}\n`);
    // Not an action step: rule links go to the docs of the release package.json names.
    for (const line of await writeReport(report, args.format, out, { color: out.color, rulesDocUrl: rulesDocUrls({}) }))
        await err.write(`note: ${line}\n`);
    return report.passed ? 0 : 1;
}
const TYPE_CHAR = { file: '-', dir: 'd', symlink: 'l', hardlink: 'h', char: 'c', block: 'b', fifo: 'p' };
function modeString(type, mode) {
    const bits = 'rwxrwxrwx'.split('').map((ch, i) => ((mode >> (8 - i)) & 1 ? ch : '-'));
    if (mode & 0o4000)
        bits[2] = bits[2] === 'x' ? 's' : 'S';
    if (mode & 0o2000)
        bits[5] = bits[5] === 'x' ? 's' : 'S';
    if (mode & 0o1000)
        bits[8] = bits[8] === 'x' ? 't' : 'T';
    return TYPE_CHAR[type] + bits.join('');
}
function lsLine(node, args) {
    if (args.json) {
        return JSON.stringify({
            path: node.path,
            type: node.whiteout ? 'whiteout' : node.type,
            mode: node.mode,
            uid: node.uid,
            gid: node.gid,
            size: node.size,
            target: node.target ?? null,
            ...(args.long ? { layer: node.layer } : {}),
        });
    }
    const target = node.type === 'symlink' ? ` -> ${node.target}` : node.type === 'hardlink' ? ` link to ${node.target}` : '';
    const layer = args.long ? `${String(node.layer).padStart(3)} ` : '';
    const mode = node.whiteout ? 'whiteout  ' : modeString(node.type, node.mode);
    return `${layer}${mode} ${node.uid}/${node.gid} ${String(node.size).padStart(10)} ${node.path}${target}`;
}
/** `ls`: the merged filesystem (or one layer's entries) like `tar -tv`. */
async function runLs(args, out) {
    const nodes = await listImage({ reference: args.image, platform: args.platform }, args.path, args.layer);
    await writeLines(out, nodes, (node) => lsLine(node, args));
    return 0;
}
/** Writes lines in batches: a write per line made printing most of the cost of `ls` on a large image. */
async function writeLines(out, items, line) {
    let batch = '';
    for (const item of items) {
        batch += `${line(item)}\n`;
        if (batch.length >= 64 * 1024) {
            await out.write(batch);
            batch = '';
        }
    }
    if (batch)
        await out.write(batch);
}
/** `cat`: one file's bytes, symlinks followed inside the image. */
async function runCat(args, out) {
    await out.write(await readImageFile({ reference: args.image, platform: args.platform }, args.path));
    return 0;
}
/** `diff`: sizes, layers and directories of IMAGE against BASE. */
async function runDiff(args, out) {
    const { sizes, comparison } = await compareImages({ reference: args.image, platform: args.platform }, args.base);
    const text = args.format === 'json'
        ? `${JSON.stringify({ image: args.image, base: args.base, ...comparison }, null, 2)}\n`
        : renderDiffText(args.image, sizes, comparison, { color: out.color });
    await writeChunks(out, text);
    return 0;
}
/** `migrate`: exit 0 plan written, 1 blocked. */
async function runMigrate(args, out, err) {
    const plan = await migrate({
        image: args.image,
        from: args.from,
        registry: args.registry,
        platform: args.platform,
        log: (line) => {
            if (!line.startsWith('reading '))
                void err.write(`note: ${line}\n`);
        },
    });
    let written;
    if (args.output !== undefined && plan.dockerfile) {
        written = (0,external_node_path_.join)(args.output, 'Dockerfile');
        try {
            await (0,promises_.mkdir)(args.output, { recursive: true });
            await (0,promises_.writeFile)(written, plan.dockerfile);
        }
        catch (error) {
            throw new errors.UserError(`${written}: cannot write the Dockerfile (${(0,errors.messageOf)(error)})`);
        }
    }
    await writeChunks(out, renderMigration(plan, args.format, { written }));
    return plan.status === 'planned' ? 0 : 1;
}

;// CONCATENATED MODULE: ./src/cli/program.ts
// The CLI program itself, free of process globals: src/cli/main.ts runs it in the worker thread
// with the process's streams, tests run it in-process with buffers.




async function dispatch(argv, out, err) {
    const args = parseCliArgs(argv);
    switch (args.command) {
        case 'help':
            await out.write(`${USAGE[args.topic ?? 'main'] ?? USAGE.main}\n`);
            return 0;
        case 'version':
            await out.write(`${TOOL_VERSION}\n`);
            return 0;
        case 'check':
            return runCheck(args, out, err);
        case 'ls':
            return runLs(args, out);
        case 'cat':
            return runCat(args, out);
        case 'diff':
            return runDiff(args, out);
        case 'migrate':
            return runMigrate(args, out, err);
    }
}
/** `distroless-guard ARGV`; resolves to the exit status. The one error boundary: a UserError is one line and exit 2; anything else is a bug, with its stack. */
async function runCli(argv, out, err) {
    try {
        return await dispatch(argv, out, err);
    }
    catch (error) {
        await err.write(`distroless-guard: ${(0,errors.failureMessage)(error)}\n`);
        return 2;
    }
}


/***/ }),

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

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UserError: () => (/* binding */ UserError),
/* harmony export */   failureMessage: () => (/* binding */ failureMessage),
/* harmony export */   messageOf: () => (/* binding */ messageOf)
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

/***/ 3618:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ji: () => (/* binding */ pathDirectories),
/* harmony export */   Ke: () => (/* binding */ PACKAGE_MANAGER_NAMES),
/* harmony export */   YG: () => (/* binding */ SHELL_NAMES),
/* harmony export */   lP: () => (/* binding */ findBinaries)
/* harmony export */ });
/* unused harmony exports USUAL_BIN_DIRS, DEFAULT_PATH */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

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
    const wanted = typeof names === 'function' ? undefined : new Set(names);
    const seenDirs = new Set();
    const seenFiles = new Set();
    const found = [];
    for (const dir of [...pathDirs, ...USUAL_BIN_DIRS]) {
        const realDir = fs.resolve(dir);
        if (!realDir || realDir.node.type !== 'dir' || seenDirs.has(realDir.path))
            continue;
        seenDirs.add(realDir.path);
        for (const name of fs.list(dir)) {
            // A plain list is decided before any lookup: bin directories hold thousands of names.
            if (wanted && !wanted.has(name))
                continue;
            const path = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(dir, name);
            const target = fs.resolve(path);
            if (!target || (target.node.type !== 'file' && target.node.type !== 'hardlink'))
                continue;
            // Hard links share one file: the path they were linked to stands for it.
            const realPath = target.node.linkedPath ?? target.path;
            if (typeof names === 'function' && !names(name, node_path__WEBPACK_IMPORTED_MODULE_0__.posix.basename(realPath)))
                continue;
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


/***/ }),

/***/ 7722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AS: () => (/* binding */ SECRET_NAMES),
/* harmony export */   GY: () => (/* binding */ findTokens),
/* harmony export */   ME: () => (/* binding */ NAMED_SECRET_KIND),
/* harmony export */   Nl: () => (/* binding */ tokenSpans),
/* harmony export */   Oj: () => (/* binding */ redactTokens),
/* harmony export */   ax: () => (/* binding */ fingerprintOf),
/* harmony export */   jX: () => (/* binding */ tokenKindOf),
/* harmony export */   t: () => (/* binding */ redactSpans),
/* harmony export */   uz: () => (/* binding */ isNamedSecret),
/* harmony export */   wK: () => (/* binding */ isPlaceholder)
/* harmony export */ });
/* unused harmony exports TOKEN_FORMATS, isSecretName, isFileReference, redactionMarker */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Credential formats recognised in any text (file contents, history, labels, ENV values), and the
 * fingerprint findings name a secret by. A match gives positions, never a copy of the value to
 * print: whoever reports it prints `fingerprintOf(value)` and the kind.
 */


/** Formats issued with a recognisable prefix: a match is a credential, not a guess from a name. */
const TOKEN_FORMATS = [
    { kind: 'an AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
    { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
    { kind: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
    { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
    { kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
    { kind: 'a PyPI token', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g },
    { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
    { kind: 'a Stripe live key', pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{24,}\b/g },
    { kind: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/g },
    // scheme://user:password@host; the password is the secret (git's `https://TOKEN:x-oauth-basic@` puts it in the user).
    {
        kind: 'a password in a URL',
        pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/(?<user>[^\s:/@'"`<>]{1,256}):(?<secret>[^\s:/@'"`<>]{1,256})@[A-Za-z0-9.-]/g,
    },
];
/** Variable names that suggest a credential (picomatch globs, matched without case): ENV, build arguments, .env files. */
const SECRET_NAMES = [
    '*SECRET*',
    '*_TOKEN',
    'TOKEN',
    '*PASSWORD*',
    '*PASSWD*',
    '*API_KEY*',
    '*APIKEY*',
    '*PRIVATE_KEY*',
    '*ACCESS_KEY*',
    '*CREDENTIAL*',
];
/** Values that stand in for a secret in docs and templates: `${TOKEN}`, `$PASSWORD`, `<password>`, `****`, `xxxx`. */
function isPlaceholder(value) {
    if (TEMPLATE.test(value) || PLACEHOLDER_WORDS.test(value))
        return true;
    // One character repeated after the format's prefix (ghp_xxxxxxxx…, ******): a template, not a key.
    const body = value.replace(FORMAT_PREFIX, '');
    return body.length > 0 && fewCharacters(body, 2);
}
const TEMPLATE = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|<[^>]*>|%[A-Za-z_]+%|\{\{.*\}\})$/;
const PLACEHOLDER_WORDS = /EXAMPLE|PLACEHOLDER|CHANGEME|YOUR_?[A-Z]*|REDACTED/i;
const FORMAT_PREFIX = /^[a-z]+[_-]|^github_pat_|^(?:AKIA|ASIA)/;
/** Whether `text` has at most `most` distinct characters (without building a set of them: this runs on every match). */
function fewCharacters(text, most) {
    const seen = [];
    for (const char of text) {
        if (seen.includes(char))
            continue;
        if (seen.length === most)
            return false;
        seen.push(char);
    }
    return true;
}
/** A literal each of TOKEN_FORMATS contains (kept in step with them; the tests run every format through it). */
const ANY_FORMAT = /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|npm_|pypi-|AIza|_live_|PRIVATE KEY|:\/\//;
/**
 * Every credential-shaped token in `text`, placeholders left out. `x-oauth-basic` and friends
 * mark the user part as the token of a URL.
 */
function findTokens(text) {
    // One pass for what every format starts with; most text has none, and then ten searches are saved.
    if (!ANY_FORMAT.test(text))
        return [];
    const matches = [];
    for (const { kind, pattern } of TOKEN_FORMATS) {
        // exec on the shared pattern, not matchAll (which copies the pattern for every call).
        pattern.lastIndex = 0;
        for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
            let start = match.index;
            let value = match[0];
            const groups = match.groups;
            if (groups?.secret !== undefined && groups.user !== undefined) {
                const userIsToken = /^(?:x-oauth-basic|x-access-token|oauth2|git|token)$/i.test(groups.secret);
                value = userIsToken ? groups.user : groups.secret;
                start = match.index + match[0].indexOf(userIsToken ? `//${groups.user}` : `:${groups.secret}@`) + (userIsToken ? 2 : 1);
            }
            if (kind !== 'a private key' && isPlaceholder(value))
                continue;
            matches.push({ kind, start, end: start + value.length });
        }
    }
    return matches.sort((a, b) => a.start - b.start);
}
/** The kind of the first credential in `value`, as no-secrets-in-env words it. */
function tokenKindOf(value) {
    return findTokens(value)[0]?.kind;
}
/**
 * Enough to tell two secrets apart and to write an exception, never enough to use one: the first
 * four characters (a format's prefix, most often), the length and a hash prefix.
 */
function fingerprintOf(value) {
    const text = typeof value === 'string' ? value : value.toString('latin1');
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(value).digest('hex').slice(0, 12);
    // A short password's first characters are too much of it.
    const head = text.length >= 20 ? text.slice(0, 4).replace(/[^\x21-\x7e]/g, '?') : '';
    return `${head}…(${text.length} chars, sha256:${hash})`;
}
const secretName = picomatch__WEBPACK_IMPORTED_MODULE_1___default()([...SECRET_NAMES], { nocase: true });
/** Whether `name` is one of `SECRET_NAMES`. */
function isSecretName(name) {
    return secretName(name);
}
/** An absolute path with no spaces: where a secret is kept (`DB_PASSWORD_FILE=/run/secrets/db`), not the secret. */
function isFileReference(value) {
    return /^\/\S*$/.test(value);
}
/** Values a credential-named variable holds when it is a switch, not a secret: `USE_SECRETS=false`, `TOKEN_TTL=3600`. */
function isSwitch(value) {
    return /^(?:true|false|yes|no|on|off|none|null|[0-9]{1,6})$/i.test(value);
}
/**
 * Whether `value` of a variable named `name` is a secret going by the name alone: a credential
 * name (`isNamed`, `isSecretName` by default) with a value that is not empty, a placeholder, a file
 * path or a switch.
 */
function isNamedSecret(name, value, isNamed = isSecretName) {
    return value !== '' && isNamed(name) && !isFileReference(value) && !isPlaceholder(value) && !isSwitch(value);
}
/** The kind a secret found by its variable's name goes by, in findings and redaction markers. */
const NAMED_SECRET_KIND = 'a value named as a credential';
/** What a report prints in place of a secret: its kind and fingerprint, never the value. */
function redactionMarker(kind, value) {
    return `<redacted: ${kind} ${fingerprintOf(value)}>`;
}
/** `text` with each span (sorted or not, overlaps merged into the first) replaced by its marker. */
function redactSpans(text, spans) {
    let out = '';
    let at = 0;
    for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
        if (span.end <= at)
            continue;
        const start = Math.max(span.start, at);
        out += text.slice(at, start) + redactionMarker(span.kind, text.slice(start, span.end));
        at = span.end;
    }
    return out + text.slice(at);
}
/**
 * What to hide of each token in `text`: the token itself, and for a private key the whole block
 * from its BEGIN line to its END line (to the end of the text without one), not just the header.
 */
function tokenSpans(text) {
    return findTokens(text).map((match) => {
        if (match.kind !== 'a private key')
            return match;
        const end = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/g;
        end.lastIndex = match.end;
        const found = end.exec(text);
        return { ...match, end: found ? found.index + found[0].length : text.length };
    });
}
/** `text` with every credential-shaped token replaced by its marker. */
function redactTokens(text) {
    const spans = tokenSpans(text);
    return spans.length === 0 ? text : redactSpans(text, spans);
}


/***/ }),

/***/ 8703:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ parseShebang),
/* harmony export */   y: () => (/* binding */ SHEBANG_BUFFER)
/* harmony export */ });
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


/***/ }),

/***/ 2652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D6: () => (/* binding */ toolTest),
/* harmony export */   Gu: () => (/* binding */ languageToolOf),
/* harmony export */   Xj: () => (/* binding */ scriptInterpreters),
/* harmony export */   f$: () => (/* binding */ findTools)
/* harmony export */ });
/* unused harmony export LANGUAGE_TOOLS */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _binaries_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3618);
/* harmony import */ var _shebang_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8703);
/**
 * Language package managers and build tools: what a build stage needs and a final image does not
 * (pip, npm, gem, composer; compilers, make, git, the Go and Rust toolchains).
 */



/** A version suffix as Debian and upstream installers write it: `gcc-12`, `clang++-17`. */
const VERSION = String.raw `(?:-[0-9]+(?:\.[0-9]+)*)?`;
/** A GNU target prefix: `x86_64-linux-gnu-gcc-12`, `x86_64-alpine-linux-musl-gcc`. */
const TARGET = String.raw `(?:[a-z0-9_]+-(?:[a-z0-9_]+-)?linux-[a-z0-9_]+-)?`;
const LANGUAGE_TOOLS = [
    // pip, pip3, pip3.11 (Debian's python3-pip and python:3 images install all three).
    { what: 'Python package manager', ecosystem: 'python', kind: 'package-manager', names: /^(?:pip(?:[0-9]+(?:\.[0-9]+)?)?|pipx)$/ },
    {
        what: 'Node.js package manager',
        ecosystem: 'node',
        kind: 'package-manager',
        names: /^(?:npm|npx|yarn|yarnpkg|pnpm|pnpx|corepack)$/,
        // node images link npm -> ../lib/node_modules/npm/bin/npm-cli.js, corepack -> …/corepack/dist/corepack.js.
        files: /^(?:npm-cli|npx-cli|corepack|yarn|pnpm)\.c?js$/,
    },
    { what: 'Ruby package manager', ecosystem: 'ruby', kind: 'package-manager', names: /^(?:gem|bundle|bundler)$/ },
    { what: 'PHP package manager', ecosystem: 'php', kind: 'package-manager', names: /^composer(?:\.phar)?$/ },
    { what: 'C/C++ compiler', ecosystem: 'c', kind: 'build-tool', names: new RegExp(`^${TARGET}(?:cc|c\\+\\+|gcc|g\\+\\+|clang|clang\\+\\+)${VERSION}$`) },
    { what: 'Rust toolchain', ecosystem: 'rust', kind: 'build-tool', names: /^(?:cargo|rustc|rustup)$/ },
    { what: 'Go toolchain', ecosystem: 'go', kind: 'build-tool', names: /^go$/ },
    { what: 'Java build tool', ecosystem: 'java', kind: 'build-tool', names: /^(?:javac|mvn|gradle)$/ },
    { what: 'build tool', ecosystem: 'build', kind: 'build-tool', names: /^(?:make|gmake|cmake|ninja)$/ },
    { what: 'version control tool', ecosystem: 'git', kind: 'build-tool', names: /^git$/ },
];
/** The tool a program is, by its name or (through symlinks) the name of its file. */
function languageToolOf(binary) {
    const realName = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.basename(binary.realPath);
    return (LANGUAGE_TOOLS.find((tool) => tool.names.test(binary.name)) ??
        LANGUAGE_TOOLS.find((tool) => tool.files?.test(realName) === true || tool.names.test(realName)));
}
/** Programs that are tools of this kind, or carry one of the extra names a policy adds. */
function toolTest(kind, extraNames = []) {
    const extra = new Set(extraNames);
    return (name, realName) => extra.has(name) || languageToolOf({ name, realPath: realName })?.kind === kind;
}
/**
 * Every executable script among `executables` (the image's executable files) with an absolute `#!` interpreter (a relative one depends
 * on where the script is run from). The heads are already captured for every executable file.
 */
function scriptInterpreters(fs, executables) {
    const scripts = [];
    for (const node of executables) {
        const head = fs.captured(node.path)?.head;
        const shebang = head ? (0,_shebang_js__WEBPACK_IMPORTED_MODULE_2__/* .parseShebang */ .A)(head) : undefined;
        if (shebang?.interpreter.startsWith('/'))
            scripts.push({ script: node.path, interpreter: node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(shebang.interpreter) });
    }
    return scripts;
}
/**
 * The tools `test` wants: by name in the bin directories (through symlinks, `npm` -> `npm-cli.js`),
 * then as the `#!` interpreter of a script (`#!/opt/tools/make -f`) wherever that lies. Each real
 * file once, under its own path when it lies beside the link that found it.
 */
function findTools(fs, test, dirs, scripts) {
    const found = (0,_binaries_js__WEBPACK_IMPORTED_MODULE_1__/* .findBinaries */ .lP)(fs, test, dirs).map((binary) => {
        // `gmake -> make`, `gcc -> gcc-12`: the file itself sits beside the link of its other name, and is
        // what it is. (A file reached through a symlinked directory, `/bin/make`, keeps the path PATH finds.)
        // Only when the file's own name is one looked for (`yum -> dnf-3` stays yum).
        const name = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.basename(binary.realPath);
        const inPlace = binary.via !== undefined &&
            test(name, name) &&
            fs.lstat(binary.path)?.type === 'symlink' &&
            node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(binary.realPath) === fs.resolve(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(binary.path))?.path;
        if (!inPlace)
            return binary;
        const path = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(binary.path), name);
        return { name, path, realPath: binary.realPath, layer: binary.layer, ...(path !== binary.realPath ? { via: binary.realPath } : {}) };
    });
    const seen = new Set(found.map((binary) => binary.realPath));
    for (const { script, interpreter } of scripts) {
        const target = fs.resolve(interpreter);
        if (!target || (target.node.type !== 'file' && target.node.type !== 'hardlink'))
            continue;
        const realPath = target.node.linkedPath ?? target.path;
        const name = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.basename(interpreter);
        if (seen.has(realPath) || !test(name, node_path__WEBPACK_IMPORTED_MODULE_0__.posix.basename(realPath)))
            continue;
        seen.add(realPath);
        found.push({ name, path: interpreter, realPath, layer: target.node.layer, ...(realPath !== interpreter ? { via: realPath } : {}), script });
    }
    return found;
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError('empty image reference');
    if (value.startsWith('docker://'))
        return parseRegistryReference(value.slice('docker://'.length), value);
    const colon = value.indexOf(':');
    const transport = colon > 0 ? value.slice(0, colon) : '';
    const rest = value.slice(colon + 1);
    switch (transport) {
        case 'docker-daemon':
            if (rest === '')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${value}: docker-daemon: needs an image name`);
            return { transport: 'docker-daemon', name: rest };
        case 'docker-archive':
        case 'oci-archive':
        case 'oci': {
            if (rest === '')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${value}: ${transport}: needs a path`);
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${shown(original)}: the digest must be sha256: followed by 64 hex digits`);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const tagColon = rest.lastIndexOf(':');
    if (tagColon > lastSlash) {
        tag = rest.slice(tagColon + 1);
        rest = rest.slice(0, tagColon);
        if (!/^[\w][\w.-]{0,127}$/.test(tag))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${shown(original)}: "${shown(tag)}" is not a valid tag`);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${shown(original)}: "${shown(repository)}" is not a valid repository name (lowercase letters, digits, . _ - and /)`);
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

/***/ 4490:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kp: () => (/* binding */ builtinPolicy),
/* harmony export */   RK: () => (/* binding */ presetRules),
/* harmony export */   VQ: () => (/* binding */ DEFAULT_FAIL_ON)
/* harmony export */ });
/* harmony import */ var _rules_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1932);

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
        (exception.fingerprint === undefined || exception.fingerprint === finding.fingerprint) &&
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
/* harmony import */ var _rules_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1932);

const LEVELS = (/* unused pure expression or super */ null && (['off', 'warning', 'error']));
const FAIL_ON_VALUES = ['error', 'warning', 'never', 'new-error', 'new-warning'];
const PRESET_NAMES = (/* unused pure expression or super */ null && (['recommended', 'strict', 'none']));


/***/ }),

/***/ 2794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aj: () => (/* binding */ REPORT_VERSION),
/* harmony export */   Zv: () => (/* binding */ REDACTED_VALUE),
/* harmony export */   hF: () => (/* binding */ renderJson)
/* harmony export */ });
/* unused harmony export isHarmlessEnvName */
/* harmony import */ var _facts_secret_tokens_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7722);

const REPORT_VERSION = 1;
/**
 * Variables whose values are kept in the report; every other value is redacted (the name stays),
 * since the report is uploaded as an artifact and ENV may hold credentials.
 */
const HARMLESS_ENV_NAMES = new Set([
    'PATH',
    'HOME',
    'LANG',
    'LANGUAGE',
    'TZ',
    'TERM',
    'USER',
    'SHELL',
    'HOSTNAME',
    'LD_LIBRARY_PATH',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'JAVA_HOME',
    'JAVA_VERSION',
    'NODE_ENV',
    'NODE_VERSION',
    'YARN_VERSION',
    'PYTHON_VERSION',
    'PYTHONPATH',
    'PYTHONUNBUFFERED',
    'PYTHONDONTWRITEBYTECODE',
    'GOLANG_VERSION',
    'GOPATH',
    'DEBIAN_FRONTEND',
]);
/** What a redacted value reads as when a report is read back. */
const REDACTED_VALUE = '[redacted]';
function isHarmlessEnvName(name) {
    return HARMLESS_ENV_NAMES.has(name) || /^LC_[A-Z]+$/.test(name);
}
function renderJson(report) {
    const json = {
        version: REPORT_VERSION,
        passed: report.passed,
        failOn: report.failOn,
        policy: report.policy,
        notices: report.notices,
        images: report.images.map(imageToJson),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
}
function imageToJson(image) {
    return {
        image: image.name,
        reference: image.reference,
        platform: image.platform,
        digest: image.digest ?? null,
        passed: image.passed,
        errors: image.errors,
        warnings: image.warnings,
        waived: image.waived,
        size: { compressed: image.size.compressed ?? null, uncompressed: image.size.uncompressed, layers: image.size.layers },
        findings: image.findings.map(findingToJson),
        facts: factsToJson(image.facts),
        baseline: image.baseline ? baselineToJson(image.baseline) : null,
        failOn: image.failOn,
    };
}
function findingToJson(finding) {
    return {
        rule: finding.rule,
        level: finding.level,
        message: finding.message,
        path: finding.path ?? null,
        layer: finding.layer ?? null,
        instruction: finding.instruction ?? null,
        hint: finding.hint ?? null,
        fingerprint: finding.fingerprint ?? null,
        location: finding.location
            ? { file: finding.location.file, line: finding.location.line, endLine: finding.location.endLine, text: finding.location.text }
            : null,
        new: finding.new ?? null,
        subject: finding.subject ?? null,
    };
}
function factsToJson(facts) {
    const { sizes, entrypoint } = facts;
    return {
        filesRead: facts.filesRead,
        os: facts.os ? { id: facts.os.id ?? null, versionId: facts.os.versionId ?? null, prettyName: facts.os.prettyName ?? null, source: facts.os.source } : null,
        user: { configured: facts.user.configured, uid: facts.user.uid ?? null, gid: facts.user.gid ?? null, resolved: facts.user.resolved },
        users: facts.users.map((user) => ({ name: user.name, uid: user.uid, gid: user.gid, home: user.home, shell: user.shell })),
        groups: facts.groups.map((group) => ({ name: group.name, gid: group.gid })),
        packages: facts.packages.map((inventory) => ({ manager: inventory.manager, source: inventory.source, count: inventory.count, names: inventory.names })),
        shells: facts.shells.map(binaryToJson),
        packageManagers: facts.packageManagers.map(binaryToJson),
        buildTools: facts.buildTools.map(binaryToJson),
        entrypoint: {
            entrypoint: entrypoint.entrypoint,
            cmd: entrypoint.cmd,
            argv: entrypoint.argv,
            entrypointShellForm: entrypoint.entrypointShellForm,
            cmdShellForm: entrypoint.cmdShellForm,
            healthcheckShellForm: entrypoint.healthcheckShellForm,
            program: entrypoint.program ? programToJson(entrypoint.program) : null,
        },
        // A harmless name may still hold a token (PATH with https://user:secret@…): such a value is redacted too.
        env: facts.env.map(([name, value]) => ({ name, value: isHarmlessEnvName(name) && (0,_facts_secret_tokens_js__WEBPACK_IMPORTED_MODULE_0__/* .findTokens */ .GY)(value).length === 0 ? value : null })),
        labels: { ...facts.labels },
        setuid: facts.setuid.map(fileFlagToJson),
        worldWritable: facts.worldWritable.map(fileFlagToJson),
        sizes: {
            compressed: sizes.compressed ?? null,
            uncompressed: sizes.uncompressed,
            hidden: sizes.hidden,
            layers: sizes.layers.map(layerToJson),
            directories: sizes.directories.map((dir) => ({ path: dir.path, size: dir.size })),
        },
        layerCommands: facts.layerCommands.map((command) => command ?? null),
        baseImage: facts.baseImage ? { name: facts.baseImage.name, digest: facts.baseImage.digest ?? null, source: facts.baseImage.source } : null,
    };
}
function binaryToJson(binary) {
    return { name: binary.name, path: binary.path, realPath: binary.realPath, layer: binary.layer, via: binary.via ?? null, script: binary.script ?? null };
}
function programToJson(program) {
    return {
        command: program.command,
        path: program.path ?? null,
        layer: program.layer ?? null,
        executable: program.executable,
        kind: program.kind,
        interpreter: program.interpreter
            ? {
                command: program.interpreter.command,
                path: program.interpreter.path ?? null,
                argument: program.interpreter.argument ?? null,
                envCommand: program.interpreter.envCommand
                    ? { command: program.interpreter.envCommand.command, path: program.interpreter.envCommand.path ?? null }
                    : null,
            }
            : null,
        elf: program.elf ? elfToJson(program.elf) : null,
        libraries: program.libraries ? librariesToJson(program.libraries) : null,
    };
}
function elfToJson(elf) {
    return {
        class: elf.class,
        endian: elf.endian,
        machine: elf.machine,
        machineName: elf.machineName,
        type: elf.type,
        interpreter: elf.interpreter ?? null,
        needed: elf.needed,
        soname: elf.soname ?? null,
        runpath: elf.runpath,
        rpath: elf.rpath,
        dynamic: elf.dynamic,
        complete: elf.complete,
    };
}
function librariesToJson(resolution) {
    return {
        interpreter: resolution.interpreter ? { path: resolution.interpreter.path, found: resolution.interpreter.found } : null,
        libraries: resolution.libraries.map((library) => ({ name: library.name, neededBy: library.neededBy, path: library.path ?? null })),
        incomplete: resolution.incomplete,
    };
}
function fileFlagToJson(flag) {
    // Octal digits, as chmod and ls show permissions.
    return { path: flag.path, mode: flag.mode.toString(8).padStart(4, '0'), layer: flag.layer, type: flag.type };
}
function layerToJson(layer) {
    return {
        index: layer.index,
        diffId: layer.diffId ?? null,
        digest: layer.digest ?? null,
        compressed: layer.compressed ?? null,
        uncompressed: layer.uncompressed,
        content: layer.content,
        hidden: layer.hidden,
        files: layer.files,
        absent: layer.absent ?? null,
    };
}
function baselineToJson(baseline) {
    const change = (layer) => ({
        index: layer.index,
        diffId: layer.diffId ?? null,
        size: layer.size,
        instruction: layer.instruction ?? null,
    });
    return {
        reference: baseline.reference,
        compressed: baseline.compressed ? deltaToJson(baseline.compressed) : null,
        uncompressed: baseline.uncompressed ? deltaToJson(baseline.uncompressed) : null,
        layers: { shared: baseline.layers.shared, added: baseline.layers.added.map(change), removed: baseline.layers.removed.map(change) },
        directories: baseline.directories.map((dir) => ({ path: dir.path, before: dir.before, after: dir.after, delta: dir.delta })),
        findingsKnown: baseline.findingsKnown,
        fixed: baseline.fixed ?? null,
    };
}
function deltaToJson(delta) {
    return { before: delta.before, after: delta.after, delta: delta.delta, percent: delta.percent ?? null };
}


/***/ }),

/***/ 1932:
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

;// CONCATENATED MODULE: ./src/rules/ca-certificates.ts

/** TLS libraries that verify servers against the system's CA certificates, by the DT_NEEDED names they go by. */
const TLS_LIBRARIES = [
    [/^libssl\.so(?:\.|$)/, 'OpenSSL'],
    [/^libgnutls\.so(?:\.|$)/, 'GnuTLS'],
    [/^libnss3\.so(?:\.|$)/, 'NSS'],
];
const HINT = 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ (from a build stage with ca-certificates installed), or build FROM gcr.io/distroless/static-debian12 or base-debian12, which have it';
/** Why the program needs CA certificates, or undefined when nothing says it does. */
function tlsUser(program) {
    if (program.elf?.goBuildId !== undefined)
        return 'is a Go program, whose crypto/x509 reads the CA certificates from the image';
    for (const library of program.libraries?.libraries ?? []) {
        const known = TLS_LIBRARIES.find(([pattern]) => pattern.test(library.name));
        if (known)
            return `links ${library.name} (${known[1]}), which verifies servers against the CA certificates in the image`;
    }
    return undefined;
}
const caCertificates = defineRule({
    id: 'ca-certificates',
    title: 'A CA bundle for an entry point that makes TLS connections',
    anchor: 'ca-certificates',
    levels: { recommended: 'warning', strict: 'warning' },
    options: {},
    needsFiles: true,
    check: ({ facts }) => {
        const program = facts.entrypoint.program;
        const ca = facts.caCertificates;
        if (!program?.path || !ca || ca.files.length > 0 || ca.directories.length > 0)
            return [];
        const why = tlsUser(program);
        if (!why)
            return [];
        // SSL_CERT_FILE and SSL_CERT_DIR replace the usual places: what they name is all that is read.
        const settings = [
            ...(ca.certFileEnv !== undefined ? [['SSL_CERT_FILE', ca.certFileEnv]] : []),
            ...(ca.certDirEnv !== undefined ? [['SSL_CERT_DIR', ca.certDirEnv]] : []),
        ];
        const where = settings.length > 0
            ? `${settings.map(([name, value]) => `${name}=${value}`).join(' and ')} ${settings.length > 1 ? 'point' : 'points'} at no CA certificate in the image`
            : 'the image has no CA bundle';
        const env = settings.length > 0 ? { setting: 'ENV', envName: settings[0][0] } : {};
        return [
            {
                message: `${program.path} ${why}, but ${where}: TLS connections will fail ("x509: certificate signed by unknown authority", "certificate verify failed")`,
                path: program.path,
                layer: program.layer,
                ...env,
                hint: HINT,
            },
        ];
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
        const { entrypoint } = facts.entrypoint;
        const setting = entrypoint.length > 0 ? 'ENTRYPOINT' : 'CMD';
        return [...programFindings(facts.entrypoint, setting, architecture), ...interpreterFileFindings(facts.entrypoint)];
    },
});
function programFindings({ program }, setting, architecture) {
    if (!program)
        return [{ message: 'neither ENTRYPOINT nor CMD is set: the container has nothing to run', setting: 'ENTRYPOINT', hint: 'set ENTRYPOINT ["/path/to/app"]' }];
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
}
/** The script, jar or class path an interpreter in argv[0] is to run, when the image does not have it. */
function interpreterFileFindings({ interpreterFile: file, entrypoint, argv }) {
    if (!file || file.found)
        return [];
    // The setting that holds the argument: with an Entrypoint, Cmd gives only its arguments.
    const setting = file.index < entrypoint.length ? 'ENTRYPOINT' : 'CMD';
    const interpreter = argv[0];
    const [path] = file.paths;
    const where = file.argument === path ? path : `${file.argument} (${path} from WORKDIR)`;
    if (file.role === 'classpath') {
        return [
            {
                message: `${interpreter} is to load ${file.mainClass ?? 'its main class'} from the class path ${file.argument}, none of whose entries is in the image`,
                setting,
                hint: 'COPY the jars or classes into the image, or fix the -cp entries (relative ones start at WORKDIR)',
            },
        ];
    }
    const what = file.role === 'jar' ? 'the jar' : file.language === 'java' ? 'the source file' : 'the script';
    return [
        {
            message: `${interpreter} is to run ${what} ${where}, which does not exist in the image: the container fails at start`,
            setting,
            path,
            hint: `COPY ${what} into the image, or fix its path in ${setting} (a relative path starts at WORKDIR)`,
        },
    ];
}

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


const exec_form_entrypoint_HINT = 'write it in exec form, e.g. ENTRYPOINT ["/app", "--flag"]: the shell form needs /bin/sh, which a distroless image does not have';
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
            findings.push({ message: `ENTRYPOINT is in shell form (${oneLine(entrypoint.entrypoint.join(' '))})`, setting: 'ENTRYPOINT', hint: exec_form_entrypoint_HINT });
        if (entrypoint.cmdShellForm)
            findings.push({ message: `CMD is in shell form (${oneLine(entrypoint.cmd.join(' '))})`, setting: 'CMD', hint: exec_form_entrypoint_HINT });
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

;// CONCATENATED MODULE: ./src/rules/no-build-leftovers.ts


/** What each leftover is, in words, and how to keep it out; `{path}` is where it was found. */
const KINDS = {
    git: { what: 'a git repository', hint: 'add .git to .dockerignore, or COPY only the files the image needs' },
    'apt-lists': {
        what: 'apt package lists',
        hint: 'rm -rf /var/lib/apt/lists/* in the same RUN as apt-get update, or RUN --mount=type=cache,target=/var/lib/apt/lists',
    },
    'apt-archives': {
        what: 'downloaded .deb packages',
        hint: 'apt-get clean in the same RUN as apt-get install, or RUN --mount=type=cache,target=/var/cache/apt',
    },
    'apt-package-cache': {
        what: "apt's package cache",
        hint: 'apt-get clean (or rm /var/cache/apt/*.bin) in the same RUN as apt-get install, or RUN --mount=type=cache,target=/var/cache/apt',
    },
    'apk-cache': { what: 'the apk cache', hint: 'apk add --no-cache, or RUN --mount=type=cache,target=/var/cache/apk' },
    'pip-cache': { what: 'the pip cache', hint: 'pip install --no-cache-dir, or RUN --mount=type=cache,target={path}' },
    'npm-cache': { what: "npm's cache", hint: 'npm cache clean --force in the same RUN as npm ci, or RUN --mount=type=cache,target={path}' },
    'yarn-cache': { what: 'the yarn cache', hint: 'yarn cache clean in the same RUN as yarn install, or RUN --mount=type=cache,target={path}' },
    'pnpm-store': { what: 'the pnpm store', hint: 'pnpm store prune in the same RUN, or RUN --mount=type=cache,target={path}, or build in a separate stage' },
    'go-build-cache': { what: 'the Go build cache', hint: 'build in a separate stage and COPY only the binary, or RUN --mount=type=cache,target={path}' },
    'maven-repository': {
        what: 'a Maven local repository',
        hint: 'build in a separate stage and COPY only the jar, or RUN --mount=type=cache,target={path}',
    },
    'gradle-cache': { what: 'Gradle caches', hint: 'build in a separate stage and COPY only the result, or RUN --mount=type=cache,target={path}' },
    'composer-cache': {
        what: 'the Composer cache',
        hint: 'composer install --no-cache (or composer clear-cache in the same RUN), or RUN --mount=type=cache,target={path}',
    },
};
const noBuildLeftovers = defineRule({
    id: 'no-build-leftovers',
    title: 'No .git directories or package-manager caches',
    anchor: 'no-build-leftovers',
    levels: { recommended: 'warning', strict: 'error' },
    options: {},
    needsFiles: true,
    check: ({ facts }) => (facts.leftovers ?? []).map((leftover) => {
        const { what, hint } = KINDS[leftover.kind];
        const files = leftover.files === 1 ? '1 file' : `${leftover.files} files`;
        return {
            message: `${what} left in the image: ${leftover.path} (${(0,sizes/* formatSize */.Xq)(leftover.bytes)} in ${files})`,
            path: leftover.path,
            layer: leftover.layer,
            hint: hint.replace('{path}', leftover.path),
        };
    }),
});

// EXTERNAL MODULE: ./src/facts/tools.ts
var tools = __webpack_require__(2652);
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

;// CONCATENATED MODULE: ./src/rules/tool-findings.ts


const MULTI_STAGE = '(multi-stage build)';
/** How to keep each kind of tool in a build stage and out of the final image. */
function toolHint(ecosystem, facts) {
    const base = distrolessBaseFor(facts);
    switch (ecosystem) {
        case 'python':
            return `pip install into a virtualenv (or --target) in a build stage and COPY it into a final stage FROM gcr.io/distroless/python3-debian13, which has no pip ${MULTI_STAGE}`;
        case 'node':
            return `run npm ci --omit=dev in a build stage and COPY the app with its node_modules into a final stage FROM gcr.io/distroless/nodejs22-debian13, which has no npm, npx or corepack; start it with node, not npm start ${MULTI_STAGE}`;
        case 'ruby':
            return `run bundle install (deployment mode, vendor/bundle) in a build stage and COPY the app with its gems into a final stage that has only the Ruby runtime ${MULTI_STAGE}`;
        case 'php':
            return `run composer install --no-dev in a build stage and COPY the app with vendor/ into a final stage without composer ${MULTI_STAGE}`;
        case 'git':
            return `fetch sources in a build stage (or ADD the git URL) and COPY only what the app needs into the final stage ${MULTI_STAGE}`;
        default:
            return `compile in a build stage and COPY only the built program into a final stage FROM ${base} ${MULTI_STAGE}`;
    }
}
/**
 * One finding per tool found, saying what it is and how to drop it: `Node.js package manager
 * /usr/local/bin/npm (-> …/npm-cli.js) is in the image`. Names the tool tables do not know (OS package
 * managers, a policy's extra names) are called `fallback`.
 */
function toolFindings(fallback, binaries, facts) {
    const program = facts.entrypoint.program?.path;
    return binaries.map((binary) => {
        const tool = (0,tools/* languageToolOf */.Gu)(binary);
        const where = `${binary.path}${binary.via ? ` (-> ${binary.via})` : ''}`;
        const how = binary.script ? `, as the #! interpreter of ${binary.script}` : '';
        const hint = tool ? toolHint(tool.ecosystem, facts) : distrolessHint(facts);
        // `CMD ["npm", "start"]`: the tool is not only present, the container needs it to start.
        const runs = program !== undefined && program === binary.realPath ? 'the entry point runs it: ' : '';
        return {
            message: `${tool?.what ?? fallback} ${where} is in the image${how}`,
            path: binary.path,
            layer: binary.layer,
            hint: `${runs}${hint}`,
        };
    });
}

;// CONCATENATED MODULE: ./src/rules/no-build-tools.ts


const noBuildTools = defineRule({
    id: 'no-build-tools',
    title: 'No compiler, make, git or language toolchain in the image',
    anchor: 'no-build-tools',
    levels: { recommended: 'error', strict: 'error' },
    options: { tools: { kind: 'names', default: [] } },
    needsFiles: true,
    // Whatever the level: the report lists the build tools found.
    factOptions: ({ options }) => ({ extraBuildTools: options.tools }),
    check: ({ facts }) => toolFindings('build tool', facts.buildTools, facts),
});

;// CONCATENATED MODULE: ./src/rules/no-package-manager.ts


const noPackageManager = defineRule({
    id: 'no-package-manager',
    title: 'No OS or language package manager in the image',
    anchor: 'no-package-manager',
    levels: { recommended: 'error', strict: 'error' },
    options: { managers: { kind: 'names', default: [] } },
    needsFiles: true,
    // Whatever the level: the report lists the package managers found.
    factOptions: ({ options }) => ({ extraPackageManagers: options.managers }),
    check: ({ facts }) => toolFindings('package manager', facts.packageManagers, facts),
});

;// CONCATENATED MODULE: ./src/rules/no-secret-files.ts

/** The scan's cap, as findings word it (facts/secret-capture.ts SECRET_READ_CAP). */
const READ_CAP_WORDS = '256 KiB';
const noSecretFiles = defineRule({
    id: 'no-secret-files',
    title: 'No secrets in files of any layer',
    anchor: 'no-secret-files',
    levels: { recommended: 'error', strict: 'error' },
    options: {},
    needsFiles: true,
    check: ({ facts }) => facts.secretFiles.map((secret) => {
        const where = secret.line !== undefined ? `${secret.path}:${secret.line}` : secret.path;
        const partly = secret.partial ? ` (only its first ${READ_CAP_WORDS} were read)` : '';
        const removed = secret.removedIn !== undefined ? `; removed in layer ${secret.removedIn}, but layer ${secret.layer} still holds it` : '';
        const hint = (secret.removedIn !== undefined ? 'a file removed by a later layer is still in the image for anyone who pulls it: ' : '') +
            'pass credentials to the build with RUN --mount=type=secret, or use them in an earlier stage of a multi-stage build and copy only what it produced; rotate the credential, it has been exposed';
        return {
            message: `${secret.kind} in ${where}${partly}: ${secret.fingerprint}${removed}`,
            path: secret.path,
            layer: secret.layer,
            fingerprint: secret.fingerprint,
            hint,
        };
    }),
});

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./src/facts/secret-tokens.ts
var secret_tokens = __webpack_require__(7722);
;// CONCATENATED MODULE: ./src/rules/no-secrets-in-env.ts



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
        const isSecretName = picomatch_default()([...secret_tokens/* SECRET_NAMES */.AS, ...options.names], { nocase: true });
        const allowed = options.allow.length > 0 ? picomatch_default()(options.allow, { nocase: true }) : () => false;
        const hint = 'pass secrets at run time (orchestrator secrets, mounted files) or with RUN --mount=type=secret at build time; ENV is stored in the image for anyone who pulls it';
        return facts.env.flatMap(([name, value]) => {
            if (value === '' || allowed(name))
                return [];
            const shape = (0,secret_tokens/* tokenKindOf */.jX)(value);
            // DB_PASSWORD_FILE=/run/secrets/db, GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/key.json: where the secret is, not the secret.
            if (!shape && (!isSecretName(name) || FILE_REFERENCE.test(value)))
                return [];
            const why = shape ? `holds what looks like ${shape}` : 'has a name that suggests a credential';
            return [{ message: `ENV ${name}=${redact(value)} ${why}`, setting: 'ENV', envName: name, hint }];
        });
    },
});

;// CONCATENATED MODULE: ./src/rules/no-secrets-in-history.ts



const HINTS = {
    'build-arg': 'pass it with RUN --mount=type=secret (or an SSH mount) instead of a build argument: every RUN records the build arguments in scope, and the history ships with the image',
    env: 'a later ENV does not remove it: the history keeps every value; pass secrets at run time or with RUN --mount=type=secret, then rotate this one',
    label: 'labels are public metadata of the image; move the secret out of LABEL and rotate it',
    annotation: 'annotations are public metadata of the image; move the secret out of the annotation and rotate it',
    command: 'the command is recorded in the history as written; pass the secret with RUN --mount=type=secret, then rotate it',
};
/** How a finding names where it lies; the key is a name, never the value. */
function where(secret) {
    const key = secret.key ?? '';
    switch (secret.source) {
        case 'build-arg':
            return `build argument ${key} recorded in the image history`;
        case 'env':
            return `ENV ${key}, changed or blanked by a later instruction but kept in the image history,`;
        case 'label':
            return `label ${key}`;
        case 'annotation':
            return `annotation ${key}`;
        default:
            return 'a command recorded in the image history';
    }
}
const SETTINGS = { 'build-arg': 'ARG', env: 'ENV', label: 'LABEL' };
const noSecretsInHistory = defineRule({
    id: 'no-secrets-in-history',
    title: 'No credentials in build arguments, history, labels or annotations',
    anchor: 'no-secrets-in-history',
    levels: { recommended: 'error', strict: 'error' },
    options: { allow: { kind: 'globs', default: [] } },
    needsFiles: false,
    check: ({ facts, options }) => {
        const allowed = options.allow.length > 0 ? picomatch_default()(options.allow, { nocase: true }) : () => false;
        return (facts.historySecrets ?? []).flatMap((secret) => {
            if (secret.key !== undefined && allowed(secret.key))
                return [];
            const setting = secret.source === 'annotation' || secret.source === 'command' ? undefined : SETTINGS[secret.source];
            return [
                {
                    message: `${where(secret)} ${secret.kind === secret_tokens/* NAMED_SECRET_KIND */.ME ? 'holds a value and has a name that suggests a credential' : `holds what looks like ${secret.kind}`} (${secret.fingerprint})`,
                    ...(secret.layer !== undefined && secret.source === 'command' ? { layer: secret.layer } : {}),
                    ...(setting ? { setting, envName: secret.key } : {}),
                    ...(secret.historyIndex !== undefined ? { historyIndex: secret.historyIndex } : {}),
                    hint: HINTS[secret.source],
                    fingerprint: secret.fingerprint,
                },
            ];
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

;// CONCATENATED MODULE: ./src/rules/required-paths.ts

const TYPE_WORDS = {
    file: 'a file',
    hardlink: 'a file',
    dir: 'a directory',
    symlink: 'a symlink',
    char: 'a character device',
    block: 'a block device',
    fifo: 'a named pipe',
};
const octal = (mode) => mode.toString(8).padStart(4, '0');
function owner(uid, gid) {
    return gid === undefined ? `uid ${uid}` : `${uid}:${gid}`;
}
/** The type the policy asked for, where the node's differs. */
function typeMismatch(required, node) {
    const { type } = required;
    if (type === undefined)
        return undefined;
    const matches = type === 'file' ? node.type === 'file' || node.type === 'hardlink' : node.type === type;
    return matches ? undefined : `${TYPE_WORDS[type]} was expected`;
}
/** What is wrong at one required path: one finding per aspect (missing, type, mode, owner). */
function problems({ required, node, resolved }) {
    const { path } = required;
    // Symlinks are followed unless the path itself must be one.
    const found = required.type === 'symlink' ? node : resolved;
    if (!found) {
        const dangling = node?.type === 'symlink' ? ` (a symlink to ${node.target ?? '?'}, which leads nowhere)` : '';
        return [{ message: `required path ${path} is missing${dangling}`, path, ...(node ? { layer: node.layer } : {}), hint: 'COPY it into the final stage' }];
    }
    const at = `${path}${found.path === path ? '' : ` (-> ${found.path})`}`;
    const finding = (message, hint) => ({ message, path, layer: found.layer, hint });
    const findings = [];
    const wrongType = typeMismatch(required, found);
    if (wrongType)
        findings.push(finding(`${at} is ${TYPE_WORDS[found.type]}; ${wrongType}`, 'COPY the right thing to that path in the final stage'));
    if (required.mode !== undefined && found.mode !== required.mode) {
        findings.push(finding(`${at} has mode ${octal(found.mode)}; ${octal(required.mode)} was expected`, `COPY --chmod=${octal(required.mode)}, or chmod it in the build stage`));
    }
    if (required.uid !== undefined && (found.uid !== required.uid || (required.gid !== undefined && found.gid !== required.gid))) {
        const expected = owner(required.uid, required.gid);
        const actual = required.gid === undefined ? owner(found.uid) : owner(found.uid, found.gid);
        findings.push(finding(`${at} is owned by ${actual}; ${expected} was expected`, `COPY --chown=${expected.replace('uid ', '')}, or chown it in the build stage`));
    }
    return findings;
}
const requiredPaths = defineRule({
    id: 'required-paths',
    title: 'Required paths present, with the type, mode and owner given',
    anchor: 'required-paths',
    levels: { recommended: 'off', strict: 'off' },
    options: { paths: { kind: 'requiredPaths', default: [] } },
    needsFiles: true,
    missingOption: ({ paths }) => (paths.length === 0 ? 'paths; list the paths that must exist' : undefined),
    // Each path is two lookups: only when the rule runs.
    factOptions: ({ level, options }) => (level === 'off' || options.paths.length === 0 ? {} : { requiredPaths: options.paths }),
    check: ({ facts }) => (facts.requiredPaths ?? []).flatMap(problems),
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
    noSecretFiles,
    noSecretsInHistory,
    noWorldWritable,
    forbiddenPaths,
    maxSize,
    maxLayers,
    wastedSpace,
    sizeIncrease,
    allowedBaseImages,
    requiredLabels,
    noBuildLeftovers,
    caCertificates,
    noBuildTools,
    requiredPaths,
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
