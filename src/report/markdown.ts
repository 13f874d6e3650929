import { formatSize } from '../common/sizes.ts';
import { escapeMarkdown, inlineCode, linkAround, markdownLink, tableCode, truncateText } from './escape.ts';
import { countsText, plural, signedSize, sizeDeltaText } from './format.ts';
import type { DockerfileLocation, Finding, ImageReport, Report } from './model.ts';

type RuleId = Finding['rule'];

export interface SummaryOptions {
  /** A link to the Dockerfile at the pull request head, ending in `#L<line>`. */
  dockerfileUrl?: (location: DockerfileLocation) => string;
  rulesDocUrl: (rule: RuleId) => string;
  /** The workflow run; the comment links to it (the summary is on that page already). */
  runUrl?: string;
}

export interface CommentOptions extends SummaryOptions {
  /** The hidden HTML comment the comment finder looks for; it comes first. */
  marker: string;
}

/** GitHub rejects comment bodies longer than this (characters). */
export const COMMENT_LIMIT = 65_536;
/** GitHub rejects step summaries larger than this (bytes). */
export const SUMMARY_LIMIT = 1024 * 1024;

interface Limits {
  findingsPerRule: number;
  layers: number;
  directories: number;
  notices: number;
  maxSize: number;
  /** Size of a piece of text in the unit `maxSize` counts. */
  measure: (text: string) => number;
  /** Where the reader finds what was left out. */
  fullList: string;
  headingLevel: number;
}

// UTF-16 units are never fewer than characters, so counting them keeps a comment under the limit.
const COMMENT_LIMITS: Omit<Limits, 'fullList'> = {
  findingsPerRule: 50,
  layers: 20,
  directories: 15,
  notices: 10,
  maxSize: COMMENT_LIMIT,
  measure: (text) => text.length,
  headingLevel: 4,
};

const SUMMARY_LIMITS: Omit<Limits, 'fullList'> = {
  findingsPerRule: 200,
  layers: 50,
  directories: 30,
  notices: 50,
  maxSize: SUMMARY_LIMIT,
  measure: (text) => Buffer.byteLength(text, 'utf8'),
  headingLevel: 5,
};

// Untrusted text is cut before escaping, so an escape sequence is never split.
const MAX_NAME = 100;
const MAX_MESSAGE = 500;
const MAX_PATH = 300;
const MAX_INSTRUCTION = 200;
const MAX_HINT = 500;
const MAX_REFERENCE = 200;
const MAX_HINTS_PER_RULE = 3;
/** Room kept for the note that says what was cut. */
const TRUNCATION_NOTE_RESERVE = 1_000;

const MIB = 1024 * 1024;

/** The sticky pull request comment for one image. */
export function renderImageComment(report: Report, image: ImageReport, options: CommentOptions): string {
  const fullList =
    options.runUrl === undefined ? 'the job summary and the JSON report' : `the ${markdownLink('job summary', options.runUrl)} and the JSON report`;
  return renderWithin(
    { ...COMMENT_LIMITS, fullList },
    (doc, limits) => {
      doc.add(
        block(`${options.marker}\n${headline(image.passed, image.errors, image.warnings, image.name)}\n\n${metaLine(report, [image], options.runUrl)}\n\n`),
      );
      doc.add(imagesTable([image]));
      for (const section of imageSections(image, options, limits)) doc.add(section);
      if (report.notices.length > 0) doc.add(noticesSection(report.notices, limits));
    },
    (left) =>
      `> [!NOTE]\n> This comment was cut to stay under GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters; left out: ${left}. The full list is in ${fullList}.\n`,
  );
}

