import { formatSize } from '../common/sizes.ts';

/** Text from the image (a command, a label value) fit for a one-line message: whitespace runs as one space, long text cut. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Two sizes for a comparison: in human units, or in bytes when the units would read the same (`11 KiB exceeds 11 KiB`). */
export function formatSizePair(size: number, limit: number): [string, string] {
  const [a, b] = [formatSize(size), formatSize(limit)];
  return a === b && size !== limit ? [`${size} B`, `${limit} B`] : [a, b];
}
