import { posix } from 'node:path';
import { UserError } from '../errors.ts';
import { gatherFacts } from '../facts/index.ts';
import type { SizeFacts } from '../facts/sizes.ts';
import { HeadCollector } from '../image/collectors.ts';
import { MergedFilesystem, comparePaths } from '../image/filesystem.ts';
import { listedEntry } from '../image/layer-index.ts';
import { parseReference } from '../image/reference.ts';
import { openSource } from '../image/sources/index.ts';
import type { CaptureRequest, FsNode, LoadedImage, Platform } from '../image/types.ts';
import type { BaselineComparison } from '../report/model.ts';
import { compareWithBaseline, loadBaseline } from './baseline.ts';

// What `ls`, `cat` and `diff` ask of one image: each reads its image once.

/** An image to look inside: the reference as the user wrote it, and the platform (the first one when absent). */
export interface ImageTarget {
  reference: string;
  platform?: Platform;
}

/** A node as `ls` lists it; a whiteout of a layer (`--layer`) is one too. */
export type ListedNode = FsNode & { whiteout?: boolean };

/** `cat` reads files up to this size. */
export const CAT_LIMIT = 1024 * 1024 * 1024;
/** What `cat` may keep, in all, of files that are not the path asked for but may be where it leads. */
const CAT_GUESS_LIMIT = 64 * 1024 * 1024;

async function loadImage(target: ImageTarget, capture: CaptureRequest): Promise<LoadedImage> {
  const images = await openSource(parseReference(target.reference), target.reference, {}).load({ platform: target.platform, capture, files: true });
  return images[0];
}

/**
 * The entries under `path` (the path as the user wrote it): of the merged filesystem in path
 * order, or of one layer's own entries, whiteouts included.
 */
export async function listImage(target: ImageTarget, path: string, layer?: number): Promise<Iterable<ListedNode>> {
  const image = await loadImage(target, () => undefined);
  const wanted = posix.join('/', path);
  if (layer !== undefined) {
    const index = image.layerIndexes[layer];
    if (!index) throw new UserError(`${target.reference}: there is no layer ${layer} (the image has ${image.layerIndexes.length}, numbered from 0)`);
    const rows: ListedNode[] = [
      ...index.entries.map((entry) => ({ ...listedEntry(entry), layer })),
      ...index.whiteouts.map((w) => ({
        path: w.opaque ? posix.join(w.path, '.wh..wh..opq') : w.path,
        type: 'file' as const,
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
  if (!node && wanted !== '/') throw new UserError(`${target.reference}: ${path} ${missingReason(fs, wanted)}`);
  // Like ls: a symlink to a directory lists the directory; any other symlink is shown itself.
  if (node?.type === 'symlink' && fs.resolve(wanted)?.node.type !== 'dir') return [node];
  return fs.walk(wanted);
}

/** The bytes of one file (`path` as the user wrote it), symlinks and hard links followed inside the image. */
export async function readImageFile(target: ImageTarget, path: string): Promise<Buffer> {
  const wanted = path.startsWith('/') ? path : `/${path}`;
  let fs = MergedFilesystem.merge((await loadImage(target, catCapture(wanted))).layerIndexes);
  const found = fs.resolve(wanted);
  if (!found) throw new UserError(`${target.reference}: ${path} ${missingReason(fs, wanted)}`);
  if (found.node.type === 'dir') throw new UserError(`${target.reference}: ${path} is a directory (use ls)`);
  if (found.node.type !== 'file' && found.node.type !== 'hardlink')
    throw new UserError(`${target.reference}: ${path} is a ${found.node.type}, not a regular file`);
  if (!fs.captured(wanted)) {
    // Links led to a file of another name, which only a second read can keep.
    const real = found.node.linkedPath ?? found.path;
    const stored = fs.contentPath(real);
    const image = await loadImage(target, (candidate) => (candidate === stored || candidate === real ? new HeadCollector(CAT_LIMIT) : undefined));
    fs = MergedFilesystem.merge(image.layerIndexes);
  }
  const file = fs.captured(wanted);
  if (!file) throw new UserError(`${target.reference}: could not read ${path}`);
  if (file.truncated) throw new UserError(`${target.reference}: ${path} is larger than ${CAT_LIMIT} bytes`);
  return file.head;
}

/**
 * What `cat` keeps as the layers stream past. Where a path leads is only known once every layer is
 * merged (a later layer may add a symlink on the way), so besides the path itself it keeps, whole,
 * files of the same name elsewhere, up to CAT_GUESS_LIMIT bytes in all: the usual links, of a
 * directory (`/bin` → `usr/bin`) or to a file of the same name (`/etc/os-release`), lead to one of them.
 */
function catCapture(wanted: string): CaptureRequest {
  const name = posix.basename(wanted);
  let guessBytes = CAT_GUESS_LIMIT;
  return (path, entry) => {
    if (path === wanted) return new HeadCollector(CAT_LIMIT);
    if (entry.name !== name || entry.size > guessBytes) return undefined;
    guessBytes -= entry.size;
    return new HeadCollector(entry.size);
  };
}

/** Why a path cannot be shown: usually it is not there; a symlink loop says so. */
function missingReason(fs: MergedFilesystem, path: string): string {
  const reason = fs.whyMissing(path);
  return !reason || /no such file/i.test(reason) ? 'does not exist in the image' : `cannot be read in the image (${reason})`;
}

/** Sizes, layers and directories of the image against `base` (an image reference or `report:PATH`). */
export async function compareImages(target: ImageTarget, base: string): Promise<{ sizes: SizeFacts; comparison: BaselineComparison }> {
  const image = await loadImage(target, () => undefined);
  const { facts } = gatherFacts(image);
  // diff shows directories too, which only a baseline's layers tell.
  const baseline = await loadBaseline(base, target.reference, image.platform, {}, { needUncompressed: true });
  return { sizes: facts.sizes, comparison: compareWithBaseline(facts, [], baseline) };
}
