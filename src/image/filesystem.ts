import { posix } from 'node:path';
import type { CapturedFile, FileLookup, FsNode, LayerEntry, LayerIndex } from './types.ts';

interface TreeNode {
  entry: FsNode;
  children?: Map<string, TreeNode>;
  /** Where this node's bytes were captured: the layer and the path as that layer's tar named it. */
  content?: { layer: number; path: string };
}

/** Linux gives up after 40 symlinks in one lookup (ELOOP); so do we. */
const MAX_HOPS = 40;

/**
 * The filesystem a container sees: layers applied in order as the OCI layer spec says
 * (whiteouts and opaque directories before the layer's own entries, a non-directory replacing
 * a whole subtree, parents resolved through symlinks inside the image, never outside it).
 */
export class MergedFilesystem implements FileLookup {
  private readonly root: TreeNode;
  private readonly layers: LayerIndex[];

  private constructor(layers: LayerIndex[]) {
    this.layers = layers;
    this.root = { entry: directory('/', -1), children: new Map() };
  }

  static merge(layers: LayerIndex[]): MergedFilesystem {
    const fs = new MergedFilesystem(layers);
    layers.forEach((layer, i) => fs.apply(layer, i));
    return fs;
  }

  private apply(layer: LayerIndex, index: number): void {
    for (const whiteout of layer.whiteouts) {
      const parent = this.directoryAt(posix.dirname(whiteout.path), index, false);
      if (!parent) continue;
      if (whiteout.opaque) {
        const dir = parent.children?.get(posix.basename(whiteout.path));
        if (whiteout.path === '/') this.root.children?.clear();
        else if (dir?.children) dir.children.clear();
      } else {
        parent.children?.delete(posix.basename(whiteout.path));
      }
    }
    for (const entry of layer.entries) this.add(entry, index);
  }

  private add(entry: LayerEntry, layer: number): void {
    const parent = this.directoryAt(posix.dirname(entry.path), layer, true);
    if (!parent?.children) return;
    const name = posix.basename(entry.path);
    const parentPath = parent === this.root ? '/' : parent.entry.path;
    const path = posix.join(parentPath, name);
    const existing = parent.children.get(name);
    if (entry.type === 'dir' && existing?.children) {
      existing.entry = { ...entry, path, layer };
      return;
    }
    const node: TreeNode = { entry: { ...entry, path, layer } };
    if (entry.type === 'dir') node.children = new Map();
    else if (entry.type === 'file') node.content = { layer, path: entry.path };
    else if (entry.type === 'hardlink' && entry.target) {
      const target = this.lookup(entry.target, false);
      if (target?.node.content && target.node.entry.type !== 'dir') {
        node.content = target.node.content;
        node.entry.size = target.node.entry.size;
        node.entry.linkedPath = target.path;
      }
    }
    parent.children.set(name, node);
  }

  /** The directory node at `path` (parents through symlinks); creates missing ones when asked, as runtimes do. */
  private directoryAt(path: string, layer: number, create: boolean): TreeNode | undefined {
    let current = this.root;
    let currentPath = '/';
    const parts = path.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      let next = current.children?.get(name);
      if (next && next.entry.type === 'symlink') {
        const resolved = this.lookup(posix.join(currentPath, name), true);
        if (resolved?.node.children) {
          current = resolved.node;
          currentPath = resolved.path;
          continue;
        }
        next = undefined; // dangling or not a directory: a runtime would fail here; replace it instead
      }
      if (!next?.children) {
        if (!create) return undefined;
        next = { entry: directory(posix.join(currentPath, name), layer), children: new Map() };
        current.children?.set(name, next);
      }
      current = next;
      currentPath = posix.join(currentPath, name);
    }
    return current;
  }

  /**
   * Walks `path` from the root, following symlinks in every component but the last unless
   * `followLast`; `..` stops at the root, so no lookup leaves the image.
   */
  private lookup(path: string, followLast: boolean): { path: string; node: TreeNode } | undefined {
    let pending = path.split('/').filter(Boolean);
    let stack: TreeNode[] = [this.root];
    let names: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const [name, ...rest] = pending;
      pending = rest;
      if (name === '.') continue;
      if (name === '..') {
        if (stack.length > 1) {
          stack = stack.slice(0, -1);
          names = names.slice(0, -1);
        }
        continue;
      }
      const node = stack[stack.length - 1].children?.get(name);
      if (!node) return undefined;
      if (node.entry.type === 'symlink' && (pending.length > 0 || followLast)) {
        if (++hops > MAX_HOPS) return undefined;
        const target = (node.entry.target ?? '').split('/').filter(Boolean);
        if (node.entry.target?.startsWith('/')) {
          stack = [this.root];
          names = [];
        }
        pending = [...target, ...pending];
        continue;
      }
      stack = [...stack, node];
      names = [...names, name];
    }
    return { path: '/' + names.join('/'), node: stack[stack.length - 1] };
  }

  lstat(path: string): FsNode | undefined {
    return this.lookup(path, false)?.node.entry;
  }

  resolve(path: string): { path: string; node: FsNode } | undefined {
    const found = this.lookup(path, true);
    return found && { path: found.path, node: found.node.entry };
  }

  list(dir: string): string[] {
    const found = this.lookup(dir, true);
    return found?.node.children ? [...found.node.children.keys()].sort() : [];
  }

  captured(path: string): CapturedFile | undefined {
    const content = this.lookup(path, true)?.node.content;
    return content && this.layers[content.layer]?.captured.get(content.path);
  }

  /** The path under which the layer that wrote this file's bytes stored them (symlinks and hard links followed). */
  contentPath(path: string): string | undefined {
    return this.lookup(path, true)?.node.content?.path;
  }

  /** Every node in tree order (children sorted by name), the root excluded. */
  *walk(from = '/'): Generator<FsNode> {
    const start = this.lookup(from, true);
    if (!start) return;
    if (start.node !== this.root) yield start.node.entry;
    const stack: TreeNode[] = start.node.children ? [start.node] : [];
    // An explicit stack keeps 1,000-deep trees from overflowing the call stack.
    const pending: TreeNode[] = [];
    for (const dir of stack) pending.push(...sortedChildren(dir).reverse());
    while (pending.length > 0) {
      const node = pending.pop() as TreeNode;
      yield node.entry;
      if (node.children) pending.push(...sortedChildren(node).reverse());
    }
  }

  /**
   * Bytes stored in each layer that the merged view does not show (overwritten, deleted,
   * or under a replaced directory): a layer's file bytes minus those still visible.
   */
  hiddenBytes(): { total: number; perLayer: number[] } {
    const visible = this.layers.map(() => 0);
    for (const node of this.walk()) {
      if (node.type === 'file') visible[node.layer] += node.size;
    }
    const perLayer = this.layers.map((layer, i) => layer.contentSize - visible[i]);
    return { total: perLayer.reduce((a, b) => a + b, 0), perLayer };
  }
}

function sortedChildren(node: TreeNode): TreeNode[] {
  return [...(node.children?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, child]) => child);
}

function directory(path: string, layer: number): FsNode {
  return { path, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, layer };
}
