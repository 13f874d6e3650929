/**
 * Facts and rule findings for images built in code: the layers go through the real layer reader
 * (decompression, tar walk, `captureForFacts`), the merged filesystem and `gatherFacts`.
 */
import { captureForFacts } from '../../src/facts/capture.ts';
import { type FactOptions, type GatheredFacts, gatherFacts } from '../../src/facts/index.ts';
import { indexLayerStream } from '../../src/image/layer-index.ts';
import type { LoadedImage } from '../../src/image/types.ts';
import { type PresetName, type RuleId, type RuleOptionsMap, builtinPolicy } from '../../src/policy/index.ts';
import { RULES } from '../../src/rules/index.ts';
import type { BaselineSizes, RawFinding, Rule, RuleContext } from '../../src/rules/rule.ts';
import { type BuiltImage, type ImageSpec, buildImage } from './images.ts';

async function* chunksOf(blob: Buffer): AsyncGenerator<Buffer> {
  // Uneven chunks, as a socket delivers them: nothing may assume one chunk per header.
  for (let at = 0; at < blob.length; at += 1000) yield blob.subarray(at, at + 1000);
}

/** The image as a source would hand it over: config, layer refs with stored sizes, every layer indexed. */
export async function loadImage(spec: ImageSpec | BuiltImage): Promise<LoadedImage> {
  const built = 'manifestDigest' in spec ? spec : buildImage(spec);
  const layers = built.layers.map((layer) => ({ diffId: layer.diffId, digest: layer.digest, mediaType: layer.mediaType, size: layer.blob.length }));
  const layerIndexes = await Promise.all(
    built.layers.map((layer, i) => indexLayerStream(chunksOf(layer.blob), layers[i], captureForFacts, `fixture layer ${i}`)),
  );
  return {
    reference: 'fixture:latest',
    platform: built.platform,
    digest: built.manifestDigest,
    configDigest: built.configDigest,
    config: built.config,
    layers,
    annotations: built.manifest.annotations ?? {},
    layerIndexes,
  };
}

export async function factsOf(spec: ImageSpec | BuiltImage, options: FactOptions = {}): Promise<GatheredFacts> {
  return gatherFacts(await loadImage(spec), options);
}

export interface RunRuleOptions<R extends RuleId> {
  /** Where the rule's default options come from; default `strict`. */
  preset?: Exclude<PresetName, 'none'>;
  /** Options set on top of the preset's, as a policy file would. */
  options?: Partial<RuleOptionsMap[R]>;
  baseline?: BaselineSizes;
  /** The Dockerfile's final `FROM`, for allowed-base-images. */
  dockerfileBase?: string;
}

/**
 * The findings of one rule on an image, with the preset's options (as `check` resolves them) and
 * the facts gathered as `check` gathers them (extra shell and package manager names included).
 */
export async function runRule<R extends RuleId>(id: R, spec: ImageSpec | BuiltImage, options: RunRuleOptions<R> = {}): Promise<RawFinding[]> {
  const rules = builtinPolicy(options.preset ?? 'strict').rules;
  const ruleOptions = { ...rules[id].options, ...options.options };
  const extra = <K extends 'no-shell' | 'no-package-manager'>(key: K): RuleOptionsMap[K] =>
    ((id as RuleId) === key ? ruleOptions : rules[key].options) as RuleOptionsMap[K];
  const image = await loadImage(spec);
  const { facts, fs } = gatherFacts(image, {
    extraShells: extra('no-shell').shells,
    extraPackageManagers: extra('no-package-manager').managers,
    dockerfileBase: options.dockerfileBase,
  });
  const context: RuleContext<R> = { facts, fs, options: ruleOptions as RuleOptionsMap[R], architecture: image.config.architecture, baseline: options.baseline };
  return (RULES[id] as Rule<R>).check(context);
}
