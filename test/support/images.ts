/**
 * Builds whole images for tests and the demo, with real sha256 digests and diff ids, and writes
 * them in the shapes the reader meets: `docker save` archives (legacy, Docker 25+ graphdriver,
 * containerd store), OCI archives and OCI layout directories.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import type { Descriptor } from '../../src/image/manifest.ts';
import type { HistoryEntry, ImageConfig, Platform, RuntimeConfig } from '../../src/image/types.ts';
import { tarBuffer, tarStream, type TarEntrySpec } from './tar-writer.ts';

export type Compression = 'none' | 'gzip' | 'zstd';

export interface LayerSpec {
  entries: TarEntrySpec[];
  /** Default gzip. */
  compression?: Compression;
}

export interface ImageSpec {
  layers: LayerSpec[];
  /** Default amd64. */
  architecture?: string;
  /** Default linux. */
  os?: string;
  variant?: string;
  /** The runtime config, stored as given (no defaults added). */
  config?: RuntimeConfig;
  /** Default: one BuildKit `COPY` step per layer. */
  history?: HistoryEntry[];
  /** Manifest annotations. */
  annotations?: Record<string, string>;
}

export interface BuiltLayer {
  /** The blob as stored (compressed or not). */
  blob: Buffer;
  digest: string;
  /** sha256 of the uncompressed tar. */
  diffId: string;
  mediaType: string;
  tar: Buffer;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface BuiltImage {
  platform: Platform;
  config: ImageConfig;
  configBlob: Buffer;
  configDigest: string;
  manifest: ImageManifest;
  manifestBlob: Buffer;
  manifestDigest: string;
  layers: BuiltLayer[];
}

export interface DockerArchiveOptions {
  /** `legacy`: Docker < 25. `docker25`: graphdriver store, 25+. `containerd`: containerd image store. */
  format: 'legacy' | 'docker25' | 'containerd';
  /** Default `['fixture:latest']`; `[]` is `docker save <image id>`. */
  repoTags?: string[];
  /** containerd only: more platforms in the nested index, their blobs absent as after a single-platform pull. */
  extraPlatforms?: (ImageSpec | BuiltImage)[];
  /** Default `blobs-first` (sorted by name, as both engines write); `manifest-first` puts the JSON files first. */
  order?: 'blobs-first' | 'manifest-first';
  /** legacy only: a layer identical to an earlier one is stored as a link to that one's `layer.tar`, as Docker 1.12 to 24 do (with a symlink). */
  linkDuplicateLayers?: 'symlink' | 'hardlink';
  /** docker25 only: `index.json` says `"manifests": null`, as Docker 25.0.0 and 25.0.1 wrote for untagged images. */
  nullIndexManifests?: boolean;
}

export interface OciLayoutOptions {
  /** `org.opencontainers.image.ref.name` on the descriptors of `index.json`. */
  refName?: string;
  /** `index.json` points at one image index that lists the manifests (as BuildKit writes). */
  nestedIndex?: boolean;
  /** An attestation manifest (platform unknown/unknown) next to each image. */
  attestations?: boolean;
  /** One name per image: each is its own `index.json` entry named so (several images, not platforms of one). */
  refNames?: string[];
  /** Artifacts next to the images: a Helm chart named `chart:1.0`, and an unnamed SBOM referring to the first image. */
  artifacts?: boolean;
}

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  inToto: 'application/vnd.in-toto+json',
} as const;

const LAYER_MEDIA_TYPES: Record<'oci' | 'docker', Record<Compression, string>> = {
  oci: {
    none: 'application/vnd.oci.image.layer.v1.tar',
    gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  },
  docker: {
    none: 'application/vnd.docker.image.rootfs.diff.tar',
    gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    zstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  },
};

