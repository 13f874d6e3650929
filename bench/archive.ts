/**
 * Streams the benchmark's inputs to disk: layer tars from entry generators, compressed copies
 * through the system's gzip and zstd, and image archives (OCI, docker-archive) whose big members
 * are copied from files, never held in memory.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tarBuffer, tarStream, type TarEntrySpec } from '../test/support/tar-writer.ts';

export interface WrittenBlob {
  path: string;
  size: number;
  /** `sha256:<hex>` of the bytes written. */
  digest: string;
}

const BATCH = 1 << 20;

/** Joins the many small header chunks into 1 MiB writes; big bodies pass as they are. */
async function* batched(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    if (chunk.length >= BATCH) {
      if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      yield chunk;
      continue;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= BATCH) {
      yield Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

function hashing(hash: ReturnType<typeof createHash>, counter: { bytes: number }) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      counter.bytes += chunk.length;
      yield chunk;
    }
  };
}

/** Writes a tar of `entries` to `path`, hashing it on the way (its diff id). */
export async function writeLayerTar(path: string, entries: Iterable<TarEntrySpec>): Promise<WrittenBlob> {
  const hash = createHash('sha256');
  const counter = { bytes: 0 };
  await pipeline(Readable.from(tarStream(entries)), batched, hashing(hash, counter), createWriteStream(path));
  return { path, size: counter.bytes, digest: `sha256:${hash.digest('hex')}` };
}

/** `command args input > output`, hashing the output as it is written. */
export async function compressFile(command: string, args: string[], input: string, output: string): Promise<WrittenBlob> {
  const child = spawn(command, [...args, input], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const hash = createHash('sha256');
  const counter = { bytes: 0 };
  await pipeline(child.stdout, hashing(hash, counter), createWriteStream(output));
  const code = await exited;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} ${input} failed (${code}): ${stderr.trim()}`);
  return { path: output, size: counter.bytes, digest: `sha256:${hash.digest('hex')}` };
}

export async function hashFile(path: string): Promise<WrittenBlob> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: BATCH }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { path, size, digest: `sha256:${hash.digest('hex')}` };
}

/** A member of an image archive: a directory, bytes in memory, or a file copied from disk. */
export type ArchiveMember = { path: string; dir: true } | { path: string; content: Buffer } | { path: string; file: string; size: number };

/** Writes a tar of `members` in the order given; file members are streamed from disk. */
export async function writeArchive(path: string, members: ArchiveMember[]): Promise<void> {
  const out = await open(path, 'w');
  try {
    for (const member of members) {
      if ('dir' in member) await out.write(tarBuffer([{ path: member.path, type: 'dir' }], { end: false }));
      else if ('content' in member) await out.write(tarBuffer([{ path: member.path, content: member.content }], { end: false }));
      else {
        // A header that announces the body's size; the body follows from the file.
        await out.write(tarBuffer([{ path: member.path, sizeField: member.size }], { end: false }));
        let copied = 0;
        for await (const chunk of createReadStream(member.file, { highWaterMark: BATCH }) as AsyncIterable<Buffer>) {
          await out.write(chunk);
          copied += chunk.length;
        }
        if (copied !== member.size) throw new Error(`${member.file}: expected ${member.size} bytes, read ${copied}`);
        const pad = (512 - (copied % 512)) % 512;
        if (pad) await out.write(Buffer.alloc(pad));
      }
    }
    await out.write(Buffer.alloc(1024));
  } finally {
    await out.close();
  }
}
