import { styleText } from 'node:util';
import type { SizeFacts } from '../facts/sizes.ts';
import { formatSize } from '../common/sizes.ts';
import type { BaselineComparison, SizeDelta } from './model.ts';

function signed(bytes: number): string {
  return `${bytes > 0 ? '+' : bytes < 0 ? '-' : '±'}${formatSize(Math.abs(bytes))}`;
}

function deltaText(delta: SizeDelta): string {
  const percent = delta.percent === undefined ? '' : ` (${delta.percent >= 0 ? '+' : ''}${delta.percent.toFixed(1)}%)`;
  return `${formatSize(delta.before)} -> ${formatSize(delta.after)}  ${signed(delta.delta)}${percent}`;
}

/** The terminal view of `distroless-guard diff`. */
export function renderDiffText(image: string, sizes: SizeFacts, comparison: BaselineComparison, options: { color: boolean }): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string): string => (options.color ? styleText(style, text) : text);
  const lines = [paint('bold', `${image} against ${comparison.reference}`)];
  if (comparison.compressed) lines.push(`  compressed    ${deltaText(comparison.compressed)}`);
  if (comparison.uncompressed) lines.push(`  uncompressed  ${deltaText(comparison.uncompressed)}`);
  lines.push(
    `  layers        ${sizes.layers.length} (${comparison.layers.shared} shared, ${comparison.layers.added.length} added, ${comparison.layers.removed.length} removed)`,
  );
  for (const layer of comparison.layers.added)
    lines.push(paint('green', `    + layer ${layer.index}  ${formatSize(layer.size).padStart(10)}  ${layer.instruction ?? layer.diffId ?? ''}`));
  for (const layer of comparison.layers.removed)
    lines.push(paint('red', `    - layer ${layer.index}  ${formatSize(layer.size).padStart(10)}  ${layer.diffId ?? ''}`));
  if (comparison.directories.length > 0) {
    lines.push('  directories');
    for (const dir of comparison.directories.slice(0, 15)) lines.push(`    ${signed(dir.delta).padStart(12)}  ${dir.path}`);
  }
  return `${lines.join('\n')}\n`;
}