/** Every image is created at the same instant, so equal specs give equal digests. */
const CREATED = '2024-01-01T00:00:00Z';
const DEFAULT_REPO_TAGS = ['fixture:latest'];
const IMAGE_NAME = 'io.containerd.image.name';
const REF_NAME = 'org.opencontainers.image.ref.name';

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function buildImage(spec: ImageSpec, options: { mediaTypes?: 'oci' | 'docker' } = {}): BuiltImage {
  const kind = options.mediaTypes ?? 'oci';
  const layers = spec.layers.map((layer): BuiltLayer => {
    const tar = tarBuffer(layer.entries);
    const compression = layer.compression ?? 'gzip';
    const blob = compress(tar, compression);
    return { blob, digest: sha256(blob), diffId: sha256(tar), mediaType: LAYER_MEDIA_TYPES[kind][compression], tar };
  });
  const platform: Platform = { os: spec.os ?? 'linux', architecture: spec.architecture ?? 'amd64', ...(spec.variant ? { variant: spec.variant } : {}) };
  const config: ImageConfig = {
    ...platform,
    created: CREATED,
    config: spec.config ?? {},
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
    history: spec.history ?? layers.map((_, i) => ({ created: CREATED, created_by: `COPY layer${i + 1}/ / # buildkit`, comment: 'buildkit.dockerfile.v0' })),
  };
  const configBlob = json(config);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: kind === 'oci' ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest,
    config: { mediaType: kind === 'oci' ? MEDIA_TYPES.ociConfig : MEDIA_TYPES.dockerConfig, digest: sha256(configBlob), size: configBlob.length },
    layers: layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.blob.length })),
    ...(spec.annotations ? { annotations: spec.annotations } : {}),
  };
  const manifestBlob = json(manifest);
  return { platform, config, configBlob, configDigest: sha256(configBlob), manifest, manifestBlob, manifestDigest: sha256(manifestBlob), layers };
}

export async function writeDockerArchive(path: string, image: ImageSpec | BuiltImage, options: DockerArchiveOptions): Promise<void> {
  await writeFile(path, tarBuffer(dockerArchiveEntries(image, options)));
}

/** The bytes of `writeDockerArchive` as a stream, like `docker save` on stdout. */
export function dockerArchiveStream(image: ImageSpec | BuiltImage, options: DockerArchiveOptions): AsyncIterable<Buffer> {
  return tarStream(dockerArchiveEntries(image, options));
}

/** The members of a `docker save` archive, for tests that drop or alter some before writing. */
export function dockerArchiveEntries(image: ImageSpec | BuiltImage, options: DockerArchiveOptions): TarEntrySpec[] {
  const built = toBuilt(image);
  const tags = (options.repoTags ?? DEFAULT_REPO_TAGS).map(parseTag);
  if (options.extraPlatforms?.length && options.format !== 'containerd') throw new Error('images: extraPlatforms needs the containerd format');
  const files =
    options.format === 'legacy'
      ? legacyFiles(built, tags)
      : options.format === 'docker25'
        ? docker25Files(built, tags)
        : containerdFiles(built, tags, (options.extraPlatforms ?? []).map(toBuilt));
  if (options.nullIndexManifests) files.set('index.json', json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: null }));
  const entries = archiveEntries(files, options.order ?? 'blobs-first');
  return options.linkDuplicateLayers ? linkDuplicateLayers(entries, built, options.linkDuplicateLayers) : entries;
}

/** Replaces each legacy `layer.tar` whose layer repeats an earlier one by a link to the first, as moby's `tarexport/save.go` does. */
function linkDuplicateLayers(entries: TarEntrySpec[], image: BuiltImage, kind: 'symlink' | 'hardlink'): TarEntrySpec[] {
  const first = new Map<string, string>();
  const links = new Map<string, TarEntrySpec>();
  for (const [i, v1] of v1Images(image).entries()) {
    const path = `${v1.id}/layer.tar`;
    const earlier = first.get(image.layers[i].diffId);
    if (earlier === undefined) first.set(image.layers[i].diffId, v1.id);
    else links.set(path, { path, type: kind, target: kind === 'symlink' ? `../${earlier}/layer.tar` : `${earlier}/layer.tar` });
  }
  return entries.map((entry) => links.get(entry.path) ?? entry);
}

export async function writeOciArchive(
  path: string,
  images: ImageSpec | BuiltImage | (ImageSpec | BuiltImage)[],
  options: OciLayoutOptions = {},
): Promise<void> {
  await writeFile(path, tarBuffer(ociLayoutEntries(images, options)));
}

