/** What a tar entry is, in words the CLI's `ls --json` prints. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/** What a tar header says of an entry, besides its path. */
export interface EntryFields {
  type: EntryType;
  /** Permission bits, setuid/setgid/sticky included (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Content bytes stored in this layer (0 for everything but regular files). */
  size: number;
  /** Symlink target as written, or the absolute path a hard link points to. */
  target?: string;
}

/** One entry of one layer, as its tar header says; its clean absolute path is `entryPath(entry)` (layer-index.ts). */
export interface LayerEntry extends EntryFields {
  /** The parent directory's clean absolute path: one string shared by the entries of a directory. */
  dir: string;
  /** The last component of the path. */
  name: string;
}

/** A whiteout in a layer: `.wh.NAME` removes NAME, `.wh..wh..opq` hides a directory's lower children. */
export interface Whiteout {
  path: string;
  opaque: boolean;
}

/** Bytes of files some fact asked for, keyed by the path in the layer. */
export type CapturedFiles = Map<string, CapturedFile>;

/**
 * What a collector kept of one file. A collector may hand back more (what it read the bytes as):
 * its own type extends this one, and whoever asked for it reads it back through that type, so the
 * reader never needs to know what the bytes mean.
 */
export interface CapturedFile {
  /** The first bytes of the file, up to the collector's cap. */
  head: Buffer;
  /** Whether the file was longer than `head`. */
  truncated: boolean;
}

/** One layer read once: its entries in tar order plus the bytes someone asked for. */
export interface LayerIndex {
  /** sha256 of the uncompressed tar (the config's diff id), when known. */
  diffId?: string;
  /** Digest of the blob as stored (compressed), when known. */
  digest?: string;
  mediaType?: string;
  /** Compressed size where the source knows it. */
  compressedSize?: number;
  /** Sum of regular-file content bytes in this layer. */
  contentSize: number;
  /** Size of the uncompressed tar stream. */
  tarSize: number;
  entries: LayerEntry[];
  whiteouts: Whiteout[];
  captured: CapturedFiles;
  /** Set when the layer could not be read from this source (foreign or absent blobs). */
  absent?: string;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface Healthcheck {
  Test?: string[];
}

/** The runtime configuration of an image (the `config` object of the image config). */
export interface RuntimeConfig {
  User?: string;
  Env?: string[] | null;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  Healthcheck?: Healthcheck | null;
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
  StopSignal?: string;
  Shell?: string[] | null;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  config?: RuntimeConfig;
  rootfs?: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
  created?: string;
}

/** Where a layer lives before it is read, in the order the config's diff ids give. */
export interface LayerRef {
  diffId?: string;
  digest?: string;
  mediaType?: string;
  /** Compressed (stored) size, from the manifest. */
  size?: number;
  /** Why the source cannot read it (foreign or absent blob), when it cannot. */
  absent?: string;
}

/** One platform's image as a source resolved it, before its layers are read. */
export interface ResolvedImage {
  /** The reference as the user wrote it. */
  reference: string;
  platform: Platform;
  /** Digest of the manifest, when the source knows it. */
  digest?: string;
  configDigest?: string;
  config: ImageConfig;
  layers: LayerRef[];
  annotations: Record<string, string>;
}

/** A resolved image with its layers read. */
export interface LoadedImage extends ResolvedImage {
  layerIndexes: LayerIndex[];
}

/**
 * Receives one file's body as it streams past, keeping only what a fact needs
 * (a capped head, or the ELF dynamic section), so no layer is ever held in memory.
 */
export interface Collector<Captured extends CapturedFile = CapturedFile> {
  /** Takes the next chunk of the body (valid until `finish` returns: the reader may free it then, so keep copies); returns false once it needs no more. */
  push(chunk: Buffer): boolean;
  /** Called once, after the last chunk pushed; `size` is the file's full size. */
  finish(size: number): Captured;
  /**
   * Instead of push and finish, for a body whose bytes can be read at any offset (a file): reads
   * only what it needs. `read` gives up to `length` bytes from `offset` of the body, valid until
   * this call returns (keep copies).
   */
  readAt?(read: (offset: number, length: number) => Buffer, size: number): Captured;
}

/** Asked once per regular file in every layer, before its body streams: which collector, if any. */
export type CaptureRequest = (path: string, entry: LayerEntry) => Collector | undefined;

/** A node of the merged filesystem: what `ls` shows for one path. */
export interface FsNode extends EntryFields {
  /** The clean absolute path. */
  path: string;
  /** Index of the layer that last wrote this path. */
  layer: number;
  /** For hard links: the absolute path whose content this shares (after merging), when it exists. */
  linkedPath?: string;
}

/** Read access to the merged filesystem that facts use; paths are absolute POSIX paths. */
export interface FileLookup {
  /** The node at exactly this path, without following a final symlink (lstat). */
  lstat(path: string): FsNode | undefined;
  /**
   * Follows symlinks inside the image (absolute targets from the image root, `..` clamped at the
   * root, at most 40 hops): the real path and its node, or undefined when it does not exist or loops.
   */
  resolve(path: string): { path: string; node: FsNode } | undefined;
  /** Names in a directory (after resolving the directory path), sorted. */
  list(dir: string): string[];
  /** Captured bytes of the file at this path (symlinks and hard links followed), if a collector asked for them. */
  captured(path: string): CapturedFile | undefined;
}
