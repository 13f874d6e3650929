/**
 * Secrets in the image's files, layer by layer: what the secret scan found in each layer's files
 * (secret-capture.ts), with the layer that added each and the layer that removed or overwrote it.
 * A removed file is still in the image: its layer ships to everyone who pulls it.
 */
import { entryPath } from '../image/layer-index.ts';
import type { FileLookup, LayerIndex } from '../image/types.ts';
import { capturedSecrets } from './secret-capture.ts';

export interface SecretFile {
  /** What it is: `an RSA private key`, `an npm auth token in .npmrc`. */
  kind: string;
  /** The path as the layer that added it wrote it. */
  path: string;
  /** The layer that added it. */
  layer: number;
  /** Enough to tell secrets apart and to write an exception (secret-tokens.ts `fingerprintOf`), never the value. */
  fingerprint: string;
  /** 1-based line of the file where it starts, for text. */
  line?: number;
  /** The file was longer than the scan reads: only its start was searched. */
  partial?: true;
  /** The later layer that removed or overwrote it; the secret still ships in `layer`. */
  removedIn?: number;
}

/** Bounds the list (and the findings from it) on a hostile image. */
const MAX_SECRET_FILES = 500;

export function secretFilesOf(layers: readonly LayerIndex[], fs: FileLookup): SecretFile[] {
  const found: SecretFile[] = [];
  layers.forEach((layer, index) => {
    for (const [path, file] of layer.captured) {
      const scan = capturedSecrets(file);
      if (!scan) continue;
      for (const detection of scan.detections) {
        if (found.length >= MAX_SECRET_FILES) return;
        found.push({
          kind: detection.kind,
          path,
          layer: index,
          fingerprint: detection.fingerprint,
          ...(detection.line !== undefined ? { line: detection.line } : {}),
          ...(scan.partial ? { partial: true as const } : {}),
        });
      }
    }
  });
  markRemoved(found, layers, fs);
  return found.sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0));
}

/** Sets `removedIn` on the secrets whose file the merged filesystem no longer shows from their layer. */
function markRemoved(found: SecretFile[], layers: readonly LayerIndex[], fs: FileLookup): void {
  const gone = found.filter((secret) => {
    const node = fs.lstat(secret.path);
    return !(node && node.type === 'file' && node.layer === secret.layer);
  });
  if (gone.length === 0) return;
  // Each removed path and its ancestors: a layer touches it by an entry or whiteout at any of them.
  const watched = new Set<string>();
  for (const { path } of gone) for (let at = path; at !== '/' && at !== ''; at = at.slice(0, Math.max(at.lastIndexOf('/'), 1))) watched.add(at);
  // Per layer: whiteouts (opaque or not) and entries (a directory or not) at a watched path.
  const whiteouts = layers.map(() => new Map<string, boolean>());
  const entries = layers.map(() => new Map<string, boolean>());
  layers.forEach((layer, index) => {
    for (const whiteout of layer.whiteouts) if (watched.has(whiteout.path)) whiteouts[index].set(whiteout.path, whiteout.opaque);
    for (const entry of layer.entries) {
      const path = entryPath(entry);
      if (watched.has(path)) entries[index].set(path, entry.type === 'dir');
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
