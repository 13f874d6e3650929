/**
 * Facts for tests. From images built in code (facts tests): the layers go through the real layer
 * reader (decompression, tar walk, `captureForFacts`), the merged filesystem and `gatherFacts`.
 * Built directly (rule tests): a rule sees facts alone, so its tests hand it facts.
 */
import { captureForFacts } from '../../src/facts/capture.ts';
import type { FoundBinary } from '../../src/facts/binaries.ts';
import type { EntrypointFacts } from '../../src/facts/entrypoint.ts';
import { type FactOptions, type GatheredFacts, type ImageFacts, gatherFacts } from '../../src/facts/index.ts';
import { indexLayerStream, indexTarStream } from '../../src/image/layer-index.ts';
import type { LoadedImage } from '../../src/image/types.ts';
import { type PresetName, type RuleId, type RuleOptionsMap, builtinPolicy } from '../../src/policy/index.ts';
import { RULES, type Rule } from '../../src/rules/index.ts';
import type { BaselineSizes, RawFinding } from '../../src/rules/rule.ts';
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

/** Facts of an image whose layers are these uncompressed tars (a rootfs from test/support/debian.ts), without config. */
export async function factsOfTars(tars: Buffer[]): Promise<ImageFacts> {
  const layerIndexes = await Promise.all(tars.map((tar, i) => indexTarStream(chunksOf(tar), {}, captureForFacts, `layer ${i}`)));
  const image: LoadedImage = {
    reference: 'fixture:latest',
    platform: { os: 'linux', architecture: 'amd64' },
    config: { architecture: 'amd64', os: 'linux' },
    layers: tars.map(() => ({})),
    annotations: {},
    layerIndexes,
  };
  return gatherFacts(image).facts;
}

export interface CheckRuleOptions<R extends RuleId> {
  /** Where the rule's default options come from; default `strict`. */
  preset?: Exclude<PresetName, 'none'>;
  /** Options set on top of the preset's, as a policy file would. */
  options?: Partial<RuleOptionsMap[R]>;
  baseline?: BaselineSizes;
  /** The image's architecture; default amd64. */
  architecture?: string;
}

/** The findings of one rule on these facts, with the preset's options (as `check` resolves them). */
export function checkRule<R extends RuleId>(id: R, facts: ImageFacts, options: CheckRuleOptions<R> = {}): RawFinding[] {
  const preset = builtinPolicy(options.preset ?? 'strict').rules[id].options;
  const rule: Rule = RULES[id];
  return rule.check({ facts, options: { ...preset, ...options.options }, architecture: options.architecture ?? 'amd64', baseline: options.baseline });
}

type Program = NonNullable<EntrypointFacts['program']>;
type Elf = NonNullable<Program['elf']>;

/** What the ELF reader says of a binary for amd64: static, unless the overrides give it an interpreter or needs. */
export function elfFacts(overrides: Partial<Elf> = {}): Elf {
  return {
    class: 64,
    endian: 'little',
    machine: 62,
    machineName: 'amd64',
    type: 'exec',
    needed: [],
    runpath: [],
    rpath: [],
    dynamic: false,
    complete: true,
    ...overrides,
  };
}

/** A regular executable file found at `path`, written by layer 1: an ELF binary unless the overrides say otherwise. */
export function programFacts(path: string, overrides: Partial<Program> = {}): Program {
  return { command: path, path, layer: 1, type: 'file', mode: 0o755, executable: true, kind: 'elf', elf: elfFacts(), ...overrides };
}

/** Entry point facts for an exec-form ENTRYPOINT (or CMD) whose argv[0] is `program`, or for none. */
export function entrypointFacts(program: Program | undefined, { entrypoint, cmd = [] }: { entrypoint?: string[]; cmd?: string[] } = {}): EntrypointFacts {
  const first = entrypoint ?? (program && cmd.length === 0 ? [program.command] : []);
  return {
    entrypoint: first,
    cmd,
    argv: [...first, ...cmd],
    entrypointShellForm: false,
    cmdShellForm: false,
    healthcheckShellForm: false,
    ...(program ? { program } : {}),
  };
}

/** A shell or package manager found at `path` (through the link `via` when given) in `layer`. */
export const foundBinary = (path: string, layer: number, via?: string): FoundBinary => ({
  name: path.split('/').pop() ?? '',
  path,
  realPath: via ?? path,
  layer,
  ...(via ? { via } : {}),
});
