import { UserError } from '../errors.ts';
import { formatPlatform, normalizePlatform, platformMatches } from './platform.ts';
import type { ImageConfig, LayerRef, Platform, ResolvedImage } from './types.ts';

/** An OCI/Docker content descriptor. */
export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
  urls?: string[];
}

interface ManifestJson {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
  annotations?: Record<string, string>;
}

export const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
export const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];

/** Reads a JSON document by digest from wherever the source keeps blobs; undefined when absent. */
export type JsonFetcher = (descriptor: Descriptor) => Promise<unknown>;

const MAX_INDEX_DEPTH = 8;

/** Config media types of images; other configs belong to artifacts (Helm charts, signatures, `application/vnd.oci.empty.v1+json`). */
export const IMAGE_CONFIG_TYPES = ['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json'];

/** What a walk found: the images, and what it passed over, for explaining an empty result. */
export interface FoundImages {
  images: ResolvedImage[];
  /** Platforms seen that were not asked for. */
  available: string[];
  /** Digests of listed manifests that are absent. */
  missing: string[];
  /** Manifests skipped as artifacts. */
  artifacts: number;
}

/**
 * The images `resolveImages` resolves, refusing a tree that holds none with the reason: the
 * platform asked for is not there, the manifests are absent, or all are artifacts.
 */
export async function resolveImages(
  reference: string,
  root: unknown,
  rootDigest: string | undefined,
  fetchJson: JsonFetcher,
  platform?: Platform,
): Promise<ResolvedImage[]> {
  const { images, available, missing, artifacts } = await findImages(reference, root, rootDigest, fetchJson, platform);
  if (images.length === 0) {
    if (platform) {
      const list = [...new Set(available)].join(', ') || 'none';
      throw new UserError(`${reference}: no image for platform ${formatPlatform(platform)}; it has: ${list}`);
    }
    if (missing.length > 0) {
      const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
      throw new UserError(`${reference}: the index lists no image manifest that is present: ${missing[0]} is missing${more}`);
    }
    if (artifacts > 0) throw new UserError(`${reference}: the index lists no image, only ${artifacts === 1 ? 'an artifact' : `${artifacts} artifacts`}`);
    throw new UserError(`${reference}: the index lists no image manifest`);
  }
  return images;
}

/**
 * Walks from an index or manifest to the image manifests of the platforms asked for (all when
 * none is given), skipping attestation manifests and artifacts. Nested indexes are followed;
 * each digest is read once, so a manifest listed twice (one per tag) is one image and fan-out
 * cannot multiply work; an index that contains itself, directly or further down, is refused.
 */
