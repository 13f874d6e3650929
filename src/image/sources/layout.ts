import { UserError } from '../../errors.ts';
import { checkConfig, type Descriptor, type JsonFetcher, findImages, resolveImages } from '../manifest.ts';
import { ReadBudget } from '../limits.ts';
import { formatPlatform } from '../platform.ts';
import type { ImageConfig, LayerIndex, LayerRef, LoadedImage, Platform, ResolvedImage } from '../types.ts';
import { type BlobStore, blobPath, indexStoredLayer, readJson } from './blob-store.ts';
import type { LoadOptions } from './source.ts';
import { LAYER_CONCURRENCY, mapConcurrent } from './concurrency.ts';

/** A resolved image plus, per layer, the name of the file in the store that holds it. */
export interface LayoutImage {
  image: ResolvedImage;
  layerFiles: string[];
}

interface LegacyManifestEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

const REF_ANNOTATIONS = ['org.opencontainers.image.ref.name', 'io.containerd.image.name'];

/**
 * Finds the images in an OCI layout (`index.json`, what Docker 25+ and containerd save too) or
 * a legacy `docker save` archive (`manifest.json`), for the platform and name asked for.
 */
export async function resolveLayout(store: BlobStore, reference: string, refName: string | undefined, platform: Platform | undefined): Promise<LayoutImage[]> {
  if (store.has('index.json') && !(store.has('manifest.json') && (await listsNothing(store)))) return resolveOciLayout(store, reference, refName, platform);
  if (store.has('manifest.json')) return resolveLegacy(store, reference, refName, platform);
  throw new UserError(`${store.label}: not an image archive or layout (no index.json or manifest.json)`);
}

/** Docker 25.0.0 and 25.0.1 saved untagged images with `"manifests": null` (moby d131f00); their manifest.json is whole. */
async function listsNothing(store: BlobStore): Promise<boolean> {
  const index = (await readJson(store, 'index.json')) as { manifests?: unknown } | undefined;
  return typeof index === 'object' && index !== null && (index.manifests === null || (Array.isArray(index.manifests) && index.manifests.length === 0));
}

async function resolveOciLayout(store: BlobStore, reference: string, refName: string | undefined, platform: Platform | undefined): Promise<LayoutImage[]> {
  const index = (await readJson(store, 'index.json')) as { manifests?: unknown[] } | undefined;
  if (!index || typeof index !== 'object' || !Array.isArray(index.manifests)) throw new UserError(`${store.label}: index.json has no manifests list`);
  let root = index;
  if (refName !== undefined) {
    const named = index.manifests.filter((m) => REF_ANNOTATIONS.some((key) => matchesRefName(refNameOf(m, key), refName)));
    if (named.length === 0) {
      const names = index.manifests.flatMap((m) => REF_ANNOTATIONS.map((key) => refNameOf(m, key)).filter(Boolean));
      throw new UserError(`${store.label}: no image named "${refName}"; it has: ${[...new Set(names)].join(', ') || 'no named images'}`);
    }
    root = { ...index, manifests: named.slice(0, 1) };
  }
  const fetchJson = async (descriptor: Descriptor): Promise<unknown> => {
    const path = blobPath(descriptor.digest, store.label);
    return store.has(path) ? readJson(store, path) : undefined;
  };
  if (refName === undefined) root = await onlyImage(store.label, reference, index as { manifests: unknown[] }, fetchJson, platform);
  const images = await resolveImages(reference, root, undefined, fetchJson, platform);
  const withFiles = images.map((image) => ({ image, layerFiles: image.layers.map((layer) => blobPath(layer.digest ?? '', store.label)) }));
  return withoutIncompletePlatforms(store, withFiles, platform !== undefined);
}

/**
 * With no name given, the index's entries that hold an image (artifacts and attestations are
 * skipped): one image, perhaps listed once per tag or once per platform, is read; several are
 * refused with their names, as `docker-archive:` refuses several images.
 */
