import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UserError, messageOf } from '../errors.ts';
import type { DockerfileModel } from '../dockerfile/dockerfile.ts';
import { captureForFacts } from '../facts/capture.ts';
import { type GatheredFacts, gatherFacts } from '../facts/index.ts';
import type { SizeFacts } from '../facts/sizes.ts';
import { formatPlatform, normalizePlatform } from '../image/platform.ts';
import { parseReference } from '../image/reference.ts';
import { openSource } from '../image/sources/index.ts';
import type { RegistryOptions } from '../image/sources/registry.ts';
import type { LoadedImage, Platform } from '../image/types.ts';
import { type FailOn, type Policy, RULE_IDS, type RuleSettings, findException, policyForImage } from '../policy/index.ts';
import { type Finding, type ImageReport, type Report, findingFails, isRatchet, plainLevel } from '../report/model.ts';
import { RULES, type Rule, factOptionsFor } from '../rules/index.ts';
import type { RuleContext } from '../rules/rule.ts';
import { type Baseline, compareWithBaseline, loadBaseline } from './baseline.ts';
import { FindingLocator } from './locate.ts';
import { subjectOf } from './subject.ts';

export interface ImageInput {
  /** Stable name: comment key, report key, the NAME of NAME=REF inputs. */
  name: string;
  reference: string;
  baseline?: string;
  /** Dockerfile for annotations; `required` when the user named it, so a missing file is an error. */
  dockerfile?: { path: string; required: boolean };
}

export interface CheckOptions {
  images: ImageInput[];
  policy: Policy;
  /** Overrides the policy's fail-on when set. */
  failOn?: FailOn;
  platform?: Platform;
  registry: RegistryOptions;
  /** Where progress goes (the action groups it per image). */
  log?: (line: string) => void;
}

/** The engine: every image through source → facts → rules → findings, into one report. */
export async function check(options: CheckOptions): Promise<Report> {
  const notices = options.policy.expiredExceptions.map(
    (e) => `policy exception for ${e.rule}${e.path ? ` on ${e.path}` : ''} (${e.source}) expired on ${e.until}; it no longer applies`,
  );
  const images: ImageReport[] = [];
  for (const input of options.images) {
    const reference = parseReference(input.reference);
    options.log?.(`reading ${input.reference}`);
    const loaded = await openSource(reference, input.reference, options.registry).load({ platform: options.platform, capture: captureForFacts, files: true });
    const dockerfile = await readDockerfile(input, notices);
    for (const image of loaded) images.push(await checkImage(input, image, dockerfile, options, notices));
  }
  const failOn = options.failOn ?? options.policy.failOn;
  return { version: 1, passed: images.every((image) => image.passed), failOn, policy: options.policy.source, images, notices };
}

