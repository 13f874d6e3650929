import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../errors.ts';
import { absentLayer, indexLayerStream } from '../layer-index.ts';
import { type Descriptor, INDEX_TYPES, MANIFEST_TYPES, resolveImages } from '../manifest.ts';
import type { ImageReference } from '../reference.ts';
import type { CaptureRequest, LayerIndex, LayerRef, LoadedImage } from '../types.ts';
import { verified } from './blob-store.ts';
import { RegistryAuth, defaultDockerConfigPath } from './registry-auth.ts';
import { type HttpResponse, type HttpSettings, TransientError, backoff, readBody, retrying, send } from './registry-http.ts';
import type { ImageSource, LoadOptions } from './source.ts';
import { ReadBudget } from '../limits.ts';

export interface RegistryOptions {
  /** Hosts spoken to over plain HTTP. Loopback hosts (127.0.0.0/8, localhost, [::1]) are always plain HTTP; every other host is HTTPS unless listed here. */
  insecureHosts?: string[];
  /** The workflow token, used as Basic credentials for ghcr.io (`x-access-token:<token>`) when the registry asks. */
  githubToken?: string;
  /** Registries that get `githubToken`; default `['ghcr.io']` (tests point it at a fake registry). */
  githubTokenHosts?: string[];
  /** Docker client config for credentials; default `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
  dockerConfigPath?: string;
  /** For tests: retry delays scale (0 = no waiting); the first backoff delay, default 1000 ms. */
  retryDelayMs?: number;
  /** Longest silence while waiting for response headers or the next body chunk; default 30 s. */
  timeoutMs?: number;
  /** Called with each secret (token, password) so the action can mask it (core.setSecret). */
  onSecret?: (secret: string) => void;
}

const TRIES = 4;
const MAX_MANIFEST = 4 * 1024 * 1024;
const MAX_CONFIG = 16 * 1024 * 1024;
const ROOT_TYPES = [...INDEX_TYPES, ...MANIFEST_TYPES];
const ACCEPT = ROOT_TYPES.join(', ');
// Types that say nothing about the document; the body's own mediaType or schemaVersion decides.
const GENERIC_TYPES = ['', 'application/json', 'application/octet-stream', 'text/plain'];
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const VERIFIABLE = ['sha256', 'sha512'];

/**
 * `docker://` images, read over the OCI distribution API: manifests and configs always,
 * layer blobs only when file contents are wanted; every byte read is checked against its digest.
 */
export class RegistrySource implements ImageSource {
  private readonly reference: ImageReference & { transport: 'docker' };
  private readonly text: string;
  private readonly base: URL;
  private readonly http: HttpSettings;
  private readonly auth: RegistryAuth;

  constructor(reference: ImageReference & { transport: 'docker' }, text: string, options: RegistryOptions) {
    this.reference = reference;
    this.text = text;
    const insecure = options.insecureHosts ?? [];
    const plainHttpAllowed = (host: string) => isLoopback(host) || insecure.includes(host) || insecure.includes(hostname(host));
    const host = reference.registry === 'docker.io' ? 'registry-1.docker.io' : reference.registry;
    if (!URL.canParse(`http://${host}`)) throw new UserError(`${text}: "${reference.registry}" is not a valid registry host`);
    this.base = new URL(`${plainHttpAllowed(host) ? 'http' : 'https'}://${host}`);
    this.http = { tries: TRIES, retryDelayMs: options.retryDelayMs ?? 1000, timeoutMs: options.timeoutMs ?? 30_000 };
    this.auth = new RegistryAuth({
      label: text,
      registry: reference.registry,
      origin: this.base.origin,
      repository: reference.repository,
      dockerConfigPath: options.dockerConfigPath ?? defaultDockerConfigPath(),
      githubToken: options.githubToken,
      githubTokenHosts: options.githubTokenHosts ?? ['ghcr.io'],
      plainHttpAllowed,
      onSecret: options.onSecret ?? (() => {}),
      http: this.http,
    });
  }

