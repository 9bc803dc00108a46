/** @module A minimal fake api.weixin.qq.com for kernel unit tests: tokens, tickets, a few APIs, faults. */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next matching request gets instead of the normal answer. */
export type FakeFault =
  | { errcode: number; errmsg?: string }
  | { status: number }
  | { close: true }
  | { delayMs: number }
  | { body: string; type?: string };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The query string as received, without `?` (repeated parameters stay visible). */
  readonly search: string;
  /** Parsed JSON, or the text when the body is not JSON. */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface FakeWeChatOptions {
  appid?: string;
  secret?: string;
  /** Lifetime of tokens and tickets in seconds (WeChat: 7200). */
  expiresIn?: number;
  /** Time source in ms; share a manual clock with the code under test to travel in time. */
  now?: () => number;
}

export interface FakeWeChat {
  readonly url: string;
  readonly appid: string;
  readonly secret: string;
  /** Tokens and tickets issued so far. */
  readonly issued: { classic: number; stable: number; forced: number; tickets: number };
  /** Every request received, in order, with its query and JSON body. */
  readonly requests: RecordedRequest[];
  /** Answer the next `times` requests to `path` with `fault`. */
  fail(path: string, fault: FakeFault, times?: number): void;
  /** Make a token invalid at once (WeChat answers 40001 for it). */
  revoke(token: string): void;
  /** How many requests reached `path`. */
  count(path: string): number;
  close(): Promise<void>;
}

type Reply = { status: number; json?: unknown; bytes?: Buffer; type?: string };
type Handler = (req: RecordedRequest) => Reply;

const ok = (json: unknown): Reply => ({ status: 200, json });
const wxError = (errcode: number, errmsg: string): Reply => ok({ errcode, errmsg });

export async function startFakeWeChat(options: FakeWeChatOptions = {}): Promise<FakeWeChat> {
  const appid = options.appid ?? 'wxfake0000000001';
  const secret = options.secret ?? 'fake-secret-0123456789abcdef0123';
  const expiresIn = options.expiresIn ?? 7200;
  const now = options.now ?? Date.now;
  const tokens = new Map<string, number>();
  const tickets = new Map<string, number>();
  const faults = new Map<string, FakeFault[]>();
  const requests: RecordedRequest[] = [];
  const issued = { classic: 0, stable: 0, forced: 0, tickets: 0 };
  let classicToken: string | undefined;
  let stableToken: string | undefined;

  const newToken = (kind: string): string => {
    const token = `${kind}-${randomBytes(24).toString('hex')}`;
    tokens.set(token, now() + expiresIn * 1000);
    return token;
  };
  const tokenError = (token: string | undefined): Reply | undefined => {
    if (!token) return wxError(41001, 'access_token missing');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined)
      return wxError(40001, 'invalid credential, access_token is invalid or not latest');
    if (expiresAt <= now()) return wxError(42001, 'access_token expired');
    return undefined;
  };
  const credentialError = (id: unknown, key: unknown): Reply | undefined => {
    if (id !== appid) return wxError(40013, 'invalid appid');
    if (key !== secret) return wxError(40125, 'invalid appsecret');
    return undefined;
  };
  const tokenReply = (token: string): Reply =>
    ok({
      access_token: token,
      expires_in: Math.max(0, Math.round(((tokens.get(token) ?? 0) - now()) / 1000)),
    });

  const routes: Record<string, Handler> = {
    'GET /cgi-bin/token': ({ query }) => {
      const error = credentialError(query.appid, query.secret);
      if (error) return error;
      // A classic fetch supersedes the previous token (the real overlap of 5 minutes is left out).
      if (classicToken) tokens.delete(classicToken);
      classicToken = newToken('classic');
      issued.classic += 1;
      return tokenReply(classicToken);
    },
    'POST /cgi-bin/stable_token': ({ body }) => {
      const b = (body ?? {}) as Record<string, unknown>;
      const error = credentialError(b.appid, b.secret);
      if (error) return error;
      const current = stableToken ? tokens.get(stableToken) : undefined;
      // Normal mode keeps the token until 5 minutes before expiry; force_refresh replaces it at once.
      if (b.force_refresh === true || current === undefined || current - now() <= 300_000) {
        if (stableToken) tokens.delete(stableToken);
        stableToken = newToken('stable');
        issued.stable += 1;
        if (b.force_refresh === true) issued.forced += 1;
      }
      return tokenReply(stableToken as string);
    },
    'GET /cgi-bin/getcallbackip': ({ query }) =>
      tokenError(query.access_token) ?? ok({ ip_list: ['101.226.62.77'] }),
    'GET /cgi-bin/ticket/getticket': ({ query }) => {
      const error = tokenError(query.access_token);
      if (error) return error;
      const ticket = `ticket-${query.type ?? 'jsapi'}-${randomBytes(16).toString('hex')}`;
      tickets.set(ticket, now() + expiresIn * 1000);
      issued.tickets += 1;
      return ok({ errcode: 0, errmsg: 'ok', ticket, expires_in: expiresIn });
    },
    'POST /cgi-bin/message/custom/send': ({ query }) => tokenError(query.access_token) ?? wxError(0, 'ok'),
    'POST /cgi-bin/media/upload': ({ query, body }) =>
      tokenError(query.access_token) ??
      ok({ type: query.type, media_id: `media-${String(body).length}`, created_at: 1700000000 }),
    'GET /cgi-bin/media/get': ({ query }) =>
      tokenError(query.access_token) ?? {
        status: 200,
        bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
        type: 'image/jpeg',
      },
  };

  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      search: url.search.slice(1),
      body: text ? parseBody(text) : undefined,
      ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
      headers: req.headers,
    };
    requests.push(recorded);
    const fault = faults.get(url.pathname)?.shift();
    if (fault && 'close' in fault) return void req.socket.destroy();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    const reply = faultReply(fault) ??
      routes[`${recorded.method} ${recorded.path}`]?.(recorded) ?? { status: 404, json: { errcode: 404 } };
    send(res, reply);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    appid,
    secret,
    issued,
    requests,
    fail(path, fault, times = 1) {
      faults.set(path, [...(faults.get(path) ?? []), ...Array.from({ length: times }, () => fault)]);
    },
    revoke(token) {
      tokens.delete(token);
    },
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function faultReply(fault: FakeFault | undefined): Reply | undefined {
  if (!fault) return undefined;
  if ('errcode' in fault) return wxError(fault.errcode, fault.errmsg ?? 'fault');
  if ('status' in fault) return { status: fault.status, json: { errcode: -1, errmsg: 'upstream' } };
  if ('body' in fault)
    return { status: 200, bytes: Buffer.from(fault.body), type: fault.type ?? 'text/plain' };
  return undefined;
}

function send(res: ServerResponse, reply: Reply): void {
  const body = reply.bytes ?? Buffer.from(JSON.stringify(reply.json));
  res.writeHead(reply.status, {
    'content-type': reply.type ?? 'application/json; encoding=utf-8',
    'content-length': body.length,
  });
  res.end(body);
}
