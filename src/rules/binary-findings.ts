import type { FoundBinary } from '../facts/binaries.ts';
import type { ImageFacts } from '../facts/index.ts';
import { distrolessHint } from './hints.ts';
import type { RawFinding } from './rule.ts';

/** One finding per program found (`shell /bin/sh (-> /usr/bin/dash) is in the image`), at the layer that wrote it. */
export function binaryFindings(what: string, binaries: readonly FoundBinary[], facts: ImageFacts): RawFinding[] {
  const hint = distrolessHint(facts);
  return binaries.map((binary) => ({
    message: `${what} ${binary.path}${binary.via ? ` (-> ${binary.via})` : ''} is in the image`,
    path: binary.path,
    layer: binary.layer,
    hint,
  }));
}
