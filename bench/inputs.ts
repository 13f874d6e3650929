/**
 * The benchmark's inputs, built once and cached under the system temp dir: the synthetic image
 * (OCI archive with gzip layers, the same with zstd layers, an uncompressed docker-archive, and
 * a single-layer gzip image), a real Debian root filesystem when one can be had, a tiny image
 * for start-up, and the copies loaded into the Docker engine.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildElf } from '../test/support/elf-writer.ts';
import { buildImage, writeOciArchive } from '../test/support/images.ts';
import { type ArchiveMember, type WrittenBlob, compressFile, hashFile, writeArchive, writeLayerTar } from './archive.ts';
import { type LayerStats, type SyntheticParams, syntheticImage } from './synthetic.ts';

const execFileAsync = promisify(execFile);

/** Bump when the generator's output changes, so old caches are not reused. */
const GENERATOR_VERSION = 1;
const CREATED = '2024-01-01T00:00:00Z';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const LAYER_TYPES = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

export type Log = (line: string) => void;

export interface Layer {
  tar: WrittenBlob;
  gzip: WrittenBlob;
  zstd: WrittenBlob;
}

export interface Counts {
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  bytes: number;
}

/** One image written in every form the benchmark reads. */
export interface ImageFiles {
  layers: Layer[];
  ociGzip: string;
  ociZstd: string;
  dockerArchive: string;
  /** The tag in the docker-archive's `RepoTags`, which `docker load` gives the image. */
  dockerTag: string;
  /** The config and gzip manifest, for serving from a registry. */
  configBlob: string;
  gzipManifest: string;
}

export interface PreparedImage extends ImageFiles {
  label: string;
  counts: Counts;
  /** When the cache was filled, and how long generation took, per phase. */
  generatedAt: string;
  seconds: Record<string, number>;
  /** synthetic only: the first layer alone, as an OCI archive with one gzip layer. */
  single?: { ociGzip: string; layer: Layer; counts: Counts };
  /** An image already in the engine with this content (the Debian image it came from). */
  engineImage?: string;
}

export function cacheRoot(params: SyntheticParams): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ GENERATOR_VERSION, ...params }))
    .digest('hex')
    .slice(0, 12);
  return join(tmpdir(), `distroless-guard-bench-${hash}`);
}

async function readMeta(dir: string): Promise<PreparedImage | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as PreparedImage;
  } catch {
    return undefined;
  }
}

function since(start: number): number {
  return Math.round((performance.now() - start) / 100) / 10;
}

async function inParallel<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

function hex(digest: string): string {
  return digest.slice('sha256:'.length);
}

function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Compresses every layer with `gzip -6` and `zstd -3` (as registries' layers usually are), nproc at a time. */
async function compressLayers(dir: string, tars: WrittenBlob[]): Promise<Layer[]> {
  const jobs = tars.flatMap((tar, i) => [
    () => compressFile('gzip', ['-6', '-n', '-c'], tar.path, join(dir, `layer-${i}.tar.gz`)),
    () => compressFile('zstd', ['-3', '-q', '-c', '--no-progress'], tar.path, join(dir, `layer-${i}.tar.zst`)),
  ]);
  const blobs = await inParallel(jobs, availableParallelism());
  return tars.map((tar, i) => ({ tar, gzip: blobs[2 * i], zstd: blobs[2 * i + 1] }));
}

interface RuntimeConfig {
  [key: string]: unknown;
}

function imageConfig(layers: Layer[], runtime: RuntimeConfig, history: string[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: CREATED,
      config: runtime,
      rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.tar.digest) },
      history: history.map((createdBy) => ({ created: CREATED, created_by: createdBy, comment: 'buildkit.dockerfile.v0' })),
    }),
  );
}

/** An OCI archive (blobs first, then `index.json` and `oci-layout`, as skopeo writes it); returns the manifest. */
async function writeOci(path: string, config: Buffer, layers: WrittenBlob[], layerType: string): Promise<Buffer> {
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: sha256(config), size: config.length },
      layers: layers.map((layer) => ({ mediaType: layerType, digest: layer.digest, size: layer.size })),
    }),
  );
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [{ mediaType: OCI_MANIFEST, digest: sha256(manifest), size: manifest.length }],
  });
  const blobs: ArchiveMember[] = [
    { path: `blobs/sha256/${hex(sha256(config))}`, content: config },
    { path: `blobs/sha256/${hex(sha256(manifest))}`, content: manifest },
    ...layers.map((layer) => ({ path: `blobs/sha256/${hex(layer.digest)}`, file: layer.path, size: layer.size })),
  ];
  blobs.sort((a, b) => (a.path < b.path ? -1 : 1));
  await writeArchive(path, [
    { path: 'blobs/', dir: true },
    { path: 'blobs/sha256/', dir: true },
    ...blobs,
    { path: 'index.json', content: Buffer.from(index) },
    { path: 'oci-layout', content: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
  ]);
  return manifest;
}

