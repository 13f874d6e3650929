import { renderJson } from './json.ts';
import { type RulesDocUrl, TOOL_VERSION, ruleTitle } from './links.ts';
import { renderSummary } from './markdown.ts';
import type { Report } from './model.ts';
import { renderSarif, sarifNotes, sarifText } from './sarif.ts';
import { renderText } from './text.ts';

/** The formats a report is written in: the CLI's `--format`, the action's report (json) and sarif files. */
export const REPORT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where output goes (a terminal, a pipe, a file); `write` resolves once it can take more. */
export interface Sink {
  write(chunk: string | Buffer): Promise<void>;
}

/** Large outputs go out in pieces of this many UTF-16 units, so backpressure is felt as they go. */
const CHUNK = 64 * 1024;

/** How a report is rendered: colours for a terminal; rule links, which each entry derives from where it runs. */
export interface RenderOptions {
  color: boolean;
  rulesDocUrl: RulesDocUrl;
}

/** The report in one format. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions): string {
  return rendered(report, format, options).text;
}

/**
 * Renders the report and writes it to `sink`, in chunks; resolves to notes on what the output left
 * out (SARIF cut to GitHub's limits), for whoever runs it to show.
 */
export async function writeReport(report: Report, format: ReportFormat, sink: Sink, options: RenderOptions): Promise<string[]> {
  const { text, notes } = rendered(report, format, options);
  await writeChunks(sink, text);
  return notes;
}

function rendered(report: Report, format: ReportFormat, options: RenderOptions): { text: string; notes: string[] } {
  const { rulesDocUrl } = options;
  switch (format) {
    case 'json':
      return { text: renderJson(report), notes: [] };
    case 'markdown':
      return { text: renderSummary(report, { rulesDocUrl }), notes: [] };
    case 'sarif': {
      const log = renderSarif(report, { rulesDocUrl, ruleTitle, toolVersion: TOOL_VERSION });
      return { text: sarifText(log), notes: sarifNotes(log) };
    }
    case 'text':
      return { text: renderText(report, options), notes: [] };
  }
}

/** Writes `text` in chunks, each awaited; never between the halves of a surrogate pair, as each chunk is encoded on its own. */
export async function writeChunks(sink: Sink, text: string): Promise<void> {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    await sink.write(text.slice(at, end));
    at = end;
  }
}
