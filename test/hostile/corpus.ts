/**
 * Hostile and broken images, each written in code: no binary blob is committed. Every case is a
 * whole image (an OCI archive unless it says otherwise) that the CLI reads end to end; the
 * tests in this folder say what must come out. Run as a script to write them all to a directory:
 *
 *   node test/hostile/corpus.ts /tmp/hostile
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Descriptor } from '../../src/image/manifest.ts';
import type { HistoryEntry, RuntimeConfig } from '../../src/image/types.ts';
import { dockerArchiveEntries, MEDIA_TYPES } from '../support/images.ts';
import { opaqueWhiteout, tarBuffer, type TarEntrySpec, whiteout } from '../support/tar-writer.ts';

/** What a written case is: the reference to read and the digests a message may name. */
export interface Written {
  reference: string;
  /** The archive or layout on disk. */
  path: string;
  /** Layer blob digests in manifest order. */
  layers: string[];
  /** Other digests the case names: configs, manifests, indexes. */
  digests: Record<string, string>;
}

export interface CorpusCase {
  description: string;
  write(dir: string): Promise<Written>;
  /** For valid images made of plain layers: the layers and config, to write in other shapes too. */
  parts?: ImageParts;
}

export type Compression = 'none' | 'gzip' | 'zstd';

/** A layer as stored: the blob, its digest and the diff id of the tar inside. */
export interface Layer {
  blob: Buffer;
  digest: string;
  diffId: string;
  mediaType: string;
  /** Bytes of the uncompressed tar. */
  tarSize: number;
}