/** What `docker save` writes on Docker < 25 (this engine): `<config>.json`, `<v1id>/layer.tar`, `manifest.json`, `repositories`. */
async function writeDockerArchive(path: string, config: Buffer, layers: Layer[], runtime: RuntimeConfig, tag: string): Promise<void> {
  const configFile = `${hex(sha256(config))}.json`;
  const members: ArchiveMember[] = [{ path: configFile, content: config }];
  const layerPaths: string[] = [];
  let chainId = '';
  let parent: string | undefined;
  for (const [i, layer] of layers.entries()) {
    chainId = chainId ? sha256(`${chainId} ${layer.tar.digest}`) : layer.tar.digest;
    const id = hex(sha256(JSON.stringify({ chainId, parent })));
    const top = i === layers.length - 1;
    const v1 = { id, ...(parent ? { parent } : {}), created: CREATED, os: 'linux', ...(top ? { config: runtime } : {}) };
    members.push(
      { path: `${id}/`, dir: true },
      { path: `${id}/VERSION`, content: Buffer.from('1.0') },
      { path: `${id}/json`, content: Buffer.from(JSON.stringify(v1)) },
      { path: `${id}/layer.tar`, file: layer.tar.path, size: layer.tar.size },
    );
    layerPaths.push(`${id}/layer.tar`);
    parent = id;
  }
  const [name, version] = tag.split(':');
  members.push({ path: 'manifest.json', content: Buffer.from(`${JSON.stringify([{ Config: configFile, RepoTags: [tag], Layers: layerPaths }])}\n`) });
  members.push({ path: 'repositories', content: Buffer.from(`${JSON.stringify({ [name]: { [version]: parent } })}\n`) });
  members.sort((a, b) => (a.path < b.path ? -1 : 1));
  await writeArchive(path, members);
}

/** Compresses the layers and writes every archive form of one image into `dir`. */
async function writeImageFiles(
  dir: string,
  tars: WrittenBlob[],
  runtime: RuntimeConfig,
  history: string[],
  tag: string,
  log: Log,
): Promise<ImageFiles & { seconds: Record<string, number> }> {
  let start = performance.now();
  log(`  compressing ${tars.length} layer(s) with gzip -6 and zstd -3`);
  const layers = await compressLayers(dir, tars);
  const compressSeconds = since(start);
  start = performance.now();
  log('  writing the OCI (gzip, zstd) and docker archives');
  const config = imageConfig(layers, runtime, history);
  const configBlob = join(dir, 'config.json');
  await writeFile(configBlob, config);
  const gzipManifest = join(dir, 'manifest-gzip.json');
  await writeFile(
    gzipManifest,
    await writeOci(
      join(dir, 'oci-gzip.tar'),
      config,
      layers.map((layer) => layer.gzip),
      LAYER_TYPES.gzip,
    ),
  );
  await writeOci(
    join(dir, 'oci-zstd.tar'),
    config,
    layers.map((layer) => layer.zstd),
    LAYER_TYPES.zstd,
  );
  await writeDockerArchive(join(dir, 'docker-archive.tar'), config, layers, runtime, tag);
  return {
    layers,
    ociGzip: join(dir, 'oci-gzip.tar'),
    ociZstd: join(dir, 'oci-zstd.tar'),
    dockerArchive: join(dir, 'docker-archive.tar'),
    dockerTag: tag,
    configBlob,
    gzipManifest,
    seconds: { compress: compressSeconds, archives: since(start) },
  };
}

function addStats(into: Counts, stats: LayerStats): void {
  into.files += stats.files;
  into.dirs += stats.dirs;
  into.symlinks += stats.symlinks;
  into.hardlinks += stats.hardlinks;
  into.bytes += stats.bytes;
}

