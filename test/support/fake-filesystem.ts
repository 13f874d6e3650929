import { posix } from 'node:path';
import type { CapturedFile, FileLookup, FsNode } from '../../src/image/types.ts';

/**
 * An in-memory FileLookup for facts tests: files (with captured bytes), directories and symlinks,
 * resolved the way the merged filesystem does (symlinks inside the root, `..` clamped, 40 hops).
 */
export class FakeFilesystem implements FileLookup {
  private readonly nodes = new Map<string, FsNode>();
  private readonly contents = new Map<string, CapturedFile>();

  constructor() {
    this.nodes.set('/', node('/', 'dir'));
  }

  /** A regular file; `content` is what a collector captured (text or bytes become its head). */
  file(path: string, content?: CapturedFile | string | Buffer, mode = 0o755): this {
    this.parents(path);
    this.nodes.set(path, { ...node(path, 'file'), mode });
    if (content !== undefined) {
      this.contents.set(path, typeof content === 'string' || Buffer.isBuffer(content) ? { head: Buffer.from(content), truncated: false } : content);
    }
    return this;
  }

  dir(path: string): this {
    this.parents(path);
    if (!this.nodes.has(path)) this.nodes.set(path, node(path, 'dir'));
    return this;
  }

  symlink(path: string, target: string): this {
    this.parents(path);
    this.nodes.set(path, { ...node(path, 'symlink'), target });
    return this;
  }

  private parents(path: string): void {
    const parent = posix.dirname(path);
    if (parent !== path) this.dir(parent);
  }

  lstat(path: string): FsNode | undefined {
    return this.nodes.get(posix.normalize(path));
  }

  resolve(path: string): { path: string; node: FsNode } | undefined {
    let parts = path.split('/').filter(Boolean);
    let current = '/';
    let hops = 0;
    while (parts.length > 0) {
      const name = parts.shift() as string;
      if (name === '.') continue;
      if (name === '..') {
        current = posix.dirname(current);
        continue;
      }
      const next = posix.join(current, name);
      const found = this.nodes.get(next);
      if (!found) return undefined;
      if (found.type === 'symlink') {
        if (++hops > 40) return undefined;
        const target = found.target ?? '';
        parts = [...target.split('/').filter(Boolean), ...parts];
        if (target.startsWith('/')) current = '/';
        continue;
      }
      if (parts.length > 0 && found.type !== 'dir') return undefined;
      current = next;
    }
    const found = this.nodes.get(current);
    return found ? { path: current, node: found } : undefined;
  }

  list(dir: string): string[] {
    const found = this.resolve(dir);
    if (found?.node.type !== 'dir') return [];
    const prefix = found.path === '/' ? '/' : `${found.path}/`;
    return [...this.nodes.keys()]
      .filter((path) => path !== '/' && path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
      .map((path) => path.slice(prefix.length))
      .sort();
  }

  captured(path: string): CapturedFile | undefined {
    const found = this.resolve(path);
    return found ? this.contents.get(found.path) : undefined;
  }
}

function node(path: string, type: FsNode['type']): FsNode {
  return { path, type, mode: type === 'dir' ? 0o755 : 0o777, uid: 0, gid: 0, size: 0, layer: 0 };
}
