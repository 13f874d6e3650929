import { spawn } from 'node:child_process';
import { UserError } from '../../errors.ts';
import { StreamReader } from '../bytes.ts';
import { sniffCompression } from '../decompress.ts';
import { indexLayerStream, indexTar } from '../layer-index.ts';
import { ReadBudget } from '../limits.ts';
import { TarError, cleanPath, walkTar } from '../tar.ts';
import type { LayerIndex, LoadedImage } from '../types.ts';
import type { BlobStore } from './blob-store.ts';
import { loadLayout, resolveLayout } from './layout.ts';
import type { ImageSource, LoadOptions } from './source.ts';

const MAX_JSON = 16 * 1024 * 1024;

/**
 * An image in the local Docker engine: `docker image inspect` proves it exists, then
 * `docker save` streams straight into the reader, one pass, no temporary copy. The save
 * format (legacy, Docker 25+ OCI layout, containerd store) is recognised at the end, since
 * blobs usually come before the manifests that order them.
 */
export class DockerDaemonSource implements ImageSource {
  private readonly name: string;
  private readonly reference: string;

  constructor(name: string, reference: string) {
    this.name = name;
    this.reference = reference;
  }

  async load(options: LoadOptions): Promise<LoadedImage[]> {
    await runDocker(['image', 'inspect', '--format', '{{.Id}}', this.name], this.name);
    const { json, layers } = await this.save(options);
    const store: BlobStore = {
      label: this.reference,
      seekable: false,
      has: (name) => json.has(name) || layers.has(name),
      size: (name) => json.get(name)?.length,
      read: async (name) => json.get(name),
      open: async () => {
        throw new Error('docker save is read in one pass; layers are indexed as they stream');
      },
    };
    const images = await resolveLayout(store, this.reference, undefined, options.platform);
    return loadLayout(images, async (file, ref) => {
      const index = layers.get(file);
      if (!index) throw new UserError(`${this.reference}: docker save did not include layer ${ref.diffId ?? file}`);
      return { ...index, diffId: ref.diffId, digest: ref.digest, mediaType: ref.mediaType, compressedSize: ref.size };
    });
  }

  private async save(options: LoadOptions): Promise<{ json: Map<string, Buffer>; layers: Map<string, LayerIndex> }> {
    const child = spawn('docker', ['save', this.name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const json = new Map<string, Buffer>();
    const layers = new Map<string, LayerIndex>();
    const budget = options.budget ?? new ReadBudget();
    const reader = new StreamReader(child.stdout);
    try {
      for await (const member of walkTar(reader)) {
        if (member.typeflag !== '0' && member.typeflag !== '7') continue;
        const name = cleanPath(member.name).slice(1);
        const head = await reader.read(Math.min(member.size, 512));
        if (looksLikeTar(head, member.size)) {
          const what = `${this.reference}: layer ${name}`;
          const rest = reader.chunks(member.size - head.length);
          const body = (async function* () {
            yield head;
            yield* rest;
          })();
          const ref = {};
          const index =
            sniffCompression(head) === 'none'
              ? { ...(await indexTar(new StreamReader(body), ref, options.capture, what, budget)), tarSize: member.size }
              : await indexLayerStream(body, ref, options.capture, what, budget);
          layers.set(name, index);
        } else if (head[0] === 0x7b /* { */ || head[0] === 0x5b /* [ */ || name === 'oci-layout') {
          if (member.size > MAX_JSON) throw new UserError(`${this.reference}: ${name} in docker save is too large for JSON`);
          json.set(name, Buffer.concat([head, await reader.read(member.size - head.length)]));
        }
      }
    } catch (error) {
      child.kill();
      const code = await exited.catch(() => null);
      if (error instanceof TarError || code) throw new UserError(`${this.reference}: docker save failed (${describe(stderr) || (error as Error).message})`);
      throw error;
    }
    await reader.drain();
    const code = await exited;
    if (code !== 0) throw new UserError(`${this.reference}: docker save failed (${describe(stderr) || `exit status ${code}`})`);
    return { json, layers };
  }
}

function looksLikeTar(head: Buffer, size: number): boolean {
  if (sniffCompression(head) !== 'none') return true;
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return true;
  // An empty layer is just the two zero blocks.
  return size >= 1024 && head.length === 512 && head.every((byte) => byte === 0);
}

function describe(stderr: Buffer[]): string {
  return Buffer.concat(stderr).toString('utf8').trim().split('\n').pop() ?? '';
}

/** Runs a short docker command, turning the usual failures into one clear line. */
export async function runDocker(args: string[], image: string): Promise<string> {
  const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new UserError(`${image}: Docker is not installed (no docker command); pass an archive instead (docker-archive:PATH or oci-archive:PATH)`));
      else reject(error);
    });
    child.on('close', resolve);
  });
  const stderr = describe(err);
  if (code !== 0) {
    if (/Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i.test(stderr)) {
      throw new UserError(`${image}: the Docker engine is not running (${stderr})`);
    }
    if (/No such image|No such object|not found/i.test(stderr)) {
      throw new UserError(`${image}: no such image in the Docker engine (build it first, or load it with docker load)`);
    }
    throw new UserError(`${image}: docker ${args[0]} failed (${stderr || `exit status ${code}`})`);
  }
  return Buffer.concat(out).toString('utf8');
}
