import { createHash } from 'node:crypto';
import { singleLine, truncateText } from './escape.ts';
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
/** Code scanning keeps the 5,000 most severe results of a run; the rest only make the file larger. */
export const MAX_RESULTS_PER_RUN = 5_000;
/** Code scanning needs a location for every result; without a Dockerfile, the conventional one. */
const DEFAULT_DOCKERFILE = 'Dockerfile';
const MAX_MESSAGE = 2_000;

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: { name: string; informationUri: string; version: string; rules: SarifRule[] } };
  automationDetails: { id: string };
  results: SarifResult[];
  properties: { image: string; reference: string; platform: string; digest?: string; resultsLeftOut?: number };
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
  properties: { image: string; path?: string; layer?: number; new?: boolean };
}

/**
 * SARIF 2.1.0 for github/codeql-action/upload-sarif: one run per image, each with its own
 * `automationDetails.id` (the code scanning category), so images never close each other's alerts.
 */
export function renderSarif(report: Report, options: SarifOptions): SarifLog {
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: report.images.map((image) => runOf(image, options)) };
}

function runOf(image: ImageReport, options: SarifOptions): SarifRun {
  // The most severe results are the ones worth keeping when there are too many.
  const ordered = [...image.findings.filter((f) => f.level === 'error'), ...image.findings.filter((f) => f.level !== 'error')];
  const kept = ordered.slice(0, MAX_RESULTS_PER_RUN);
  const rules: SarifRule[] = [];
  const ruleIndexes = new Map<RuleId, number>();
  const results = kept.map((finding): SarifResult => {
    let ruleIndex = ruleIndexes.get(finding.rule);
    if (ruleIndex === undefined) {
      ruleIndex = rules.length;
      ruleIndexes.set(finding.rule, ruleIndex);
      rules.push(ruleOf(finding.rule, finding.level, options));
    }
    return resultOf(image, finding, ruleIndex);
  });
  const properties: SarifRun['properties'] = { image: image.name, reference: image.reference, platform: image.platform };
  if (image.digest !== undefined) properties.digest = image.digest;
  if (kept.length < ordered.length) properties.resultsLeftOut = ordered.length - kept.length;
  return {
    tool: { driver: { name: 'distroless-guard', informationUri: REPOSITORY_URL, version: options.toolVersion, rules } },
    automationDetails: { id: `distroless-guard/${image.name}/` },
    results,
    properties,
  };
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

function resultOf(image: ImageReport, finding: Finding, ruleIndex: number): SarifResult {
  const region: { startLine: number; endLine?: number } = { startLine: finding.location?.line ?? 1 };
  if (finding.location && finding.location.endLine > finding.location.line) region.endLine = finding.location.endLine;
  const file = finding.location?.file ?? image.dockerfile ?? DEFAULT_DOCKERFILE;
  const properties: SarifResult['properties'] = { image: image.name };
  if (finding.path !== undefined) properties.path = finding.path;
  if (finding.layer !== undefined) properties.layer = finding.layer;
  if (finding.new === true) properties.new = true;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: finding.level,
    message: { text: messageText(finding) },
    locations: [{ physicalLocation: { artifactLocation: { uri: repositoryUri(file), uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(image.name, finding) },
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
 * Stable across runs: the rule, the image and what the finding is about (its path, else its
 * message with numbers blanked out so a size or a layer index that moves keeps the alert), never
 * the Dockerfile line.
 */
export function fingerprint(imageName: string, finding: Finding): string {
  const subject = finding.path ?? finding.message.replace(/\d+(?:[.,]\d+)*/g, '#');
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
