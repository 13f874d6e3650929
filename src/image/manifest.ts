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

/**
 * Walks from an index or manifest to the image manifests of the platforms asked for (all when
 * none is given), skipping attestation manifests; nested indexes are followed, loops refused.
 */
export async function resolveImages(
  reference: string,
  root: unknown,
  rootDigest: string | undefined,
  fetchJson: JsonFetcher,
  platform?: Platform,
): Promise<ResolvedImage[]> {
  const found: { manifest: ManifestJson; digest?: string; platform?: Platform; annotations: Record<string, string> }[] = [];
  const available: string[] = [];
  const seen = new Set<string>();

  async function visit(document: unknown, digest: string | undefined, descriptor: Descriptor | undefined, depth: number): Promise<void> {
    if (depth > MAX_INDEX_DEPTH) throw new UserError(`${reference}: image indexes nest more than ${MAX_INDEX_DEPTH} deep`);
    if (digest) {
      if (seen.has(digest)) throw new UserError(`${reference}: image index ${digest} refers to itself`);
      seen.add(digest);
    }
    const json = asManifest(document, reference, digest);
    if (json.manifests) {
      for (const child of json.manifests) {
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
        const childDocument = await fetchJson(child);
        if (childDocument === undefined) {
          // Layouts may list manifests of platforms that were never pulled; only a chosen one must exist.
          if (platform && childPlatform) throw new UserError(`${reference}: the manifest for ${formatPlatform(childPlatform)} (${child.digest}) is missing`);
          continue;
        }
        await visit(childDocument, child.digest, child, depth + 1);
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

  await visit(root, rootDigest, undefined, 0);

  const images: ResolvedImage[] = [];
  for (const entry of found) {
    if (!entry.manifest.config) throw new UserError(`${reference}: manifest ${entry.digest ?? ''} has no config`.replace('  ', ' '));
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
  if (images.length === 0) {
    if (platform) {
      const list = [...new Set(available)].join(', ') || 'none';
      throw new UserError(`${reference}: no image for platform ${formatPlatform(platform)}; it has: ${list}`);
    }
    throw new UserError(`${reference}: the index lists no image manifest`);
  }
  return images;
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

export function checkConfig(config: ImageConfig | undefined, reference: string): asserts config is ImageConfig {
  if (!config || typeof config !== 'object' || typeof config.architecture !== 'string' || typeof config.os !== 'string') {
    throw new UserError(`${reference}: the image config is not an image config (no os/architecture)`);
  }
  if (config.rootfs && !Array.isArray(config.rootfs.diff_ids)) {
    throw new UserError(`${reference}: the image config's rootfs.diff_ids is not a list`);
  }
}

function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform?.architecture === 'unknown')
  );
}

function asManifest(document: unknown, reference: string, digest: string | undefined): ManifestJson {
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new UserError(`${reference}: ${digest ?? 'the index'} is not a manifest or index`);
  }
  const json = document as ManifestJson;
  if (json.manifests !== undefined && !Array.isArray(json.manifests))
    throw new UserError(`${reference}: ${digest ?? 'the index'} has a malformed manifests list`);
  if (json.layers !== undefined && !Array.isArray(json.layers)) throw new UserError(`${reference}: ${digest ?? 'the manifest'} has a malformed layers list`);
  if (json.manifests === undefined && json.config === undefined)
    throw new UserError(`${reference}: ${digest ?? 'the document'} is neither an image index nor a manifest`);
  return json;
}
