import type { ImageFacts } from '../facts/index.ts';
import type { MergedFilesystem } from '../image/filesystem.ts';
import type { RuleId, RuleOptionsMap } from '../policy/index.ts';

/** The Dockerfile setting behind a config finding, so annotations can point at its line. */
export type ConfigSetting = 'USER' | 'ENTRYPOINT' | 'CMD' | 'ENV' | 'HEALTHCHECK' | 'LABEL' | 'FROM';

/** What a rule says, before the policy gives it a level and the Dockerfile a line. */
export interface RawFinding {
  message: string;
  /** The image path it concerns. */
  path?: string;
  /** The layer that introduced it. */
  layer?: number;
  /** The config setting that caused it. */
  setting?: ConfigSetting;
  /** The ENV variable or LABEL the finding is about, so the annotation lands on the line that sets it. */
  envName?: string;
  hint?: string;
}

export interface BaselineSizes {
  reference: string;
  compressed?: number;
  /** Undefined when the baseline's layers were not read. */
  uncompressed?: number;
}

export interface RuleContext<R extends RuleId> {
  facts: ImageFacts;
  fs: MergedFilesystem;
  options: RuleOptionsMap[R];
  architecture: string;
  baseline?: BaselineSizes;
}

/** A rule is a pure function of the facts: it never reads bytes or the network. */
export interface Rule<R extends RuleId = RuleId> {
  id: R;
  /** One line: what it checks. */
  title: string;
  /** Whether it needs file facts (skipped for images whose layers were not read). */
  needsFiles: boolean;
  check(context: RuleContext<R>): RawFinding[];
}