async function onlyImage(label: string, reference: string, index: { manifests: unknown[] }, fetchJson: JsonFetcher, platform: Platform | undefined) {
  const groups = new Map<string, unknown[]>();
  for (const entry of index.manifests) {
    const descriptor = entry as Descriptor | null;
    const named = REF_ANNOTATIONS.some((key) => refNameOf(entry, key));
    // Unnamed entries with a platform are one image's platforms, listed without an image index.
    const key = !named && descriptor?.platform ? '' : String(descriptor?.digest);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  if (groups.size < 2) return index;
  const images: unknown[][] = [];
  for (const entries of groups.values()) {
    if ((await findImages(reference, { ...index, manifests: entries }, undefined, fetchJson, platform)).images.length > 0) images.push(entries);
  }
  if (images.length === 1) return { ...index, manifests: images[0] };
  if (images.length === 0) return index;
  const names = images.map((entries) => entries.flatMap(displayNames)[0] ?? `an unnamed image (${String((entries[0] as Descriptor).digest)})`);
  throw new UserError(`${label}: the layout holds ${images.length} images; name one as ${reference}:REF (${names.join(', ')})`);
}

/** The names an entry can be chosen by, the fullest first, without the docker.io prefix. */
function displayNames(entry: unknown): string[] {
  return [...REF_ANNOTATIONS].reverse().flatMap((key) => {
    const name = refNameOf(entry, key);
    return name ? [stripDockerIo(name)] : [];
  });
}

/** containerd keeps manifests of platforms it never pulled; unless one was asked for, skip those. */
function withoutIncompletePlatforms(store: BlobStore, images: LayoutImage[], platformChosen: boolean): LayoutImage[] {
  if (platformChosen) return images;
  const complete = images.filter(({ image, layerFiles }) => layerFiles.every((file, i) => image.layers[i].absent || store.has(file)));
  return complete.length > 0 ? complete : images;
}

/** The name annotation `key` of an index entry, when the entry has one that is a string (resolveImages refuses malformed entries). */
function refNameOf(descriptor: unknown, key: string): string | undefined {
  const annotations = (descriptor as Descriptor | null)?.annotations;
  const value = typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function matchesRefName(value: string | undefined, refName: string): boolean {
  if (!value) return false;
  return value === refName || value.endsWith(`:${refName}`) || value.endsWith(`/${refName}`) || stripDockerIo(value) === stripDockerIo(refName);
}

function stripDockerIo(name: string): string {
  return name.replace(/^docker\.io\/(library\/)?/, '');
}

async function resolveLegacy(store: BlobStore, reference: string, refName: string | undefined, platform: Platform | undefined): Promise<LayoutImage[]> {
  const manifest = await readJson(store, 'manifest.json');
  if (!Array.isArray(manifest) || manifest.length === 0) throw new UserError(`${store.label}: manifest.json lists no image`);
  if (!manifest.every(isLegacyEntry))
    throw new UserError(`${store.label}: manifest.json is malformed (each entry needs Config, RepoTags and Layers as strings)`);
  const entries = manifest;
  let entry = entries[0];
  if (refName !== undefined) {
    const found = entries.find((e) => (e.RepoTags ?? []).some((tag) => matchesRefName(tag, refName)));
    if (!found)
      throw new UserError(`${store.label}: no image tagged "${refName}"; it has: ${entries.flatMap((e) => e.RepoTags ?? []).join(', ') || 'untagged images'}`);
    entry = found;
  } else if (entries.length > 1) {
    const tags = entries.flatMap((e) => e.RepoTags ?? []);
    throw new UserError(`${store.label}: the archive holds ${entries.length} images; name one as ${reference}:TAG (${tags.join(', ') || 'untagged'})`);
  }
  if (entry.Config === undefined || entry.Layers === undefined) throw new UserError(`${store.label}: manifest.json entry lacks Config or Layers`);
  const config = (await readJson(store, entry.Config)) as ImageConfig | undefined;
  if (config === undefined) throw new UserError(`${store.label}: the image config ${entry.Config} is missing`);
  checkConfig(config, store.label);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== entry.Layers.length) {
    throw new UserError(`${store.label}: manifest.json lists ${entry.Layers.length} layers but the config has ${diffIds.length} diff ids`);
  }
  const image: ResolvedImage = {
    reference,
    platform: { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) },
    configDigest: entry.Config.match(/([a-f0-9]{64})/)?.[1] ? `sha256:${entry.Config.match(/([a-f0-9]{64})/)?.[1]}` : undefined,
    config,
    layers: entry.Layers.map((_, i): LayerRef => ({ diffId: diffIds[i] })),
    annotations: {},
  };
  if (platform && formatPlatform(platform) !== formatPlatform(image.platform)) {
    throw new UserError(`${reference}: no image for platform ${formatPlatform(platform)}; it has: ${formatPlatform(image.platform)}`);
  }
  return [{ image, layerFiles: entry.Layers }];
}

function isLegacyEntry(value: unknown): value is LegacyManifestEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { Config, RepoTags, Layers } = value as Record<string, unknown>;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return (
    (Config === undefined || typeof Config === 'string') &&
    (RepoTags === undefined || RepoTags === null || strings(RepoTags)) &&
    (Layers === undefined || strings(Layers))
  );
}

/** Indexes the layer stored as `file`. */
export type LayerIndexer = (file: string, ref: LayerRef) => Promise<LayerIndex>;

/** Indexes layers straight from a store: digests checked where the bytes stream past, every layer charged to one budget. */
export function storeIndexer(store: BlobStore, options: LoadOptions): LayerIndexer {
  const budget = options.budget ?? new ReadBudget();
  return (file, ref) => indexStoredLayer(store, file, ref, options.capture, budget);
}

/** Reads the layers of resolved images, each stored file once even when platforms share it. */
export async function loadLayout(images: LayoutImage[], indexLayer: LayerIndexer): Promise<LoadedImage[]> {
  const jobs = new Map<string, LayerRef>();
  for (const { image, layerFiles } of images) image.layers.forEach((ref, i) => jobs.has(layerFiles[i]) || jobs.set(layerFiles[i], ref));
  const files = [...jobs.keys()];
  const indexes = await mapConcurrent(files, LAYER_CONCURRENCY, (file) => indexLayer(file, jobs.get(file) as LayerRef));
  const byFile = new Map(files.map((file, i) => [file, indexes[i]]));
  return images.map(({ image, layerFiles }) => ({ ...image, layerIndexes: layerFiles.map((file) => byFile.get(file) as LayerIndex) }));
}
