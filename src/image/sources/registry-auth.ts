import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError, messageOf } from '../../errors.ts';
import { type Credential, type HttpSettings, readBody, retrying, send } from './registry-http.ts';

/** One `WWW-Authenticate` challenge: its scheme (lowercase) and parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (several challenges may share the header). */
export function parseChallenges(header: string): Challenge[] {
  // A name alone starts a challenge; `name=value` (value quoted or bare) is a parameter of the last one.
  const part = /\s*,?\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/y;
  const challenges: Challenge[] = [];
  for (let match = part.exec(header); match && match[0] !== ''; match = part.exec(header)) {
    const [, name, quoted, bare] = match;
    const current = challenges.at(-1);
    if (quoted === undefined && bare === undefined) challenges.push({ scheme: name.toLowerCase(), params: {} });
    else if (current) current.params[name.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? bare;
  }
  return challenges;
}

export interface Credentials {
  username: string;
  password: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
}

const DOCKER_HUB_KEYS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/**
 * Login for `registry` from a Docker client config (`auths.<host>.auth`, base64 `user:pass`).
 * `credsStore` and `credHelpers` are ignored: running helper programs is out of scope here.
 */
export async function dockerConfigCredentials(path: string, registry: string): Promise<Credentials | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`${path}: cannot read the Docker config (${messageOf(error)})`);
  }
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch {
    throw new UserError(`${path}: the Docker config is not valid JSON`);
  }
  const wanted = registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry.toLowerCase()];
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    // Keys are written as `host`, `https://host` or `https://index.docker.io/v1/`.
    const host = key
      .replace(/^[a-z]+:\/\//i, '')
      .split('/')[0]
      .toLowerCase();
    if (!wanted.includes(host) || !entry || typeof entry !== 'object') continue;
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) throw new UserError(`${path}: auths.${key}.auth is not base64 of user:password`);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password };
  }
  return undefined;
}

export function defaultDockerConfigPath(): string {
  return join(process.env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

export interface AuthSettings {
  /** The image reference as the user wrote it, for messages. */
  label: string;
  /** The registry as named in the reference (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  /** Origin of the registry's API (`https://registry-1.docker.io`). */
  origin: string;
  repository: string;
  dockerConfigPath: string;
  githubToken?: string;
  /** Registries that get the GitHub token as a password. */
  githubTokenHosts: string[];
  /** Whether a host may be spoken to over plain HTTP (loopback or listed as insecure). */
  plainHttpAllowed: (host: string) => boolean;
  onSecret: (secret: string) => void;
  http: HttpSettings;
}

interface CachedAuthorization {
  authorization: string;
  expiresAt: number;
}

const MAX_TOKEN_RESPONSE = 1024 * 1024;
const DEFAULT_TOKEN_SECONDS = 60;

/** Answers a registry's 401 challenges and keeps the resulting Authorization per scope. */
export class RegistryAuth {
  private readonly settings: AuthSettings;
  private readonly cache = new Map<string, CachedAuthorization>();
  private credentials: Promise<Credentials | undefined> | undefined;

  constructor(settings: AuthSettings) {
    this.settings = settings;
  }

  private get scope(): string {
    return `repository:${this.settings.repository}:pull`;
  }

  /** The Authorization for the registry's origin, when a challenge was answered and it has not expired. */
  credential(): Credential | undefined {
    const cached = this.cache.get(this.scope);
    if (!cached || cached.expiresAt <= Date.now()) return undefined;
    return { authorization: cached.authorization, origin: this.settings.origin };
  }

  /** Answers a 401's `WWW-Authenticate`; throws access denied when it cannot be answered. */
  async answer(header: string | null): Promise<void> {
    const challenges = parseChallenges(header ?? '');
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    if (bearer) {
      this.cache.set(this.scope, await this.fetchToken(bearer));
      return;
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      const credentials = await this.loadCredentials();
      if (!credentials) throw this.accessDenied(401);
      const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      this.settings.onSecret(authorization.slice('Basic '.length));
      this.cache.set(this.scope, { authorization, expiresAt: Infinity });
      return;
    }
    throw this.accessDenied(401);
  }

  accessDenied(status: number): UserError {
    return new UserError(`${this.settings.label}: access denied by ${this.settings.registry} (HTTP ${status}); log in with docker login or pass github-token`);
  }

  private async fetchToken(challenge: Challenge): Promise<CachedAuthorization> {
    const { label, registry } = this.settings;
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
    } catch {
      throw new UserError(`${label}: ${registry} names an invalid token realm "${challenge.params.realm}"`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
      throw new UserError(`${label}: ${registry} names a token realm that is not HTTP: ${realm.href}`);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope || this.scope);
    const credentials = await this.loadCredentials();
    // Credentials never cross the network in clear text, except to a host trusted for plain HTTP.
    const mayCarry = credentials && (realm.protocol === 'https:' || this.settings.plainHttpAllowed(realm.host));
    const credential: Credential | undefined = mayCarry
      ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`, origin: realm.origin }
      : undefined;
    if (credential) this.settings.onSecret(credential.authorization.slice('Basic '.length));
    const what = `${label}: the token service ${realm.host}`;
    const body = await retrying(
      what,
      this.settings.http,
      () => send(realm, { accept: 'application/json' }, credential, this.settings.http, what),
      async (response) => {
        if (response.status === 401 || response.status === 403) {
          await response.discard();
          throw this.accessDenied(response.status);
        }
        if (response.status !== 200) {
          await response.discard();
          throw new UserError(`${what} answered HTTP ${response.status}`);
        }
        return readBody(response, MAX_TOKEN_RESPONSE, `${what}'s answer`);
      },
    );
    let answer: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      answer = JSON.parse(body.toString('utf8')) as typeof answer;
    } catch {
      throw new UserError(`${what} answered with something that is not JSON`);
    }
    const token = typeof answer?.token === 'string' && answer.token ? answer.token : answer?.access_token;
    if (typeof token !== 'string' || token === '') throw new UserError(`${what} answered without a token`);
    this.settings.onSecret(token);
    const seconds = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : DEFAULT_TOKEN_SECONDS;
    // A tenth of the lifetime as margin, so a token does not expire between check and use.
    return { authorization: `Bearer ${token}`, expiresAt: Date.now() + seconds * 900 };
  }

  private loadCredentials(): Promise<Credentials | undefined> {
    this.credentials ??= (async () => {
      const { dockerConfigPath, registry, githubToken, githubTokenHosts, onSecret } = this.settings;
      const fromConfig = await dockerConfigCredentials(dockerConfigPath, registry);
      const credentials =
        fromConfig ?? (githubToken && githubTokenHosts.includes(registry) ? { username: 'x-access-token', password: githubToken } : undefined);
      if (credentials) onSecret(credentials.password);
      return credentials;
    })();
    return this.credentials;
  }
}