export async function findImages(
  reference: string,
  root: unknown,
  rootDigest: string | undefined,
  fetchJson: JsonFetcher,
  platform?: Platform,
): Promise<FoundImages> {
  const found: { manifest: ManifestJson; digest?: string; platform?: Platform; annotations: Record<string, string> }[] = [];
  const available: string[] = [];
  const missing: string[] = [];
  const visited = new Set<string>(rootDigest ? [rootDigest] : []);

  async function visit(document: unknown, digest: string | undefined, descriptor: Descriptor | undefined, ancestors: string[]): Promise<void> {
    if (ancestors.length > MAX_INDEX_DEPTH) throw new UserError(`${reference}: image indexes nest more than ${MAX_INDEX_DEPTH} deep`);
    const json = asManifest(document, reference, digest);
    const where = digest ?? 'the index';
    if (json.manifests) {
      const path = digest ? [...ancestors, digest] : ancestors;
      for (const [i, value] of json.manifests.entries()) {
        const child = asDescriptor(value, `${where} manifests[${i}]`, reference);
        if (path.includes(child.digest)) throw new UserError(`${reference}: image index ${child.digest} refers to itself`);
        if (visited.has(child.digest)) continue;
        if (isAttestation(child)) continue;
        if (child.mediaType && !INDEX_TYPES.includes(child.mediaType) && !MANIFEST_TYPES.includes(child.mediaType)) continue;
        const childPlatform = child.platform?.architecture
          ? normalizePlatform({ os: child.platform.os ?? 'linux', architecture: child.platform.architecture, variant: child.platform.variant })
          : undefined;
        if (childPlatform?.architecture === 'unknown') continue;
        const isIndex = child.mediaType ? INDEX_TYPES.includes(child.mediaType) : false;
        if (!isIndex && childPlatform) {
          available.push(formatPlatform(childPlatform));
          if (platform && !platformMatches(platform, childPlatform)) continue;
        }
        visited.add(child.digest);
        const childDocument = await fetchJson(child);
        if (childDocument === undefined) {
          // Layouts may list manifests of platforms that were never pulled; only a chosen one must exist.
          if (platform && childPlatform) throw new UserError(`${reference}: the manifest for ${formatPlatform(childPlatform)} (${child.digest}) is missing`);
          missing.push(child.digest);
          continue;
        }
        await visit(childDocument, child.digest, child, path);
      }
      return;
    }
    found.push({
      manifest: json,
      digest,
      platform: descriptor?.platform?.architecture
        ? normalizePlatform({ os: descriptor.platform.os ?? 'linux', architecture: descriptor.platform.architecture, variant: descriptor.platform.variant })
        : undefined,
      annotations: { ...(descriptor?.annotations ?? {}), ...(json.annotations ?? {}) },
    });
  }

  await visit(root, rootDigest, undefined, []);

  const images: ResolvedImage[] = [];
  let artifacts = 0;
  for (const entry of found) {
    if (!entry.manifest.config) throw new UserError(`${reference}: manifest ${entry.digest ?? ''} has no config`.replace('  ', ' '));
    const configType = entry.manifest.config.mediaType;
    if (configType !== undefined && !IMAGE_CONFIG_TYPES.includes(configType)) {
      artifacts++;
      continue;
    }
    const config = (await fetchJson(entry.manifest.config)) as ImageConfig | undefined;
    if (config === undefined) throw new UserError(`${reference}: the image config ${entry.manifest.config.digest} is missing`);
    checkConfig(config, reference);
    const imagePlatform = normalizePlatform({ os: config.os, architecture: config.architecture, variant: config.variant });
    if (platform && !platformMatches(platform, imagePlatform)) {
      if (entry.platform) continue;
      available.push(formatPlatform(imagePlatform));
      continue;
    }
    images.push({
      reference,
      platform: imagePlatform,
      digest: entry.digest,
      configDigest: entry.manifest.config.digest,
      config,
      layers: layerRefs(entry.manifest.layers ?? [], config, reference),
      annotations: entry.annotations,
    });
  }
  return { images, available, missing, artifacts };
}

/** Pairs manifest layers with the config's diff ids; foreign layers are marked absent. */
export function layerRefs(layers: Descriptor[], config: ImageConfig, reference: string): LayerRef[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== layers.length) {
    throw new UserError(`${reference}: the manifest lists ${layers.length} layers but the config has ${diffIds.length} diff ids`);
  }
  return layers.map((layer, i) => ({
    diffId: diffIds[i],
    digest: layer.digest,
    mediaType: layer.mediaType,
    size: layer.size,
    absent: /foreign|nondistributable/.test(layer.mediaType ?? '') ? 'a foreign layer, not stored with the image' : undefined,
  }));
}

/**
 * Refuses a config whose fields have the wrong types: runtimes decode it into typed structures
 * and fail the same way, and facts can then trust every field they read.
 */
