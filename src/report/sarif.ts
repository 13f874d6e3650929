import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { singleLine, truncateText } from './escape.ts';
import { plural } from './format.ts';
import { REPOSITORY_URL } from './links.ts';
import type { Finding, FindingLevel, ImageReport, Report } from './model.ts';

type RuleId = Finding['rule'];

export interface SarifOptions {
  rulesDocUrl: (rule: RuleId) => string;
  toolVersion: string;
  /** One line saying what a rule checks (the rule's `title` in src/rules). */
  ruleTitle: (rule: RuleId) => string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our fingerprint in `partialFingerprints`; a new version would be a new key. */
export const FINGERPRINT_KEY = 'distrolessGuardFinding/v1';
/** Code scanning keeps the 5,000 most severe results of a run (it refuses over 25,000); the rest only make the file larger. */
export const MAX_RESULTS_PER_RUN = 5_000;
/** Code scanning refuses a file with more runs than this. */
export const MAX_RUNS = 20;
/** Code scanning refuses a file larger than this once gzipped. */
export const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
/** The category of the one run that holds every image when there are more than MAX_RUNS. */
export const COMBINED_CATEGORY = 'distroless-guard/combined/';
/** Code scanning needs a location for every result; without a Dockerfile, the conventional one. */
const DEFAULT_DOCKERFILE = 'Dockerfile';
const MAX_MESSAGE = 2_000;

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface ImageProperties {
  image: string;
  reference: string;
  platform: string;
  digest?: string;
}

export interface SarifRun {
  tool: { driver: { name: string; informationUri: string; version: string; rules: SarifRule[] } };
  automationDetails: { id: string };
  /** Present when results were left out, so code scanning's tool status says so. */
  invocations?: { executionSuccessful: true; toolExecutionNotifications: { level: 'warning'; message: { text: string } }[] }[];
  results: SarifResult[];
  /** One image's run, or the combined run's `images`. */
  properties: (ImageProperties | { images: ImageProperties[] }) & { resultsLeftOut?: number };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: FindingLevel };
  properties: { tags: string[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: FindingLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' };
      region: { startLine: number; endLine?: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
  /**
   * Against a baseline whose findings are known: on every result of the run or none (SARIF 2.1.0
   * §3.27.24). `absent` results are not written: code scanning closes an alert its category no
   * longer reports, and would take a result as an open alert whatever its baseline state.
   */
  baselineState?: 'new' | 'unchanged';
  properties: { image: string; platform: string; path?: string; layer?: number; new?: boolean };
}

/**
 * SARIF 2.1.0 for github/codeql-action/upload-sarif: one run per image and platform, each with its
 * own `automationDetails.id` (the code scanning category), so images never close each other's
 * alerts. Code scanning refuses more than MAX_RUNS runs, so beyond that one combined run holds
 * every image, its results naming image and platform.
 */
export function renderSarif(report: Report, options: SarifOptions): SarifLog {
  const runs =
    report.images.length <= MAX_RUNS
      ? uniqueCategories(report.images).map(({ image, category }) => runOf([image], category, false, options))
      : [runOf(report.images, COMBINED_CATEGORY, true, options)];
  return fitGzipped({ $schema: SARIF_SCHEMA, version: '2.1.0', runs });
}

/** The SARIF as written: what the gzipped size is measured on. */
export function sarifText(log: SarifLog): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** What the SARIF left out, one line per run that was cut, for the user who will not read the file. */
export function sarifNotes(log: SarifLog): string[] {
  return log.runs.flatMap((run) =>
    (run.invocations?.[0].toolExecutionNotifications ?? []).map((note) => `SARIF run ${run.automationDetails.id}: ${note.message.text}`),
  );
}

/** `distroless-guard/NAME/PLATFORM/`, numbered when a name and platform repeat. */
function uniqueCategories(images: ImageReport[]): { image: ImageReport; category: string }[] {
  const seen = new Set<string>();
  return images.map((image) => {
    const base = `distroless-guard/${image.name}/${image.platform}/`;
    let category = base;
    for (let n = 2; seen.has(category); n += 1) category = `${base}${n}/`;
    seen.add(category);
    return { image, category };
  });
}

function runOf(images: ImageReport[], category: string, combined: boolean, options: SarifOptions): SarifRun {
  // The most severe results are the ones worth keeping when there are too many.
  const all = images.flatMap((image) => image.findings.map((finding) => ({ image, finding })));
  const ordered = [...all.filter((f) => f.finding.level === 'error'), ...all.filter((f) => f.finding.level !== 'error')];
  const kept = ordered.slice(0, MAX_RESULTS_PER_RUN);
  const rules: SarifRule[] = [];
  const ruleIndexes = new Map<RuleId, number>();
  // Every result of a run has a baseline state or none does: the combined run's images may differ.
  const baselined = images.every((image) => image.baseline?.findingsKnown === true);
  const results = kept.map(({ image, finding }): SarifResult => {
    let ruleIndex = ruleIndexes.get(finding.rule);
    if (ruleIndex === undefined) {
      ruleIndex = rules.length;
      ruleIndexes.set(finding.rule, ruleIndex);
      rules.push(ruleOf(finding.rule, finding.level, options));
    }
    return resultOf(image, finding, ruleIndex, combined, baselined);
  });
  const properties: SarifRun['properties'] = combined ? { images: images.map(imageProperties) } : imageProperties(images[0]);
  const run: SarifRun = {
    tool: { driver: { name: 'distroless-guard', informationUri: REPOSITORY_URL, version: options.toolVersion, rules } },
    automationDetails: { id: category },
    results,
    properties,
  };
  leaveOut(run, ordered.length - kept.length, `code scanning keeps ${MAX_RESULTS_PER_RUN.toLocaleString('en-US')} results per run`);
  return run;
}

function imageProperties(image: ImageReport): ImageProperties {
  const properties: ImageProperties = { image: image.name, reference: image.reference, platform: image.platform };
  if (image.digest !== undefined) properties.digest = image.digest;
  return properties;
}

/** Records `count` results left out of `run` (already removed), and why. */
function leaveOut(run: SarifRun, count: number, why: string): void {
  if (count <= 0) return;
  const total = (run.properties.resultsLeftOut ?? 0) + count;
  run.properties.resultsLeftOut = total;
  const text = `${plural(total, 'less severe result')} left out: ${why}; the JSON report and the job summary have them all`;
  run.invocations = [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text } }] }];
}