  async load(options: LoadOptions): Promise<LoadedImage[]> {
    const { digest, tag } = this.reference;
    const root = await this.manifest(digest ?? tag ?? 'latest', digest, true);
    const images = await resolveImages(this.text, root.json, root.digest, (descriptor) => this.fetchJson(descriptor), options.platform);
    if (!options.files) return images.map((image) => ({ ...image, layerIndexes: [] }));
    // Platforms often share layers: each blob is downloaded and indexed once.
    const indexed = new Map<string, Promise<LayerIndex>>();
    // Every layer of this reference is charged to one budget, as local sources do.
    const budget = options.budget ?? new ReadBudget();
    const loaded: LoadedImage[] = [];
    for (const image of images) {
      const layerIndexes: LayerIndex[] = [];
      for (const ref of image.layers) {
        if (ref.absent) {
          layerIndexes.push(absentLayer(ref, ref.absent));
          continue;
        }
        const digest = this.checkedDigest(ref.digest);
        let index = indexed.get(digest);
        if (!index) {
          index = this.indexLayer(ref, digest, options.capture, budget);
          indexed.set(digest, index);
        }
        layerIndexes.push(await index);
      }
      loaded.push({ ...image, layerIndexes });
    }
    return loaded;
  }

  private get repositoryName(): string {
    return `${this.reference.registry}/${this.reference.repository}`;
  }

  private checkedDigest(digest: string | undefined): string {
    if (!digest || !DIGEST.test(digest)) throw new UserError(`${this.text}: "${digest ?? ''}" is not a valid digest`);
    return digest;
  }

  /** A manifest or index by tag or digest, its bytes checked against the digest asked for or announced. */
  private async manifest(ref: string, expected: string | undefined, root: boolean): Promise<{ json: unknown; digest: string }> {
    const what = `${this.text}: manifest ${ref}`;
    return this.get(`manifests/${ref}`, { accept: ACCEPT }, `manifest ${ref}`, async (response) => {
      if (response.status === 404) {
        await response.discard();
        const missing = expected ? `no manifest ${ref}` : `no tag "${ref}"`;
        throw new UserError(`${this.text}: manifest unknown: ${missing} in ${this.repositoryName}`);
      }
      await this.expectOk(response, what);
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (root && !ROOT_TYPES.includes(contentType) && !GENERIC_TYPES.includes(contentType)) throw this.unsupportedType(contentType);
      const body = await readBody(response, MAX_MANIFEST, what);
      const digest = checkDigest(body, expected ?? response.headers.get('docker-content-digest') ?? undefined, what);
      const json = parseJson(body, `${what} is not valid JSON`);
      if (root && !ROOT_TYPES.includes(contentType)) {
        const { mediaType, schemaVersion } = (json ?? {}) as { mediaType?: unknown; schemaVersion?: unknown };
        if (mediaType !== undefined ? !ROOT_TYPES.includes(String(mediaType)) : schemaVersion !== 2)
          throw this.unsupportedType(String(mediaType ?? contentType));
      }
      return { json, digest };
    });
  }

  private unsupportedType(mediaType: string): UserError {
    return new UserError(`${this.text}: unsupported manifest media type "${mediaType || 'none'}"; expected an OCI or Docker v2 image index or manifest`);
  }

  private async fetchJson(descriptor: Descriptor): Promise<unknown> {
    const digest = this.checkedDigest(descriptor.digest);
    const { mediaType } = descriptor;
    if (!mediaType || ROOT_TYPES.includes(mediaType)) return (await this.manifest(digest, digest, false)).json;
    const what = `${this.text}: config ${digest}`;
    return this.get(`blobs/${digest}`, {}, `config ${digest}`, async (response) => {
      if (response.status === 404) {
        await response.discard();
        throw this.blobUnknown(digest);
      }
      await this.expectOk(response, what);
      const body = await readBody(response, MAX_CONFIG, what);
      checkDigest(body, digest, what);
      return parseJson(body, `${what} is not valid JSON`);
    });
  }

  private blobUnknown(digest: string): UserError {
    return new UserError(`${this.text}: blob unknown: no blob ${digest} in ${this.repositoryName} (HTTP 404)`);
  }

  private async expectOk(response: HttpResponse, what: string): Promise<void> {
    if (response.status === 200) return;
    await response.discard();
    throw new UserError(`${what}: ${this.reference.registry} answered HTTP ${response.status}`);
  }

  private indexLayer(ref: LayerRef, digest: string, capture: CaptureRequest, budget: ReadBudget): Promise<LayerIndex> {
    const what = `${this.text}: layer ${digest}`;
    return indexLayerStream(verified(this.blobChunks(digest), digest, what), ref, capture, what, budget);
  }

