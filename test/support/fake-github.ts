// A local stand-in for the GitHub REST API, as much of it as the action uses: who am I, issue
// comments (listed with pagination, created, updated), file contents at a commit and pull requests.
// It records every request and can inject the faults a workflow meets: a read-only token's 403,
// a 500, a secondary rate limit. Bounded: request bodies and the number of requests are capped, and
// `startFakeGitHub` closes it in the suite's afterAll.
import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** The path below the API root, e.g. `/repos/acme/app/issues/7/comments`, percent-decoded. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The JSON body, parsed; undefined without one. */
  body?: unknown;
}

export interface CommentUser {
  login: string;
  id: number;
  type: 'Bot' | 'User';
}

export interface StoredComment {
  id: number;
  body: string;
  user: CommentUser;
  created_at: string;
  updated_at: string;
}

export type FaultKind = 'forbidden' | 'server-error' | 'secondary-rate-limit';

export interface Fault {
  kind: FaultKind;
  /** Requests it applies to; default every request. */
  methods?: readonly string[];
  path?: RegExp;
  /** How many matching requests fail; default 1. */
  times?: number;
}

/** POST and PATCH of issue comments: where a fork's read-only token is refused. */
export const COMMENT_WRITES = { methods: ['POST', 'PATCH'], path: /\/comments(\/\d+)?$/ } as const;

export interface FakeGitHubOptions {
  /** The token requests must carry; any other gets 401 Bad credentials. */
  token?: string;
  /** Who comments: the workflow token posts as github-actions[bot]. */
  botLogin?: string;
  /** `GET /user`: refused as for an installation token (the default), or this login (a personal token). */
  user?: 'forbidden' | { login: string };
  /** The API root's path, e.g. `/api/v3` as on GitHub Enterprise Server. */
  prefix?: string;
  /** Seconds a secondary rate limit asks to wait. */
  retryAfterSeconds?: number;
  /** Requests answered before the server refuses more (a runaway loop fails instead of spinning). */
  maxRequests?: number;
}

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_REQUESTS = 500;
export const DEFAULT_TOKEN = 'ghs_FakeInstallationToken0123456789abcdef';
const CREATED = '2025-01-01T00:00:00Z';

interface Route {
  method: string;
  pattern: RegExp;
  handle: (request: RecordedRequest, match: string[], response: ServerResponse) => void;
}