const LAYER_TYPES: Record<Compression, string> = {
  none: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function hex(digest: string): string {
  return digest.slice('sha256:'.length);
}

export function blobName(digest: string): string {
  return `blobs/sha256/${hex(digest)}`;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function compress(tar: Buffer, compression: Compression): Buffer {
  if (compression === 'gzip') return zlib.gzipSync(tar);
  if (compression === 'zstd') return zlib.zstdCompressSync(tar);
  return tar;
}

/** A layer from its entries, built in memory. */
export function layer(entries: TarEntrySpec[], compression: Compression = 'gzip'): Layer {
  const tar = tarBuffer(entries);
  const blob = compress(tar, compression);
  return { blob, digest: sha256(blob), diffId: sha256(tar), mediaType: LAYER_TYPES[compression], tarSize: tar.length };
}

/**
 * A gzip layer from tar bytes generated as they are compressed, for layers too big to hold
 * uncompressed (a million entries is half a gigabyte of headers). Level 1: these compress well anyway.
 */
export async function streamedLayer(tar: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<Layer> {
  const diffId = createHash('sha256');
  let tarSize = 0;
  const source = Readable.from(
    (async function* () {
      for await (const chunk of tar) {
        diffId.update(chunk);
        tarSize += chunk.length;
        yield chunk;
      }
    })(),
  );
  const parts: Buffer[] = [];
  for await (const chunk of source.pipe(zlib.createGzip({ level: 1 }))) parts.push(chunk as Buffer);
  const blob = Buffer.concat(parts);
  return { blob, digest: sha256(blob), diffId: `sha256:${diffId.digest('hex')}`, mediaType: LAYER_TYPES.gzip, tarSize };
}

/**
 * The tar of `count` empty files `/dNNNN/fNNN` (1,000 to a directory, the directories implied),
 * written by patching one header: the general writer would take half a minute for a million.
 */
export function* emptyFilesTar(count: number): Generator<Buffer> {
  const template = tarBuffer([{ path: 'd0000/f000', content: '' }], { end: false });
  const perChunk = 2048;
  for (let first = 0; first < count; first += perChunk) {
    const n = Math.min(perChunk, count - first);
    const chunk = Buffer.alloc(n * 512);
    for (let i = 0; i < n; i++) {
      const header = chunk.subarray(i * 512, (i + 1) * 512);
      template.copy(header);
      const index = first + i;
      header.write(String(Math.floor(index / 1000)).padStart(4, '0'), 1, 'latin1');
      header.write(String(index % 1000).padStart(3, '0'), 7, 'latin1');
      let sum = 8 * 0x20;
      for (let at = 0; at < 512; at++) if (at < 148 || at >= 156) sum += header[at];
      header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    }
    yield chunk;
  }
  yield Buffer.alloc(1024);
}

/**
 * A decompression bomb: one file of `size` zeros (a multiple of 64 MiB) in a layer of about
 * size/1000 bytes (gzip) or size/30000 (zstd). Both formats allow concatenated members (frames),
 * so the body is one member of 64 MiB of zeros, repeated; the tar header and the end-of-archive
 * blocks are members of their own. The diff id is a stand-in, not the tar's sha256: hashing
 * 10 GiB takes longer than reading it, and readers check blob digests, never diff ids, against content.
 */
export function bomb(size: number, compression: 'gzip' | 'zstd'): Layer {
  const unit = 64 * 1024 * 1024;
  if (size % unit !== 0) throw new Error(`corpus: a bomb of ${size} bytes is not a multiple of 64 MiB`);
  const squeeze = (data: Buffer): Buffer => (compression === 'gzip' ? zlib.gzipSync(data, { level: 9 }) : zlib.zstdCompressSync(data));
  // A header declaring `size` bytes and no body written: the body follows as members of its own.
  const header = tarBuffer([{ path: 'zeros', sizeField: size, content: '' }], { end: false });
  const body = squeeze(Buffer.alloc(unit));
  const blob = Buffer.concat([squeeze(header), ...Array.from({ length: size / unit }, () => body), squeeze(Buffer.alloc(1024))]);
  return {
    blob,
    digest: sha256(blob),
    diffId: sha256(`${compression} bomb of ${size} bytes`),
    mediaType: LAYER_TYPES[compression],
    tarSize: 512 + size + 1024,
  };
}

export interface ImageParts {
  layers: Layer[];
  config?: RuntimeConfig;
  history?: HistoryEntry[];
}

/** The files of an OCI layout holding one image; change them before writing for broken cases. */
export function layoutFiles(image: ImageParts): { files: Map<string, Buffer>; configDigest: string; manifestDigest: string } {
  const config = json({
    architecture: 'amd64',
    os: 'linux',
    created: '2024-01-01T00:00:00Z',
    config: image.config ?? { Entrypoint: ['/app'], User: '65532' },
    rootfs: { type: 'layers', diff_ids: image.layers.map((l) => l.diffId) },
    history: image.history ?? image.layers.map((_, i) => ({ created_by: `COPY layer${i} / # buildkit`, comment: 'buildkit.dockerfile.v0' })),
  });
  const manifest = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256(config), size: config.length },
    layers: image.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.blob.length })),
  });
  const files = new Map<string, Buffer>();
  for (const l of image.layers) files.set(blobName(l.digest), l.blob);
  files.set(blobName(sha256(config)), config);
  files.set(blobName(sha256(manifest)), manifest);
  files.set('index.json', indexJson([{ mediaType: MEDIA_TYPES.ociManifest, digest: sha256(manifest), size: manifest.length }]));
  files.set('oci-layout', json({ imageLayoutVersion: '1.0.0' }));
  return { files, configDigest: sha256(config), manifestDigest: sha256(manifest) };
}

export function indexJson(manifests: unknown[]): Buffer {
  return json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests });
}

/** Writes layout files as an OCI archive (a tar of the layout, directories included). */
export async function writeArchive(path: string, files: Map<string, Buffer>): Promise<void> {
  const dirs = new Set<string>();
  for (const name of files.keys()) {
    for (let slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) dirs.add(name.slice(0, slash + 1));
  }
  const entries: TarEntrySpec[] = [
    ...[...dirs].map((dir) => ({ path: dir, type: 'dir' as const })),
    ...[...files].map(([name, content]) => ({ path: name, content })),
  ];
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  await writeFile(path, tarBuffer(entries));
}

/** An OCI archive of an image made of `layers`, written as DIR/NAME.tar. */
export async function layersArchive(dir: string, name: string, layers: Layer[]): Promise<{ reference: string; path: string }> {
  const path = join(dir, `${name}.tar`);
  await writeArchive(path, layoutFiles({ layers }).files);
  return { reference: `oci-archive:${path}`, path };
}

