/**
 * 1,000 concurrent buyers for 10 units of one product: on PostgreSQL with three `wegate serve` processes
 * sharing it and Redis, and on SQLite with one. The servers run in production mode against a standalone
 * `wegate emulator` (the `*_BASE` variables) with the shop named in `WEGATE_PLUGINS`; every buyer logs in
 * before the race, then orders one unit, spread over the servers; every 201 is paid through the emulator.
 * Exactly 10 orders reach `paid`, the stock ends at 0, and a sampler reading the stock every few ms during
 * the race never sees it below 0. Needs dist/ and apps/shop/dist built (`npm run build`).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from 'wegate/adapters';
import { shopDb } from '../src/tables.js';
import { call, DATABASE_URL, startShopCluster, type Dialect, type ShopCluster } from './shop-cluster.js';

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
