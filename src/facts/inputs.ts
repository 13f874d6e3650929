/**
 * The file bodies a fact reads, declared beside the parser that reads them: capture asks the layer
 * reader for all of them before any layer streams.
 */
export interface TextInputs {
  /** Absolute paths, with how many bytes of each are worth keeping. */
  files?: Readonly<Record<string, number>>;
  /** Directories whose files (not subdirectories) are read, with the cap per file. */
  dirs?: Readonly<Record<string, number>>;
  /** Paths known by their shape (`/etc/ld-musl-x86_64.path`), with the cap per file. */
  patterns?: readonly { pattern: RegExp; cap: number }[];
}
