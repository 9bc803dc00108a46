/** @module A sandbox server with the outbox for e2e tests: apps oa and mp, HTTP helpers, polling. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Router } from '../../src/callback/index.js';
import type { WegateConfig } from '../../src/config/config.types.js';
import type { Clock, Queue, Store } from '../../src/kernel/ports/index.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { createRuntimeOutbox } from '../../src/outbox/create-runtime-outbox.js';
import type { OutboxOptions } from '../../src/outbox/index.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime, type Runtime } from '../../src/server/create-runtime.js';
import type { CallbackContext } from '../../src/server/routes/wechat/callback-context.js';
import { testConfig } from './test-config.js';

/** The gateway key an outbox server gets when the test names none (the outbox API exists only with one). */
export const OUTBOX_TEST_KEY = 'outbox-test-gateway-key-0123456789';

export interface OutboxServerOptions {
  /** WEGATE_GATEWAY_KEY; default OUTBOX_TEST_KEY. */
  readonly gatewayKey?: string;
  readonly outbox?: OutboxOptions;
  readonly clock?: Clock;
  /** Another queue for the outbox (e.g. BullMQ under a unique prefix); closed by its maker. */
  readonly queue?: (store: Store) => Queue;
  /** Callback routers by app name, in place of the sandbox's welcome/echo routers. */
  readonly callbacks?: Record<string, Router<CallbackContext>>;
}

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface OutboxServer {
  readonly url: string;
  /** The gateway key `/api/messages` requires. */
  readonly key: string;
  readonly config: WegateConfig;
  readonly runtime: Runtime;
  call(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; json: Json }>;
  /** POST to the emulator's control API. */
  emulator(path: string, body: unknown): Promise<Json>;
  inbox(app: 'oa' | 'mp', openid: string): Promise<Json[]>;
  /** Polls GET /api/messages/:id until its status is one of `statuses`. */
  waitFor(id: string, statuses: string[], timeoutMs?: number): Promise<Json>;
  close(): Promise<void>;
}

const app = (name: string, type: 'official-account' | 'mini-program', n: number) =>
  ({
    name,
    type,
    appid: `wxob0000000000000${n}`,
    secret: `ob-secret-${n}`,
    token: `cbtoken${n}`,
    tokenMode: 'stable',
    msgMode: 'plain',
    pushFormat: 'xml',
  }) as const;

export async function startOutboxServer(options: OutboxServerOptions = {}): Promise<OutboxServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wegate-outbox-'));
  const key = options.gatewayKey ?? OUTBOX_TEST_KEY;
  const config = testConfig({
    dataDir,
    apps: { oa: app('oa', 'official-account', 1), mp: app('mp', 'mini-program', 2) },
    secrets: { fieldKeys: {}, gatewayKey: key },
  });
  const logger = createLogger({ level: 'silent' });
  const outboxSettings = { ...options.outbox, ...(options.clock ? { clock: options.clock } : {}) };
  const runtime = await createRuntime(config, { logger, outbox: outboxSettings });
  let deps = runtime.deps;
  let queue: Queue | undefined;
  if (options.queue) {
    queue = options.queue(deps.store);
    const outbox = createRuntimeOutbox({
      options: options.outbox ?? {},
      deps: { store: deps.store, queue, apps: deps.apps, ...(options.clock ? { clock: options.clock } : {}) },
      appTypes: { oa: 'official-account', mp: 'mini-program' },
      ...(deps.callbacks ? { routers: deps.callbacks as never } : {}),
    });
    deps = { ...deps, queue, outbox };
  }
  if (options.callbacks) deps = { ...deps, callbacks: { ...deps.callbacks, ...options.callbacks } };
  const server: FastifyInstance = await buildApp(config, deps);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  const call: OutboxServer['call'] = async (method, path, body, key) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  return {
    url,
    key,
    config,
    runtime,
    call,
    emulator: async (path, body) => (await call('POST', `/__emulator${path}`, body)).json,
    inbox: async (name, openid) =>
      (await call('GET', `/__emulator/users/${openid}/inbox?app=${name}`)).json['inbox'] as Json[],
    async waitFor(id, statuses, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const { json } = await call('GET', `/api/messages/${id}`, undefined, key);
        if (statuses.includes(json['data']?.status)) return json['data'] as Json;
        if (Date.now() > end) throw new Error(`message ${id} still ${JSON.stringify(json['data'])}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await server.close();
      await queue?.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