/** The job summary: every image, the same sections as the comment with longer lists. */
export function renderSummary(report: Report, options: SummaryOptions): string {
  const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
  const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
  const subject = report.images.length === 1 ? report.images[0].name : `${report.images.length} images`;
  return renderWithin(
    { ...SUMMARY_LIMITS, fullList: 'the JSON report' },
    (doc, limits) => {
      doc.add(block(`${headline(report.passed, errors, warnings, subject)}\n\n${metaLine(report, report.images, undefined)}\n\n`));
      doc.add(imagesTable(report.images));
      for (const image of report.images) {
        const platform = image.platform === '' ? '' : ` (${escapeMarkdown(truncateText(image.platform, MAX_NAME))})`;
        doc.add(block(`#### ${verdictIcon(image.passed, image.errors, image.warnings)} ${escapeMarkdown(truncateText(image.name, MAX_NAME))}${platform}\n\n`));
        for (const section of imageSections(image, options, limits)) doc.add(section);
      }
      if (report.notices.length > 0) doc.add(noticesSection(report.notices, limits));
    },
    (left) => `> [!NOTE]\n> This summary was cut to stay under the 1 MiB limit of job summaries; left out: ${left}. The full list is in the JSON report.\n`,
  );
}

/** List bounds are scaled by these in turn until the document fits, so every rule and table keeps a few rows. */
const LIST_SCALES = [1, 0.4, 0.1, 0];

/** Renders with shorter and shorter lists; only when the shortest do not fit is the end cut, with a note. */
function renderWithin(limits: Limits, build: (doc: BoundedDocument, limits: Limits) => void, note: (left: string) => string): string {
  let rendered = '';
  for (const scale of LIST_SCALES) {
    const scaled: Limits = {
      ...limits,
      findingsPerRule: Math.max(1, Math.floor(limits.findingsPerRule * scale)),
      layers: Math.max(1, Math.floor(limits.layers * scale)),
      directories: Math.max(1, Math.floor(limits.directories * scale)),
      notices: Math.max(1, Math.floor(limits.notices * scale)),
    };
    const doc = new BoundedDocument(scaled);
    build(doc, scaled);
    rendered = doc.finish(note);
    if (!doc.truncated) break;
  }
  return rendered;
}

/** A piece of the document: a head, then items that are dropped one by one when space runs out. */
interface Section {
  head: string;
  /** Rendered only while there is room. */
  items: (() => string)[];
  kind: 'finding' | 'row';
  /** Items left out by a list bound before any space was counted. */
  hidden: number;
  /** The line that says how many items are not shown. */
  more: (count: number) => string;
  tail: string;
}

function block(text: string): Section {
  return { head: text, items: [], kind: 'row', hidden: 0, more: () => '', tail: '' };
}

/** Markdown that stays within a size: whole sections and items, never a cut table or tag. */
class BoundedDocument {
  private readonly limits: Limits;
  private readonly parts: string[] = [];
  private size = 0;
  private full = false;
  private omittedFindings = 0;
  private omittedRows = 0;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  /** Whether something did not fit. */
  get truncated(): boolean {
    return this.full;
  }

  add(section: Section): void {
    const total = section.items.length + section.hidden;
    // The longest "more" line this section could need, so the tail always fits.
    const moreRoom = total > 0 ? this.limits.measure(section.more(total)) : 0;
    if (this.full || !this.fits(section.head, moreRoom, section.tail)) {
      this.full = true;
      this.omit(section.kind, total);
      return;
    }
    this.push(section.head);
    let shown = 0;
    for (const item of section.items) {
      const text = item();
      if (!this.fits(text, moreRoom, section.tail)) {
        this.full = true;
        break;
      }
      this.push(text);
      shown += 1;
    }
    this.omit(section.kind, section.items.length - shown);
    if (total > shown) this.push(section.more(total - shown));
    this.push(section.tail);
  }

  finish(note: (left: string) => string): string {
    if (!this.full) return `${this.parts.join('').trimEnd()}\n`;
    const left = [this.omittedFindings > 0 && plural(this.omittedFindings, 'finding'), this.omittedRows > 0 && plural(this.omittedRows, 'table row')].filter(
      (part) => part !== false,
    );
    return `${this.parts.join('').trimEnd()}\n\n${note(left.length === 0 ? 'the rest' : joinWords(left))}`;
  }

