// A small in-process OCI distribution registry for tests: serves manifests and blobs, answers
// Bearer or Basic challenges, logs every request, and lets a test intercept any request to
// inject faults (429, 5xx, resets, redirects).
import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BuiltImage } from './images.ts';

export interface LoggedRequest {
  method: string;
  /** Path and query as requested. */
  url: string;
  headers: IncomingHttpHeaders;
}

/** Handles a request itself and returns true, or returns false to let the registry answer. */
export type Interceptor = (request: IncomingMessage, response: ServerResponse, registry: FakeRegistry) => boolean;

export interface FakeRegistryOptions {
  /** Challenge unauthenticated API requests; `bearer` issues tokens at `/token` on the same server. */
  auth?: 'bearer' | 'basic';
  /** When set, `/token` (bearer) or the API (basic) demands these as Basic credentials. */
  credentials?: { username: string; password: string };
  /** Answer blob requests with a 307 to this host's `/cdn/<digest>`. */
  redirectBlobsTo?: string;
}

interface StoredManifest {
  body: Buffer;
  mediaType: string;
}

export class FakeRegistry {
  readonly requests: LoggedRequest[] = [];
  /** Body bytes served by the registry itself (interceptors not counted). */
  bytesServed = 0;
  readonly interceptors: Interceptor[] = [];
  readonly options: FakeRegistryOptions;
  private readonly server: Server;
  private readonly manifests = new Map<string, StoredManifest>();
  private readonly tags = new Map<string, string>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly issuedTokens = new Set<string>();
  host = '';

  private constructor(options: FakeRegistryOptions) {
    this.options = options;
    this.server = createServer((request, response) => this.handle(request, response));
  }

  static async start(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
    const registry = new FakeRegistry(options);
    await new Promise<void>((resolve) => registry.server.listen(0, '127.0.0.1', resolve));
    registry.host = `127.0.0.1:${(registry.server.address() as AddressInfo).port}`;
    return registry;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Stores an image's blobs and manifest, tagging it in `name` when a tag is given. */
  addImage(name: string, image: BuiltImage, tag?: string): void {
    this.addBlob(image.configBlob);
    for (const layer of image.layers) this.addBlob(layer.blob);
    this.addManifest(name, image.manifestBlob, image.manifest.mediaType, tag);
  }

  addBlob(blob: Buffer): string {
    const digest = sha256(blob);
    this.blobs.set(digest, blob);
    return digest;
  }

  addManifest(name: string, body: Buffer, mediaType: string, tag?: string): string {
    const digest = sha256(body);
    this.manifests.set(digest, { body, mediaType });
    if (tag) this.tags.set(`${name}:${tag}`, digest);
    return digest;
  }

  /** Requests whose path matches. */
  requestsTo(pattern: RegExp): LoggedRequest[] {
    return this.requests.filter((request) => pattern.test(request.url));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    this.requests.push({ method: request.method ?? 'GET', url: request.url ?? '', headers: request.headers });
    for (const intercept of this.interceptors) if (intercept(request, response, this)) return;
    const url = new URL(request.url ?? '/', `http://${this.host}`);
    if (url.pathname === '/token') return this.token(request, response);
    const cdn = /^\/cdn\/(.+)$/.exec(url.pathname);
    if (cdn) return this.serveBlob(request, response, cdn[1]);
    const api = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!api) return this.send(response, 404, Buffer.from('{"errors":[{"code":"NOT_FOUND"}]}'), { 'content-type': 'application/json' });
    if (!this.authorized(request)) return this.challenge(response, api[1]);
    const [, name, kind, ref] = api;
    if (kind === 'blobs') {
      if (this.options.redirectBlobsTo) {
        response.writeHead(307, { location: `http://${this.options.redirectBlobsTo}/cdn/${ref}`, 'content-length': '0' });
        response.end();
        return;
      }
      return this.serveBlob(request, response, ref);
    }
    const digest = ref.startsWith('sha256:') ? ref : this.tags.get(`${name}:${ref}`);
    const manifest = digest ? this.manifests.get(digest) : undefined;
    if (!digest || !manifest) return this.send(response, 404, Buffer.from('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'), { 'content-type': 'application/json' });
    this.send(response, 200, manifest.body, { 'content-type': manifest.mediaType, 'docker-content-digest': digest });
  }

  private serveBlob(request: IncomingMessage, response: ServerResponse, digest: string): void {
    const blob = this.blobs.get(digest);
    if (!blob) return this.send(response, 404, Buffer.from('{"errors":[{"code":"BLOB_UNKNOWN"}]}'), { 'content-type': 'application/json' });
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (range && Number(range[1]) < blob.length) {
      const start = Number(range[1]);
      this.send(response, 206, blob.subarray(start), {
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${start}-${blob.length - 1}/${blob.length}`,
        'accept-ranges': 'bytes',
      });
      return;
    }
    this.send(response, 200, blob, { 'content-type': 'application/octet-stream', 'docker-content-digest': digest, 'accept-ranges': 'bytes' });
  }

  private authorized(request: IncomingMessage): boolean {
    const authorization = request.headers.authorization ?? '';
    if (this.options.auth === 'bearer') return this.issuedTokens.has(authorization.replace(/^Bearer /, ''));
    if (this.options.auth === 'basic') return authorization === basic(this.options.credentials);
    return true;
  }

  private challenge(response: ServerResponse, name: string): void {
    const header =
      this.options.auth === 'bearer'
        ? `Bearer realm="http://${this.host}/token",service="fake-registry",scope="repository:${name}:pull"`
        : 'Basic realm="fake-registry"';
    this.send(response, 401, Buffer.from('{"errors":[{"code":"UNAUTHORIZED"}]}'), { 'content-type': 'application/json', 'www-authenticate': header });
  }

  private token(request: IncomingMessage, response: ServerResponse): void {
    if (this.options.credentials && request.headers.authorization !== basic(this.options.credentials)) {
      return this.send(response, 401, Buffer.from('{"details":"incorrect username or password"}'), { 'content-type': 'application/json' });
    }
    const token = `token-${this.issuedTokens.size + 1}`;
    this.issuedTokens.add(token);
    this.send(response, 200, Buffer.from(JSON.stringify({ token, expires_in: 300 })), { 'content-type': 'application/json' });
  }

  private send(response: ServerResponse, status: number, body: Buffer, headers: Record<string, string>): void {
    this.bytesServed += body.length;
    response.writeHead(status, { ...headers, 'content-length': String(body.length) });
    response.end(body);
  }
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function basic(credentials: { username: string; password: string } | undefined): string {
  if (!credentials) return '';
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
