import { formatSize } from '../common/sizes.ts';
import { escapeMarkdown, inlineCode, linkAround, markdownLink, tableCode, truncateText } from './escape.ts';
import { countsText, plural, signedSize, sizeDeltaText } from './format.ts';
import { type Limits, type Section, block, closeGroup, openGroup } from './markdown-document.ts';
import type { DockerfileLocation, Finding, ImageReport, Report } from './model.ts';

type RuleId = Finding['rule'];

/** Where the comment and the summary link to. */
export interface LinkOptions {
  /** A link to the Dockerfile at the pull request head, ending in `#L<line>`. */
  dockerfileUrl?: (location: DockerfileLocation) => string;
  rulesDocUrl: (rule: RuleId) => string;
}

// Untrusted text is cut before escaping, so an escape sequence is never split.
export const MAX_NAME = 100;
const MAX_MESSAGE = 500;
const MAX_PATH = 300;
const MAX_INSTRUCTION = 200;
const MAX_HINT = 500;
const MAX_REFERENCE = 200;
const MAX_HINTS_PER_RULE = 3;

const MIB = 1024 * 1024;

const FAIL_ON_TEXT: Record<Report['failOn'], string> = {
  error: 'fails on errors',
  warning: 'fails on warnings',
  never: 'never fails',
  'new-error': 'fails on new errors',
  'new-warning': 'fails on new warnings',
};

/** What the comment and the summary show of one image: its line, findings by rule, baseline tables, layer sizes. */
export function imageSections(image: ImageReport, options: LinkOptions, limits: Limits): Section[] {
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

export function headline(passed: boolean, errors: number, warnings: number, subject: string): string {
  const counts = countsText(errors, warnings);
  return `### ${verdictIcon(passed, errors, warnings)} distroless-guard: ${counts === '' ? 'all clear' : counts} in ${escapeMarkdown(truncateText(subject, MAX_NAME))}`;
}

export function verdictIcon(passed: boolean, errors: number, warnings: number): string {
  if (!passed) return '❌';
  return errors + warnings > 0 ? '⚠️' : '✅';
}

export function metaLine(report: Report, images: ImageReport[], runUrl: string | undefined): string {
  const failOn = FAIL_ON_TEXT[report.failOn];
  const parts = [`Policy ${inlineCode(truncateText(report.policy, MAX_REFERENCE))} (${failOn})`];
  const waived = images.reduce((sum, image) => sum + image.waived, 0);
  if (waived > 0) parts.push(`${plural(waived, 'finding')} waived by exceptions`);
  if (runUrl !== undefined) parts.push(markdownLink('workflow run', runUrl));
  return parts.join(' · ');
}

/** One row per image: verdict, sizes, change against the baseline, counts. */
export function imagesTable(images: ImageReport[]): Section {
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

function findingSections(image: ImageReport, options: LinkOptions, limits: Limits, heading: string): Section[] {
  const baseline = image.baseline?.findingsKnown === true ? image.baseline : undefined;
  const fixed = baseline?.fixed ?? 0;
  if (image.findings.length === 0 && fixed === 0) return [];
  if (!baseline) return [block(`${heading} Findings\n\n`), ...ruleSections(image.findings, options, limits)];
  // Against a baseline: what the pull request adds first, what was there before folded away.
  const fresh = image.findings.filter((finding) => finding.new === true);
  const known = image.findings.filter((finding) => finding.new !== true);
  const sections: Section[] = [block(`${heading} New in this pull request\n\n`)];
  if (fixed > 0) sections.push(block(`✅ ${plural(fixed, 'finding')} of the base branch ${fixed === 1 ? 'is' : 'are'} gone.\n\n`));
  if (fresh.length === 0 && known.length > 0) sections.push(block('No new findings: every finding is already on the base branch.\n\n'));
  if (image.findings.length === 0) sections.push(block('No findings left.\n\n'));
  sections.push(...ruleSections(fresh, options, limits));
  if (known.length > 0) {
    sections.push(openGroup(`<details><summary>Already on the base branch: ${plural(known.length, 'finding')}</summary>\n\n`, '</details>\n\n'));
    sections.push(...ruleSections(known, options, limits), closeGroup());
  }
  return sections;
}

/** One section per rule, errors and larger groups first, each with its hints and findings. */
function ruleSections(findings: Finding[], options: LinkOptions, limits: Limits): Section[] {
  const groups = new Map<RuleId, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.rule);
    if (group) group.push(finding);
    else groups.set(finding.rule, [finding]);
  }
  const ordered = [...groups].sort(
    ([ruleA, a], [ruleB, b]) => levelRank(a) - levelRank(b) || b.length - a.length || (ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0),
  );
  return ordered.map(([rule, group]): Section => {
    const level = group.some((finding) => finding.level === 'error') ? 'error' : 'warning';
    const summary = [level, plural(group.length, 'finding')].join(' · ');
    const hints = [...new Set(group.flatMap((finding) => (finding.hint === undefined ? [] : [finding.hint])))].slice(0, MAX_HINTS_PER_RULE);
    const hintBlock = hints.length === 0 ? '' : `> 💡 ${hints.map((hint) => escapeMarkdown(truncateText(hint, MAX_HINT))).join('<br>💡 ')}\n\n`;
    const shown = group.slice(0, limits.findingsPerRule);
    return {
      head: `**${level === 'error' ? '❌' : '⚠️'} ${linkAround(inlineCode(rule), options.rulesDocUrl(rule))}** · ${summary}\n\n${hintBlock}`,
      items: shown.map((finding) => () => findingItem(finding, options)),
      kind: 'finding',
      hidden: group.length - shown.length,
      more: (count) => `- … and ${plural(count, `more ${rule} finding`)}: see ${limits.fullList}.\n`,
      tail: '\n',
    };
  });
}

function levelRank(findings: Finding[]): number {
  return findings.some((finding) => finding.level === 'error') ? 0 : 1;
}

function findingItem(finding: Finding, options: LinkOptions): string {
  const parts = [escapeMarkdown(truncateText(finding.message, MAX_MESSAGE))];
  if (finding.path !== undefined) parts.push(inlineCode(truncateText(finding.path, MAX_PATH)));
  if (finding.location) parts.push(locationLink(finding.location, options));
  else if (finding.layer !== undefined) parts.push(`layer ${finding.layer}`);
  return `- ${parts.join(' · ')}\n`;
}

function locationLink(location: DockerfileLocation, options: LinkOptions): string {
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

export function noticesSection(notices: string[], limits: Limits): Section {
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
