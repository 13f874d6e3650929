// The merged filesystem against a naive model of the OCI layer rules: random layer sequences
// over a few names (so paths collide, symlinks lead into each other and whiteouts hit), merged
// both ways, must give the same tree, the same lookups and the same captured bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MergedFilesystem, comparePaths } from '../../src/image/filesystem.ts';
import { DEFAULT_LIMITS } from '../../src/image/limits.ts';
import type { CapturedFile, EntryFields, EntryType, FsNode, LayerEntry, LayerIndex, Whiteout } from '../../src/image/types.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/**
 * The model: a flat map from real path to node, every rule spelled out on strings. Subtrees are
 * found by prefix, symlinks by re-reading paths; nothing is shared between the two implementations.
 */
interface ModelNode {
  entry: LayerEntry;
  layer: number;
  /** A hard link's shared bytes: the layer and stored path of the file, its size, and the path it was found at. */
  link?: { layer: number; path: string; size: number; linkedPath: string };
}

class Model {
  readonly nodes = new Map<string, ModelNode>();

  isDir(path: string): boolean {
    return path === '/' || this.nodes.get(path)?.entry.type === 'dir';
  }

  /** Deletes `path` and everything below it. */
  removeTree(path: string): void {
    for (const key of [...this.nodes.keys()]) if (key === path || key.startsWith(`${path}/`)) this.nodes.delete(key);
  }

  removeChildren(dir: string): void {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    for (const key of [...this.nodes.keys()]) if (key.startsWith(prefix)) this.nodes.delete(key);
  }

  /** Linux path resolution inside the root: at most 40 symlinks, `..` stops at `/`, an empty target is ENOENT. */
  resolve(path: string, followLast: boolean): string | undefined {
    let parts = path.split('/').filter((part) => part !== '');
    let current: string[] = [];
    let hops = 0;
    while (parts.length > 0) {
      const [name, ...rest] = parts;
      parts = rest;
      if (name === '.') continue;
      if (name === '..') {
        current = current.slice(0, -1);
        continue;
      }
      const dir = `/${current.join('/')}`;
      if (!this.isDir(dir)) return undefined;
      const node = this.nodes.get(join(dir, name));
      if (!node) return undefined;
      if (node.entry.type === 'symlink' && (parts.length > 0 || followLast)) {
        if (++hops > 40) return undefined;
        const target = node.entry.target ?? '';
        if (target === '') return undefined;
        if (target.startsWith('/')) current = [];
        parts = [...target.split('/').filter((part) => part !== ''), ...parts];
        continue;
      }
      current = [...current, name];
    }
    return `/${current.join('/')}`;
  }

  /** The real directory for `dir`, creating what is missing; what is in the way is replaced only when `replace`. */
  realDir(dir: string, layer: number, replace: boolean): string | undefined {
    let current = '/';
    for (const name of dir.split('/').filter((part) => part !== '')) {
      const path = join(current, name);
      const node = this.nodes.get(path);
      if (node?.entry.type === 'symlink') {
        const real = this.resolve(path, true);
        if (real !== undefined && this.isDir(real)) {
          current = real;
          continue;
        }
      }
      if (node && node.entry.type !== 'dir') {
        if (!replace) return undefined;
        this.removeTree(path);
      }
      if (!this.nodes.has(path)) this.nodes.set(path, { entry: implied(path), layer });
      current = path;
    }
    return current;
  }

  apply(layer: LayerIndex, index: number): void {
    for (const whiteout of layer.whiteouts) {
      if (whiteout.opaque) {
        const dir = this.realDir(whiteout.path, index, false);
        if (dir !== undefined) this.removeChildren(dir);
      } else if (whiteout.path !== '/') {
        const parent = this.realDir(dirname(whiteout.path), index, false);
        if (parent !== undefined) this.removeTree(join(parent, basename(whiteout.path)));
      }
    }
    for (const entry of layer.entries) {
      const parent = this.realDir(entry.dir, index, true) as string;
      const path = join(parent, entry.name);
      const existing = this.nodes.get(path);
      if (entry.type === 'dir' && existing?.entry.type === 'dir') {
        existing.entry = entry;
        existing.layer = index;
        continue;
      }
      this.removeTree(path);
      const node: ModelNode = { entry, layer: index };
      if (entry.type === 'hardlink' && entry.target) {
        const found = this.resolve(entry.target, false);
        const target = found === undefined ? undefined : this.nodes.get(found);
        if (target?.entry.type === 'file')
          node.link = { layer: target.layer, path: join(target.entry.dir, target.entry.name), size: target.entry.size, linkedPath: found as string };
        else if (target?.link) node.link = { ...target.link, linkedPath: found as string };
      }
      this.nodes.set(path, node);
    }
  }

