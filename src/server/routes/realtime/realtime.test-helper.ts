/** @module Test kit for the realtime routes: a server with a signed-in user, and SSE / WebSocket clients. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'undici';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { createLogger } from '../../../kernel/log/create-logger.js';
import { createFieldCipher } from '../../../kernel/crypto/sm4-field.js';
import { createSessionService } from '../../../mini-program/session/session-service.js';
import { createUserStore } from '../../../mini-program/session/user-store.js';
import type { CreateRealtimeDeps } from '../../../realtime/index.js';
import { createRealtime, type RealtimeService } from '../../../realtime/index.js';
import { testConfig } from '../../../../test/helpers/test-config.js';
import type { RealtimeConfig } from '../../../config/config.types.js';
import { buildApp } from '../../build-app.js';
import { createRuntime, type Runtime } from '../../create-runtime.js';

const JWT_SECRET = 'realtime-test-jwt-secret-0123456789';
const FIELD_KEYS = { '1': '00112233445566778899aabbccddeeff' };

export interface RealtimeServer {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly realtime: RealtimeService;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly logLines: string[];
  signIn(openid: string): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

/**
 * A listening server on loopback; its realtime over `realtimeDeps` (Redis when given one). Servers given
 * the same `dataDir` share one SQLite store, as instances share PostgreSQL (the first one removes it).
 */
export async function startRealtimeServer(
  realtimeDeps?: CreateRealtimeDeps,
  options: { dataDir?: string; realtime?: RealtimeConfig } = {},
): Promise<RealtimeServer & { dataDir: string }> {
  const shared = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wegate-realtime-'));
  const config = testConfig({
    sandbox: false,
    dataDir,
    secrets: { jwtSecret: JWT_SECRET, fieldKeys: FIELD_KEYS },
    ...(options.realtime ? { realtime: options.realtime } : {}),
  });
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const runtime = await createRuntime(config, { logger });
  const realtime = realtimeDeps ? createRealtime(realtimeDeps) : (runtime.deps.realtime as RealtimeService);
  const app = await buildApp(config, { ...runtime.deps, realtime });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const cipher = createFieldCipher({ keys: FIELD_KEYS });
  const users = createUserStore({ store: runtime.deps.store, cipher });
  const sessions = createSessionService({ jwtSecret: JWT_SECRET }, { store: runtime.deps.store, users });
  return {
    dataDir,
    app,
    runtime,
    realtime,
    url: `http://127.0.0.1:${port}`,
    logLines,
    async signIn(openid) {
      const sessionKey = Buffer.alloc(16, 1).toString('base64');
      const user = await users.upsertLogin({ appid: 'wxrealtime0000001', openid, sessionKey });
      const issued = await sessions.issue({ userId: user.id, appid: 'wxrealtime0000001', openid });
      return { id: user.id, token: issued.token };
    },
    async close() {
      await app.close();
      if (realtimeDeps) await realtime.close();
      await runtime.close();
      if (!shared) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ReceivedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
}

async function waitFor<T>(items: T[], count: number, timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (items.length < count) {
    if (Date.now() > deadline) throw new Error(`got ${items.length} of ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return items;
}

/** An EventSource-like reader over fetch: parses `id:`/`data:` messages. */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: ReceivedEvent[] = [];
  let closeReason: string | undefined;
  let buffer = '';
  const pump = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: close$/m.test(block) && data)
            closeReason = (JSON.parse(data) as { data: { reason: string } }).data.reason;
          else if (data !== undefined && id !== undefined)
            events.push({ id, ...(JSON.parse(data) as { type: string; data: unknown }) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    res,
    events,
    closeReason: () => closeReason,
    until: (count: number, timeoutMs = 5000) => waitFor(events, count, timeoutMs),
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

/** A WebSocket client (undici's, as a browser's) collecting the JSON frames. */
export async function openWs(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const events: ReceivedEvent[] = [];
  let closed: { code: number; reason: string } | undefined;
  socket.addEventListener('message', (e) => events.push(JSON.parse(String(e.data)) as ReceivedEvent));
  socket.addEventListener('close', (e) => (closed = { code: e.code, reason: e.reason }));
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('websocket handshake failed')));
  });
  return {
    socket,
    events,
    closed: () => closed,
    until: (count: number, timeoutMs = 5000) => waitFor(events, count, timeoutMs),
    close: () => socket.close(),
  };
}

/**
 * A WebSocket handshake by hand: the HTTP status answered (101 when upgraded) and, when upgraded, the
 * raw socket, paused (a client that stopped reading).
 */
export function upgrade(url: string, headers: Record<string, string> = {}) {
  type Answer = { status: number; socket?: Socket; body?: string; headers?: Record<string, unknown> };
  return new Promise<Answer>((resolve, reject) => {
    // A connection of its own: after a refused upgrade the server closes it, so it cannot be reused.
    const req = httpRequest(url, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket: Socket) => {
      socket.pause();
      resolve({ status: 101, socket, headers: res.headers });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
