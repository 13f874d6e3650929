/**
 * Sizes in a policy: a whole number of bytes, or a number with a unit. KB, MB, GB, TB are powers
 * of 1000 and KiB, MiB, GiB, TiB powers of 1024 (as in Kubernetes and disk vendors); the trailing
 * B is optional and units are case-insensitive (Docker writes 512m, 1g). `b` always means bytes.
 */

import { quote } from './quote.ts';

/** The size grammar; docs/policy.schema.json carries the same pattern (a test keeps them equal). */
export const SIZE_PATTERN = /^([0-9]+(?:\.[0-9]+)?) ?(?:([kKmMgGtT])([iI])?)?[bB]?$/;

const POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4 };
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes for a size; throws a plain Error whose message is a short reason (the caller adds where). */
export function parseSize(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text) || text < 0) throw new Error(`${text} is not a size (a whole number of bytes, 0 or more)`);
    return text;
  }
  const match = SIZE_PATTERN.exec(text);
  if (match === null) throw new Error(`${quote(text)} is not a size (examples: 80MB, 1.5GiB)`);
  const [, number, prefix, binary] = match;
  const base = binary === undefined ? 1000 : 1024;
  const power = prefix === undefined ? 0 : POWERS[prefix.toLowerCase()];
  const exact = Number(number) * base ** power;
  if (exact > Number.MAX_SAFE_INTEGER) throw new Error(`${quote(text)} is too large`);
  if (power === 0 && !Number.isInteger(exact)) throw new Error(`${quote(text)} is not a whole number of bytes`);
  // 1.5KiB is 1536 bytes, 0.1KiB rounds to 102: a fraction of a byte cannot matter to a limit.
  return Math.round(exact);
}

/** A human size in binary units with at most one decimal: `512 B`, `1.5 MiB`, `-20 KiB`. */
export function formatSize(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  // Compare the rounded value so 1048575 bytes reads 1 MiB, not 1024 KiB.
  while (unit < BINARY_UNITS.length - 1 && roundToTenth(value) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  const rounded = unit === 0 ? Math.round(value) : roundToTenth(value);
  return `${sign}${rounded} ${BINARY_UNITS[unit]}`;
}

function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
