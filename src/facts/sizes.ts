import type { MergedFilesystem } from '../image/filesystem.ts';
import type { LoadedImage } from '../image/types.ts';

export interface LayerSize {
  index: number;
  diffId?: string;
  digest?: string;
  /** Compressed bytes as stored or transferred; undefined when unknown or when the layer is stored uncompressed. */
  compressed?: number;
  /** Bytes of the uncompressed layer tar. */
  uncompressed: number;
  /** Bytes of regular-file content in the layer. */
  content: number;
  /** Content bytes of this layer that later layers hide (overwritten or deleted). */
  hidden: number;
  /** Entries in the layer (files, directories, links), whiteouts not counted. */
  files: number;
  /** Why the layer could not be read, when it could not. */
  absent?: string;
}

export interface SizeFacts {
  /** Sum of compressed layer sizes, when every layer's is known. */
  compressed?: number;
  uncompressed: number;
  hidden: number;
  layers: LayerSize[];
  /** Visible file bytes under each directory down to depth 2 (`/usr`, `/usr/lib`), largest first. */
  directories: { path: string; size: number }[];
}

const DIRECTORY_DEPTH = 2;

export function sizeFacts(image: LoadedImage, fs: MergedFilesystem | undefined): SizeFacts {
  const hidden = fs?.hiddenBytes();
  const layers: LayerSize[] = image.layers.map((ref, i) => {
    const index = image.layerIndexes[i];
    return {
      index: i,
      diffId: ref.diffId,
      digest: ref.digest,
      compressed: storedUncompressed(ref.mediaType ?? index?.mediaType) ? undefined : (index?.compressedSize ?? ref.size),
      uncompressed: index?.tarSize ?? 0,
      content: index?.contentSize ?? 0,
      hidden: hidden?.perLayer[i] ?? 0,
      files: index?.entries.length ?? 0,
      ...(index?.absent ? { absent: index.absent } : {}),
    };
  });
  const compressedKnown = layers.every((layer) => layer.compressed !== undefined);
  return {
    ...(compressedKnown ? { compressed: layers.reduce((sum, layer) => sum + (layer.compressed ?? 0), 0) } : {}),
    uncompressed: layers.reduce((sum, layer) => sum + layer.uncompressed, 0),
    hidden: hidden?.total ?? 0,
    layers,
    directories: fs ? directorySizes(fs) : [],
  };
}

function directorySizes(fs: MergedFilesystem): { path: string; size: number }[] {
  return [...fs.directorySizes(DIRECTORY_DEPTH)].map(([path, size]) => ({ path, size })).sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
}

/**
 * `docker save` (Docker 25+) stores layers as plain tars: their stored size is not a compressed
 * size, and calling it one made such images look larger compressed than uncompressed.
 */
function storedUncompressed(mediaType: string | undefined): boolean {
  return mediaType !== undefined && /tar$/.test(mediaType);
}
