/**
 * A tiny in-process HTTP server standing in for Meta in unit tests: canned replies per route, and a
 * record of every request (method, path, query, headers, body) so tests can assert what was sent.
 * Deliberately dumb; the faithful double lives in tests/sandbox.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { GraphEndpoints } from '../../../server/src/instagram/endpoints';

export interface RecordedRequest {
  method: string;
  /** Pathname without the query. */
  path: string;
  /** Path and query exactly as received. */
  rawUrl: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  form: URLSearchParams;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialized with JSON.stringify. */
  json?: unknown;
  /** Sent verbatim (for JSON that JSON.stringify cannot produce, like 17-digit integers). */
  raw?: string;
  /** Never answer: for timeout tests. */
  hang?: boolean;
}

type Responder = Reply | Reply[] | ((request: RecordedRequest, callIndex: number) => Reply);

interface Route {
  method: string;
  path: string | RegExp;
  responder: Responder;
  calls: number;
}

/** Bases with distinct prefixes, so each host's calls are told apart on one server. */
export const endpointsFor = (baseUrl: string): GraphEndpoints => ({
  instagramAuthorize: `${baseUrl}/ig-www/oauth/authorize`,
  instagramApi: `${baseUrl}/ig-api`,
  instagramGraph: `${baseUrl}/ig-graph`,
  facebookDialog: `${baseUrl}/fb-www`,
  facebookGraph: `${baseUrl}/fb-graph`,
});

export class FakeGraph {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeGraph> {
    let fake: FakeGraph | undefined;
    const server = http.createServer((req, res) => {
      void fake!.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeGraph(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  get endpoints(): GraphEndpoints {
    return endpointsFor(this.baseUrl);
  }

  /** Replies to `method path`; an array is consumed in order and its last entry repeats. */
  on(method: string, path: string | RegExp, responder: Responder): this {
    this.routes.unshift({ method: method.toUpperCase(), path, responder, calls: 0 });
    return this;
  }

  callsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && r.path === path);
  }

  reset(): void {
    this.requests.length = 0;
    this.routes.length = 0;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      rawUrl: req.url ?? '/',
      query: url.searchParams,
      headers: req.headers,
      body,
      form: new URLSearchParams(body),
    };
    this.requests.push(recorded);

    const route = this.routes.find(
      (r) => r.method === recorded.method && (typeof r.path === 'string' ? r.path === recorded.path : r.path.test(recorded.path)),
    );
    const reply: Reply = route
      ? pick(route.responder, recorded, route.calls++)
      : { status: 404, json: { error: { message: `no fake route for ${recorded.method} ${recorded.path}`, type: 'GraphMethodException', code: 803 } } };

    if (reply.hang) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    const payload = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(payload);
  }
}

const pick = (responder: Responder, request: RecordedRequest, index: number): Reply => {
  if (typeof responder === 'function') return responder(request, index);
  if (Array.isArray(responder)) return responder[Math.min(index, responder.length - 1)]!;
  return responder;
};

/** Graph's error body, as a reply. */
export const graphErrorReply = (
  status: number,
  code: number,
  subcode?: number,
  extra: { message?: string; headers?: Record<string, string>; userMessage?: string } = {},
): Reply => ({
  status,
  headers: extra.headers,
  json: {
    error: {
      message: extra.message ?? `fake error ${code}`,
      type: 'OAuthException',
      code,
      ...(subcode !== undefined ? { error_subcode: subcode } : {}),
      ...(extra.userMessage ? { error_user_msg: extra.userMessage } : {}),
      is_transient: false,
      fbtrace_id: 'trace-123',
    },
  },
});
