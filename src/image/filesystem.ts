import { UserError } from '../errors.ts';
import { LIMIT_VARIABLES, type ReadLimits, limitsFromEnv } from './limits.ts';
import { entryPath } from './layer-index.ts';
import type { CapturedFile, EntryFields, FileLookup, FsNode, LayerEntry, LayerIndex } from './types.ts';

/** Where a file's bytes were captured: the layer and the path as that layer's tar named it. */
interface Content {
  layer: number;
  path: string;
}

/**
 * One path of the merged tree. A node keeps the layer's own entry object (no copy per path), whose
 * `name` is its key in the parent's map; its path is where it sits (an entry under a symlinked
 * parent lands below the link's target), built when walked. It stores only what the merge
 * changed: the target a hard link shares its bytes with. A node's place in the tree never changes.
 */
class TreeNode {
  entry: LayerEntry;
  layer: number;
  children: Map<string, TreeNode> | undefined;
  link: { content: Content; size: number; path: string } | undefined;
  /** The children by name, sorted on the first walk: the tree is complete before anything walks it. */
  sorted: TreeNode[] | undefined;

  constructor(entry: LayerEntry, layer: number) {
    this.entry = entry;
    this.layer = layer;
    this.children = entry.type === 'dir' ? new Map() : undefined;
    this.link = undefined;
    this.sorted = undefined;
  }
}

type Lookup = { found: true; path: string; node: TreeNode } | { found: false; reason: string };

/** Linux gives up after 40 symlinks in one lookup (ELOOP); so do we. */
const MAX_HOPS = 40;
/** Components one lookup may walk through symlink targets, besides its own: no real lookup comes near. */
const MAX_LINK_STEPS = 4096;

const NOT_FOUND: Lookup = { found: false, reason: 'no such file or directory' };
const NOT_A_DIRECTORY: Lookup = { found: false, reason: 'not a directory' };
const LOOP: Lookup = { found: false, reason: 'too many levels of symbolic links' };

/**
 * The filesystem a container sees: layers applied in order as the OCI layer spec says
 * (whiteouts and opaque directories before the layer's own entries, a non-directory replacing
 * a whole subtree, parents resolved through symlinks inside the image, never outside it).
 * Missing parents are created, for entries and whiteouts alike, as runtimes unpack them.
 * Every step is linear in the length of the path it handles, so hostile names cost no more
 * than their bytes.
 */
export class MergedFilesystem implements FileLookup {
  private readonly root: TreeNode;
  private readonly layers: LayerIndex[];
  private readonly maxImplied: number;
  private implied = 0;
  /**
   * The directory each `dir` of this layer's entries went into: tars come back to a directory after
   * each of its subdirectories, and nine lookups in ten repeat one. Forgotten whenever a node is replaced.
   */
  private readonly parents = new Map<string, TreeNode>();

  private constructor(layers: LayerIndex[], limits: ReadLimits) {
    this.layers = layers;
    this.maxImplied = limits.maxEntries;
    this.root = new TreeNode(directoryEntry('/', ''), -1);
  }

  static merge(layers: LayerIndex[], limits: ReadLimits = limitsFromEnv()): MergedFilesystem {
    const fs = new MergedFilesystem(layers, limits);
    layers.forEach((layer, i) => fs.apply(layer, i));
    return fs;
  }

  private apply(layer: LayerIndex, index: number): void {
    this.parents.clear();
    for (const whiteout of layer.whiteouts) {
      // Runtimes create a whiteout's missing parents (the marker of an opaque directory sits inside it),
      // but a whiteout below a file or a dangling symlink only fails their unpack: it changes nothing here.
      if (whiteout.opaque) {
        this.directoryAt(whiteout.path, index, false)?.children?.clear();
      } else if (whiteout.path !== '/') {
        const { dir, name } = split(whiteout.path);
        this.directoryAt(dir, index, false)?.children?.delete(name);
      }
    }
    for (const entry of layer.entries) this.add(entry, index);
  }