  /**
   * A blob's bytes; when the connection breaks mid-way the download resumes with `Range`, or
   * starts over and skips what was already passed on when the registry ignores the range.
   */
  private async *blobChunks(digest: string): AsyncGenerator<Buffer> {
    const what = `${this.text}: layer ${digest}`;
    let received = 0;
    for (let interruptions = 0; ; ) {
      const headers: Record<string, string> = received > 0 ? { range: `bytes=${received}-` } : {};
      const resumedAt = received;
      const response = await this.get(`blobs/${digest}`, headers, `layer ${digest}`, async (answer) => {
        if (answer.status === 404) {
          await answer.discard();
          throw this.blobUnknown(digest);
        }
        if (answer.status === 206 && resumedAt > 0) return answer;
        await this.expectOk(answer, what);
        return answer;
      });
      let skip = response.status === 206 ? resumedAt - rangeStart(response.headers.get('content-range'), resumedAt, what) : resumedAt;
      try {
        for await (const chunk of response.chunks()) {
          if (skip >= chunk.length) {
            skip -= chunk.length;
            continue;
          }
          const fresh = skip > 0 ? chunk.subarray(skip) : chunk;
          skip = 0;
          received += fresh.length;
          yield fresh;
        }
        if (skip > 0) throw new UserError(`${what}: the registry sent a shorter blob on a second try`);
        return;
      } catch (error) {
        if (!(error instanceof TransientError)) throw error;
        interruptions++;
        if (interruptions >= this.http.tries) {
          throw new UserError(`${what}: the download broke off ${interruptions} times, last after ${received} bytes (${error.message})`);
        }
        await sleep(backoff(this.http, interruptions));
      }
    }
  }

  /**
   * GET on the registry's API, answering one authentication challenge per request; 429, 5xx and
   * network failures are retried below, and `accept` sees any other answer. `thing` names what is read.
   */
  private async get<T>(path: string, headers: Record<string, string>, thing: string, accept: (response: HttpResponse) => Promise<T>): Promise<T> {
    const url = new URL(`/v2/${this.reference.repository}/${path}`, this.base);
    const what = `${this.text}: ${thing}`;
    for (let challenged = false; ; challenged = true) {
      const credential = this.auth.credential();
      const outcome: { value: T } | { challenge: string | null } = await retrying(
        `${this.text}: reading ${thing} from ${this.reference.registry}`,
        this.http,
        () => send(url, headers, credential, this.http, what),
        async (response) => {
          if (response.status !== 401 && response.status !== 403) return { value: await accept(response) };
          await response.discard();
          // No credential helps with a 403, a second 401, or a 401 from another host (a CDN).
          if (response.status === 403 || challenged || response.url.origin !== this.base.origin) throw this.auth.accessDenied(response.status);
          return { challenge: response.headers.get('www-authenticate') };
        },
      );
      if ('value' in outcome) return outcome.value;
      await this.auth.answer(outcome.challenge);
    }
  }
}

/** The digest actually verified: the expected one (sha256/sha512 checked), else the body's sha256. */
function checkDigest(body: Buffer, expected: string | undefined, what: string): string {
  const algorithm = expected?.split(':')[0] ?? 'sha256';
  if (!VERIFIABLE.includes(algorithm)) return expected ?? '';
  const actual = `${algorithm}:${createHash(algorithm).update(body).digest('hex')}`;
  if (expected !== undefined && actual !== expected) throw new UserError(`${what}: content does not match its digest (expected ${expected}, got ${actual})`);
  return actual;
}

function parseJson(body: Buffer, failure: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new UserError(failure);
  }
}

/** Where a 206 answer starts; it must not start after what was already received. */
function rangeStart(header: string | null, received: number, what: string): number {
  const start = Number(/^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header?.trim() ?? '')?.[1] ?? NaN);
  if (!(start <= received)) throw new UserError(`${what}: the registry resumed the download at an unexpected range (${header ?? 'no Content-Range'})`);
  return start;
}

function hostname(host: string): string {
  return new URL(`http://${host}`).hostname;
}

function isLoopback(host: string): boolean {
  const name = hostname(host);
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
