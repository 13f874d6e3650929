import { readFile } from 'node:fs/promises';
import { UserError, messageOf } from '../errors.ts';
import type { ImageFacts } from '../facts/index.ts';
import { sizeFacts } from '../facts/sizes.ts';
import type { SizeFacts } from '../facts/sizes.ts';
import { MergedFilesystem } from '../image/filesystem.ts';
import { formatPlatform } from '../image/platform.ts';
import { parseReference } from '../image/reference.ts';
import { openSource } from '../image/sources/index.ts';
import type { RegistryOptions } from '../image/sources/registry.ts';
import type { CaptureRequest, LoadedImage, Platform } from '../image/types.ts';
import type { BaselineComparison, Finding, SizeDelta } from '../report/model.ts';
import { blankNumbers } from './subject.ts';

/** What a baseline finding is matched by: its identity (`subject`; absent in reports of older releases), else its path or message. */
export type BaselineFinding = Pick<Finding, 'rule' | 'path' | 'message' | 'subject'>;

/** What an earlier image (or report) says, for comparing sizes and findings. */
export interface Baseline {
  reference: string;
  sizes: SizeFacts;
  /** False for a size-only registry baseline: no uncompressed sizes, no directories. */
  filesRead: boolean;
  /** Findings of the baseline: a report's, or an image's when its rules were run (`rules`). */
  findings?: BaselineFinding[];
}

/** How to run the rules on a baseline image, so its findings can be compared (the ratchet). */
export interface BaselineRules {
  capture: CaptureRequest;
  /** The engine's own check of one image, with the same policy. */
  check(image: LoadedImage): Promise<{ sizes: SizeFacts; filesRead: boolean; findings: Finding[] }>;
}

export interface BaselineOptions {
  /**
   * An image whose compressed size is unknown (a `docker save` of plain tars) can only be
   * compared by uncompressed sizes, which only the layers tell.
   */
  needUncompressed?: boolean;
  /** Run the rules on a baseline image (it is then read whole, layers included). */
  rules?: BaselineRules;
}

/**
 * Loads a baseline for one image: `report:PATH` (a JSON report of an earlier run) or any image
 * reference. A registry baseline reads manifests and configs only, unless its uncompressed sizes
 * or its findings are needed.
 */
export async function loadBaseline(
  text: string,
  imageName: string,
  platform: Platform,
  registry: RegistryOptions,
  options: BaselineOptions = {},
): Promise<Baseline> {
  if (text.startsWith('report:')) {
    const path = text.slice('report:'.length);
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch (error) {
      throw new UserError(`baseline ${path}: cannot read the report (${messageOf(error)})`);
    }
    // The reader brings ajv and the report schema: loaded only when a report is read.
    const { parseJsonReport } = await import('../report/json-read.ts');
    const report = parseJsonReport(content, path);
    const candidates = report.images.filter((image) => image.name === imageName);
    const pool = candidates.length > 0 ? candidates : report.images.length === 1 ? report.images : [];
    const match = pool.find((image) => image.platform === formatPlatform(platform)) ?? pool[0];
    if (!match) throw new UserError(`baseline ${path}: the report has no image named ${imageName} (it has: ${report.images.map((i) => i.name).join(', ')})`);
    return { reference: text, sizes: match.facts.sizes, filesRead: match.facts.filesRead, findings: match.findings };
  }
  const reference = parseReference(text);
  const source = openSource(reference, text, registry);
  const { rules } = options;
  const files = rules !== undefined || reference.transport !== 'docker' || options.needUncompressed === true;
  const images = await source.load({ platform, capture: rules?.capture ?? (() => undefined), files });
  const image = images.find((i) => formatPlatform(i.platform) === formatPlatform(platform)) ?? images[0];
  if (rules) return { reference: text, ...(await rules.check(image)) };
  const fs = image.layerIndexes.length > 0 ? MergedFilesystem.merge(image.layerIndexes) : undefined;
  return { reference: text, sizes: sizeFacts(image, fs), filesRead: fs !== undefined };
}