/**
 * Writes an image as `docker save` (Docker < 25) did, for `docker load`: `manifest.json`, the
 * config, and one `<id>/layer.tar` per layer (compressed layers are accepted as they are).
 */
export async function writeLegacyArchive(path: string, image: ImageParts, tag: string): Promise<void> {
  const { files, configDigest } = layoutFiles(image);
  const config = files.get(blobName(configDigest)) as Buffer;
  const layers = image.layers.map((l) => `${hex(l.digest)}/layer.tar`);
  const legacy = new Map<string, Buffer>([
    ['manifest.json', json([{ Config: `${hex(configDigest)}.json`, RepoTags: [tag], Layers: layers }])],
    [`${hex(configDigest)}.json`, config],
    ...image.layers.map((l, i): [string, Buffer] => [layers[i], l.blob]),
  ]);
  await writeArchive(path, legacy);
}

/** A valid image made of plain layers, kept as parts so that tests can write it in other shapes. */
function oddCase(name: string, description: string, parts: ImageParts): CorpusCase {
  return { description, parts, write: (dir) => ociCase(dir, name, parts) };
}

/** The app every image carries, so that odd layers sit on top of something ordinary. */
const APP: TarEntrySpec[] = [{ path: 'app', content: '#!/app\n', mode: 0o755 }];

async function ociCase(dir: string, name: string, image: ImageParts, change?: (files: Map<string, Buffer>) => void): Promise<Written> {
  const { files, configDigest, manifestDigest } = layoutFiles(image);
  change?.(files);
  const path = join(dir, `${name}.tar`);
  await writeArchive(path, files);
  return { reference: `oci-archive:${path}`, path, layers: image.layers.map((l) => l.digest), digests: { config: configDigest, manifest: manifestDigest } };
}

/** An image whose layer blob is `blob` as stored, with the manifest's digest and size made to match it. */
function withStoredBlob(tar: Buffer, blob: Buffer, compression: Compression): Layer {
  return { blob, digest: sha256(blob), diffId: sha256(tar), mediaType: LAYER_TYPES[compression], tarSize: tar.length };
}

/** Nested indexes: `index.json` → index 0 → index 1 → … → the manifest. */
function indexChain(files: Map<string, Buffer>, manifestDigest: string, depth: number): string[] {
  let child: Descriptor = { mediaType: MEDIA_TYPES.ociManifest, digest: manifestDigest, size: files.get(blobName(manifestDigest))!.length };
  const digests: string[] = [];
  for (let i = 0; i < depth; i++) {
    const index = indexJson([child]);
    files.set(blobName(sha256(index)), index);
    digests.unshift(sha256(index));
    child = { mediaType: MEDIA_TYPES.ociIndex, digest: sha256(index), size: index.length };
  }
  files.set('index.json', indexJson([child]));
  return digests;
}

const BIG_BODY = 'x'.repeat(5000);

