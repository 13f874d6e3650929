import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../errors.ts';

export interface HttpSettings {
  /** Tries per request when the network fails or the server answers 429 or 5xx. */
  tries: number;
  /** The first backoff delay; later ones double. `Retry-After` is scaled by `retryDelayMs / 1000` too. */
  retryDelayMs: number;
  /** Longest wait for the response headers or for the next body chunk. */
  timeoutMs: number;
}

/** A failure worth another try: the connection broke, was refused or went silent. */
export class TransientError extends Error {
  override name = 'TransientError';
}

/** An Authorization header and the one origin it may be sent to. */
export interface Credential {
  authorization: string;
  origin: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The URL that answered, after redirects. */
  url: URL;
  /** The body as it arrives; a reset or a silence longer than the timeout throws a TransientError. */
  chunks(): AsyncGenerator<Buffer>;
  /** Drops the body so the connection can be reused. */
  discard(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * One GET, following redirects by hand so the credential only goes to its own origin
 * (a blob redirected to a CDN must not carry the registry's token).
 */
export async function send(
  url: URL,
  headers: Record<string, string>,
  credential: Credential | undefined,
  settings: HttpSettings,
  what: string,
): Promise<HttpResponse> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const hopHeaders: Record<string, string> = { ...headers };
    if (credential && current.origin === credential.origin) hopHeaders.authorization = credential.authorization;
    const response = await fetchOnce(current, hopHeaders, settings.timeoutMs);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || !location) return response;
    await response.discard();
    if (hop >= MAX_REDIRECTS) throw new UserError(`${what}: more than ${MAX_REDIRECTS} redirects`);
    current = new URL(location, current);
  }
}

async function fetchOnce(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse> {
  const controller = new AbortController();
  const silence = () => controller.abort(new TransientError(`no answer from ${url.host} for ${timeoutMs / 1000} s`));
  let timer = setTimeout(silence, timeoutMs);
  let response: Response;
  try {
    // identity: undici would otherwise inflate a gzip Content-Encoding and the digest would not match.
    response = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual', signal: controller.signal });
  } catch (error) {
    throw transient(error, url);
  } finally {
    clearTimeout(timer);
  }
  const body = response.body;
  return {
    status: response.status,
    headers: response.headers,
    url,
    async *chunks() {
      if (!body) return;
      const reader = body.getReader();
      try {
        for (;;) {
          // Armed only while waiting for the network, so a slow consumer is not taken for a silent server.
          timer = setTimeout(silence, timeoutMs);
          const next = await reader
            .read()
            .catch((error: unknown) => {
              throw transient(error, url);
            })
            .finally(() => clearTimeout(timer));
          if (next.done) return;
          yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    },
    async discard() {
      await body?.cancel().catch(() => undefined);
    },
  };
}

function transient(error: unknown, url: URL): Error {
  if (error instanceof TransientError || error instanceof UserError) return error;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (error as Error).message;
  return new TransientError(`${url.host}: ${detail}`);
}

/**
 * Repeats `attempt` while the network fails or the server answers 429 or 5xx (backing off
 * exponentially, or as `Retry-After` says); any other answer goes to `accept`, which may
 * throw a TransientError (a body cut short) to try again.
 */
export async function retrying<T>(
  what: string,
  settings: HttpSettings,
  attempt: () => Promise<HttpResponse>,
  accept: (response: HttpResponse) => Promise<T>,
): Promise<T> {
  let failure = '';
  for (let tryNumber = 1; tryNumber <= settings.tries; tryNumber++) {
    let wait = backoff(settings, tryNumber);
    try {
      const response = await attempt();
      if (response.status !== 429 && response.status < 500) return await accept(response);
      failure = `HTTP ${response.status}`;
      wait = retryAfter(response.headers.get('retry-after'), settings) ?? wait;
      await response.discard();
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      failure = error.message;
    }
    if (tryNumber < settings.tries) await sleep(wait);
  }
  throw new UserError(`${what} gave up after ${settings.tries} tries: ${failure}`);
}

export function backoff(settings: HttpSettings, tryNumber: number): number {
  return settings.retryDelayMs * 2 ** (tryNumber - 1);
}

/** `Retry-After` in seconds or as an HTTP date, capped at a minute, in the settings' time scale. */
export function retryAfter(header: string | null, settings: HttpSettings): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  if (Number.isNaN(ms)) return undefined;
  return (Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) * settings.retryDelayMs) / 1000;
}

/** The whole body, refusing more than `limit` bytes. */
export async function readBody(response: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.discard();
    throw new UserError(`${what} is ${declared} bytes, more than the ${limit} allowed`);
  }
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.chunks()) {
    length += chunk.length;
    if (length > limit) throw new UserError(`${what} is more than the ${limit} bytes allowed`);
    parts.push(chunk);
  }
  return Buffer.concat(parts, length);
}
