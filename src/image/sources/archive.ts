import { createReadStream, statSync } from 'node:fs';
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { UserError, messageOf } from '../../errors.ts';
import { FileRangeReader } from '../bytes.ts';
import { decompress, sniffCompression } from '../decompress.ts';
import { chunksOf } from '../stream-chunks.ts';
import { TarError, cleanPath, walkTarSync } from '../tar.ts';
import type { LoadedImage } from '../types.ts';
import { ArchiveLinks } from './archive-links.ts';
import { type StreamedArchive, readArchiveStream } from './archive-stream.ts';
import type { BlobStore } from './blob-store.ts';
import { loadLayout, resolveLayout, storeIndexer } from './layout.ts';
import type { ImageSource, LoadOptions } from './source.ts';

/** `docker-archive:` and `oci-archive:` files, and `oci:` directories: read in place. */
export class LocalSource implements ImageSource {
  private readonly path: string;
  private readonly kind: 'archive' | 'directory';
  private readonly reference: string;
  private readonly refName: string | undefined;

  constructor(path: string, kind: 'archive' | 'directory', reference: string, refName?: string) {
    this.path = path;
    this.kind = kind;
    this.reference = reference;
    this.refName = refName;
  }

  async load(options: LoadOptions): Promise<LoadedImage[]> {
    if (this.kind === 'archive' && (await isCompressed(this.path))) return this.loadCompressed(options);
    const store = this.kind === 'archive' ? await openTarStore(this.path) : await openDirectoryStore(this.path);
    try {
      const images = await resolveLayout(store, this.reference, this.refName, options.platform);
      return await loadLayout(images, storeIndexer(store, options));
    } finally {
      await store.close();
    }
  }

  /** `docker save | gzip` (or zstd): no random access, so decompressed and read in one pass as `docker save` output is. */
  private async loadCompressed(options: LoadOptions): Promise<LoadedImage[]> {
    const file = createReadStream(this.path, { highWaterMark: 1024 * 1024 });
    let archive: StreamedArchive;
    try {
      archive = await readArchiveStream(decompress(chunksOf(file), this.path), this.path, options);
    } catch (error) {
      if (error instanceof TarError) throw new UserError(`${this.path}: not a readable image archive (${error.message})`);
      throw error;
    } finally {
      file.destroy();
    }
    const images = await resolveLayout(archive.store, this.reference, this.refName, options.platform);
    return loadLayout(images, archive.indexLayer);
  }
}

async function isCompressed(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  // An archive that cannot be opened is explained by openTarStore.
  if (!file) return false;
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    return sniffCompression(head.subarray(0, bytesRead)) !== 'none';
  } finally {
    await file.close();
  }
}

interface Member {
  offset: number;
  size: number;
}

/** An image archive (a tar of a layout) on disk: members found by walking headers only. */
export async function openTarStore(path: string): Promise<BlobStore & { close(): Promise<void> }> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new UserError(`${path}: cannot open the image archive (${messageOf(error)})`);
  }
  const members = new Map<string, Member>();
  const links = new ArchiveLinks(path);
  try {
    const { size } = await file.stat();
    if (size === 0) throw new UserError(`${path}: the file is empty, not an image archive`);
    for (const member of walkTarSync(new FileRangeReader(file, 0, size))) {
      if (links.add(member) || (member.typeflag !== '0' && member.typeflag !== '7')) continue;
      if (member.offset + member.size > size) throw new UserError(`${path}: the archive is truncated (${member.name} ends past the end of the file)`);
      members.set(cleanPath(member.name).slice(1), { offset: member.offset, size: member.size });
    }
  } catch (error) {
    await file.close();
    if (error instanceof TarError) throw new UserError(`${path}: not a readable image archive (${error.message})`);
    throw error;
  }
  const memberOf = (name: string) => members.get(links.resolve(name));
  return {
    label: path,
    seekable: true,
    has: (name) => memberOf(name) !== undefined,
    size: (name) => memberOf(name)?.size,
    async read(name, limit) {
      const member = memberOf(name);
      if (!member) return undefined;
      const length = Math.min(member.size, limit ?? member.size);
      const buffer = Buffer.alloc(length);
      await file.read(buffer, 0, length, member.offset);
      return buffer;
    },
    async open(name) {
      const member = memberOf(name);
      if (!member) throw new UserError(`${path}: ${name} is missing`);
      return { reader: new FileRangeReader(file, member.offset, member.size), close: async () => {} };
    },
    close: () => file.close(),
  };
}

/** An OCI image layout directory (`oci:DIR`). */
export async function openDirectoryStore(dir: string): Promise<BlobStore & { close(): Promise<void> }> {
  const info = await stat(dir).catch((error: unknown) => {
    throw new UserError(`${dir}: cannot read the image layout (${messageOf(error)})`);
  });
  if (!info.isDirectory()) throw new UserError(`${dir}: an oci: reference needs a directory holding an OCI image layout`);
  const sizes = new Map<string, number | undefined>();
  const sizeOf = (name: string): number | undefined => {
    // Names come from the layout's own JSON: none may lead out of the directory.
    if (isAbsolute(name) || normalize(name).split(sep).includes('..')) return undefined;
    if (!sizes.has(name)) {
      try {
        // Synchronous stat keeps has()/size() simple; a layout names few files.
        const s = statSync(join(dir, name));
        sizes.set(name, s.isFile() ? s.size : undefined);
      } catch {
        sizes.set(name, undefined);
      }
    }
    return sizes.get(name);
  };
  return {
    label: dir,
    seekable: true,
    has: (name) => sizeOf(name) !== undefined,
    size: sizeOf,
    async read(name, limit) {
      if (sizeOf(name) === undefined) return undefined;
      if (limit === undefined) return readFile(join(dir, name));
      const handle = await open(join(dir, name), 'r');
      try {
        const buffer = Buffer.alloc(Math.min(limit, sizeOf(name) ?? 0));
        await handle.read(buffer, 0, buffer.length, 0);
        return buffer;
      } finally {
        await handle.close();
      }
    },
    async open(name) {
      if (sizeOf(name) === undefined) throw new UserError(`${dir}: ${name} is missing`);
      const handle = await open(join(dir, name), 'r');
      const { size } = await handle.stat();
      return { reader: new FileRangeReader(handle, 0, size), close: () => handle.close() };
    },
    close: async () => {},
  };
}
