import { createHash } from 'node:crypto';
import { UserError } from '../../errors.ts';
import { StreamReader } from '../bytes.ts';
import { sniffCompression } from '../decompress.ts';
import { absentLayer, indexLayerStream, indexTar } from '../layer-index.ts';
import { ReadBudget } from '../limits.ts';
import { cleanPath, walkTar } from '../tar.ts';
import type { LayerIndex } from '../types.ts';
import { ArchiveLinks } from './archive-links.ts';
import type { BlobStore } from './blob-store.ts';
import type { LayerIndexer } from './layout.ts';
import type { LoadOptions } from './source.ts';

const MAX_JSON = 16 * 1024 * 1024;

/** An image archive read in one pass: its JSON files, and an indexer that hands out the layers indexed as they streamed past. */
export interface StreamedArchive {
  store: BlobStore;
  indexLayer: LayerIndexer;
}

/**
 * Reads an image archive that cannot be seeked (`docker save` output, a compressed archive):
 * every layer is indexed as it passes, since the manifests that order the layers usually come
 * last; which format it is (legacy, Docker 25+ OCI layout, containerd store) is decided after.
 * Bodies that are skipped are charged to the budget too: decompressing them costs the same.
 * A blob is hashed as it passes and refused when its name is not its digest.
 */
export async function readArchiveStream(body: AsyncIterable<Buffer>, label: string, options: LoadOptions): Promise<StreamedArchive> {
  const json = new Map<string, Buffer>();
  const layers = new Map<string, LayerIndex>();
  const links = new ArchiveLinks(label);
  const budget = options.budget ?? new ReadBudget();
  const reader = new StreamReader(body);
  const skipped = (bytes: number, name: string) => {
    budget.checkBytes(bytes, `${label}: ${name}`);
    budget.addBytes(bytes);
  };
  for await (const member of walkTar(reader)) {
    if (links.add(member) || (member.typeflag !== '0' && member.typeflag !== '7')) continue;
    const name = cleanPath(member.name).slice(1);
    const end = reader.position + member.size;
    const digest = blobDigest(name);
    const hash = digest ? createHash('sha256') : undefined;
    const head = Buffer.from(await reader.read(Math.min(member.size, 512)));
    hash?.update(head);
    /** The member's last `bytes`, which no one reads: charged, and hashed when the member is a blob. */
    const finish = async (bytes: number) => {
      skipped(bytes, name);
      if (!hash) return;
      for await (const chunk of reader.chunks(bytes)) hash.update(chunk);
      const actual = `sha256:${hash.digest('hex')}`;
      if (actual !== digest) throw new UserError(`${label}: ${name}: content does not match its digest (got ${actual})`);
    };
    if (looksLikeTar(head, member.size)) {
      const what = `${label}: layer ${name}`;
      const rest = reader.chunks(member.size - head.length);
      const layerBody = (async function* () {
        yield head;
        for await (const chunk of rest) {
          hash?.update(chunk);
          yield chunk;
        }
      })();
      const ref = {};
      const index =
        sniffCompression(head) === 'none'
          ? { ...(await indexTar(new StreamReader(layerBody), ref, options.capture, what, budget)), tarSize: member.size }
          : await indexLayerStream(layerBody, ref, options.capture, what, budget);
      layers.set(name, index);
      // A tar's end-of-archive blocks may come before the member's end; what follows is not free.
      await finish(end - reader.position);
    } else if (head[0] === 0x7b /* { */ || head[0] === 0x5b /* [ */ || name === 'oci-layout') {
      if (member.size > MAX_JSON) throw new UserError(`${label}: ${name} is ${member.size} bytes, too large for a manifest or config`);
      const whole = Buffer.concat([head, await reader.read(member.size - head.length)]);
      hash?.update(whole.subarray(head.length));
      json.set(name, whole);
      await finish(0);
    } else await finish(member.size - head.length);
  }
  await reader.drain();
  const store: BlobStore = {
    label,
    seekable: false,
    has: (name) => json.has(links.resolve(name)) || layers.has(links.resolve(name)),
    size: (name) => json.get(links.resolve(name))?.length,
    read: async (name) => json.get(links.resolve(name)),
    open: async () => {
      throw new Error('a streamed archive is read in one pass; layers are indexed as they stream');
    },
  };
  const indexLayer: LayerIndexer = async (file, ref) => {
    if (ref.absent) return absentLayer(ref, ref.absent);
    const index = layers.get(links.resolve(file));
    if (!index) throw new UserError(`${label}: the archive does not include layer ${ref.diffId ?? file}`);
    return { ...index, diffId: ref.diffId, digest: ref.digest, mediaType: ref.mediaType, compressedSize: ref.size };
  };
  return { store, indexLayer };
}

/** A member named `blobs/sha256/<hex>` (an OCI layout's blob) names its own digest. */
function blobDigest(name: string): string | undefined {
  const match = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name);
  return match ? `sha256:${match[1]}` : undefined;
}

function looksLikeTar(head: Buffer, size: number): boolean {
  if (sniffCompression(head) !== 'none') return true;
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return true;
  // An empty layer is just the two zero blocks.
  return size >= 1024 && head.length === 512 && head.every((byte) => byte === 0);
}