/** The synthetic image, from the cache when it is complete there. */
export async function prepareSynthetic(root: string, params: SyntheticParams, log: Log): Promise<PreparedImage> {
  const dir = join(root, 'synthetic');
  const cached = await readMeta(dir);
  if (cached) {
    log(`synthetic image: cached in ${dir} (generated in ${cached.seconds.total} s on ${cached.generatedAt}; --fresh rebuilds)`);
    return cached;
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const total = performance.now();
  let start = performance.now();
  log(`synthetic image: generating ${params.layers} layers, ${params.files.toLocaleString('en')} files, ${(params.bytes / 1e9).toFixed(2)} GB in ${dir}`);
  const image = syntheticImage(params);
  const tars: WrittenBlob[] = [];
  const counts: Counts = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, bytes: 0 };
  const layerCounts: Counts[] = [];
  for (let i = 0; i < image.layerCount; i++) {
    const stats: LayerStats = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, whiteouts: 0, bytes: 0 };
    tars.push(await writeLayerTar(join(dir, `layer-${i}.tar`), image.layer(i, stats)));
    addStats(counts, stats);
    layerCounts.push({ files: stats.files, dirs: stats.dirs, symlinks: stats.symlinks, hardlinks: stats.hardlinks, bytes: stats.bytes });
    log(`  layer ${i}: ${stats.files.toLocaleString('en')} files, ${(stats.bytes / 1e6).toFixed(0)} MB`);
  }
  const layerSeconds = since(start);
  const history = tars.map((_, i) => `COPY layer${i}/ / # buildkit`);
  const tag = `distroless-guard-bench:synthetic-${root.slice(-12)}`;
  const files = await writeImageFiles(dir, tars, image.config, history, tag, log);

  start = performance.now();
  const singleConfig = imageConfig(files.layers.slice(0, 1), image.config, history.slice(0, 1));
  const singlePath = join(dir, 'single-gzip.tar');
  await writeOci(singlePath, singleConfig, [files.layers[0].gzip], LAYER_TYPES.gzip);
  const prepared: PreparedImage = {
    ...files,
    label: 'synthetic',
    counts,
    generatedAt: new Date().toISOString(),
    seconds: { layers: layerSeconds, ...files.seconds, single: since(start), total: since(total) },
    single: { ociGzip: singlePath, layer: files.layers[0], counts: layerCounts[0] },
  };
  await writeFile(join(dir, 'meta.json'), JSON.stringify(prepared, null, 2));
  log(`synthetic image: generated in ${prepared.seconds.total} s (${describeSeconds(prepared.seconds)})`);
  return prepared;
}

function describeSeconds(seconds: Record<string, number>): string {
  return Object.entries(seconds)
    .filter(([phase]) => phase !== 'total')
    .map(([phase, value]) => `${phase} ${value} s`)
    .join(', ');
}

async function run(command: string, args: string[], timeoutMs = 30 * 60_000): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { maxBuffer: 256 << 20, timeout: timeoutMs });
  return stdout;
}

async function has(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

/** Files, directories, links and bytes of a tar, from GNU tar's own listing. */
async function countTar(path: string): Promise<Counts> {
  const counts: Counts = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, bytes: 0 };
  for (const line of (await run('tar', ['--numeric-owner', '-tvf', path])).split('\n')) {
    const kind = line[0];
    if (kind === '-') {
      counts.files++;
      counts.bytes += Number(line.split(/\s+/)[2]);
    } else if (kind === 'd') counts.dirs++;
    else if (kind === 'l') counts.symlinks++;
    else if (kind === 'h') counts.hardlinks++;
  }
  return counts;
}

export interface Skipped {
  skipped: string;
}

/**
 * A real Debian root filesystem: a `debian` image from the engine when there is one, else
 * `debootstrap --variant=minbase bookworm` (root and debootstrap needed); skipped otherwise.
 */
