/**
 * A `wegate serve` process (sandbox, the shop loaded by default from this workspace) SIGKILLed while an
 * order's prepay is in flight — after its stock and coupon were taken — then started again on the same
 * store: the sweep compensates the saga, and the store shows the stock and the coupon back and the order
 * closed. On SQLite and on PostgreSQL. Needs dist/ and apps/shop/dist built (`npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createSqliteStore } from 'wegate/adapters';
import { shopDb, type ShopDb } from '../src/tables.js';
import { testDatabaseUrl, until, type Dialect, type Json } from './shop-harness.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function serve(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not listening within 30 s: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('wegate listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe.each<Dialect>(['sqlite', 'postgres'])('a server killed mid-saga on %s', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), `wegate-shop-crash-${dialect}-`));
  const schema = `shop_crash_${randomBytes(5).toString('hex')}`;
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;
  let url = '';
  let db: ShopDb;
  let closeStore: () => Promise<void> = async () => undefined;

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!/^(WECHAT_|WEGATE_|DATABASE_URL|REDIS_URL|PORT|HOST)/.test(k)) base[k] = v;
    env = {
      ...base,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEGATE_DATA_DIR: dataDir,
      WEGATE_SANDBOX: '1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      WEGATE_SHOP_STEP_TIMEOUT_S: '2',
      WEGATE_SHOP_SWEEP_S: '1',
    };
    if (dialect === 'postgres') {
      await pgAdmin(`create schema "${schema}"`);
      env['DATABASE_URL'] = `${testDatabaseUrl()}?options=-c%20search_path%3D${schema}`;
    }
    child = await serve(env);
    const store =
      dialect === 'postgres'
        ? await createPostgresStore({ url: testDatabaseUrl(), schema, poolSize: 2 })
        : createSqliteStore({ file: join(dataDir, 'wegate.db') });
    db = shopDb(store);
    closeStore = () => store.close();
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await closeStore();
    if (dialect === 'postgres') await pgAdmin(`drop schema if exists "${schema}" cascade`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts, compensates the saga and leaves nothing reserved', async () => {
    const appid = (
      (await call('GET', '/__emulator/apps')).body['apps'] as Array<{ appid: string; type: string }>
    ).find((a) => a.type === 'mini-program')!.appid;
    const code = (await call('POST', '/__emulator/mp/login', { appid, user: 'crash-buyer' })).body['code'];
    const token = (await call('POST', '/api/auth/login', { code })).body['data']['token'] as string;
    const now = Date.now();
    await db
      .insertInto('shop_coupons')
      .values({
        id: 'CRASH',
        kind: 'fixed',
        value: 100,
        min_spend: 0,
        starts_at: now - 60_000,
        ends_at: now + 3600_000,
      })
      .execute();
    const stock = async () =>
      (
        await db
          .selectFrom('shop_products')
          .select('stock')
          .where('id', '=', 'p_demo_pot')
          .executeTakeFirstOrThrow()
      ).stock;
    const before = await stock();
    // WeChat Pay answers the prepay 10 s late: the process dies while waiting for it.
    expect(
      (await call('POST', '/__emulator/pay/faults', { kind: 'delay', target: 'response', delayMs: 10_000 }))
        .status,
    ).toBe(200);
    void call(
      'POST',
      '/api/shop/orders',
      { items: [{ productId: 'p_demo_pot', quantity: 2 }], couponId: 'CRASH' },
      token,
    ).catch(() => undefined);
    const row = await until(
      () => db.selectFrom('shop_orders').selectAll().where('coupon_id', '=', 'CRASH').executeTakeFirst(),
      (r) => r !== undefined,
    );
    child?.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(await stock()).toBe(before - 2);
    expect(
      (
        await db.selectFrom('shop_coupon_uses').select('state').where('coupon_id', '=', 'CRASH').execute()
      ).map((u) => u.state),
    ).toEqual(['locked']);
    expect(
      (await db.selectFrom('shop_orders').select('saga').where('id', '=', row!.id).executeTakeFirstOrThrow())
        .saga,
    ).toBe('forward');

    child = await serve(env);
    const ended = await until(
      () => db.selectFrom('shop_orders').selectAll().where('id', '=', row!.id).executeTakeFirstOrThrow(),
      (r) => r.saga === 'compensated',
      20_000,
    );
    expect(ended.status).toBe('closed');
    expect(await stock()).toBe(before);
    expect(
      await db.selectFrom('shop_coupon_uses').selectAll().where('coupon_id', '=', 'CRASH').execute(),
    ).toEqual([]);
    const steps = await db
      .selectFrom('shop_saga_steps')
      .select(['step', 'state'])
      .where('order_id', '=', row!.id)
      .orderBy('step')
      .execute();
    expect(steps.map((s) => s.state)).toEqual(['compensated', 'compensated', 'compensated']);
  }, 60_000);
});
