import type { ImageFacts } from '../facts/index.ts';
import type { FailOn, RuleId } from '../policy/index.ts';

export type FindingLevel = 'error' | 'warning';

/** Where in the Dockerfile a finding comes from. */
export interface DockerfileLocation {
  file: string;
  line: number;
  endLine: number;
  /** The instruction as written, e.g. `COPY app /app`. */
  text: string;
}

export interface Finding {
  rule: RuleId;
  level: FindingLevel;
  message: string;
  path?: string;
  layer?: number;
  /** The history `created_by` of the layer (or config setting) that introduced it. */
  instruction?: string;
  location?: DockerfileLocation;
  hint?: string;
  /** A secret's fingerprint, never its value; policy exceptions can match it. */
  fingerprint?: string;
  /** Set when the baseline had findings: true when it did not have this one. */
  new?: boolean;
  /**
   * What the finding is about, normalized so it matches across runs: the path as the merged
   * filesystem resolves it (symlinks and hard links followed, so the same shell reached through
   * another symlink or PATH is the same), or the config key (`USER`, `CMD`, `ENV:NPM_TOKEN`).
   * With the rule and the image name it is the finding's identity against a baseline.
   */
  subject?: string;
}

export interface SizeDelta {
  before: number;
  after: number;
  delta: number;
  /** Percent change; undefined when `before` is 0. */
  percent?: number;
}

export interface LayerChange {
  change: 'added' | 'removed';
  index: number;
  diffId?: string;
  size: number;
  instruction?: string;
}

export interface BaselineComparison {
  reference: string;
  compressed?: SizeDelta;
  /** Absent when the baseline's layers were not read (a size-only registry baseline). */
  uncompressed?: SizeDelta;
  layers: { shared: number; added: LayerChange[]; removed: LayerChange[] };
  /** Directories whose visible bytes changed, largest growth first. */
  directories: { path: string; before: number; after: number; delta: number }[];
  /** Whether the baseline carried findings, so `new` marks mean something. */
  findingsKnown: boolean;
  /** How many of the baseline's findings this image no longer has; set when findingsKnown. */
  fixed?: number;
}

export interface ImageReport {
  /** The stable name: the comment key and the `NAME=` of inputs. */
  name: string;
  reference: string;
  platform: string;
  digest?: string;
  /**
   * The Dockerfile that findings' locations point into, as the input named it, when one was read;
   * SARIF places findings without a line there. Not part of the JSON report.
   */
  dockerfile?: string;
  size: { compressed?: number; uncompressed: number; layers: number };
  findings: Finding[];
  /** Findings dropped by a policy exception, counted for the record. */
  waived: number;
  errors: number;
  warnings: number;
  passed: boolean;
  /** The fail-on that applied to this image (the policy's `images:` may set its own). */
  failOn: FailOn;
  baseline?: BaselineComparison;
  facts: ImageFacts;
}

export interface Report {
  version: 1;
  passed: boolean;
  failOn: FailOn;
  policy: string;
  images: ImageReport[];
  /** One-line notes for the log: expired exceptions, a missing Dockerfile, skipped checks. */
  notices: string[];
}

/** Whether findings at these levels fail the check (a `new-*` level counts as its plain level here). */
export function fails(level: FindingLevel, failOn: FailOn): boolean {
  const threshold = plainLevel(failOn);
  if (threshold === 'never') return false;
  return threshold === 'warning' || level === 'error';
}

/** Whether `failOn` is a ratchet: it fails only on findings the baseline does not have. */
export function isRatchet(failOn: FailOn): failOn is 'new-error' | 'new-warning' {
  return failOn === 'new-error' || failOn === 'new-warning';
}

/** `new-error` is `error`, `new-warning` is `warning`; the others are themselves. */
export function plainLevel(failOn: FailOn): 'error' | 'warning' | 'never' {
  return failOn === 'new-error' ? 'error' : failOn === 'new-warning' ? 'warning' : failOn;
}

/** Whether the ratchet is in force for an image: a `new-*` level and a baseline whose findings are known. */
export function ratchetApplies(image: Pick<ImageReport, 'failOn' | 'baseline'>): boolean {
  return isRatchet(image.failOn) && image.baseline?.findingsKnown === true;
}

/** Whether this finding fails the image: at or above the level, and new when the ratchet is in force. */
export function findingFails(finding: Finding, image: Pick<ImageReport, 'failOn' | 'baseline'>): boolean {
  return fails(finding.level, image.failOn) && (!ratchetApplies(image) || finding.new === true);
}
