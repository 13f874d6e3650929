// The migration plan for people (text, Markdown) and programs (JSON). Everything in a plan comes
// from an image: sanitized for the terminal, escaped for Markdown.
import { formatSize } from '../common/sizes.ts';
import type { MigrationPlan } from '../migrate/types.ts';
import { escapeMarkdown, inlineCode, sanitizeText, singleLine } from './escape.ts';

export const MIGRATION_FORMATS = ['text', 'json', 'markdown'] as const;
export type MigrationFormat = (typeof MIGRATION_FORMATS)[number];

export interface MigrationRenderOptions {
  /** Where the Dockerfile was written (`--output`): the plan then names it instead of printing it. */
  written?: string;
  /** Without the `### Path to distroless` heading (Markdown), for a section that has its own. */
  heading?: boolean;
}

/** How many COPY lines, libraries and notes a rendering lists before it says how many more there are. */
const LIST_LIMIT = 200;

function percent(plan: MigrationPlan): string {
  if (plan.size.current <= 0) return '';
  const change = Math.round((1 - plan.size.estimated / plan.size.current) * 100);
  return change >= 0 ? ` (${change}% smaller)` : ` (${-change}% larger)`;
}

function bounded<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, LIST_LIMIT).map(line);
  if (items.length > LIST_LIMIT) lines.push(`… and ${items.length - LIST_LIMIT} more`);
  return lines;
}

function addedLibraries(plan: MigrationPlan): MigrationPlan['libraries'] {
  return plan.libraries.filter((library) => library.from === 'copied');
}

export function renderMigration(plan: MigrationPlan, format: MigrationFormat, options: MigrationRenderOptions = {}): string {
  if (format === 'json') return `${JSON.stringify({ ...plan, ...(options.written ? { written: options.written } : {}) }, null, 2)}\n`;
  return format === 'markdown' ? migrationMarkdown(plan, options) : migrationText(plan, options);
}

export function migrationText(plan: MigrationPlan, options: MigrationRenderOptions = {}): string {
  const t = (text: string): string => singleLine(text);
  const lines = [`distroless-guard migrate: ${t(plan.image)} (${t(plan.platform)})`, ''];
  if (plan.status === 'blocked') {
    lines.push(`Blocked: ${plan.blocked?.path ? `${t(plan.blocked.path)}: ` : ''}${t(plan.blocked?.reason ?? '')}`);
  } else if (plan.base) {
    lines.push(`Base: ${t(plan.base.image)}`, `  why: ${t(plan.base.reason)}`);
    if (plan.program) lines.push(`Program: ${t(plan.program.path)}${plan.program.via ? ` (through ${t(plan.program.via)})` : ''}`);
    lines.push(`Copies: ${plan.copies.length} COPY lines, ${plan.size.files} files, ${formatSize(plan.size.copied)}`);
    lines.push(
      ...bounded(
        plan.copies,
        (copy) => `  ${t(copy.source)}${copy.destination !== copy.source ? ` -> ${t(copy.destination)}` : ''} (${copy.role}, ${formatSize(copy.bytes)})`,
      ),
    );
    const added = addedLibraries(plan);
    lines.push(`Libraries added: ${added.length === 0 ? 'none' : added.map((library) => t(library.name)).join(', ')}`);
    lines.push(
      `Size: about ${formatSize(plan.size.estimated)} uncompressed (base about ${formatSize(plan.size.base)}), ${formatSize(plan.size.current)} today${percent(plan)}`,
    );
  }
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push(`${title}:`, ...bounded(items, (item) => `  - ${t(item)}`));
  };
  section('Not carried over', plan.notCarried);
  section('Notes', plan.notes);
  section('Relied on', plan.facts);
  if (plan.dockerfile) {
    lines.push('');
    if (options.written) lines.push(`Dockerfile written to ${t(options.written)}`);
    else lines.push('Dockerfile:', sanitizeText(plan.dockerfile).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
function codeBlock(text: string, language: string): string {
  const run = Math.max(2, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(run + 1);
  return `${fence}${language}\n${sanitizeText(text).trimEnd()}\n${fence}`;
}

export function migrationMarkdown(plan: MigrationPlan, options: MigrationRenderOptions = {}): string {
  const md = (text: string): string => escapeMarkdown(text);
  const lines = options.heading === false ? [] : [`### Path to distroless: ${inlineCode(plan.image)} (${md(plan.platform)})`, ''];
  if (plan.status === 'blocked') {
    lines.push(`**Blocked**: ${plan.blocked?.path ? `${inlineCode(plan.blocked.path)}: ` : ''}${md(plan.blocked?.reason ?? '')}`, '');
  } else if (plan.base) {
    const added = addedLibraries(plan);
    lines.push(
      `- **Base**: ${inlineCode(plan.base.image)}: ${md(plan.base.reason)}`,
      ...(plan.program ? [`- **Program**: ${inlineCode(plan.program.path)}${plan.program.via ? ` (through ${inlineCode(plan.program.via)})` : ''}`] : []),
      `- **Copied**: ${plan.copies.length} COPY lines, ${plan.size.files} files, ${formatSize(plan.size.copied)}`,
      `- **Libraries added**: ${added.length === 0 ? 'none' : added.map((library) => inlineCode(library.name)).join(', ')}`,
      `- **Size**: about ${formatSize(plan.size.estimated)} uncompressed, ${formatSize(plan.size.current)} today${percent(plan)}`,
      '',
    );
  }
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push(`**${title}**`, '', ...bounded(items, (item) => `- ${md(item)}`), '');
  };
  section('Not carried over', plan.notCarried);
  section('Notes', plan.notes);
  section('Relied on', plan.facts);
  if (plan.dockerfile) {
    if (options.written) lines.push(`Dockerfile written to ${inlineCode(options.written)}:`, '');
    lines.push(codeBlock(plan.dockerfile, 'dockerfile'), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The collapsed "Path to distroless" section of a pull-request comment and the job summary. */
export function migrationSection(plan: MigrationPlan, written?: string): string {
  const verdict = plan.status === 'planned' && plan.base ? `: ${escapeMarkdown(plan.base.image)}` : ': blocked';
  return `<details><summary>Path to distroless${verdict}</summary>\n\n${migrationMarkdown(plan, { heading: false, written })}\n</details>\n\n`;
}