export const CORPUS: Record<string, CorpusCase> = {
  'empty-file': {
    description: 'a zero-byte file given as an archive',
    async write(dir) {
      const path = join(dir, 'empty-file.tar');
      await writeFile(path, '');
      return { reference: `oci-archive:${path}`, path, layers: [], digests: {} };
    },
  },
  'not-an-archive': {
    description: 'a text file given as an archive',
    async write(dir) {
      const path = join(dir, 'not-an-archive.tar');
      await writeFile(path, 'this is not a tar archive\n'.repeat(40));
      return { reference: `oci-archive:${path}`, path, layers: [], digests: {} };
    },
  },
  'truncated-archive': {
    description: 'an OCI archive cut in the middle of its layer blob (an interrupted copy)',
    async write(dir) {
      const image = { layers: [layer([...APP, { path: 'big', content: BIG_BODY }], 'none')] };
      const written = await ociCase(dir, 'truncated-archive', image);
      const whole = await readFile(written.path);
      // Cut 3,000 bytes into the layer blob's body.
      const header = whole.indexOf(Buffer.from(blobName(image.layers[0].digest)));
      await writeFile(written.path, whole.subarray(0, header + 512 + 3000));
      return written;
    },
  },
  'truncated-layer-tar': {
    description: 'a docker save archive (legacy) whose layer.tar ends inside a file body',
    async write(dir) {
      const tar = tarBuffer([...APP, { path: 'big', content: BIG_BODY }]);
      const entries = dockerArchiveEntries({ layers: [{ entries: [...APP, { path: 'big', content: BIG_BODY }], compression: 'none' }] }, { format: 'legacy' });
      const layerEntry = entries.find((entry) => entry.path.endsWith('/layer.tar'))!;
      layerEntry.content = tar.subarray(0, 512 * 3 + 2000);
      const path = join(dir, 'truncated-layer-tar.tar');
      await writeFile(path, tarBuffer(entries));
      return { reference: `docker-archive:${path}`, path, layers: [layerEntry.path], digests: {} };
    },
  },
  'truncated-gzip': {
    description: 'a gzip layer cut short, its digest and size made to match the cut blob',
    write(dir) {
      const tar = tarBuffer([...APP, { path: 'big', content: BIG_BODY }]);
      const gzip = zlib.gzipSync(tar);
      return ociCase(dir, 'truncated-gzip', { layers: [withStoredBlob(tar, gzip.subarray(0, gzip.length - 20), 'gzip')] });
    },
  },
  'truncated-zstd': {
    description: 'a zstd layer cut short, its digest and size made to match the cut blob',
    write(dir) {
      const tar = tarBuffer([...APP, { path: 'big', content: BIG_BODY }]);
      const zstd = zlib.zstdCompressSync(tar);
      return ociCase(dir, 'truncated-zstd', { layers: [withStoredBlob(tar, zstd.subarray(0, zstd.length - 10), 'zstd')] });
    },
  },
  'gzip-not-a-tar': {
    description: 'a gzip layer that holds JSON, not a tar',
    write(dir) {
      const text = Buffer.from(JSON.stringify({ hello: 'world', padding: 'p'.repeat(600) }));
      return ociCase(dir, 'gzip-not-a-tar', { layers: [withStoredBlob(text, zlib.gzipSync(text), 'gzip')] });
    },
  },
  'digest-mismatch': {
    description: 'a gzip layer whose bytes are another valid layer of the same size than the one its digest names',
    write(dir) {
      // Stored (level 0) deflate: equal tar sizes give equal blob sizes, so only the digest can tell.
      const named = tarBuffer([...APP, { path: 'secret', content: 'AAAA' }]);
      const stored = tarBuffer([...APP, { path: 'secret', content: 'BBBB' }]);
      const namedBlob = zlib.gzipSync(named, { level: 0 });
      const layerOf = withStoredBlob(named, namedBlob, 'gzip');
      return ociCase(dir, 'digest-mismatch', { layers: [layerOf] }, (files) => files.set(blobName(layerOf.digest), zlib.gzipSync(stored, { level: 0 })));
    },
  },
  'size-mismatch': {
    description: 'an uncompressed layer (walked by headers, not hashed) whose blob is not the size its descriptor says',
    write(dir) {
      const original = layer([...APP], 'none');
      return ociCase(dir, 'size-mismatch', { layers: [original] }, (files) =>
        files.set(blobName(original.digest), tarBuffer([...APP, { path: 'smuggled', content: 'x' }])),
      );
    },
  },
  'absent-layer': {
    description: 'a manifest naming a layer blob the archive does not hold',
    write(dir) {
      const missing = layer([...APP]);
      return ociCase(dir, 'absent-layer', { layers: [missing] }, (files) => files.delete(blobName(missing.digest)));
    },
  },
  'absent-config': {
    description: 'a manifest naming a config blob the archive does not hold',
    async write(dir) {
      const image = { layers: [layer([...APP])] };
      const { configDigest } = layoutFiles(image);
      return ociCase(dir, 'absent-config', image, (files) => files.delete(blobName(configDigest)));
    },
  },
  'absent-manifest': {
    description: 'index.json naming a manifest blob the archive does not hold',
    async write(dir) {
      const image = { layers: [layer([...APP])] };
      const { manifestDigest } = layoutFiles(image);
      return ociCase(dir, 'absent-manifest', image, (files) => files.delete(blobName(manifestDigest)));
    },
  },
  'index-self-loop': {
    description: 'an image index that lists itself (digests of JSON blobs are not checked in a layout, so this can be written)',
    async write(dir) {
      const digest = sha256('index-self-loop');
      const written = await ociCase(dir, 'index-self-loop', { layers: [layer([...APP])] }, (files) => {
        files.set(blobName(digest), indexJson([{ mediaType: MEDIA_TYPES.ociIndex, digest, size: 1 }]));
        files.set('index.json', indexJson([{ mediaType: MEDIA_TYPES.ociIndex, digest, size: 1 }]));
      });
      return { ...written, digests: { ...written.digests, index: digest } };
    },
  },
  'index-cycle': {
    description: 'two image indexes that list each other',
    async write(dir) {
      const [a, b] = [sha256('index-a'), sha256('index-b')];
      const written = await ociCase(dir, 'index-cycle', { layers: [layer([...APP])] }, (files) => {
        files.set(blobName(a), indexJson([{ mediaType: MEDIA_TYPES.ociIndex, digest: b, size: 1 }]));
        files.set(blobName(b), indexJson([{ mediaType: MEDIA_TYPES.ociIndex, digest: a, size: 1 }]));
        files.set('index.json', indexJson([{ mediaType: MEDIA_TYPES.ociIndex, digest: a, size: 1 }]));
      });
      return { ...written, digests: { ...written.digests, a, b } };
    },
  },
  'index-too-deep': {
    description: 'ten image indexes nested in one another before the manifest',
    async write(dir) {
      return ociCase(dir, 'index-too-deep', { layers: [layer([...APP])] }, (files) => {
        const image = layoutFiles({ layers: [layer([...APP])] });
        indexChain(files, image.manifestDigest, 10);
      });
    },
  },
  'index-twice': {
    description: 'index.json listing the same manifest twice (one per tag, as docker save app:1 app:2 writes) through a shared nested index',
    async write(dir) {
      return ociCase(dir, 'index-twice', { layers: [layer([...APP])] }, (files) => {
        const image = layoutFiles({ layers: [layer([...APP])] });
        const [nested] = indexChain(files, image.manifestDigest, 1);
        const descriptor = { mediaType: MEDIA_TYPES.ociIndex, digest: nested, size: files.get(blobName(nested))!.length };
        files.set(
          'index.json',
          indexJson([
            { ...descriptor, annotations: { 'org.opencontainers.image.ref.name': '1' } },
            { ...descriptor, annotations: { 'org.opencontainers.image.ref.name': '2' } },
          ]),
        );
      });
    },
  },
  'malformed-descriptor': {
    description: 'index.json whose manifests list holds null',
    write(dir) {
      return ociCase(dir, 'malformed-descriptor', { layers: [layer([...APP])] }, (files) => files.set('index.json', indexJson([null])));
    },
  },
  'config-wrong-types': {
    description: 'an image config whose Env holds numbers',
    write(dir) {
      return ociCase(dir, 'config-wrong-types', { layers: [layer([...APP])], config: { Env: [1, 2] as unknown as string[] } });
    },
  },
  'pax-nul-name': {
    description: 'a PAX path record holding a NUL byte',
    write(dir) {
      return ociCase(dir, 'pax-nul-name', { layers: [layer([...APP, { path: 'innocent', content: 'x', pax: { path: 'etc/passwd\0.txt' } }])] });
    },
  },
  'pax-bad-number': {
    description: 'a PAX uid record that is not a number',
    write(dir) {
      return ociCase(dir, 'pax-bad-number', { layers: [layer([...APP, { path: 'file', content: 'x', pax: { uid: '0x10' } }])] });
    },
  },
  'name-10kb': {
    description: 'a file whose name is 10 KB (PAX), which no Linux filesystem can hold',
    write(dir) {
      return ociCase(dir, 'name-10kb', { layers: [layer([...APP, { path: 'n'.repeat(10 * 1024), content: 'x' }])] });
    },
  },
  'name-300-bytes': {
    description: 'a path of short length whose last name is 300 bytes (NAME_MAX is 255)',
    write(dir) {
      return ociCase(dir, 'name-300-bytes', { layers: [layer([...APP, { path: `etc/${'n'.repeat(300)}`, content: 'x' }])] });
    },
  },
  'link-target-5kb': {
    description: 'a symlink whose target is 5 KB',
    write(dir) {
      return ociCase(dir, 'link-target-5kb', { layers: [layer([...APP, { path: 'link', type: 'symlink', target: 'a/'.repeat(2560) }])] });
    },
  },

  // Odd but valid: a report, and the listing a runtime would show.
  'absolute-and-dotdot': oddCase('absolute-and-dotdot', 'entries named /abs/x, ../../up/y, a/../../b and ./c', {
    layers: [
      layer([
        ...APP,
        { path: '/abs/x', content: 'x' },
        { path: '../../up/y', content: 'y' },
        { path: 'a/../../b', content: 'b' },
        { path: './c', content: 'c' },
      ]),
    ],
  }),
  'invalid-utf8-names': oddCase('invalid-utf8-names', 'two files whose names differ only in a byte that is not UTF-8 (b\\xfe and b\\xff)', {
    layers: [
      layer([...APP, { path: 'x1', rawName: Buffer.from([0x62, 0xfe]), content: 'one' }, { path: 'x2', rawName: Buffer.from([0x62, 0xff]), content: 'two!' }]),
    ],
  }),
  'symlink-loops': oddCase('symlink-loops', 'a symlink to itself, two symlinks to each other, and the entry point through a loop', {
    layers: [
      layer([
        ...APP,
        { path: 'loop', type: 'symlink', target: 'loop' },
        { path: 'ping', type: 'symlink', target: '/pong' },
        { path: 'pong', type: 'symlink', target: 'ping/../ping' },
        { path: 'usr/bin/', type: 'dir' },
        { path: 'usr/bin/sh', type: 'symlink', target: '/loop' },
      ]),
    ],
    config: { Entrypoint: ['/loop/app'], Env: ['PATH=/loop:/usr/bin:/ping'], User: '65532' },
  }),
  'symlink-chain-1000': oddCase('symlink-chain-1000', 'a chain of 1,000 symlinks in a PATH directory, l0 → l1 → … → l999 → /app', {
    layers: [
      layer([
        ...APP,
        { path: 'usr/', type: 'dir' },
        { path: 'usr/bin/', type: 'dir' },
        ...Array.from({ length: 1000 }, (_, i): TarEntrySpec => ({ path: `usr/bin/l${i}`, type: 'symlink', target: i === 999 ? '/app' : `l${i + 1}` })),
      ]),
    ],
    config: { Entrypoint: ['l0'], Env: ['PATH=/usr/bin'], User: '65532' },
  }),
  'hardlink-to-nothing': oddCase('hardlink-to-nothing', 'a hard link whose target is in no layer', {
    layers: [layer([...APP, { path: 'h', type: 'hardlink', target: 'nothing' }])],
  }),
  'dir-file-dir': oddCase('dir-file-dir', '/a is a directory, then a file, then a directory again, in three layers', {
    layers: [
      layer([...APP, { path: 'a/', type: 'dir' }, { path: 'a/x', content: 'xx' }]),
      layer([{ path: 'a', content: 'file' }]),
      layer([
        { path: 'a/', type: 'dir', mode: 0o700 },
        { path: 'a/y', content: 'y' },
      ]),
    ],
  }),
  'ghost-whiteouts': oddCase('ghost-whiteouts', 'whiteouts and an opaque marker for paths that never existed', {
    layers: [layer([...APP]), layer([whiteout('nothing'), whiteout('ghost/sub/x'), opaqueWhiteout('opt')])],
  }),
};

if (import.meta.main) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node test/hostile/corpus.ts DIR');
  await mkdir(out, { recursive: true });
  for (const [name, entry] of Object.entries(CORPUS)) {
    const written = await entry.write(out);
    console.log(`${name}: ${written.reference} (${entry.description})`);
  }
}