  private fits(text: string, moreRoom: number, tail: string): boolean {
    const available = this.limits.maxSize - TRUNCATION_NOTE_RESERVE;
    return this.size + this.limits.measure(text) + moreRoom + this.limits.measure(tail) <= available;
  }

  private push(text: string): void {
    this.parts.push(text);
    this.size += this.limits.measure(text);
  }

  private omit(kind: Section['kind'], count: number): void {
    if (kind === 'finding') this.omittedFindings += count;
    else this.omittedRows += count;
  }
}

function imageSections(image: ImageReport, options: SummaryOptions, limits: Limits): Section[] {
  const heading = '#'.repeat(limits.headingLevel);
  const sections: Section[] = [block(`${imageLine(image)}\n\n`)];
  sections.push(...findingSections(image, options, limits, heading));
  const baseline = image.baseline;
  if (baseline) {
    const changes = [...baseline.layers.added, ...baseline.layers.removed];
    if (changes.length > 0) {
      const rows = changes.map(
        (layer) => () =>
          `| ${layer.change === 'added' ? '➕ added' : '➖ removed'} | ${layer.index} | ${formatSize(layer.size)} | ${instructionCell(layer.instruction ?? (layer.diffId === undefined ? undefined : shortDigest(layer.diffId)))} |\n`,
      );
      sections.push(
        table(
          `${heading} Layers that differ from the baseline\n\n| Change | Layer | Size | Instruction |\n| :-- | --: | --: | :-- |\n`,
          rows,
          limits.layers,
          (count) => `\n_… and ${plural(count, 'more layer')}: see ${limits.fullList}._\n`,
        ),
      );
    }
    if (baseline.directories.length > 0) {
      const rows = baseline.directories.map(
        (dir) => () => `| ${tableCode(truncateText(dir.path, MAX_PATH))} | ${formatSize(dir.before)} | ${formatSize(dir.after)} | ${signedSize(dir.delta)} |\n`,
      );
      sections.push(
        table(
          `${heading} Directories by growth\n\n| Directory | Before | After | Change |\n| :-- | --: | --: | --: |\n`,
          rows,
          limits.directories,
          (count) => `\n_… and ${plural(count, 'more directory', 'more directories')}: see ${limits.fullList}._\n`,
        ),
      );
    }
  }
  const layerSizes = layerSizesSection(image, limits, heading);
  if (layerSizes) sections.push(layerSizes);
  return sections;
}

function headline(passed: boolean, errors: number, warnings: number, subject: string): string {
  const counts = countsText(errors, warnings);
  return `### ${verdictIcon(passed, errors, warnings)} distroless-guard: ${counts === '' ? 'all clear' : counts} in ${escapeMarkdown(truncateText(subject, MAX_NAME))}`;
}

function verdictIcon(passed: boolean, errors: number, warnings: number): string {
  if (!passed) return '❌';
  return errors + warnings > 0 ? '⚠️' : '✅';
}

function metaLine(report: Report, images: ImageReport[], runUrl: string | undefined): string {
  const failOn = report.failOn === 'never' ? 'never fails' : report.failOn === 'warning' ? 'fails on warnings' : 'fails on errors';
  const parts = [`Policy ${inlineCode(truncateText(report.policy, MAX_REFERENCE))} (${failOn})`];
  const waived = images.reduce((sum, image) => sum + image.waived, 0);
  if (waived > 0) parts.push(`${plural(waived, 'finding')} waived by exceptions`);
  if (runUrl !== undefined) parts.push(markdownLink('workflow run', runUrl));
  return parts.join(' · ');
}