  /** What `walk()` must yield, in tree order. */
  listing(): FsNode[] {
    return [...this.nodes.entries()]
      .sort(([a], [b]) => comparePaths(a, b))
      .map(([path, node]) => {
        const out: FsNode = {
          path,
          type: node.entry.type,
          mode: node.entry.mode,
          uid: node.entry.uid,
          gid: node.entry.gid,
          size: node.link ? node.link.size : node.entry.size,
          layer: node.layer,
        };
        if (node.entry.target !== undefined) out.target = node.entry.target;
        if (node.link) out.linkedPath = node.link.linkedPath;
        return out;
      });
  }

  content(path: string): { layer: number; path: string } | undefined {
    const real = this.resolve(path, true);
    const node = real === undefined ? undefined : this.nodes.get(real);
    if (node?.link) return node.link;
    return node?.entry.type === 'file' ? { layer: node.layer, path: join(node.entry.dir, node.entry.name) } : undefined;
  }
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function implied(path: string): LayerEntry {
  return { dir: dirname(path), name: basename(path), type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 };
}

// Few names, so that layers collide; `d` is often a symlink, `.wh.`-free since whiteouts come apart.
const NAME = fc.constantFrom('a', 'b', 'c', 'd');
const PATH = fc.array(NAME, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const TARGET = fc.oneof(
  PATH,
  fc.array(fc.constantFrom('a', 'b', 'd', '..', '.', ''), { minLength: 0, maxLength: 4 }).map((parts) => parts.join('/')),
  fc.constantFrom('/', 'missing', '../../a', 'd/../a'),
);

type Spec = { path: string; type: EntryType; size: number; mode: number; target?: string };

const ENTRY: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ path: PATH, type: fc.constant<EntryType>('file'), size: fc.nat(50), mode: fc.constantFrom(0o644, 0o755) }) },
  { weight: 3, arbitrary: fc.record({ path: PATH, type: fc.constant<EntryType>('dir'), size: fc.constant(0), mode: fc.constantFrom(0o755, 0o700) }) },
  { weight: 3, arbitrary: fc.record({ path: PATH, type: fc.constant<EntryType>('symlink'), size: fc.constant(0), mode: fc.constant(0o777), target: TARGET }) },
  { weight: 1, arbitrary: fc.record({ path: PATH, type: fc.constant<EntryType>('hardlink'), size: fc.constant(0), mode: fc.constant(0o644), target: PATH }) },
  { weight: 1, arbitrary: fc.record({ path: PATH, type: fc.constantFrom<EntryType>('fifo', 'char'), size: fc.constant(0), mode: fc.constant(0o600) }) },
);
const WHITEOUT: fc.Arbitrary<Whiteout> = fc.record({
  path: fc.oneof({ weight: 6, arbitrary: PATH }, { weight: 1, arbitrary: fc.constant('/') }),
  opaque: fc.boolean(),
});
const LAYERS = fc.array(fc.record({ entries: fc.array(ENTRY, { maxLength: 8 }), whiteouts: fc.array(WHITEOUT, { maxLength: 3 }) }), {
  minLength: 1,
  maxLength: 4,
});

/** A layer index as indexTar makes it: captured bytes for every file, a later entry for a path replacing an earlier one's. */
function layerIndex(spec: { entries: Spec[]; whiteouts: Whiteout[] }, index: number): LayerIndex {
  const captured = new Map<string, CapturedFile>();
  const entries = spec.entries.map((entry, i): LayerEntry => {
    captured.delete(entry.path);
    if (entry.type === 'file') captured.set(entry.path, { head: Buffer.from(`layer ${index} entry ${i}`), truncated: false });
    return {
      dir: dirname(entry.path),
      name: basename(entry.path),
      type: entry.type,
      mode: entry.mode,
      uid: 0,
      gid: 0,
      size: entry.size,
      ...(entry.target !== undefined ? { target: entry.target } : {}),
    };
  });
  return {
    contentSize: entries.reduce((sum, entry) => sum + (entry.type === 'file' ? entry.size : 0), 0),
    tarSize: 0,
    entries,
    whiteouts: spec.whiteouts,
    captured,
  };
}

