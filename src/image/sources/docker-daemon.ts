import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError, messageOf } from '../../errors.ts';
import { StreamReader } from '../bytes.ts';
import { chunksOf } from '../stream-chunks.ts';
import { sniffCompression } from '../decompress.ts';
import { indexLayerStream, indexTar } from '../layer-index.ts';
import { ReadBudget } from '../limits.ts';
import { TarError, cleanPath, walkTar } from '../tar.ts';
import type { LayerIndex, LoadedImage } from '../types.ts';
import type { BlobStore } from './blob-store.ts';
import { loadLayout, resolveLayout } from './layout.ts';
import type { ImageSource, LoadOptions } from './source.ts';

const MAX_JSON = 16 * 1024 * 1024;

/** A running `docker save`: its tar, and once it ends, why it failed (undefined when it did not). */
interface SaveStream {
  body: AsyncIterable<Buffer>;
  failure(): Promise<string | undefined>;
  stop(): void;
}

/**
 * An image in the local Docker engine, saved in one pass with no temporary copy: read from the
 * Engine API's socket when the engine is local (the docker CLI would copy every byte once more,
 * through a pipe), else through `docker save`, which knows contexts and remote hosts. The save
 * format (legacy, Docker 25+ OCI layout, containerd store) is recognised at the end, since
 * blobs usually come before the manifests that order them.
 */
export class DockerDaemonSource implements ImageSource {
  private readonly name: string;
  private readonly reference: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(name: string, reference: string, env: NodeJS.ProcessEnv = process.env) {
    this.name = name;
    this.reference = reference;
    this.env = env;
  }

  async load(options: LoadOptions): Promise<LoadedImage[]> {
    const save = (await saveFromEngineApi(this.name, this.env)) ?? (await saveFromCli(this.name, this.env));
    const { json, layers } = await this.read(save, options);
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

  private async read(save: SaveStream, options: LoadOptions): Promise<{ json: Map<string, Buffer>; layers: Map<string, LayerIndex> }> {
    const json = new Map<string, Buffer>();
    const layers = new Map<string, LayerIndex>();
    const budget = options.budget ?? new ReadBudget();
    const reader = new StreamReader(save.body);
    try {
      for await (const member of walkTar(reader)) {
        if (member.typeflag !== '0' && member.typeflag !== '7') continue;
        const name = cleanPath(member.name).slice(1);
        const head = Buffer.from(await reader.read(Math.min(member.size, 512)));
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
      save.stop();
      const failure = await save.failure();
      if (error instanceof TarError || failure) throw new UserError(`${this.reference}: docker save failed (${failure || (error as Error).message})`);
      throw error;
    }
    await reader.drain();
    const failure = await save.failure();
    if (failure) throw new UserError(`${this.reference}: docker save failed (${failure})`);
    return { json, layers };
  }
}

/**
 * The engine's unix socket when the docker CLI would use it too. The CLI's order: DOCKER_HOST,
 * then DOCKER_CONTEXT, then the config file's current context; contexts other than the default
 * and tcp:// or ssh:// hosts are left to the CLI.
 */
export function engineSocket(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DOCKER_HOST) return env.DOCKER_HOST.startsWith('unix://') ? env.DOCKER_HOST.slice('unix://'.length) : undefined;
  const context = env.DOCKER_CONTEXT || currentContext(env);
  return context === 'default' ? DEFAULT_SOCKET : undefined;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

function currentContext(env: NodeJS.ProcessEnv): string {
  try {
    const config = JSON.parse(readFileSync(join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json'), 'utf8')) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : 'default';
  } catch {
    return 'default';
  }
}

/** `GET /images/get?names=NAME`, the request `docker save` makes; undefined when the socket cannot be reached (the CLI then tries, and explains). */
async function saveFromEngineApi(name: string, env: NodeJS.ProcessEnv): Promise<SaveStream | undefined> {
  const socketPath = engineSocket(env);
  if (!socketPath) return undefined;
  const response = await new Promise<IncomingMessage | undefined>((resolve) => {
    const req = request({ socketPath, path: `/images/get?names=${encodeURIComponent(name)}` }, resolve);
    req.on('error', () => resolve(undefined));
    req.end();
  });
  if (!response) return undefined;
  if (response.statusCode !== 200) {
    const message = await errorMessage(response);
    if (response.statusCode === 404) throw noSuchImage(name);
    throw new UserError(`${name}: docker save failed (the engine answered ${response.statusCode}: ${message})`);
  }
  let lost: string | undefined;
  const body = (async function* () {
    try {
      yield* chunksOf(response);
    } catch (error) {
      lost = `the engine closed the connection: ${messageOf(error)}`;
      throw new TarError(lost);
    }
  })();
  return { body, failure: async () => lost, stop: () => response.destroy() };
}

async function errorMessage(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) if (text.length < 4096) text += (chunk as Buffer).toString('utf8');
  try {
    return String((JSON.parse(text) as { message?: unknown }).message ?? text).trim();
  } catch {
    return text.trim().split('\n')[0];
  }
}

/** `docker save NAME` through the CLI, after `docker image inspect` gave the usual errors their clear words. */
async function saveFromCli(name: string, env: NodeJS.ProcessEnv): Promise<SaveStream> {
  await runDocker(['image', 'inspect', '--format', '{{.Id}}', name], name, env);
  const child = spawn('docker', ['save', name], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return {
    body: chunksOf(child.stdout),
    async failure() {
      const code = await exited.catch(() => null);
      // null: killed, by stop() after a read error that speaks for itself.
      return code ? describe(stderr) || `exit status ${code}` : undefined;
    },
    stop: () => child.kill(),
  };
}

function noSuchImage(name: string): UserError {
  return new UserError(`${name}: no such image in the Docker engine (build it first, or load it with docker load)`);
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
async function runDocker(args: string[], image: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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
    if (/No such image|No such object|not found/i.test(stderr)) throw noSuchImage(image);
    throw new UserError(`${image}: docker ${args[0]} failed (${stderr || `exit status ${code}`})`);
  }
  return Buffer.concat(out).toString('utf8');
}
