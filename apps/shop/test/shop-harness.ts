/** Test kit: `wegate serve` in sandbox mode with the shop, on SQLite or PostgreSQL, driven over HTTP. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from 'wegate';
import { main, type RunningServer } from 'wegate/server';
import { createShopPlugin, type ShopOptions } from '../src/index.js';
import { shopDb, type ShopDb } from '../src/tables.js';
import { startNotifyFanout, type NotifyFanout } from './notify-fanout.js';

export type Dialect = 'sqlite' | 'postgres';
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Answer {
  readonly status: number;
  readonly body: Json;
}

export interface Buyer {
  readonly token: string;
  readonly openid: string;
}

export interface ShopHarness {
  readonly server: RunningServer;
  readonly url: string;
  readonly db: ShopDb;
  readonly mpAppid: string;
  readonly fanout: NotifyFanout;
  login(user?: string): Promise<Buyer>;
  call(
    method: string,
    path: string,
    init?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** The emulator's control API (`/__emulator` + path). */
  emulator(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Stop the server, keeping the data (a restart reopens it). */
  stop(): Promise<void>;
  restart(shop?: ShopOptions): Promise<ShopHarness>;
  /** Stop and delete everything. */
  close(): Promise<void>;
}

export const testDatabaseUrl = () =>
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(WECHAT_|WEGATE_|DATABASE_URL|REDIS_URL|PORT|HOST)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Place {
  readonly env: Record<string, string>;
  readonly dataDir: string;
  readonly schema?: string;
  readonly fanout: NotifyFanout;
}

async function boot(place: Place, shop: ShopOptions, port: number): Promise<ShopHarness> {
  const base = cleanEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: place.dataDir,
    WEGATE_SANDBOX: '1',
    LOG_LEVEL: process.env['SHOP_TEST_LOG'] ?? 'silent',
    ...(place.schema
      ? { DATABASE_URL: `${testDatabaseUrl()}?options=-c%20search_path%3D${place.schema}` }
      : {}),
    ...place.env,
  });
  // The sandbox's generated merchant, named in full so its notify URL can point at the fan-out.
  const merchant = loadConfig({ env: base, cwd: place.dataDir }).pay;
  if (!merchant) throw new Error('the sandbox has no merchant');
  const env = {
    ...base,
    WECHAT_PAY_MCHID: merchant.mchid,
    WECHAT_PAY_APIV3_KEY: merchant.apiv3Key,
    WECHAT_PAY_PRIVATE_KEY: merchant.privateKeyPath,
    WECHAT_PAY_CERT_SERIAL: merchant.certSerial,
    WECHAT_PAY_NOTIFY_URL: `${place.fanout.url}/pay/notify`,
  };
  const server = await main({
    env,
    cwd: place.dataDir,
    plugins: [createShopPlugin({ stepTimeoutMs: 3000, ...shop })],
  });
  const url = server.url;
  place.fanout.target = url;
  // The pay client fetches the platform certificates (the emulator makes its keys) before the first order.
  await server.deps.pay?.client.transactions.queryByOutTradeNo('WARMUP0001').catch(() => undefined);
  const call: ShopHarness['call'] = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers['authorization'] = `Bearer ${init.token}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const mpAppid = server.deps.apps['mp']?.config.appid ?? '';
  const harness: ShopHarness = {
    server,
    url,
    db: shopDb(server.deps.store),
    mpAppid,
    fanout: place.fanout,
    call,
    emulator: (method, path, body) => call(method, `/__emulator${path}`, body === undefined ? {} : { body }),
    async login(user = `buyer-${randomBytes(4).toString('hex')}`) {
      const minted = await call('POST', '/__emulator/mp/login', { body: { appid: mpAppid, user } });
      const login = await call('POST', '/api/auth/login', { body: { code: minted.body['code'] } });
      if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
      return { token: login.body['data']['token'] as string, openid: minted.body['openid'] as string };
    },
    stop: () => server.close(),
    restart: async (next = shop) => boot(place, next, port),
    async close() {
      await server.close();
      await place.fanout.close();
      if (place.schema) await admin(`drop schema if exists "${place.schema}" cascade`);
      rmSync(place.dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

export async function startShop(
  dialect: Dialect,
  shop: ShopOptions = {},
  env: Record<string, string> = {},
): Promise<ShopHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), `wegate-shop-${dialect}-`));
  const schema = dialect === 'postgres' ? `shop_test_${randomBytes(5).toString('hex')}` : undefined;
  if (schema) await admin(`create schema "${schema}"`);
  const fanout = await startNotifyFanout();
  return boot({ env, dataDir, fanout, ...(schema ? { schema } : {}) }, shop, await freePort());
}

/** Polls `read` until `accept` holds (or fails with the last value after `timeoutMs`). */
export async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > end)
      throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every product id of the list for `query`, following its cursors page by page. */
export async function listAllIds(shop: ShopHarness, query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await shop.call('GET', `/api/shop/products?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...(page.body['data']['items'] as Array<{ id: string }>).map((p) => p.id));
    cursor = page.body['data']['nextCursor'] as string | null;
  } while (cursor);
  return seen;
}

/**
 * The audit records about `target`, oldest first: sealed ones and those still waiting for the sealer (read
 * first, so a record sealed in between is seen twice and kept once, never missed).
 */
export async function auditRecordsAbout(shop: ShopHarness, target: string) {
  const { db } = shop.server.deps.store;
  const waiting = await db
    .selectFrom('wegate_audit_pending')
    .selectAll()
    .where('target', '=', target)
    .execute();
  const sealed = await db
    .selectFrom('wegate_audit_records')
    .selectAll()
    .where('target', '=', target)
    .execute();
  const sealedIds = new Set(sealed.map((r) => r.id));
  return [...sealed, ...waiting.filter((r) => !sealedIds.has(r.id))].sort((a, b) => a.at - b.at);
}
