import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UserError, messageOf } from '../errors.ts';
import type { DockerfileModel } from '../dockerfile/dockerfile.ts';
import { captureForFacts } from '../facts/capture.ts';
import { gatherFacts } from '../facts/index.ts';
import { formatPlatform, normalizePlatform } from '../image/platform.ts';
import { parseReference } from '../image/reference.ts';
import { openSource } from '../image/sources/index.ts';
import type { RegistryOptions } from '../image/sources/registry.ts';
import type { LoadedImage, Platform } from '../image/types.ts';
import { type FailOn, type Policy, RULE_IDS, findException, policyForImage } from '../policy/index.ts';
import { type Finding, type ImageReport, type Report, fails } from '../report/model.ts';
import { RULES, type Rule, factOptionsFor } from '../rules/index.ts';
import type { RuleContext } from '../rules/rule.ts';
import { compareWithBaseline, loadBaseline } from './baseline.ts';
import { FindingLocator } from './locate.ts';

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
  const { facts } = gatherFacts(image, {
    ...factOptionsFor(imagePolicy.rules),
    dockerfileBase: dockerfile?.finalStage.baseImage,
  });
  const baseline = input.baseline
    ? await loadBaseline(input.baseline, input.name, image.platform, options.registry, facts.sizes.compressed === undefined)
    : undefined;
  const locator = new FindingLocator(dockerfile, image.config, image.layers.length);
  const findings: Finding[] = [];
  let waived = 0;
  for (const id of RULE_IDS) {
    const setting = imagePolicy.rules[id];
    if (setting.level === 'off') continue;
    const rule: Rule = RULES[id];
    if (rule.needsFiles && !facts.filesRead) continue;
    const context: RuleContext = {
      facts,
      options: setting.options,
      architecture: normalizePlatform({ os: 'linux', architecture: image.config.architecture }).architecture,
      baseline: baseline && {
        reference: baseline.reference,
        compressed: baseline.sizes.compressed,
        uncompressed: baseline.filesRead ? baseline.sizes.uncompressed : undefined,
      },
    };
    for (const raw of rule.check(context)) {
      if (findException(options.policy, { rule: id, path: raw.path, image: input.name })) {
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
      });
    }
  }
  if (!facts.filesRead) notices.push(`${input.name}: the image's files could not be read, so file rules were skipped`);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
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
    passed: !findings.some((finding) => fails(finding.level, failOn)),
    ...(baseline ? { baseline: compareWithBaseline(facts, findings, baseline) } : {}),
    facts,
  };
}