export async function writeOciLayout(dir: string, images: ImageSpec | BuiltImage | (ImageSpec | BuiltImage)[], options: OciLayoutOptions = {}): Promise<void> {
  for (const [name, content] of ociFiles(images, options)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

/** The members of an OCI archive (the layout as a tar), for tests that drop or alter some. */
export function ociLayoutEntries(images: ImageSpec | BuiltImage | (ImageSpec | BuiltImage)[], options: OciLayoutOptions = {}): TarEntrySpec[] {
  return archiveEntries(ociFiles(images, options), 'blobs-first');
}

/** Archive or layout contents: member path → bytes. */
type Files = Map<string, Buffer>;

interface Tag {
  /** As written, e.g. `app` or `ghcr.io/o/app`. */
  familiar: string;
  tag: string;
  /** Fully qualified, e.g. `docker.io/library/app:latest`. */
  full: string;
}

function parseTag(text: string): Tag {
  const colon = text.lastIndexOf(':');
  const hasTag = colon > text.lastIndexOf('/');
  const familiar = hasTag ? text.slice(0, colon) : text;
  const tag = hasTag ? text.slice(colon + 1) : 'latest';
  const first = familiar.split('/')[0];
  const qualified = familiar.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const name = qualified ? familiar : `docker.io/${familiar.includes('/') ? familiar : `library/${familiar}`}`;
  return { familiar, tag, full: `${name}:${tag}` };
}

/** Docker < 25: `<config-hex>.json`, `<v1id>/{VERSION,json,layer.tar}`, `manifest.json`, `repositories`. */
function legacyFiles(image: BuiltImage, tags: Tag[]): Files {
  const files: Files = new Map();
  const configFile = `${hex(image.configDigest)}.json`;
  files.set(configFile, image.configBlob);
  const layerPaths: string[] = [];
  let parent = '';
  for (const [i, v1] of v1Images(image).entries()) {
    files.set(`${v1.id}/VERSION`, Buffer.from('1.0'));
    files.set(`${v1.id}/json`, json(v1));
    files.set(`${v1.id}/layer.tar`, image.layers[i].tar);
    layerPaths.push(`${v1.id}/layer.tar`);
    parent = v1.id;
  }
  files.set('manifest.json', jsonLine([{ Config: configFile, RepoTags: tags.map(familiarString), Layers: layerPaths }]));
  if (tags.length > 0) files.set('repositories', jsonLine(repositories(tags, parent)));
  return files;
}

/**
 * Docker 25+ with a graphdriver store: an OCI layout whose layers are the uncompressed tars at
 * their diff ids, the legacy v1 JSON as extra blobs, plus `manifest.json` and `repositories`.
 */
function docker25Files(image: BuiltImage, tags: Tag[]): Files {
  const files: Files = new Map();
  files.set(blobPath(image.configDigest), image.configBlob);
  const layerSources: Record<string, Descriptor> = {};
  for (const [i, v1] of v1Images(image).entries()) {
    const layer = image.layers[i];
    const v1Blob = json(v1);
    files.set(blobPath(sha256(v1Blob)), v1Blob);
    files.set(blobPath(layer.diffId), layer.tar);
    layerSources[layer.diffId] = { mediaType: LAYER_MEDIA_TYPES.oci.none, digest: layer.diffId, size: layer.tar.length };
  }
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: image.configDigest, size: image.configBlob.length },
    layers: image.layers.map((layer) => ({ mediaType: LAYER_MEDIA_TYPES.oci.none, digest: layer.diffId, size: layer.tar.length })),
  };
  const manifestBlob = json(manifest);
  files.set(blobPath(sha256(manifestBlob)), manifestBlob);
  const descriptor: Descriptor = { mediaType: MEDIA_TYPES.ociManifest, digest: sha256(manifestBlob), size: manifestBlob.length, platform: image.platform };
  const manifests = tags.length > 0 ? tags.map((tag) => ({ ...descriptor, annotations: { [IMAGE_NAME]: tag.full, [REF_NAME]: tag.tag } })) : [descriptor];
  files.set('index.json', json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }));
  files.set(
    'manifest.json',
    jsonLine([
      {
        Config: blobPath(image.configDigest),
        RepoTags: tags.map(familiarString),
        Layers: image.layers.map((layer) => blobPath(layer.diffId)),
        LayerSources: layerSources,
      },
    ]),
  );
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion": "1.0.0"}'));
  const top = image.layers.at(-1);
  if (tags.length > 0 && top) files.set('repositories', jsonLine(repositories(tags, hex(top.diffId))));
  return files;
}