function imagesTable(images: ImageReport[]): Section {
  const rows = images.map((image) => () => {
    const shown = image.baseline?.compressed ?? image.baseline?.uncompressed;
    const delta = shown ? sizeDeltaText(shown) : '—';
    const compressed = image.size.compressed === undefined ? '—' : formatSize(image.size.compressed);
    const name = `${verdictIcon(image.passed, image.errors, image.warnings)} ${escapeMarkdown(truncateText(image.name, MAX_NAME))}`;
    return `| ${name} | ${escapeMarkdown(truncateText(image.platform, MAX_NAME))} | ${compressed} | ${formatSize(image.size.uncompressed)} | ${delta} | ${image.size.layers} | ${image.errors.toLocaleString('en-US')} | ${image.warnings.toLocaleString('en-US')} |\n`;
  });
  return {
    head: '| Image | Platform | Compressed | Uncompressed | Δ vs baseline | Layers | Errors | Warnings |\n| :-- | :-- | --: | --: | --: | --: | --: | --: |\n',
    items: rows,
    kind: 'row',
    hidden: 0,
    more: (count) => `\n_… and ${plural(count, 'more image')}._\n`,
    tail: '\n',
  };
}

function imageLine(image: ImageReport): string {
  const parts = [`Image ${inlineCode(truncateText(image.reference, MAX_REFERENCE))}`];
  if (image.digest !== undefined) parts.push(inlineCode(shortDigest(image.digest)));
  const baseline = image.baseline;
  if (baseline) {
    const sizes = [
      baseline.compressed && `compressed ${sizeDeltaText(baseline.compressed)}`,
      baseline.uncompressed && `uncompressed ${sizeDeltaText(baseline.uncompressed)}`,
    ]
      .filter(Boolean)
      .join(', ');
    const { shared, added, removed } = baseline.layers;
    parts.push(
      `compared with ${inlineCode(truncateText(baseline.reference, MAX_REFERENCE))}: ${sizes}; layers ${shared} shared, ${added.length} added, ${removed.length} removed`,
    );
  }
  return parts.join(' · ');
}

function findingSections(image: ImageReport, options: SummaryOptions, limits: Limits, heading: string): Section[] {
  if (image.findings.length === 0) return [];
  const markNew = image.baseline?.findingsKnown === true;
  const groups = new Map<RuleId, Finding[]>();
  for (const finding of image.findings) {
    const group = groups.get(finding.rule);
    if (group) group.push(finding);
    else groups.set(finding.rule, [finding]);
  }
  const ordered = [...groups].sort(
    ([ruleA, a], [ruleB, b]) => levelRank(a) - levelRank(b) || b.length - a.length || (ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0),
  );
  const sections: Section[] = [block(`${heading} Findings\n\n`)];
  for (const [rule, findings] of ordered) {
    const level = findings.some((finding) => finding.level === 'error') ? 'error' : 'warning';
    const fresh = markNew ? findings.filter((finding) => finding.new === true).length : 0;
    const summary = [level, plural(findings.length, 'finding'), fresh > 0 && `${fresh.toLocaleString('en-US')} new`].filter(Boolean).join(' · ');
    const hints = [...new Set(findings.flatMap((finding) => (finding.hint === undefined ? [] : [finding.hint])))].slice(0, MAX_HINTS_PER_RULE);
    const hintBlock = hints.length === 0 ? '' : `> 💡 ${hints.map((hint) => escapeMarkdown(truncateText(hint, MAX_HINT))).join('<br>💡 ')}\n\n`;
    // New findings first: they are what the pull request changed.
    const sorted = markNew ? [...findings.filter((f) => f.new === true), ...findings.filter((f) => f.new !== true)] : findings;
    const shown = sorted.slice(0, limits.findingsPerRule);
    sections.push({
      head: `**${level === 'error' ? '❌' : '⚠️'} ${linkAround(inlineCode(rule), options.rulesDocUrl(rule))}** · ${summary}\n\n${hintBlock}`,
      items: shown.map((finding) => () => findingItem(finding, markNew, options)),
      kind: 'finding',
      hidden: sorted.length - shown.length,
      more: (count) => `- … and ${plural(count, `more ${rule} finding`)}: see ${limits.fullList}.\n`,
      tail: '\n',
    });
  }
  return sections;
}

