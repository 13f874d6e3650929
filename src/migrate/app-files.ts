import { posix } from 'node:path';
import type { DpkgOwnership } from '../facts/dpkg-files.ts';
import type { FileLookup, FsNode } from '../image/types.ts';
import { BASE_DIRECTORIES } from './bases.ts';
import type { PlannedCopy } from './types.ts';

/** The merged filesystem as the planner reads it (MergedFilesystem is one). */
export interface FileTree extends FileLookup {
  walk(from?: string): Iterable<FsNode>;
}

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

export function isExcluded(path: string, extraTrees: readonly string[] = []): boolean {
  const under = (tree: string): boolean => path === tree || path.startsWith(`${tree}/`);
  return EXCLUDED_TREES.some(under) || extraTrees.some(under) || USER_DATABASE.test(path) || HOME_LEFTOVERS.test(path) || PACKAGE_BYTECODE.test(path);
}

export interface AppFileOptions {
  /** The last layer of the OS base: the app's files are in later layers; -1 when the image has no OS base. */
  osBaseLayer: number;
  ownership?: DpkgOwnership;
  /** Trees the chosen base provides (a runtime's installation), left out as well. */
  excludedTrees?: readonly string[];
}

export interface AppFiles {
  copies: PlannedCopy[];
  /** Symlinks the result cannot carry (COPY follows a symlink it is given), with where they point. */
  symlinks: { path: string; target: string }[];
  /** Special files (devices, FIFOs) left out. */
  special: string[];
}

interface Visited {
  /** Everything under it is the app's: one COPY of the directory carries it. */
  whole: boolean;
  files: number;
  bytes: number;
  copies: PlannedCopy[];
  /** Symlinks under it that no COPY line carries (a directory copied whole carries its own). */
  lost: AppFiles['symlinks'];
}

/**
 * The files the image's own layers added above its OS base that no package owns, outside caches
 * and package state: as few COPY lines as carry them, a directory whole when everything under it
 * is the app's (and it is not one of the base's own directories), else its parts.
 */
export function appFiles(tree: FileTree, options: AppFileOptions): AppFiles {
  const special: string[] = [];
  const isApp = (node: FsNode): boolean =>
    node.layer > options.osBaseLayer && !isExcluded(node.path, options.excludedTrees) && !(options.ownership?.owns(node.path) ?? false);
  const chownOf = (node: FsNode): string | undefined => (node.uid !== 0 || node.gid !== 0 ? `${node.uid}:${node.gid}` : undefined);
  const fileSize = (node: FsNode): number => (node.type === 'hardlink' ? (tree.resolve(node.path)?.node.size ?? 0) : node.size);

  const leaf = (node: FsNode): Visited => {
    if (!isApp(node)) return { whole: false, files: 0, bytes: 0, copies: [], lost: [] };
    if (node.type === 'file' || node.type === 'hardlink') return { whole: true, files: 1, bytes: fileSize(node), copies: [], lost: [] };
    if (node.type === 'symlink') {
      const resolved = tree.resolve(node.path);
      if (resolved && (resolved.node.type === 'file' || resolved.node.type === 'hardlink')) {
        // Inside a directory copied whole the link stays a link; alone, its file is copied under its name.
        const copy: PlannedCopy = { source: resolved.path, destination: node.path, type: 'file', files: 1, bytes: fileSize(resolved.node), role: 'app' };
        const chown = chownOf(resolved.node);
        return { whole: true, files: 1, bytes: copy.bytes, copies: [chown ? { ...copy, chown } : copy], lost: [] };
      }
      return { whole: true, files: 0, bytes: 0, copies: [], lost: [{ path: node.path, target: node.target ?? '' }] };
    }
    special.push(node.path);
    return { whole: false, files: 0, bytes: 0, copies: [], lost: [] };
  };

  /** A directory being walked: what its children add up to so far. */
  interface Frame {
    node: FsNode;
    whole: boolean;
    files: number;
    bytes: number;
    /** Each child's lines in order; a whole child's are only made if this directory is not copied whole itself. */
    children: { node: FsNode; visited: Visited }[];
  }
  const open = (node: FsNode): Frame => ({ node, whole: isApp(node) && !BASE_DIRECTORIES.has(node.path), files: 0, bytes: 0, children: [] });
  const add = (frame: Frame, node: FsNode, visited: Visited): void => {
    frame.whole &&= visited.whole;
    frame.files += visited.files;
    frame.bytes += visited.bytes;
    frame.children.push({ node, visited });
  };
  const close = (frame: Frame): Visited => {
    // Copied whole (here or by an ancestor): its links come along.
    if (frame.whole) return { whole: true, files: frame.files, bytes: frame.bytes, copies: [], lost: [] };
    const copies = frame.children.flatMap(({ node, visited }) => (visited.whole ? wholeCopy(node, visited) : visited.copies));
    const lost = frame.children.flatMap(({ visited }) => visited.lost);
    return { whole: false, files: frame.files, bytes: frame.bytes, copies, lost };
  };

  const wholeCopy = (node: FsNode, visited: Visited): PlannedCopy[] => {
    if (node.type === 'symlink') {
      // A link alone: its resolved file (in `copies`), or nothing (in `lost`).
      return visited.copies;
    }
    const chown = chownOf(node);
    const copy: PlannedCopy = {
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
  const stack: Frame[] = [
    { node: { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, layer: -1 }, whole: false, files: 0, bytes: 0, children: [] },
  ];
  for (const node of tree.walk('/')) {
    const parent = posix.dirname(node.path);
    while (stack.length > 1 && stack[stack.length - 1].node.path !== parent) {
      const done = stack.pop() as Frame;
      add(stack[stack.length - 1], done.node, close(done));
    }
    if (node.type === 'dir') stack.push(open(node));
    else add(stack[stack.length - 1], node, leaf(node));
  }
  while (stack.length > 1) {
    const done = stack.pop() as Frame;
    add(stack[stack.length - 1], done.node, close(done));
  }

  const root = close(stack[0]);
  return { copies: root.copies, symlinks: root.lost, special };
}