async function readDockerfile(input: ImageInput, notices: string[]): Promise<DockerfileModel | undefined> {
  if (!input.dockerfile) return undefined;
  const { path, required } = input.dockerfile;
  if (!existsSync(path)) {
    if (required) throw new UserError(`${path}: the Dockerfile for ${input.name} does not exist`);
    notices.push(`no ${path} found: findings for ${input.name} are reported without Dockerfile lines`);
    return undefined;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read the Dockerfile (${messageOf(error)})`);
  }
  // Imported here: the Dockerfile parser is large, and most runs of the CLI have no Dockerfile to read.
  const { parseDockerfile } = await import('../dockerfile/dockerfile.ts');
  return parseDockerfile(text, path);
}

async function checkImage(
  input: ImageInput,
  image: LoadedImage,
  dockerfile: DockerfileModel | undefined,
  options: CheckOptions,
  notices: string[],
): Promise<ImageReport> {
  const imagePolicy = policyForImage(options.policy, { name: input.name, reference: input.reference });
  const failOn = options.failOn ?? imagePolicy.failOn;
  const gathered = gatherFacts(image, {
    ...factOptionsFor(imagePolicy.rules),
    dockerfileBase: dockerfile?.finalStage.baseImage,
  });
  const { facts } = gathered;
  const baseline = input.baseline
    ? await loadBaseline(input.baseline, input.name, image.platform, options.registry, {
        needUncompressed: facts.sizes.compressed === undefined,
        // The ratchet compares findings: a baseline image is checked with the same policy.
        ...(isRatchet(failOn)
          ? { rules: { capture: captureForFacts, check: (base: LoadedImage) => Promise.resolve(checkBaseline(input, base, options)) } }
          : {}),
      })
    : undefined;
  const { findings, waived } = runRules(input, image, gathered, imagePolicy.rules, { policy: options.policy, dockerfile, baseline });
  if (!facts.filesRead) notices.push(`${input.name}: the image's files could not be read, so file rules were skipped`);
  const comparison = baseline ? compareWithBaseline(facts, findings, baseline) : undefined;
  if (isRatchet(failOn) && comparison?.findingsKnown !== true) notices.push(ratchetWithoutFindings(input, failOn));
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  const verdict = { failOn, ...(comparison ? { baseline: comparison } : {}) };
  return {
    name: input.name,
    reference: input.reference,
    platform: formatPlatform(image.platform),
    ...(image.digest ? { digest: image.digest } : {}),
    ...(dockerfile ? { dockerfile: dockerfile.path } : {}),
    size: {
      ...(facts.sizes.compressed !== undefined ? { compressed: facts.sizes.compressed } : {}),
      uncompressed: facts.sizes.uncompressed,
      layers: image.layers.length,
    },
    findings,
    waived,
    errors,
    warnings,
    passed: !findings.some((finding) => findingFails(finding, verdict)),
    ...verdict,
    facts,
  };
}

/** The baseline image through the same rules and policy (as the image it stands for), for the ratchet. */
function checkBaseline(input: ImageInput, image: LoadedImage, options: CheckOptions): { sizes: SizeFacts; filesRead: boolean; findings: Finding[] } {
  const rules = policyForImage(options.policy, { name: input.name, reference: input.reference }).rules;
  const gathered = gatherFacts(image, factOptionsFor(rules));
  const { findings } = runRules(input, image, gathered, rules, { policy: options.policy });
  return { sizes: gathered.facts.sizes, filesRead: gathered.facts.filesRead, findings };
}

function ratchetWithoutFindings(input: ImageInput, failOn: 'new-error' | 'new-warning'): string {
  const plain = plainLevel(failOn);
  const why = input.baseline
    ? `the baseline ${input.baseline} has no file findings to compare with (its files were not read)`
    : 'there is no baseline to compare with';
  return `${input.name}: fail-on ${failOn} acts as fail-on ${plain}, as ${why}; give a baseline (report:PATH of the base branch, or its image) to fail only on new findings`;
}

/** Every rule the policy turns on, its findings given their level, Dockerfile line and subject; exceptions applied. */
function runRules(
  input: ImageInput,
  image: LoadedImage,
  { facts, fs }: GatheredFacts,
  settings: RuleSettings,
  context: { policy: Policy; dockerfile?: DockerfileModel; baseline?: Baseline },
): { findings: Finding[]; waived: number } {
  const { baseline } = context;
  const locator = new FindingLocator(context.dockerfile, image.config, image.layers.length);
  const findings: Finding[] = [];
  let waived = 0;
  for (const id of RULE_IDS) {
    const setting = settings[id];
    if (setting.level === 'off') continue;
    const rule: Rule = RULES[id];
    if (rule.needsFiles && !facts.filesRead) continue;
    const ruleContext: RuleContext = {
      facts,
      options: setting.options,
      architecture: normalizePlatform({ os: 'linux', architecture: image.config.architecture }).architecture,
      baseline: baseline && {
        reference: baseline.reference,
        compressed: baseline.sizes.compressed,
        uncompressed: baseline.filesRead ? baseline.sizes.uncompressed : undefined,
      },
    };
    for (const raw of rule.check(ruleContext)) {
      if (findException(context.policy, { rule: id, path: raw.path, fingerprint: raw.fingerprint, image: input.name })) {
        waived++;
        continue;
      }
      const instruction = raw.layer !== undefined ? facts.layerCommands[raw.layer] : undefined;
      const location = locator.locate(raw);
      findings.push({
        rule: id,
        level: setting.level,
        message: raw.message,
        ...(raw.path !== undefined ? { path: raw.path } : {}),
        ...(raw.layer !== undefined ? { layer: raw.layer } : {}),
        ...(instruction ? { instruction } : {}),
        ...(location ? { location } : {}),
        ...(raw.hint ? { hint: raw.hint } : {}),
        ...(raw.fingerprint !== undefined ? { fingerprint: raw.fingerprint } : {}),
        subject: subjectOf(raw, fs),
      });
    }
  }
  return { findings, waived };
}