/**
 * containerd image store: the original blobs; `index.json` → a nested index listing every
 * platform and an attestation manifest per platform; only the local platform's blobs present.
 */
function containerdFiles(image: BuiltImage, tags: Tag[], others: BuiltImage[]): Files {
  const files: Files = new Map();
  addImageBlobs(files, image);
  const attestations = [image, ...others].map(attestation);
  addBlobs(files, attestations[0].blobs);
  const nested = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: [...[image, ...others].map(platformDescriptor), ...attestations.map((a) => a.descriptor)],
  });
  files.set(blobPath(sha256(nested)), nested);
  const descriptor: Descriptor = { mediaType: MEDIA_TYPES.ociIndex, digest: sha256(nested), size: nested.length };
  const manifests = tags.length > 0 ? tags.map((tag) => ({ ...descriptor, annotations: { [IMAGE_NAME]: tag.full, [REF_NAME]: tag.tag } })) : [descriptor];
  files.set('index.json', json({ schemaVersion: 2, manifests }));
  files.set(
    'manifest.json',
    json([{ Config: blobPath(image.configDigest), RepoTags: tags.map(familiarString), Layers: image.layers.map((layer) => blobPath(layer.digest)) }]),
  );
  files.set('oci-layout', json({ imageLayoutVersion: '1.0.0' }));
  return files;
}

function ociFiles(input: ImageSpec | BuiltImage | (ImageSpec | BuiltImage)[], options: OciLayoutOptions): Files {
  const images = (Array.isArray(input) ? input : [input]).map(toBuilt);
  const files: Files = new Map();
  for (const image of images) addImageBlobs(files, image);
  const plain = images.length === 1 && !options.nestedIndex && !options.attestations;
  // A lone image is listed without a platform (as skopeo writes it): readers fall back to its config.
  const listed: Descriptor[] = plain
    ? [{ mediaType: images[0].manifest.mediaType, digest: images[0].manifestDigest, size: images[0].manifestBlob.length }]
    : images.map(platformDescriptor);
  if (options.attestations) {
    for (const image of images) {
      const { blobs, descriptor } = attestation(image);
      addBlobs(files, blobs);
      listed.push(descriptor);
    }
  }
  const refAnnotations = options.refName ? { annotations: { [REF_NAME]: options.refName } } : {};
  let top: Descriptor[] = listed.map((descriptor, i) => {
    const name = options.refNames?.[i];
    return { ...descriptor, ...(name ? { annotations: { [REF_NAME]: name } } : refAnnotations) };
  });
  if (options.artifacts) top.push(...artifacts(files, images[0]));
  if (options.nestedIndex) {
    const nested = json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: listed });
    files.set(blobPath(sha256(nested)), nested);
    top = [{ mediaType: MEDIA_TYPES.ociIndex, digest: sha256(nested), size: nested.length, ...refAnnotations }];
  }
  files.set('index.json', json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: top }));
  files.set('oci-layout', json({ imageLayoutVersion: '1.0.0' }));
  return files;
}

/** A Helm chart as `helm push` stores it, and an SBOM referrer of `image` as `oras attach` does; their blobs go in `files`. */
function artifacts(files: Files, image: BuiltImage): Descriptor[] {
  const chartConfig = json({ apiVersion: 'v2', name: 'chart', version: '1.0' });
  const chart = gzipSync(tarBuffer([{ path: 'chart/Chart.yaml', content: 'name: chart\n' }]));
  const chartManifest = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: sha256(chartConfig), size: chartConfig.length },
    layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: sha256(chart), size: chart.length }],
  });
  const empty = Buffer.from('{}');
  const sbom = json({ spdxVersion: 'SPDX-2.3' });
  const sbomManifest = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: 'application/spdx+json',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: empty.length },
    layers: [{ mediaType: 'application/spdx+json', digest: sha256(sbom), size: sbom.length }],
    subject: { mediaType: image.manifest.mediaType, digest: image.manifestDigest, size: image.manifestBlob.length },
  });
  addBlobs(files, [chartConfig, chart, chartManifest, empty, sbom, sbomManifest]);
  return [
    { mediaType: MEDIA_TYPES.ociManifest, digest: sha256(chartManifest), size: chartManifest.length, annotations: { [REF_NAME]: 'chart:1.0' } },
    { mediaType: MEDIA_TYPES.ociManifest, digest: sha256(sbomManifest), size: sbomManifest.length },
  ];
}