/** Starts a fake GitHub for a test file; it stops in afterAll. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const github = await FakeGitHub.start(options);
  afterAll(() => github.close());
  return github;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly token: string;
  /** The API root to give as GITHUB_API_URL. */
  url = '';
  private readonly options: FakeGitHubOptions;
  private readonly server: Server;
  private readonly comments = new Map<string, StoredComment[]>();
  private readonly files = new Map<string, string>();
  private readonly pulls = new Map<string, { headSha: string; baseSha: string }>();
  private readonly faults: (Fault & { left: number })[] = [];
  private readonly routes: Route[];
  private nextCommentId = 1001;
  private answered = 0;

  private constructor(options: FakeGitHubOptions) {
    this.options = options;
    this.token = options.token ?? DEFAULT_TOKEN;
    this.server = createServer((request, response) => this.receive(request, response));
    this.server.requestTimeout = 10_000;
    this.routes = [
      { method: 'GET', pattern: /^\/user$/, handle: (_request, _match, response) => this.authenticatedUser(response) },
      { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, handle: (r, m, response) => this.listComments(r, m, response) },
      { method: 'POST', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, handle: (r, m, response) => this.createComment(r, m, response) },
      { method: 'PATCH', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/, handle: (r, m, response) => this.updateComment(r, m, response) },
      { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/, handle: (r, m, response) => this.contents(r, m, response) },
      { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/, handle: (_r, m, response) => this.pullRequest(m, response) },
    ];
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const github = new FakeGitHub(options);
    await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
    github.url = `http://127.0.0.1:${(github.server.address() as AddressInfo).port}${options.prefix ?? ''}`;
    return github;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get botLogin(): string {
    return this.options.botLogin ?? 'github-actions[bot]';
  }

  /** `METHOD /path` of every request, in order: compact to assert on. */
  calls(): string[] {
    return this.requests.map((request) => `${request.method} ${request.path}`);
  }

  /** Forgets the requests (not the comments, files or faults), between two runs of a test. */
  clearRequests(): void {
    this.requests.length = 0;
  }

  fail(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  commentsOn(owner: string, repo: string, number: number): StoredComment[] {
    return this.comments.get(`${owner}/${repo}#${number}`) ?? [];
  }

  /** A comment already on the pull request, by `login` (a human unless it ends in `[bot]`). */
  addComment(owner: string, repo: string, number: number, body: string, login = this.botLogin): StoredComment {
    const comment: StoredComment = { id: this.nextCommentId++, body, user: userOf(login), created_at: CREATED, updated_at: CREATED };
    const key = `${owner}/${repo}#${number}`;
    this.comments.set(key, [...(this.comments.get(key) ?? []), comment]);
    return comment;
  }

  /** A file of the repository at a commit, for the contents API. */
  setFile(owner: string, repo: string, ref: string, path: string, content: string): void {
    this.files.set(`${owner}/${repo}@${ref}:${path}`, content);
  }

  setPullRequest(owner: string, repo: string, number: number, pr: { headSha: string; baseSha: string }): void {
    this.pulls.set(`${owner}/${repo}#${number}`, pr);
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        send(response, 413, { message: `fake GitHub: request body over ${MAX_BODY_BYTES} bytes` });
        return;
      }
      this.answer(request, Buffer.concat(chunks), response);
    });
  }

  private answer(request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const prefix = this.options.prefix ?? '';
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
    };
    if (raw.length > 0) {
      try {
        recorded.body = JSON.parse(raw.toString('utf8'));
      } catch {
        send(response, 400, { message: 'Problems parsing JSON' });
        return;
      }
    }
    if (++this.answered > (this.options.maxRequests ?? DEFAULT_MAX_REQUESTS)) {
      send(response, 503, { message: 'fake GitHub: too many requests for one test' });
      return;
    }
    this.requests.push(recorded);
    if (!url.pathname.startsWith(prefix)) {
      send(response, 404, { message: 'Not Found' });
      return;
    }
    const authorization = request.headers.authorization;
    if (authorization !== `token ${this.token}` && authorization !== `Bearer ${this.token}`) {
      send(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const fault = this.faults.find(
      (f) => f.left > 0 && (f.methods === undefined || f.methods.includes(recorded.method)) && (f.path === undefined || f.path.test(recorded.path)),
    );
    if (fault) {
      fault.left -= 1;
      this.injectFault(fault.kind, response);
      return;
    }
    for (const route of this.routes) {
      const match = route.method === recorded.method ? route.pattern.exec(recorded.path) : null;
      if (match) {
        route.handle(recorded, match, response);
        return;
      }
    }
    send(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  private injectFault(kind: FaultKind, response: ServerResponse): void {
    if (kind === 'forbidden') {
      send(response, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      });
    } else if (kind === 'server-error') {
      send(response, 500, { message: 'Server Error' });
    } else {
      send(
        response,
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        { 'retry-after': String(this.options.retryAfterSeconds ?? 1) },
      );
    }
  }

  private authenticatedUser(response: ServerResponse): void {
    const user = this.options.user ?? 'forbidden';
    if (user === 'forbidden') {
      send(response, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        status: '403',
      });
    } else {
      send(response, 200, { ...userOf(user.login), name: user.login });
    }
  }

  private listComments(request: RecordedRequest, [, owner, repo, number]: string[], response: ServerResponse): void {
    const all = this.commentsOn(owner, repo, Number(number));
    const perPage = Math.min(Math.max(Number(request.query.per_page ?? 30) || 30, 1), 100);
    const page = Math.max(Number(request.query.page ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(all.length / perPage), 1);
    const pageUrl = (n: number) => `${this.url}/repos/${owner}/${repo}/issues/${number}/comments?per_page=${perPage}&page=${n}`;
    const links = [
      ...(page > 1 ? [`<${pageUrl(page - 1)}>; rel="prev"`] : []),
      ...(page < last ? [`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`] : []),
      ...(page > 1 ? [`<${pageUrl(1)}>; rel="first"`] : []),
    ];
    const body = all.slice((page - 1) * perPage, page * perPage).map((comment) => this.commentJson(owner, repo, Number(number), comment));
    send(response, 200, body, links.length > 0 ? { link: links.join(', ') } : {});
  }

  private createComment(request: RecordedRequest, [, owner, repo, number]: string[], response: ServerResponse): void {
    const text = (request.body as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string' || text === '') {
      send(response, 422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }] });
      return;
    }
    if (text.length > 65_536) {
      send(response, 422, {
        message: 'Validation Failed',
        errors: [{ resource: 'IssueComment', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }],
      });
      return;
    }
    const comment = this.addComment(owner, repo, Number(number), text);
    send(response, 201, this.commentJson(owner, repo, Number(number), comment), {
      location: `${this.url}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
    });
  }

  private updateComment(request: RecordedRequest, [, owner, repo, id]: string[], response: ServerResponse): void {
    for (const [key, comments] of this.comments) {
      const comment = comments.find((c) => c.id === Number(id));
      if (!comment || !key.startsWith(`${owner}/${repo}#`)) continue;
      const text = (request.body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string' || text.length > 65_536) {
        send(response, 422, { message: 'Validation Failed' });
        return;
      }
      comment.body = text;
      comment.updated_at = new Date().toISOString();
      send(response, 200, this.commentJson(owner, repo, Number(key.split('#')[1]), comment));
      return;
    }
    send(response, 404, { message: 'Not Found' });
  }

  private contents(request: RecordedRequest, [, owner, repo, path]: string[], response: ServerResponse): void {
    const ref = request.query.ref ?? 'main';
    const content = this.files.get(`${owner}/${repo}@${ref}:${path}`);
    if (content === undefined) {
      send(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content', status: '404' });
      return;
    }
    const bytes = Buffer.from(content, 'utf8');
    send(response, 200, {
      type: 'file',
      encoding: 'base64',
      size: bytes.length,
      name: path.split('/').at(-1),
      path,
      // GitHub wraps the base64 at 60 characters.
      content: (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n',
      sha: '0'.repeat(40),
      url: `${this.url}/repos/${owner}/${repo}/contents/${path}?ref=${ref}`,
    });
  }

  private pullRequest([, owner, repo, number]: string[], response: ServerResponse): void {
    const pr = this.pulls.get(`${owner}/${repo}#${number}`);
    if (!pr) {
      send(response, 404, { message: 'Not Found' });
      return;
    }
    send(response, 200, {
      number: Number(number),
      state: 'open',
      head: { sha: pr.headSha, ref: 'feature', repo: { full_name: `contributor/${repo}` } },
      base: { sha: pr.baseSha, ref: 'main', repo: { full_name: `${owner}/${repo}` } },
    });
  }

  private commentJson(owner: string, repo: string, number: number, comment: StoredComment): object {
    return {
      ...comment,
      url: `${this.url}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${number}#issuecomment-${comment.id}`,
      issue_url: `${this.url}/repos/${owner}/${repo}/issues/${number}`,
      author_association: comment.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    };
  }
}

function userOf(login: string): CommentUser {
  return { login, id: login.endsWith('[bot]') ? 41898282 : 1000 + login.length, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-github-request-id': '0000:0000:0000:0000',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    ...headers,
  });
  response.end(text);
}
