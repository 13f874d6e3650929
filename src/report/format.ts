import { formatSize } from '../common/sizes.ts';
import type { SizeDelta } from './model.ts';

/** `1 error`, `1,234 errors`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/** `3 errors, 1 warning`; empty when there are none. */
export function countsText(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, 'error'));
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.join(', ');
}

/** `+1.2 MiB`, `−20 KiB`, `±0 B` (a real minus sign, so the sign reads as one). */
export function signedSize(bytes: number): string {
  return `${signOf(bytes)}${formatSize(Math.abs(bytes))}`;
}

/** `+1.2 MiB (+4.1%)`, `−20 KiB (−0.5%)`, `±0 B (±0.0%)`; no percent when the baseline was empty. */
export function sizeDeltaText(delta: SizeDelta): string {
  const percent = delta.percent === undefined ? '' : ` (${signOf(delta.percent)}${Math.abs(delta.percent).toFixed(1)}%)`;
  return `${signedSize(delta.delta)}${percent}`;
}

function signOf(value: number): string {
  if (value > 0) return '+';
  return value < 0 ? '−' : '±';
}
