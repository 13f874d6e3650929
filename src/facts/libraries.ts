import { posix } from 'node:path';
import picomatch from 'picomatch/posix.js';
import type { FileLookup } from '../image/types.ts';
import type { ElfInfo } from './elf.ts';
import { capturedElf } from './executable-capture.ts';
import type { TextInputs } from './inputs.ts';

export interface NeededLibrary {
  /** The DT_NEEDED name. */
  name: string;
  /** The object whose DT_NEEDED asked for it first (the binary, or the path a library was found at). */
  neededBy: string;
  /** Where the loader finds it; undefined when it is missing. */
  path?: string;
}

export interface LibraryResolution {
  /** PT_INTERP as written, and whether it resolves to a file of the binary's architecture. */
  interpreter?: { path: string; found: boolean };
  /** Every DT_NEEDED name once (with the object that asked first), in the breadth-first order the loader loads them. */
  libraries: NeededLibrary[];
  /** Paths whose captured bytes were not available or not complete (ELF info, search-path files): the answer may be partial. */
  incomplete: string[];
}

/** The loader maps a few hundred objects at most; the bounds keep hostile images cheap. */
const MAX_OBJECTS = 1000;
const MAX_LIBRARIES = 10_000;
/** Bounds on `include` in ld.so.conf: nesting depth and files read. */
const MAX_CONF_DEPTH = 16;
const MAX_CONF_FILES = 256;

