/**
 * 1,000 concurrent buyers for 10 units of one product: on PostgreSQL with three `wegate serve` processes
 * sharing it and Redis, and on SQLite with one. The servers run in production mode against a standalone
 * `wegate emulator` (the `*_BASE` variables) with the shop named in `WEGATE_PLUGINS`; every buyer logs in
 * before the race, then orders one unit, spread over the servers; every 201 is paid through the emulator.
 * Exactly 10 orders reach `paid`, the stock ends at 0, and a sampler reading the stock every few ms during
 * the race never sees it below 0. Needs dist/ and apps/shop/dist built (`npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from 'wegate/adapters';
import { shopDb } from '../src/tables.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Dialect = 'sqlite' | 'postgres';

interface ShopCluster {
  readonly emulatorUrl: string;
  readonly servers: readonly string[];
  readonly appid: string;
  readonly mchid: string;
  readonly adminKey: string;
  /** The schema the servers share (postgres only). */
  readonly schema?: string;
  /** The SQLite file of the single server (sqlite only). */
  readonly sqliteFile?: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Spawns `node dist/cli.js <args>` and resolves once `probe` answers 200 (logs stay quiet: no log line to wait for). */
async function start(args: string[], env: NodeJS.ProcessEnv, probe: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/cli.js', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (err.length < 20_000) err += d.toString();
  });
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited with ${child.exitCode}: ${err}`);
    const ok = await fetch(probe).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`${args[0]} not ready within 60 s: ${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function pgAdmin(sql: string, url = DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** A Redis database nobody uses (empty), claimed with a marker key; its keys are deleted on release. */
async function claimRedisDb(): Promise<{ url: string; release(): Promise<void> }> {
  for (let db = 15; db >= 1; db -= 1) {
    const url = `${REDIS_URL.replace(/\/\d*$/, '')}/${db}`;
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const claimed =
      (await redis.dbsize()) === 0 && (await redis.set('shop-cluster:claim', '1', 'NX')) === 'OK';
    if (!claimed) {
      redis.disconnect();
      continue;
    }
    return {
      url,
      async release() {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', 'wegate*', 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
        await redis.del('shop-cluster:claim');
        redis.disconnect();
      },
    };
  }
  throw new Error('no empty Redis database among 1–15');
}

interface ClusterOptions {
  readonly dialect: Dialect;
  readonly servers: number;
  /** Extra environment for every server. */
  readonly env?: Record<string, string>;
}

/** Starts the emulator and the servers; `close()` stops them and deletes the schema, keys and files. */
async function startShopCluster(options: ClusterOptions): Promise<ShopCluster> {
  const work = mkdtempSync(join(tmpdir(), `wegate-shop-cluster-${options.dialect}-`));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(work, { recursive: true, force: true })];
  const children: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(children.map(stop));
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const keyPath = join(work, 'apiclient_key.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const id = randomBytes(5).toString('hex');
    const shared: Record<string, string> = {
      HOST: '127.0.0.1',
      WECHAT_MP_APPID: `wx${id}000000`,
      WECHAT_MP_SECRET: randomBytes(16).toString('hex'),
      WECHAT_PAY_MCHID: '1900000109',
      WECHAT_PAY_APIV3_KEY: randomBytes(16).toString('hex'),
      WECHAT_PAY_PRIVATE_KEY: keyPath,
      WECHAT_PAY_CERT_SERIAL: randomBytes(20).toString('hex').toUpperCase(),
    };
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!/^(WECHAT_|WEGATE_|DATABASE_URL|REDIS_URL|PORT|HOST|OTEL_)/.test(k)) base[k] = v;
    const emulatorPort = await freePort();
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    mkdirSync(join(work, 'emulator'), { mode: 0o700 });
    children.push(
      await start(
        ['emulator'],
        { ...base, ...shared, PORT: String(emulatorPort), WEGATE_DATA_DIR: join(work, 'emulator') },
        `${emulatorUrl}/__emulator/apps`,
      ),
    );
    const adminKey = randomBytes(16).toString('hex');
    const serverEnv: Record<string, string> = {
      ...shared,
      WECHAT_API_BASE: emulatorUrl,
      WECHAT_PAY_API_BASE: emulatorUrl,
      WEGATE_PLUGINS: '@wegate/shop',
      WEGATE_JWT_SECRET: randomBytes(24).toString('hex'),
      WEGATE_FIELD_KEYS: JSON.stringify({ 1: randomBytes(16).toString('hex') }),
      WEGATE_ADMIN_KEY: adminKey,
      LOG_LEVEL: process.env.SHOP_CLUSTER_LOG ?? 'warn',
      ...options.env,
    };
    let schema: string | undefined;
    if (options.dialect === 'postgres') {
      schema = `shop_cluster_${id}`;
      await pgAdmin(`create schema "${schema}"`);
      const dropSchema = schema;
      cleanups.push(() => pgAdmin(`drop schema if exists "${dropSchema}" cascade`));
      const redis = await claimRedisDb();
      cleanups.push(() => redis.release());
      serverEnv.DATABASE_URL = `${DATABASE_URL}?options=-c%20search_path%3D${schema}`;
      serverEnv.REDIS_URL = redis.url;
    }
    const servers: string[] = [];
    // One at a time: the first runs the migrations, the others find them done.
    for (let i = 0; i < options.servers; i += 1) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const dataDir = join(work, `server-${i}`);
      mkdirSync(dataDir, { mode: 0o700 });
      const env = {
        ...base,
        ...serverEnv,
        PORT: String(port),
        WEGATE_DATA_DIR: dataDir,
        WECHAT_PAY_NOTIFY_URL: `${url}/pay/notify`,
      };
      children.push(await start(['serve'], env, `${url}/healthz`));
      servers.push(url);
    }
    return {
      emulatorUrl,
      servers,
      appid: shared.WECHAT_MP_APPID!,
      mchid: shared.WECHAT_PAY_MCHID!,
      adminKey,
      ...(schema ? { schema } : { sqliteFile: join(work, 'server-0', 'wegate.db') }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(url: string, method: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
}

/** Runs `task` over `items` with at most `width` in flight. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await task(items[i]!, i);
    }),
  );
  return out;
}

/** The product's stock, straight from the store the servers share. */
interface StockReader {
  stock(id: string): Promise<number>;
  /** Orders of the product by status. */
  statuses(id: string): Promise<Record<string, number>>;
  /** Tries to write a negative stock (the CHECK constraint must refuse it). */
  writeNegative(id: string): Promise<void>;
  close(): Promise<void>;
}

async function openReader(cluster: ShopCluster): Promise<StockReader> {
  if (cluster.schema) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`set search_path to "${cluster.schema}"`);
    return {
      stock: async (id) =>
        (await client.query('select stock from shop_products where id = $1', [id])).rows[0].stock,
      statuses: async (id) => {
        const { rows } = await client.query(
          `select o.status, count(*)::int as n from shop_orders o
           join shop_order_lines l on l.order_id = o.id where l.product_id = $1 group by o.status`,
          [id],
        );
        return Object.fromEntries(rows.map((r) => [r.status, r.n]));
      },
      writeNegative: async (id) => {
        await client.query('update shop_products set stock = -1 where id = $1', [id]);
      },
      close: () => client.end(),
    };
  }
  const store = createSqliteStore({ file: cluster.sqliteFile! });
  const db = shopDb(store);
  return {
    stock: async (id) =>
      (await db.selectFrom('shop_products').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
        .stock,
    statuses: async (id) => {
      const rows = await db
        .selectFrom('shop_orders as o')
        .innerJoin('shop_order_lines as l', 'l.order_id', 'o.id')
        .select(['o.status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('l.product_id', '=', id)
        .groupBy('o.status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    writeNegative: async (id) => {
      await db.updateTable('shop_products').set({ stock: -1 }).where('id', '=', id).execute();
    },
    close: () => store.close(),
  };
}

/** Reads the stock every `everyMs` until stopped; keeps the lowest value seen and the number of reads. */
function startSampler(reader: StockReader, id: string, everyMs: number) {
  let running = true;
  let lowest = Number.POSITIVE_INFINITY;
  let reads = 0;
  const done = (async () => {
    while (running) {
      lowest = Math.min(lowest, await reader.stock(id));
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { lowest, reads };
    },
  };
}

const BUYERS = 1000;
const UNITS = 10;

describe.each<[Dialect, number]>([
  ['postgres', 3],
  ['sqlite', 1],
])('1,000 buyers for 10 units on %s with %i server(s)', (dialect, servers) => {
  let cluster: ShopCluster;
  let reader: StockReader;
  beforeAll(async () => {
    cluster = await startShopCluster({ dialect, servers });
    reader = await openReader(cluster);
  }, 120_000);
  afterAll(async () => {
    await reader?.close();
    await cluster?.close();
  }, 60_000);

  it('exactly 10 orders reach paid, the stock ends at 0 and is never seen below it', async () => {
    const { servers: urls, emulatorUrl, appid, mchid, adminKey } = cluster;
    const created = await call(
      `${urls[0]}/api/shop/admin/products`,
      'POST',
      { title: 'Limited teapot', price: 100, stock: UNITS, category: 'drop' },
      adminKey,
    );
    expect(created.status).toBe(201);
    const productId = created.body['data']['id'] as string;
    const names = Array.from({ length: BUYERS }, (_, i) => `rush-${i}`);
    const tokens = await inBatches(names, 16, async (user, i) => {
      const minted = await call(`${emulatorUrl}/__emulator/mp/login`, 'POST', { appid, user });
      const login = await call(`${urls[i % urls.length]}/api/auth/login`, 'POST', {
        code: minted.body['code'],
      });
      if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
      return login.body['data']['token'] as string;
    });
    expect(new Set(tokens).size).toBe(BUYERS);

    const sampler = startSampler(reader, productId, 3);
    const answers = await Promise.all(
      tokens.map((token, i) =>
        call(
          `${urls[i % urls.length]}/api/shop/orders`,
          'POST',
          { items: [{ productId, quantity: 1 }] },
          token,
        ),
      ),
    );
    const placed = answers.filter((a) => a.status === 201);
    expect(placed).toHaveLength(UNITS);
    expect(answers.filter((a) => a.status !== 201 && a.body['code'] !== 4091).map((a) => a.body)).toEqual([]);

    for (const a of placed) {
      const paid = await call(`${emulatorUrl}/__emulator/pay/confirm`, 'POST', {
        mchid,
        out_trade_no: a.body['data']['order']['outTradeNo'],
        action: 'pay',
      });
      expect(paid.body['trade_state']).toBe('SUCCESS');
    }
    const deadline = Date.now() + 30_000;
    while ((await reader.statuses(productId))['paid'] !== UNITS && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const seen = await sampler.stop();

    expect(await reader.statuses(productId)).toEqual({ paid: UNITS });
    expect(await reader.stock(productId)).toBe(0);
    expect(seen.reads).toBeGreaterThan(10);
    expect(seen.lowest).toBe(0);
    await expect(reader.writeNegative(productId)).rejects.toThrow();
    expect(await reader.stock(productId)).toBe(0);
  }, 240_000);
});
