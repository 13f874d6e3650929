import { UserError } from '../errors.ts';
import { formatSize, parseSize } from '../common/sizes.ts';

/**
 * Bounds on what reading one image reference may cost. Layer bodies are streamed and skipped, so
 * memory grows with the number of entries, never with file sizes; time grows with uncompressed
 * bytes, which a small compressed blob can make huge. Passing a bound is a UserError (exit 2).
 */
export interface ReadLimits {
  /** Uncompressed layer bytes (the tar streams) of one image reference, every platform together. */
  maxBytes: number;
  /** Layer entries of one image reference; also the directories one merged filesystem may add for parents no layer lists. */
  maxEntries: number;
}

export const LIMIT_VARIABLES = {
  maxBytes: 'DISTROLESS_GUARD_MAX_UNCOMPRESSED',
  maxEntries: 'DISTROLESS_GUARD_MAX_ENTRIES',
} as const;

/** 64 GiB is more than the largest real images (CUDA and ML images run to some 20 GiB) and about a minute of gunzip. */
export const DEFAULT_LIMITS: ReadLimits = { maxBytes: 64 * 1024 ** 3, maxEntries: 2_000_000 };

/** The limits, with the environment's overrides: `DISTROLESS_GUARD_MAX_UNCOMPRESSED=100GiB`, `DISTROLESS_GUARD_MAX_ENTRIES=5000000`. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadLimits {
  const bytes = env[LIMIT_VARIABLES.maxBytes]?.trim();
  const entries = env[LIMIT_VARIABLES.maxEntries]?.trim();
  let maxBytes = DEFAULT_LIMITS.maxBytes;
  if (bytes) {
    try {
      maxBytes = parseSize(bytes);
    } catch (error) {
      throw new UserError(`${LIMIT_VARIABLES.maxBytes}: ${(error as Error).message}`);
    }
  }
  let maxEntries = DEFAULT_LIMITS.maxEntries;
  if (entries) {
    if (!/^[0-9]{1,15}$/.test(entries)) throw new UserError(`${LIMIT_VARIABLES.maxEntries}: "${entries}" is not a whole number of entries`);
    maxEntries = Number(entries);
  }
  return { maxBytes, maxEntries };
}

/** What one image reference has used of its limits; every layer it reads charges the same budget. */
export class ReadBudget {
  readonly limits: ReadLimits;
  private bytes = 0;
  private entries = 0;

  constructor(limits: ReadLimits = limitsFromEnv()) {
    this.limits = limits;
  }

  /**
   * Refuses a layer that would reach `layerBytes` of uncompressed tar, before its bodies are
   * decompressed: a header declaring a 1 TB file fails at once instead of after an hour.
   */
  checkBytes(layerBytes: number, what: string): void {
    if (this.bytes + layerBytes > this.limits.maxBytes) {
      throw new UserError(
        `${what}: the image's layers hold more than ${formatSize(this.limits.maxBytes)} uncompressed; if it really is that large, raise ${LIMIT_VARIABLES.maxBytes}`,
      );
    }
  }

  /** Charges a layer read to its end. */
  addBytes(layerBytes: number): void {
    this.bytes += layerBytes;
  }

  countEntry(what: string): void {
    if (++this.entries > this.limits.maxEntries) {
      throw new UserError(
        `${what}: the image's layers hold more than ${this.limits.maxEntries} entries; if it really has that many files, raise ${LIMIT_VARIABLES.maxEntries}`,
      );
    }
  }
}