/** A BuildKit-style provenance attestation for `image`: its blobs and its index descriptor. */
function attestation(image: BuiltImage): { blobs: Buffer[]; descriptor: Descriptor } {
  const predicateType = 'https://slsa.dev/provenance/v0.2';
  const statement = json({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType,
    subject: [{ name: 'pkg:docker/fixture@latest', digest: { sha256: hex(image.manifestDigest) } }],
    predicate: { buildType: 'https://mobyproject.org/buildkit@v1' },
  });
  const config = json({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(statement)] } });
  const manifest = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256(config), size: config.length },
    layers: [{ mediaType: MEDIA_TYPES.inToto, digest: sha256(statement), size: statement.length, annotations: { 'in-toto.io/predicate-type': predicateType } }],
  });
  return {
    blobs: [statement, config, manifest],
    descriptor: {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: sha256(manifest),
      size: manifest.length,
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.digest': image.manifestDigest, 'vnd.docker.reference.type': 'attestation-manifest' },
    },
  };
}

function platformDescriptor(image: BuiltImage): Descriptor {
  return { mediaType: image.manifest.mediaType, digest: image.manifestDigest, size: image.manifestBlob.length, platform: image.platform };
}

function addImageBlobs(files: Files, image: BuiltImage): void {
  addBlobs(files, [...image.layers.map((layer) => layer.blob), image.configBlob, image.manifestBlob]);
}

function addBlobs(files: Files, blobs: Buffer[]): void {
  for (const blob of blobs) files.set(blobPath(sha256(blob)), blob);
}

/** The legacy v1 image JSON of each layer, with ids chained through their parents as moby does. */
function v1Images(image: BuiltImage): { id: string; parent?: string; created: string; os: string; config?: RuntimeConfig }[] {
  let chainId = '';
  let parent: string | undefined;
  return image.layers.map((layer, i) => {
    chainId = chainId ? sha256(`${chainId} ${layer.diffId}`) : layer.diffId;
    const id = hex(sha256(JSON.stringify({ chainId, parent })));
    const top = i === image.layers.length - 1;
    const v1 = {
      id,
      ...(parent ? { parent } : {}),
      created: top ? CREATED : '1970-01-01T00:00:00Z',
      os: image.platform.os,
      ...(top ? { config: image.config.config } : {}),
    };
    parent = id;
    return v1;
  });
}

function repositories(tags: Tag[], id: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const tag of tags) (out[tag.familiar] ??= {})[tag.tag] = id;
  return out;
}

/** Archive members in the given order, with the directory entries the engines write. */
function archiveEntries(files: Files, order: 'blobs-first' | 'manifest-first'): TarEntrySpec[] {
  const entries: TarEntrySpec[] = [];
  const dirs = new Set<string>();
  for (const name of files.keys()) {
    for (let slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) dirs.add(name.slice(0, slash + 1));
  }
  for (const dir of dirs) entries.push({ path: dir, type: 'dir' });
  for (const [path, content] of files) entries.push({ path, content });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (order === 'blobs-first') return entries;
  const metadata = ['manifest.json', 'repositories', 'index.json', 'oci-layout'];
  const first = metadata.flatMap((name) => entries.filter((entry) => entry.path === name));
  return [...first, ...entries.filter((entry) => !metadata.includes(entry.path))];
}

function compress(tar: Buffer, compression: Compression): Buffer {
  if (compression === 'gzip') return gzipSync(tar);
  if (compression === 'zstd') return zstdCompressSync(tar);
  return tar;
}

function toBuilt(image: ImageSpec | BuiltImage): BuiltImage {
  return 'manifestDigest' in image ? image : buildImage(image);
}

function familiarString(tag: Tag): string {
  return `${tag.familiar}:${tag.tag}`;
}

function blobPath(digest: string): string {
  return `blobs/sha256/${hex(digest)}`;
}

function hex(digest: string): string {
  return digest.slice('sha256:'.length);
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/** What Go's `json.Encoder` writes: the JSON and a newline. */
function jsonLine(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value) + '\n');
}