function merged(specs: { entries: Spec[]; whiteouts: Whiteout[] }[]): { layers: LayerIndex[]; fs: MergedFilesystem; model: Model } {
  const layers = specs.map(layerIndex);
  const fs = MergedFilesystem.merge(layers, DEFAULT_LIMITS);
  const model = new Model();
  layers.forEach((layer, i) => model.apply(layer, i));
  return { layers, fs, model };
}

const QUERY = fc.oneof(
  PATH,
  TARGET.map((target) => `/${target}`),
  fc.array(fc.constantFrom('a', 'b', 'c', 'd', '..', '.'), { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);

describe('MergedFilesystem against the naive model', () => {
  it('merges every random layer sequence to the same tree, in tree order', () => {
    fc.assert(
      fc.property(LAYERS, (specs) => {
        const { fs, model } = merged(specs);
        expect([...fs.walk()]).toEqual(model.listing());
      }),
      { numRuns: RUNS },
    );
  });

  it('reaches every node it lists by lookup, and lists nothing twice', () => {
    fc.assert(
      fc.property(LAYERS, (specs) => {
        const { fs } = merged(specs);
        const nodes = [...fs.walk()];
        expect(new Set(nodes.map((node) => node.path)).size).toBe(nodes.length);
        for (const node of nodes) expect(fs.lstat(node.path)).toEqual(node);
      }),
      { numRuns: RUNS },
    );
  });

  it('resolves, lists and reads any path as the model does', () => {
    fc.assert(
      fc.property(LAYERS, fc.array(QUERY, { minLength: 1, maxLength: 6 }), (specs, queries) => {
        const { layers, fs, model } = merged(specs);
        for (const query of queries) {
          const real = model.resolve(query, true);
          expect(fs.resolve(query)?.path).toBe(real);
          expect(fs.whyMissing(query) === undefined).toBe(real !== undefined);
          expect(fs.lstat(query)?.path).toBe(model.resolve(query, false));
          const content = model.content(query);
          expect(fs.contentPath(query)).toBe(content?.path);
          expect(fs.captured(query)).toBe(content && layers[content.layer].captured.get(content.path));
          const children = real !== undefined && model.isDir(real) ? model.listing().filter((node) => dirname(node.path) === real && node.path !== '/') : [];
          expect(fs.list(query)).toEqual(children.map((node) => basename(node.path)).sort());
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('finds the nodes whose entry passes a test as the walk lists them', () => {
    const tests = [
      (entry: EntryFields) => entry.type === 'file' && (entry.mode & 0o100) !== 0,
      (entry: EntryFields) => entry.type === 'dir' && entry.mode === 0o700,
      (entry: EntryFields) => entry.type !== 'dir' && entry.type !== 'file',
    ];
    fc.assert(
      fc.property(LAYERS, fc.constantFrom(...tests), (specs, test) => {
        const { fs } = merged(specs);
        expect(fs.find(test)).toEqual([...fs.walk()].filter(test));
      }),
      { numRuns: RUNS },
    );
  });

  it('counts as hidden exactly the file bytes the merged view does not show', () => {
    fc.assert(
      fc.property(LAYERS, (specs) => {
        const { layers, fs, model } = merged(specs);
        const visible = layers.map(() => 0);
        for (const node of model.listing()) if (node.type === 'file') visible[node.layer] += node.size;
        const perLayer = layers.map((layer, i) => layer.contentSize - visible[i]);
        expect(fs.hiddenBytes()).toEqual({ perLayer, total: perLayer.reduce((a, b) => a + b, 0) });
      }),
      { numRuns: RUNS },
    );
  });

  it('sums the visible file bytes below each directory one and two levels down that holds a file', () => {
    fc.assert(
      fc.property(LAYERS, (specs) => {
        const { fs, model } = merged(specs);
        const want = new Map<string, number>();
        for (const node of model.listing()) {
          if (node.type !== 'file') continue;
          const parts = node.path.split('/').slice(1, -1);
          for (let depth = 1; depth <= Math.min(2, parts.length); depth++) {
            const dir = `/${parts.slice(0, depth).join('/')}`;
            want.set(dir, (want.get(dir) ?? 0) + node.size);
          }
        }
        expect(new Map([...fs.directorySizes(2)].sort())).toEqual(new Map([...want].sort()));
      }),
      { numRuns: RUNS },
    );
  });
});