  private add(entry: LayerEntry, layer: number): void {
    const { dir, name } = entry;
    let parent = this.parents.get(dir);
    if (parent === undefined) {
      parent = this.directoryAt(dir, layer, true) as TreeNode;
      this.parents.set(dir, parent);
    }
    const children = parent.children as Map<string, TreeNode>;
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
      if (target.found && content) node.link = { content, size: sizeOf(target.node), path: target.path };
    }
    children.set(name, node);
  }

  /**
   * The directory at `dir` (a clean absolute path), its parents followed through symlinks;
   * missing directories are created, as runtimes do. A file or a dangling symlink in the way is
   * replaced when `replace` (an entry must land somewhere), else there is no directory. While no
   * symlink has been followed, the merged path is a prefix of `dir`, so no string is built per component.
   */
  private directoryAt(dir: string, layer: number, replace: boolean): TreeNode | undefined {
    let current = this.root;
    // After a symlink: the real path of the directory it led to, and where in `dir` the rest begins.
    let base: string | undefined;
    let rest = 0;
    const pathTo = (end: number): string => (base === undefined ? dir.slice(0, end) || '/' : base + dir.slice(rest, end) || '/');
    for (let start = 1; start < dir.length; ) {
      let end = dir.indexOf('/', start);
      if (end < 0) end = dir.length;
      const name = dir.slice(start, end);
      const children = current.children as Map<string, TreeNode>;
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
        if (!replace) return undefined;
        next = undefined;
      }
      if (!next?.children) {
        if (next && !replace) return undefined;
        if (++this.implied > this.maxImplied) {
          const where = this.layers[layer]?.digest ?? this.layers[layer]?.diffId ?? String(layer);
          throw new UserError(
            `layer ${where}: the image's layers imply more than ${this.maxImplied} directories that none of them lists; if it really has that many, raise ${LIMIT_VARIABLES.maxEntries}`,
          );
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
  private lookup(path: string, followLast: boolean): Lookup {
    // Components still to walk, the next one last.
    const pending = path.split('/').reverse();
    const stack: TreeNode[] = [this.root];
    const names: string[] = [];
    let hops = 0;
    let steps = pending.length + MAX_LINK_STEPS;
    while (pending.length > 0) {
      if (--steps < 0) return LOOP;
      const name = pending.pop() as string;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (stack.length > 1) {
          stack.pop();
          names.pop();
        }
        continue;
      }
      const children = stack[stack.length - 1].children;
      if (!children) return NOT_A_DIRECTORY;
      const node = children.get(name);
      if (!node) return NOT_FOUND;
      if (node.entry.type === 'symlink' && (followLast || pending.some((part) => part !== ''))) {
        if (++hops > MAX_HOPS) return LOOP;
        const target = node.entry.target ?? '';
        if (target === '') return NOT_FOUND;
        if (target.startsWith('/')) {
          stack.length = 1;
          names.length = 0;
        }
        const parts = target.split('/');
        for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]);
        continue;
      }
      stack.push(node);
      names.push(name);
    }
    return { found: true, path: names.length === 0 ? '/' : `/${names.join('/')}`, node: stack[stack.length - 1] };
  }

  lstat(path: string): FsNode | undefined {
    const found = this.lookup(path, false);
    return found.found ? fsNode(found.node, found.path) : undefined;
  }

  resolve(path: string): { path: string; node: FsNode } | undefined {
    const found = this.lookup(path, true);
    return found.found ? { path: found.path, node: fsNode(found.node, found.path) } : undefined;
  }

  /** Why `resolve(path)` finds nothing, in the words of errno (`too many levels of symbolic links`); undefined when it finds something. */
  whyMissing(path: string): string | undefined {
    const found = this.lookup(path, true);
    return found.found ? undefined : found.reason;
  }

  list(dir: string): string[] {
    const found = this.lookup(dir, true);
    return found.found && found.node.children ? [...found.node.children.keys()].sort() : [];
  }

  captured(path: string): CapturedFile | undefined {
    const found = this.lookup(path, true);
    const content = found.found ? contentOf(found.node) : undefined;
    return content && this.layers[content.layer]?.captured.get(content.path);
  }

  /** The path under which the layer that wrote this file's bytes stored them (symlinks and hard links followed). */
  contentPath(path: string): string | undefined {
    const found = this.lookup(path, true);
    return found.found ? contentOf(found.node)?.path : undefined;
  }

  /** Every node in tree order (children sorted by name), the root excluded. */
  *walk(from = '/'): Generator<FsNode> {
    const start = this.lookup(from, true);
    if (!start.found) return;
    for (const [node, path] of treeOrder(start.node, start.path, start.node !== this.root)) yield fsNode(node, path);
  }

  /**
   * The nodes whose entry passes `test`, in `walk` order. For the few among many (setuid files):
   * the tree is walked unsorted and a path is built only for directories and matches. The test
   * sees the entry's name too (`.git` directories), never its path.
   */
  find(test: (entry: EntryFields & { readonly name: string }) => boolean): FsNode[] {
    const found: FsNode[] = [];
    const pending: [TreeNode, string][] = [[this.root, '']];
    while (pending.length > 0) {
      const [dir, dirPath] = pending.pop() as [TreeNode, string];
      for (const child of dir.children?.values() ?? []) {
        const matches = test(child.entry);
        if (!matches && !child.children) continue;
        const path = `${dirPath}/${child.entry.name}`;
        if (matches) found.push(fsNode(child, path));
        if (child.children) pending.push([child, path]);
      }
    }
    return found.sort((a, b) => comparePaths(a.path, b.path));
  }

  /**
   * Bytes stored in each layer that the merged view does not show (overwritten, deleted,
   * or under a replaced directory): a layer's file bytes minus those still visible.
   */
  hiddenBytes(): { total: number; perLayer: number[] } {
    const visible = this.layers.map(() => 0);
    const pending = [this.root];
    while (pending.length > 0) {
      for (const child of (pending.pop() as TreeNode).children?.values() ?? []) {
        if (child.children) pending.push(child);
        else if (child.entry.type === 'file') visible[child.layer] += child.entry.size;
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
  directorySizes(depth: number): Map<string, number> {
    const sizes = new Map<string, number>();
    // Each directory with its level and the counted directories (itself included) its files add to.
    const pending: { dir: TreeNode; path: string; level: number; counted: string[] }[] = [{ dir: this.root, path: '/', level: 0, counted: [] }];
    while (pending.length > 0) {
      const { dir, path, level, counted } = pending.pop() as (typeof pending)[number];
      let bytes = 0;
      let files = false;
      for (const child of dir.children?.values() ?? []) {
        if (child.children) {
          const childPath = level < depth ? entryPath({ dir: path, name: child.entry.name }) : path;
          pending.push({ dir: child, path: childPath, level: level + 1, counted: level < depth ? [...counted, childPath] : counted });
        } else if (child.entry.type === 'file') {
          bytes += child.entry.size;
          files = true;
        }
      }
      if (files) for (const counts of counted) sizes.set(counts, (sizes.get(counts) ?? 0) + bytes);
    }
    return sizes;
  }
}

/** `start` at `startPath` (when `withStart`) and everything below it with their paths, children sorted by name. */
function* treeOrder(start: TreeNode, startPath: string, withStart: boolean): Generator<[TreeNode, string]> {
  if (withStart) yield [start, startPath];
  // An explicit stack keeps 1,000-deep trees from overflowing the call stack.
  const pending: [TreeNode, string][] = [];
  const pushChildren = (dir: TreeNode, dirPath: string) => {
    const children = sortedChildren(dir);
    const prefix = dirPath === '/' ? '/' : `${dirPath}/`;
    for (let i = children.length - 1; i >= 0; i--) pending.push([children[i], prefix + children[i].entry.name]);
  };
  if (start.children) pushChildren(start, startPath);
  while (pending.length > 0) {
    const next = pending.pop() as [TreeNode, string];
    yield next;
    if (next[0].children) pushChildren(next[0], next[1]);
  }
}

/** What `ls` shows for a node at `path`: a fresh object, so callers cannot change the tree. */
function fsNode(node: TreeNode, path: string): FsNode {
  const { entry } = node;
  const out: FsNode = {
    path,
    type: entry.type,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    size: sizeOf(node),
    layer: node.layer,
  };
  if (entry.target !== undefined) out.target = entry.target;
  if (node.link) out.linkedPath = node.link.path;
  return out;
}

function contentOf(node: TreeNode): Content | undefined {
  if (node.link) return node.link.content;
  return node.entry.type === 'file' ? { layer: node.layer, path: entryPath(node.entry) } : undefined;
}

function sizeOf(node: TreeNode): number {
  return node.link ? node.link.size : node.entry.size;
}

function sortedChildren(node: TreeNode): readonly TreeNode[] {
  // A child's key is its entry's name: sorting the nodes by it needs no [name, node] pairs.
  node.sorted ??= [...(node.children?.values() ?? [])].sort(({ entry: { name: a } }, { entry: { name: b } }) => (a < b ? -1 : a > b ? 1 : 0));
  return node.sorted;
}

/** `/a/b` → `/a` and `b`; `/a` → `/` and `a`. */
function split(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  return { dir: slash <= 0 ? '/' : path.slice(0, slash), name: path.slice(slash + 1) };
}

function directoryEntry(dir: string, name: string): LayerEntry {
  return { dir, name, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 };
}

/** Path order as `walk` lists paths: component by component, so a directory's contents follow it. */
export function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}