/** Debian multiarch triplets, by the architecture names of ElfInfo.machineName. */
const MULTIARCH: Record<string, string[]> = {
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
export const LIBRARY_INPUTS: TextInputs = {
  files: { [LD_SO_CONF]: 64 << 10 },
  dirs: { '/etc/ld.so.conf.d': 64 << 10 },
  patterns: [{ pattern: /^\/etc\/ld-musl-[^/]+\.path$/, cap: 64 << 10 }],
};

const MUSL_LOADER = /^ld-musl-(.+)\.so\.1$/;
/** Names musl's loader answers itself instead of searching (`reserved` in musl's `load_library`). */
const MUSL_BUILTIN = /^lib(c|pthread|rt|m|dl|util|xnet)\./;
const MUSL_DEFAULT_PATH = ['/lib', '/usr/local/lib', '/usr/lib'];

interface LoadedObject {
  /** The path it was loaded from (what $ORIGIN and `neededBy` use). */
  path: string;
  origin: string;
  elf?: ElfInfo;
  /** The object whose DT_NEEDED loaded it: glibc and musl walk this chain for DT_RPATH. */
  loader?: LoadedObject;
}

interface MuslLoader {
  /** PT_INTERP as written. */
  interpreter: string;
  /** `x86_64` of `ld-musl-x86_64.so.1`. */
  arch: string;
}

interface Candidate {
  path: string;
  realPath: string;
  elf?: ElfInfo;
}

/** `$ORIGIN` and `${ORIGIN}` as ld.so expands them (`$ORIGINX` is not one). */
function expandOrigin(text: string, origin: string): string {
  return text.replace(/\$(?:\{ORIGIN\}|ORIGIN(?![A-Za-z0-9_]))/g, () => origin);
}

/** Absolute directories of a search list; empty and relative entries mean the working directory, which is not known here. */
function searchDirs(entries: readonly string[], origin: string): string[] {
  return entries.map((entry) => expandOrigin(entry, origin)).filter((dir) => dir.startsWith('/'));
}

function isRegular(fs: FileLookup, path: string): { path: string } | undefined {
  const found = fs.resolve(path);
  return found && (found.node.type === 'file' || found.node.type === 'hardlink') ? found : undefined;
}

/** Paths an absolute glob matches, sorted as glob(3) returns them. */
function expandGlob(fs: FileLookup, pattern: string): string[] {
  let paths = ['/'];
  for (const segment of pattern.split('/').filter(Boolean)) {
    if (picomatch.scan(segment).isGlob) {
      const matches = picomatch(segment);
      paths = paths.flatMap((dir) =>
        fs
          .list(dir)
          .filter((name) => matches(name))
          .map((name) => posix.join(dir, name)),
      );
    } else {
      paths = paths.map((dir) => posix.join(dir, segment));
    }
    paths = paths.slice(0, MAX_CONF_FILES);
  }
  return paths.filter((path) => fs.resolve(path) !== undefined).sort();
}

/** Directories ldconfig would put in /etc/ld.so.cache: those /etc/ld.so.conf lists, includes followed. */
function ldSoConfDirs(fs: FileLookup, incomplete: Set<string>): string[] {
  const dirs: string[] = [];
  const read = new Set<string>();
  const visit = (path: string, depth: number): void => {
    if (depth > MAX_CONF_DEPTH || read.has(path) || read.size >= MAX_CONF_FILES || !isRegular(fs, path)) return;
    read.add(path);
    const captured = fs.captured(path);
    if (!captured || captured.truncated) incomplete.add(path);
    if (!captured) return;
    for (const raw of captured.head.toString('utf8').split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      const include = /^include[ \t]+(.*)$/.exec(line);
      if (include) {
        for (const pattern of include[1].split(/[ \t]+/).filter(Boolean)) {
          for (const file of expandGlob(fs, posix.resolve(posix.dirname(path), pattern))) visit(file, depth + 1);
        }
      } else if (line.startsWith('/') && !/^hwcap[ \t]/.test(line)) {
        dirs.push(posix.normalize(line));
      }
    }
  };
  visit(LD_SO_CONF, 0);
  return dirs;
}

/** glibc's trusted directories, with the Debian multiarch ones first and lib64 for 64-bit objects. */
export function glibcDefaultDirs(elf: ElfInfo): string[] {
  const triplets = MULTIARCH[elf.machineName] ?? [];
  return [
    ...triplets.flatMap((triplet) => [`/lib/${triplet}`, `/usr/lib/${triplet}`]),
    ...(elf.class === 64 ? ['/lib64', '/usr/lib64'] : []),
    '/lib',
    '/usr/lib',
  ];
}

function muslLoader(interpreter: string | undefined): MuslLoader | undefined {
  const arch = interpreter === undefined ? undefined : MUSL_LOADER.exec(posix.basename(interpreter))?.[1];
  return interpreter !== undefined && arch !== undefined ? { interpreter, arch } : undefined;
}

/** musl's system path: `<prefix>/etc/ld-musl-<arch>.path` (prefix from the loader's own path), else its default. */
function muslSystemDirs(fs: FileLookup, { interpreter, arch }: MuslLoader, incomplete: Set<string>): string[] {
  // musl takes everything before the loader's second-to-last '/' as the prefix: /usr/lib/ld-musl-… → /usr.
  const slashes = [...interpreter.matchAll(/\//g)].map((match) => match.index);
  const prefix = interpreter.startsWith('/') && slashes.length >= 2 ? interpreter.slice(0, slashes[slashes.length - 2]) : '';
  const pathFile = `${prefix}/etc/ld-musl-${arch}.path`;
  const found = fs.resolve(pathFile);
  if (!found) return MUSL_DEFAULT_PATH;
  // A path file that cannot be read (a directory, say) leaves musl an empty system path.
  if (found.node.type !== 'file' && found.node.type !== 'hardlink') return [];
  const captured = fs.captured(pathFile);
  if (!captured || captured.truncated) incomplete.add(pathFile);
  if (!captured) return MUSL_DEFAULT_PATH;
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
export function resolveLibraries(fs: FileLookup, binaryPath: string, elf: ElfInfo, env: { LD_LIBRARY_PATH?: string }): LibraryResolution {
  const incomplete = new Set<string>();
  if (!elf.complete) incomplete.add(binaryPath);
  const realBinary = fs.resolve(binaryPath)?.path ?? binaryPath;
  // glibc takes the executable's $ORIGIN from /proc/self/exe: symlinks resolved.
  const executable: LoadedObject = { path: binaryPath, origin: posix.dirname(realBinary), elf };

  const candidate = (path: string): Candidate | undefined => {
    const found = isRegular(fs, path);
    if (!found) return undefined;
    const captured = fs.captured(found.path);
    if (!captured) return { path, realPath: found.path };
    const other = capturedElf(captured);
    // ld.so skips files of another class or machine and keeps searching.
    if (!other || other.class !== elf.class || other.endian !== elf.endian || other.machine !== elf.machine) return undefined;
    return { path, realPath: found.path, elf: other };
  };

  /** Names satisfied without a search, as ld.so matches DT_NEEDED against loaded objects' names and sonames. */
  const loadedByName = new Map<string, string>();
  let interpreter: LibraryResolution['interpreter'];
  let interpreterPath: string | undefined;
  let interpreterFile: string | undefined;
  if (elf.interpreter !== undefined) {
    const found = candidate(posix.resolve('/', elf.interpreter));
    interpreter = { path: elf.interpreter, found: found !== undefined };
    if (found) {
      interpreterPath = found.path;
      interpreterFile = found.realPath;
      if (!found.elf) incomplete.add(found.path);
      for (const name of [elf.interpreter, posix.basename(elf.interpreter), found.elf?.soname]) {
        if (name !== undefined) loadedByName.set(name, found.path);
      }
    }
  }

  const musl = muslLoader(elf.interpreter);
  // glibc splits LD_LIBRARY_PATH on ':' and ';', musl on ':' and newlines.
  const libraryPath = searchDirs((env.LD_LIBRARY_PATH ?? '').split(musl ? /[:\n]/ : /[:;]/), executable.origin);
  let systemDirs: string[] | undefined;
  const system = (): string[] => {
    systemDirs ??= musl ? muslSystemDirs(fs, musl, incomplete) : [...ldSoConfDirs(fs, incomplete), ...glibcDefaultDirs(elf)];
    return systemDirs;
  };

  /** The directories searched for the names `requester` needs (those without '/'), in the loader's order. */
  const searchList = (requester: LoadedObject): string[] => {
    const chainPaths = (pathOf: (object: LoadedObject) => string[]): string[] => {
      const dirs: string[] = [];
      for (let object: LoadedObject | undefined = requester; object; object = object.loader) dirs.push(...searchDirs(pathOf(object), object.origin));
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

  const find = (name: string, requester: LoadedObject, dirs: () => string[]): Candidate | undefined => {
    if (name.includes('/')) return candidate(posix.resolve('/', expandOrigin(name, requester.origin)));
    for (const dir of dirs()) {
      const found = candidate(posix.join(dir, name));
      if (found) return found;
    }
    return undefined;
  };

  const libraries: NeededLibrary[] = [];
  const queue: LoadedObject[] = [executable];
  const loadedFiles = new Set<string>([realBinary, ...(interpreterFile ? [interpreterFile] : [])]);
  const listed = new Set<string>();
  for (let index = 0; index < queue.length; index++) {
    const requester = queue[index];
    let requesterDirs: string[] | undefined;
    const dirs = (): string[] => (requesterDirs ??= searchList(requester));
    for (const name of requester.elf?.needed ?? []) {
      if (listed.has(name)) continue;
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
      if (!found || loadedFiles.has(found.realPath)) continue;
      loadedFiles.add(found.realPath);
      if (found.elf?.soname !== undefined && !loadedByName.has(found.elf.soname)) loadedByName.set(found.elf.soname, found.path);
      if (!found.elf?.complete || queue.length >= MAX_OBJECTS) incomplete.add(found.path);
      if (queue.length < MAX_OBJECTS) queue.push({ path: found.path, origin: posix.dirname(found.path), elf: found.elf, loader: requester });
    }
  }
  return { ...(interpreter ? { interpreter } : {}), libraries, incomplete: [...incomplete] };
}
