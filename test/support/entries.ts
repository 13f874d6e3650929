import type { EntryFields, LayerEntry } from '../../src/image/types.ts';

/** An entry by its path (clean, absolute) and any fields. */
export type EntrySpec = Partial<EntryFields> & { path: string };

/** A layer entry as the layer reader makes one; unset fields make an empty 0644 file of root's. */
export function layerEntry({ path, ...fields }: EntrySpec): LayerEntry {
  const slash = path.lastIndexOf('/');
  return { dir: slash === 0 ? '/' : path.slice(0, slash), name: path.slice(slash + 1), type: 'file', mode: 0o644, uid: 0, gid: 0, size: 0, ...fields };
}