export function compareWithBaseline(facts: ImageFacts, findings: Finding[], baseline: Baseline): BaselineComparison {
  const now = facts.sizes;
  const before = baseline.sizes;
  const beforeIds = new Set(before.layers.map((layer) => layer.diffId ?? layer.digest));
  const nowIds = new Set(now.layers.map((layer) => layer.diffId ?? layer.digest));
  const dirsBefore = new Map(before.directories.map((d) => [d.path, d.size]));
  const dirsNow = new Map(now.directories.map((d) => [d.path, d.size]));
  const directories =
    !baseline.filesRead || !facts.filesRead
      ? []
      : [...new Set([...dirsBefore.keys(), ...dirsNow.keys()])]
          .map((path) => ({
            path,
            before: dirsBefore.get(path) ?? 0,
            after: dirsNow.get(path) ?? 0,
            delta: (dirsNow.get(path) ?? 0) - (dirsBefore.get(path) ?? 0),
          }))
          .filter((d) => d.delta !== 0)
          .sort((a, b) => b.delta - a.delta);
  // A baseline whose files were not read has no file findings: absent there does not mean new here.
  const findingsKnown = baseline.findings !== undefined && (baseline.filesRead || !facts.filesRead);
  const fixed = findingsKnown ? markNew(findings, baseline.findings ?? []) : undefined;
  const comparable = now.compressed !== undefined && before.compressed !== undefined;
  return {
    reference: baseline.reference,
    ...(comparable ? { compressed: delta(before.compressed as number, now.compressed as number) } : {}),
    ...(baseline.filesRead && facts.filesRead ? { uncompressed: delta(before.uncompressed, now.uncompressed) } : {}),
    layers: {
      shared: now.layers.filter((layer) => beforeIds.has(layer.diffId ?? layer.digest)).length,
      added: now.layers
        .filter((layer) => !beforeIds.has(layer.diffId ?? layer.digest))
        .map((layer) => ({
          change: 'added' as const,
          index: layer.index,
          diffId: layer.diffId,
          size: layer.uncompressed || (layer.compressed ?? 0),
          instruction: facts.layerCommands[layer.index],
        })),
      removed: before.layers
        .filter((layer) => !nowIds.has(layer.diffId ?? layer.digest))
        .map((layer) => ({ change: 'removed' as const, index: layer.index, diffId: layer.diffId, size: layer.uncompressed || (layer.compressed ?? 0) })),
    },
    directories,
    findingsKnown,
    ...(fixed !== undefined ? { fixed } : {}),
  };
}

function delta(before: number, after: number): SizeDelta {
  return { before, after, delta: after - before, ...(before > 0 ? { percent: ((after - before) / before) * 100 } : {}) };
}

/**
 * Sets `new` on each finding: whether the baseline lacks it. Findings match by identity (rule and
 * subject; the image is matched by name already), never by layer, so a file moved to another
 * layer is not new. Where a rule reports one subject more than once (two size caps on `FROM`),
 * a finding saying the same first takes the baseline's like it, then any left of its subject.
 * A baseline from a release without subjects is matched by rule and path as found, or message.
 * Returns how many baseline findings are left unmatched: fixed since.
 */
export function markNew(findings: Finding[], before: readonly BaselineFinding[]): number {
  const legacy = before.some((finding) => finding.subject === undefined);
  const keyOf = legacy ? legacyKey : identityKey;
  const pool = new Map<string, string[]>();
  for (const finding of before) {
    const key = keyOf(finding);
    pool.set(key, [...(pool.get(key) ?? []), blankNumbers(finding.message)]);
  }
  const unmatched: Finding[] = [];
  for (const finding of findings) {
    const left = pool.get(keyOf(finding)) ?? [];
    const same = left.indexOf(blankNumbers(finding.message));
    if (same >= 0) {
      left.splice(same, 1);
      finding.new = false;
    } else unmatched.push(finding);
  }
  for (const finding of unmatched) {
    const left = pool.get(keyOf(finding)) ?? [];
    finding.new = left.length === 0;
    left.pop();
  }
  return [...pool.values()].reduce((sum, left) => sum + left.length, 0);
}

function identityKey(finding: BaselineFinding): string {
  return `${finding.rule}\0${finding.subject ?? blankNumbers(finding.message)}`;
}

/** How releases before subjects matched: rule and path as found (or message with numbers removed). */
function legacyKey(finding: BaselineFinding): string {
  return `${finding.rule}\0${finding.path ?? finding.message.replace(/[0-9.,]+/g, '#')}`;
}
