import type { EntryType, FileLookup, FsNode } from '../image/types.ts';

/** What a policy requires of one path (the `required-paths` rule's `paths` entries, converted). */
export interface RequiredPath {
  /** Absolute and normalised (`/app/config.yaml`). */
  path: string;
  /** `file` also admits a hard link; `symlink` checks the path itself, not where it leads. */
  type?: 'file' | 'dir' | 'symlink';
  /** Permission bits, setuid/setgid/sticky included (`0o755`). */
  mode?: number;
  uid?: number;
  gid?: number;
}

/** One node as the required-paths check compares it. */
export interface PathNode {
  /** The real path, after the symlinks leading to it. */
  path: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  layer: number;
  /** A symlink's target as written. */
  target?: string;
}

/** What the merged filesystem holds at a required path. */
export interface RequiredPathState {
  required: RequiredPath;
  /** The path itself, symlinks in its directories followed (lstat); undefined when nothing is there. */
  node?: PathNode;
  /** Where the path leads through symlinks (stat); undefined when it leads nowhere. */
  resolved?: PathNode;
}

function pathNode(path: string, node: FsNode): PathNode {
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
export function requiredPathStates(fs: FileLookup, required: readonly RequiredPath[]): RequiredPathState[] {
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
