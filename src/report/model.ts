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
  fingerprint?: string;
  /** Set when the baseline report did not have this finding. */
  new?: boolean;
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

/** Whether findings at these levels fail the check. */
export function fails(level: FindingLevel, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return failOn === 'warning' || level === 'error';
}