export async function prepareDebian(root: string, engine: boolean, log: Log): Promise<PreparedImage | Skipped> {
  const dir = join(root, 'debian');
  const cached = await readMeta(dir);
  if (cached) {
    log(`Debian image: cached in ${dir} (${cached.label}, prepared in ${cached.seconds.total} s on ${cached.generatedAt})`);
    return cached;
  }
  const fromEngine = engine ? (await run('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'debian'])).split('\n').find(Boolean) : undefined;
  const debootstrap = !fromEngine && process.getuid?.() === 0 && (await has('debootstrap'));
  if (!fromEngine && !debootstrap) {
    const why = engine ? 'no debian image in the engine' : 'no Docker engine';
    return { skipped: `${why}, and debootstrap is not available (apt-get install debootstrap, as root)` };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const total = performance.now();
  let start = performance.now();
  let tars: WrittenBlob[];
  let runtime: RuntimeConfig;
  let label: string;
  if (fromEngine) {
    log(`Debian image: saving ${fromEngine} from the engine into ${dir}`);
    label = fromEngine;
    const saved = join(dir, 'saved');
    await mkdir(saved);
    await run('sh', ['-c', 'docker save "$1" | tar -x -C "$2"', 'sh', fromEngine, saved]);
    const [entry] = JSON.parse(await readFile(join(saved, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[];
    runtime = (JSON.parse(await readFile(join(saved, entry.Config), 'utf8')) as { config: RuntimeConfig }).config;
    tars = [];
    for (const layer of entry.Layers) tars.push(await hashFile(join(saved, layer)));
  } else {
    log(`Debian image: debootstrap --variant=minbase bookworm into ${dir} (about a minute)`);
    label = 'Debian bookworm (debootstrap minbase)';
    const rootfs = join(dir, 'rootfs');
    await run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, 'http://deb.debian.org/debian']);
    await run('tar', ['--sort=name', '--numeric-owner', '-C', rootfs, '-cf', join(dir, 'layer-0.tar'), '.']);
    await rm(rootfs, { recursive: true, force: true });
    tars = [await hashFile(join(dir, 'layer-0.tar'))];
    runtime = { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['bash'] };
  }
  const obtainSeconds = since(start);
  start = performance.now();
  const counts: Counts = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, bytes: 0 };
  for (const tar of tars) {
    const layer = await countTar(tar.path);
    counts.files += layer.files;
    counts.dirs += layer.dirs;
    counts.symlinks += layer.symlinks;
    counts.hardlinks += layer.hardlinks;
    counts.bytes += layer.bytes;
  }
  const countSeconds = since(start);
  const history = tars.map((_, i) => (i === 0 ? 'ADD rootfs.tar.xz / # buildkit' : `RUN layer ${i} # buildkit`));
  const files = await writeImageFiles(dir, tars, runtime, history, `distroless-guard-bench:debian-${root.slice(-12)}`, log);
  const prepared: PreparedImage = {
    ...files,
    label,
    counts,
    generatedAt: new Date().toISOString(),
    seconds: { obtain: obtainSeconds, count: countSeconds, ...files.seconds, total: since(total) },
    ...(fromEngine ? { engineImage: fromEngine } : {}),
  };
  await writeFile(join(dir, 'meta.json'), JSON.stringify(prepared, null, 2));
  log(`Debian image: prepared in ${prepared.seconds.total} s (${describeSeconds(prepared.seconds)})`);
  return prepared;
}

/** The engine's version, or undefined when `docker` cannot reach one. */
export async function engineVersion(): Promise<string | undefined> {
  try {
    return (await run('docker', ['version', '--format', '{{.Server.Version}}'], 20_000)).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Makes sure `image.dockerTag` is in the engine (`docker load` once); returns the name to use. */
export async function loadIntoEngine(image: PreparedImage, log: Log): Promise<string> {
  if (image.engineImage) return image.engineImage;
  try {
    await run('docker', ['image', 'inspect', image.dockerTag], 60_000);
    log(`engine: ${image.dockerTag} is already loaded`);
    return image.dockerTag;
  } catch {
    // Not there yet: load it below.
  }
  const start = performance.now();
  log(`engine: docker load -i ${image.dockerArchive} (once; the engine keeps it)`);
  await run('docker', ['load', '-i', image.dockerArchive], 60 * 60_000);
  log(`engine: loaded ${image.dockerTag} in ${since(start)} s`);
  return image.dockerTag;
}

/** A tiny distroless-style image (a static ELF and /etc/passwd) for start-up and as the checked image of the registry case. */
export async function prepareSmall(root: string): Promise<string> {
  const path = join(root, 'small-oci.tar');
  if (existsSync(path)) return path;
  const server = buildElf({ class: 64, endian: 'little', machine: 62, type: 2 });
  await writeOciArchive(
    path,
    buildImage({
      layers: [
        {
          entries: [
            { path: 'etc/', type: 'dir' },
            { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' },
            { path: 'app/', type: 'dir' },
            { path: 'app/server', content: server, mode: 0o755 },
          ],
        },
      ],
      config: { User: '65532', Entrypoint: ['/app/server'] },
    }),
  );
  return path;
}

/** Cache folders of other parameters, to mention (they can be large). */
export async function otherCaches(current: string): Promise<string[]> {
  const names = await readdir(tmpdir());
  return names.filter((name) => /^distroless-guard-bench-[0-9a-f]{12}$/.test(name) && join(tmpdir(), name) !== current).map((name) => join(tmpdir(), name));
}