export function checkConfig(config: ImageConfig | undefined, reference: string): asserts config is ImageConfig {
  if (!isObject(config) || typeof config.architecture !== 'string' || typeof config.os !== 'string') {
    throw new UserError(`${reference}: the image config is not an image config (no os/architecture)`);
  }
  const wrong = (field: string, expected: string): never => {
    throw new UserError(`${reference}: the image config's ${field} is not ${expected}`);
  };
  if (config.variant !== undefined && typeof config.variant !== 'string') wrong('variant', 'a string');
  if (config.rootfs !== undefined) {
    if (!isObject(config.rootfs) || !Array.isArray(config.rootfs.diff_ids)) wrong('rootfs.diff_ids', 'a list');
    if (!config.rootfs.diff_ids.every((id) => typeof id === 'string')) wrong('rootfs.diff_ids', 'a list of digests');
  }
  if (config.history !== undefined && config.history !== null) {
    if (!Array.isArray(config.history)) wrong('history', 'a list');
    for (const [i, entry] of config.history.entries()) {
      if (!isObject(entry)) wrong(`history[${i}]`, 'an object');
      for (const key of ['created', 'created_by', 'comment'] as const) {
        if (entry[key] !== undefined && typeof entry[key] !== 'string') wrong(`history[${i}].${key}`, 'a string');
      }
      if (entry.empty_layer !== undefined && typeof entry.empty_layer !== 'boolean') wrong(`history[${i}].empty_layer`, 'true or false');
    }
  }
  const runtime = config.config;
  if (runtime === undefined || runtime === null) return;
  if (!isObject(runtime)) wrong('config', 'an object');
  for (const key of ['User', 'WorkingDir', 'StopSignal'] as const) {
    if (runtime[key] !== undefined && typeof runtime[key] !== 'string') wrong(`config.${key}`, 'a string');
  }
  for (const key of ['Env', 'Entrypoint', 'Cmd', 'Shell'] as const) {
    const value = runtime[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.every((item) => typeof item === 'string')))
      wrong(`config.${key}`, 'a list of strings');
  }
  for (const key of ['Labels', 'ExposedPorts', 'Volumes'] as const) {
    if (runtime[key] !== undefined && runtime[key] !== null && !isObject(runtime[key])) wrong(`config.${key}`, 'an object');
  }
  if (runtime.Labels && !Object.values(runtime.Labels).every((value) => typeof value === 'string')) wrong('config.Labels', 'an object of strings');
  const healthcheck = runtime.Healthcheck;
  if (healthcheck !== undefined && healthcheck !== null) {
    if (!isObject(healthcheck)) return wrong('config.Healthcheck', 'an object');
    const test = healthcheck.Test;
    if (test !== undefined && test !== null && !(Array.isArray(test) && test.every((item) => typeof item === 'string')))
      wrong('config.Healthcheck.Test', 'a list of strings');
  }
}

/** A descriptor as the specs define it; anything else in a manifest or index is refused by name. */
function asDescriptor(value: unknown, where: string, reference: string): Descriptor {
  const wrong = (what: string): never => {
    throw new UserError(`${reference}: ${where} is not a valid descriptor (${what})`);
  };
  if (!isObject(value)) return wrong('not an object');
  if (typeof value.digest !== 'string') wrong('no digest');
  if (value.mediaType !== undefined && typeof value.mediaType !== 'string') wrong('mediaType is not a string');
  if (value.size !== undefined && !(Number.isSafeInteger(value.size) && (value.size as number) >= 0)) wrong('size is not a whole number of bytes');
  if (value.urls !== undefined && !(Array.isArray(value.urls) && value.urls.every((url) => typeof url === 'string'))) wrong('urls is not a list of strings');
  const platform = value.platform;
  if (platform !== undefined) {
    if (!isObject(platform)) return wrong('platform is not an object');
    for (const key of ['os', 'architecture', 'variant'] as const) {
      if (platform[key] !== undefined && typeof platform[key] !== 'string') wrong(`platform.${key} is not a string`);
    }
  }
  const annotations = value.annotations;
  if (annotations !== undefined && !(isObject(annotations) && Object.values(annotations).every((item) => typeof item === 'string')))
    wrong('annotations is not an object of strings');
  return value as unknown as Descriptor;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform?.architecture === 'unknown')
  );
}

function asManifest(document: unknown, reference: string, digest: string | undefined): ManifestJson {
  if (!isObject(document)) {
    throw new UserError(`${reference}: ${digest ?? 'the index'} is not a manifest or index`);
  }
  const json = document as ManifestJson;
  if (json.manifests !== undefined && !Array.isArray(json.manifests))
    throw new UserError(`${reference}: ${digest ?? 'the index'} has a malformed manifests list`);
  if (json.layers !== undefined && !Array.isArray(json.layers)) throw new UserError(`${reference}: ${digest ?? 'the manifest'} has a malformed layers list`);
  if (json.manifests === undefined && json.config === undefined)
    throw new UserError(`${reference}: ${digest ?? 'the document'} is neither an image index nor a manifest`);
  const where = digest ?? 'the manifest';
  if (json.manifests === undefined) {
    asDescriptor(json.config, `${where} config`, reference);
    json.layers?.forEach((layer, i) => asDescriptor(layer, `${where} layers[${i}]`, reference));
  }
  if (json.annotations !== undefined && !(isObject(json.annotations) && Object.values(json.annotations).every((value) => typeof value === 'string')))
    throw new UserError(`${reference}: ${where} has malformed annotations`);
  return json;
}
