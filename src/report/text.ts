import { styleText } from 'node:util';
import { formatSize } from '../common/sizes.ts';
import { singleLine } from './escape.ts';
import { countsText, plural, sizeDeltaText } from './format.ts';
import type { Finding, ImageReport, Report } from './model.ts';

type Style = Parameters<typeof styleText>[0];

/**
 * The terminal report, grouped by image. Every line starts with fixed text, never with text from
 * the image, and untrusted text is one line without control characters: printed in a workflow
 * log, nothing in it can start a workflow command or an escape sequence.
 */
export function renderText(report: Report, options: { color: boolean }): string {
  // The caller decided about colour; styleText would otherwise look at process.stdout itself.
  const paint = (style: Style, text: string): string => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const lines: string[] = [];
  for (const image of report.images) {
    lines.push(...imageLines(image, paint), '');
  }
  for (const notice of report.notices) lines.push(`note: ${singleLine(notice)}`);
  if (report.notices.length > 0) lines.push('');
  lines.push(verdictLine(report, paint));
  return `${lines.join('\n')}\n`;
}

function imageLines(image: ImageReport, paint: (style: Style, text: string) => string): string[] {
  const platform = image.platform === '' ? '' : ` (${singleLine(image.platform)})`;
  const lines = [paint('bold', `Image ${singleLine(image.name)}${platform}: ${singleLine(image.reference)}`)];
  const sizes = [
    image.size.compressed !== undefined && `${formatSize(image.size.compressed)} compressed`,
    `${formatSize(image.size.uncompressed)} uncompressed`,
    plural(image.size.layers, 'layer'),
  ].filter((part) => part !== false);
  lines.push(`  size: ${sizes.join(', ')}`);
  const baseline = image.baseline;
  if (baseline) {
    const deltas = [
      baseline.compressed && `${sizeDeltaText(baseline.compressed)} compressed`,
      baseline.uncompressed && `${sizeDeltaText(baseline.uncompressed)} uncompressed`,
    ].filter(Boolean);
    lines.push(`  against ${singleLine(baseline.reference)}: ${deltas.join(', ')}`);
  }
  const markNew = baseline?.findingsKnown === true;
  const ordered = [...image.findings.filter((f) => f.level === 'error'), ...image.findings.filter((f) => f.level !== 'error')];
  const hintsShown = new Set<string>();
  for (const finding of ordered) {
    const level = finding.level === 'error' ? paint('red', 'ERROR') : paint('yellow', 'WARNING');
    const fresh = markNew && finding.new === true ? ' (new)' : '';
    lines.push(`  ${level} ${finding.rule}${fresh} ${singleLine(finding.message)}`);
    const where = whereText(finding);
    if (where !== '') lines.push(`    at ${where}`);
    // A rule gives the same advice for each of its findings: once is enough.
    const hintKey = `${finding.rule}\0${finding.hint}`;
    if (finding.hint !== undefined && !hintsShown.has(hintKey)) {
      hintsShown.add(hintKey);
      lines.push(paint('dim', `    hint: ${singleLine(finding.hint)}`));
    }
  }
  if (image.findings.length === 0) lines.push('  no findings');
  if (image.waived > 0) lines.push(`  waived: ${plural(image.waived, 'finding')} by policy exceptions`);
  return lines;
}

function whereText(finding: Finding): string {
  const location = finding.location && `${singleLine(finding.location.file)}:${finding.location.line}`;
  if (finding.path !== undefined) return location ? `${singleLine(finding.path)} (${location})` : singleLine(finding.path);
  if (location) return location;
  return finding.layer === undefined ? '' : `layer ${finding.layer}`;
}

function verdictLine(report: Report, paint: (style: Style, text: string) => string): string {
  const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
  const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
  const compared = report.images.filter((image) => image.baseline?.findingsKnown === true);
  const fresh = compared.reduce((sum, image) => sum + image.findings.filter((finding) => finding.new === true).length, 0);
  // Against a baseline, how many the change adds: what a new-* fail-on judges.
  const counts =
    (countsText(errors, warnings) || 'no findings') + (compared.length > 0 && errors + warnings > 0 ? ` (${fresh.toLocaleString('en-US')} new)` : '');
  const verdict = report.passed ? paint(['bold', 'green'], 'PASSED') : paint(['bold', 'red'], 'FAILED');
  return `${verdict}: ${counts} in ${plural(report.images.length, 'image')} (fail-on: ${report.failOn})`;
}
