import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError, messageOf } from '../../errors.ts';
import { chunksOf } from '../stream-chunks.ts';
import { TarError } from '../tar.ts';
import type { LoadedImage } from '../types.ts';
import { type StreamedArchive, readArchiveStream } from './archive-stream.ts';
import { loadLayout, resolveLayout } from './layout.ts';
import type { ImageSource, LoadOptions } from './source.ts';

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
    let archive: StreamedArchive;
    try {
      archive = await readArchiveStream(save.body, this.reference, options);
    } catch (error) {
      save.stop();
      const failure = await save.failure();
      if (error instanceof TarError || failure) throw new UserError(`${this.reference}: docker save failed (${failure || (error as Error).message})`);
      throw error;
    }
    const failure = await save.failure();
    if (failure) throw new UserError(`${this.reference}: docker save failed (${failure})`);
    const images = await resolveLayout(archive.store, this.reference, undefined, options.platform);
    return loadLayout(images, archive.indexLayer);
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