/** Halves the largest run's results (its least severe go) until the file gzips within the limit. */
function fitGzipped(log: SarifLog): SarifLog {
  for (;;) {
    const text = sarifText(log);
    // Gzipped text is hardly ever larger than the text: only a file over the limit is worth measuring.
    if (Buffer.byteLength(text) <= MAX_GZIPPED_BYTES || gzipSync(text).length <= MAX_GZIPPED_BYTES) return log;
    const largest = log.runs.reduce((a, b) => (b.results.length > a.results.length ? b : a));
    if (largest.results.length === 0) return log;
    const keep = Math.floor(largest.results.length / 2);
    const dropped = largest.results.length - keep;
    largest.results = largest.results.slice(0, keep);
    leaveOut(largest, dropped, `code scanning refuses a SARIF file over ${MAX_GZIPPED_BYTES / 1024 / 1024} MB gzipped`);
  }
}

function ruleOf(rule: RuleId, level: FindingLevel, options: SarifOptions): SarifRule {
  const title = options.ruleTitle(rule);
  const url = options.rulesDocUrl(rule);
  return {
    id: rule,
    name: rule
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(''),
    shortDescription: { text: title },
    fullDescription: { text: title },
    helpUri: url,
    help: { text: `${title}. Documentation: ${url}`, markdown: `${title}. [Documentation](${url})` },
    defaultConfiguration: { level },
    properties: { tags: ['container', 'distroless'] },
  };
}

function resultOf(image: ImageReport, finding: Finding, ruleIndex: number, combined: boolean, baselined: boolean): SarifResult {
  const region: { startLine: number; endLine?: number } = { startLine: finding.location?.line ?? 1 };
  if (finding.location && finding.location.endLine > finding.location.line) region.endLine = finding.location.endLine;
  const file = finding.location?.file ?? image.dockerfile ?? DEFAULT_DOCKERFILE;
  const properties: SarifResult['properties'] = { image: image.name, platform: image.platform };
  if (finding.path !== undefined) properties.path = finding.path;
  if (finding.layer !== undefined) properties.layer = finding.layer;
  if (finding.new === true) properties.new = true;
  // In a run of its own the category tells images and platforms apart; in the combined run the fingerprint must.
  const subject = combined ? `${image.name} ${image.platform}` : image.name;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: finding.level,
    message: { text: messageText(finding) },
    locations: [{ physicalLocation: { artifactLocation: { uri: repositoryUri(file), uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(subject, finding) },
    ...(baselined ? { baselineState: finding.new === true ? ('new' as const) : ('unchanged' as const) } : {}),
    properties,
  };
}

function messageText(finding: Finding): string {
  const path = finding.path !== undefined && !finding.message.includes(finding.path) ? ` (${finding.path})` : '';
  // Each part on one line: a file name with a newline must not forge a "Fix:" line in code scanning.
  const hint = finding.hint === undefined ? '' : `\nFix: ${singleLine(finding.hint)}`;
  return truncateText(`${singleLine(`${finding.message}${path}`)}${hint}`, MAX_MESSAGE);
}

/**
 * Stable across runs: the rule, the image (and its platform, in the combined run) and what the finding is about (its path as
 * the filesystem resolves it, so a shell found through another symlink or PATH keeps its alert,
 * else its message with numbers blanked out so a size or a layer index that moves keeps the
 * alert: a config subject alone, `FROM`, would not tell two size caps apart), never the Dockerfile line.
 */
export function fingerprint(imageName: string, finding: Finding): string {
  const subject = finding.path !== undefined ? (finding.subject ?? finding.path) : finding.message.replace(/\d+(?:[.,]\d+)*/g, '#');
  return createHash('sha256')
    .update(JSON.stringify([finding.rule, imageName, subject]))
    .digest('hex');
}

/** A path relative to the repository as a URI reference: `./` dropped, segments percent-encoded. */
function repositoryUri(file: string): string {
  const relative = file.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
  return relative
    .split('/')
    .map((segment) => encodeURIComponent(segment.toWellFormed()))
    .join('/');
}