function levelRank(findings: Finding[]): number {
  return findings.some((finding) => finding.level === 'error') ? 0 : 1;
}

function findingItem(finding: Finding, markNew: boolean, options: SummaryOptions): string {
  const parts = [`${markNew && finding.new === true ? '🆕 ' : ''}${escapeMarkdown(truncateText(finding.message, MAX_MESSAGE))}`];
  if (finding.path !== undefined) parts.push(inlineCode(truncateText(finding.path, MAX_PATH)));
  if (finding.location) parts.push(locationLink(finding.location, options));
  else if (finding.layer !== undefined) parts.push(`layer ${finding.layer}`);
  return `- ${parts.join(' · ')}\n`;
}

function locationLink(location: DockerfileLocation, options: SummaryOptions): string {
  const text = `${truncateText(location.file, MAX_PATH)}:${location.line}`;
  return markdownLink(text, options.dockerfileUrl?.(location));
}

function layerSizesSection(image: ImageReport, limits: Limits, heading: string): Section | undefined {
  const layers = image.facts.sizes.layers;
  if (layers.length === 0) return undefined;
  // With too many layers, the largest ones tell the story; they stay in image order.
  const kept = new Set(
    [...layers]
      .sort((a, b) => b.uncompressed - a.uncompressed || a.index - b.index)
      .slice(0, limits.layers)
      .map((layer) => layer.index),
  );
  const shown = layers.filter((layer) => kept.has(layer.index));
  const chart = [
    '```mermaid',
    'xychart-beta',
    `    title "Uncompressed size per layer (MiB)"`,
    `    x-axis "Layer" [${shown.map((layer) => `"${layer.index}"`).join(', ')}]`,
    '    y-axis "MiB"',
    `    bar [${shown.map((layer) => (layer.uncompressed / MIB).toFixed(2)).join(', ')}]`,
    '```',
  ].join('\n');
  const rows = shown.map((layer) => () => {
    const compressed = layer.compressed === undefined ? '—' : formatSize(layer.compressed);
    const uncompressed = layer.absent === undefined ? formatSize(layer.uncompressed) : 'not read';
    return `| ${layer.index} | ${compressed} | ${uncompressed} | ${instructionCell(image.facts.layerCommands[layer.index])} |\n`;
  });
  return {
    head: `${heading} Layer sizes\n\n${chart}\n\n<details><summary>Layer sizes as a table</summary>\n\n| Layer | Compressed | Uncompressed | Instruction |\n| --: | --: | --: | :-- |\n`,
    items: rows,
    kind: 'row',
    hidden: layers.length - shown.length,
    more: (count) => `\n_… and ${plural(count, 'smaller layer')}: see ${limits.fullList}._\n`,
    tail: '\n</details>\n\n',
  };
}

function noticesSection(notices: string[], limits: Limits): Section {
  const shown = notices.slice(0, limits.notices);
  return {
    head: '**Notes**\n\n',
    items: shown.map((notice) => () => `- ${escapeMarkdown(truncateText(notice, MAX_MESSAGE))}\n`),
    kind: 'row',
    hidden: notices.length - shown.length,
    more: (count) => `- … and ${plural(count, 'more note')}.\n`,
    tail: '\n',
  };
}

function table(head: string, rows: (() => string)[], limit: number, more: (count: number) => string): Section {
  const shown = rows.slice(0, limit);
  return { head, items: shown, kind: 'row', hidden: rows.length - shown.length, more, tail: '\n' };
}

function instructionCell(instruction: string | undefined): string {
  return instruction === undefined || instruction === '' ? '—' : tableCode(truncateText(instruction, MAX_INSTRUCTION));
}

function shortDigest(digest: string): string {
  const match = /^(sha256:)([0-9a-f]{12})[0-9a-f]{52}$/.exec(digest);
  return match ? `${match[1]}${match[2]}` : digest;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
