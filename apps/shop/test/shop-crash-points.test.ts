/**
 * The order saga killed between every pair of its steps, then restarted: a `wegate serve` process in
 * production mode (against a standalone `wegate emulator`, which keeps WeChat Pay's state across the
 * server's death) dies with SIGKILL at each crash point (`WEGATE_SHOP_CRASH_AT`), is started again
 * without it, and the store and WeChat Pay are read: the order terminal (or never written), the stock
 * and the coupon back exactly once, the WeChat order closed, nothing left reserved. On SQLite and on
 * PostgreSQL (+ Redis), and with the catalog in the cloud database (its stock a saga step of its own).
 * Needs dist/ and apps/shop/dist built (`npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAccessTokenBroker,
  createApiClient,
  createMemoryCache,
  createMemoryLock,
  type ApiClient,
} from 'wegate';
import { createPostgresStore, createSqliteStore } from 'wegate/adapters';
import { createCloudDatabase } from 'wegate/cloud';
import type { ProductDocument } from '../src/catalog/cloud-catalog.js';
import type { CrashPoint } from '../src/orders/crash-points.js';
import { shopDb, type ShopDb } from '../src/tables.js';
import { call, DATABASE_URL, startShopCluster, type Dialect, type ShopCluster } from './shop-cluster.js';
import { until } from './shop-harness.js';

/** How an order killed at a point must end, and what the store shows right after the kill. */
interface Case {
  readonly point: CrashPoint;
  /** Makes the saga compensate (the prepay answers after the step timeout). */
  readonly slowPrepay?: boolean;
  /** The order's row right after the kill (undefined: none was committed). */
  readonly killed?: {
    readonly status: string;
    readonly saga: string;
    readonly reserved: boolean;
    /** With the cloud catalog, when it differs: the stock is taken after the reservation commits. */
    readonly reservedInCloud?: boolean;
  };
  /** WeChat Pay's trade_state right after the kill (undefined: WeChat has no order). */
  readonly wechatAtKill?: string;
  /** The order's status once recovered (undefined: it never existed). */
  readonly end?: 'closed' | 'cancelled';
}

const CASES: readonly Case[] = [
  { point: 'reserve.before-commit' },
  {
    point: 'reserve.after-commit',
    killed: { status: 'pending_payment', saga: 'forward', reserved: true, reservedInCloud: false },
    end: 'closed',
  },
  {
    point: 'stock.after-take',
    killed: { status: 'pending_payment', saga: 'forward', reserved: true },
    end: 'closed',
  },
  {
    point: 'prepay.after-answer',
    killed: { status: 'pending_payment', saga: 'forward', reserved: true },
    wechatAtKill: 'NOTPAY',
    end: 'closed',
  },
  {
    point: 'prepay.after-commit',
    killed: { status: 'pending_payment', saga: 'done', reserved: true },
    wechatAtKill: 'NOTPAY',
    end: 'cancelled',
  },
  {
    point: 'compensate.after-close',
    slowPrepay: true,
    killed: { status: 'pending_payment', saga: 'forward', reserved: true },
    wechatAtKill: 'CLOSED',
    end: 'closed',
  },
  {
    point: 'compensate.after-release',
    slowPrepay: true,
    killed: { status: 'closed', saga: 'compensated', reserved: false },
    wechatAtKill: 'CLOSED',
    end: 'closed',
  },
];

const PRODUCT_STOCK = 50;
const QUANTITY = 2;

describe.each<[Dialect, 'sql' | 'cloud']>([
  ['sqlite', 'sql'],
  ['postgres', 'sql'],
  ['postgres', 'cloud'],
])('the order saga killed at every crash point on %s, catalog in %s', (dialect, catalog) => {
  // The SQL catalog has no stock step of its own: it is taken in the reservation's transaction.
  const cases = CASES.filter((c) => catalog === 'cloud' || c.point !== 'stock.after-take');
  let cluster: ShopCluster;
  let api: ApiClient | undefined;
  let stockOf: (id: string) => Promise<number>;
  let db: ShopDb;
  let closeStore: () => Promise<void> = async () => undefined;
  let token = '';
  let productId = '';

  const stock = () => stockOf(productId);
  const orderOf = (coupon: string) =>
    db.selectFrom('shop_orders').selectAll().where('coupon_id', '=', coupon).executeTakeFirst();
  const couponUses = (coupon: string) =>
    db.selectFrom('shop_coupon_uses').select('state').where('coupon_id', '=', coupon).execute();
  const wechat = async (outTradeNo: string) => {
    const view = await call(
      `${cluster.emulatorUrl}/__emulator/pay/transactions/${outTradeNo}?mchid=${cluster.mchid}`,
      'GET',
    );
    return view.status === 404 ? undefined : (view.body['trade_state'] as string);
  };

  beforeAll(async () => {
    cluster = await startShopCluster({
      dialect,
      servers: 1,
      env: {
        WEGATE_SHOP_STEP_TIMEOUT_S: '1',
        WEGATE_SHOP_SWEEP_S: '1',
        WEGATE_SHOP_UNPAID_TIMEOUT_S: '3',
        WEGATE_SHOP_CATALOG: catalog,
      },
    });
    const store = cluster.schema
      ? await createPostgresStore({ url: DATABASE_URL, schema: cluster.schema, poolSize: 2 })
      : createSqliteStore({ file: cluster.sqliteFile! });
    db = shopDb(store);
    closeStore = () => store.close();
    if (catalog === 'cloud') {
      // The product documents, read through the emulator's cloud database API like any client.
      const { emulatorUrl: baseUrl, appid, secret, cloudEnv } = cluster;
      const tokens = createAccessTokenBroker(
        { appid, secret, baseUrl },
        { cache: createMemoryCache(), lock: createMemoryLock() },
      );
      api = createApiClient({ baseUrl }, { tokens });
      const products = createCloudDatabase({ env: cloudEnv }, { api }).collection<ProductDocument>(
        'products',
      );
      stockOf = async (id) => ((await products.doc(id).get()) as ProductDocument).stock;
    } else {
      stockOf = async (id) =>
        (await db.selectFrom('shop_products').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
          .stock;
    }
    const url = cluster.servers[0]!;
    const created = await call(
      `${url}/api/shop/admin/products`,
      'POST',
      { title: 'Crash-tested kettle', price: 500, stock: PRODUCT_STOCK, category: 'drill' },
      cluster.adminKey,
    );
    productId = created.body['data']['id'] as string;
    const minted = await call(`${cluster.emulatorUrl}/__emulator/mp/login`, 'POST', {
      appid: cluster.appid,
      user: 'crash-points-buyer',
    });
    token = (await call(`${url}/api/auth/login`, 'POST', { code: minted.body['code'] })).body['data'][
      'token'
    ] as string;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await closeStore();
    await cluster?.close();
  }, 60_000);

  it.each(cases.map((c, i) => [c.point, c, i] as const))(
    'killed at %s: recovered with nothing left reserved',
    async (_point, c, i) => {
      const url = cluster.servers[0]!;
      const coupon = `CRASH-${dialect}-${catalog}-${i}`;
      const now = Date.now();
      await db
        .insertInto('shop_coupons')
        .values({
          id: coupon,
          kind: 'fixed',
          value: 100,
          min_spend: 0,
          starts_at: now - 60_000,
          ends_at: now + 3_600_000,
        })
        .execute();
      const before = await stock();

      await cluster.restart(0, { WEGATE_SHOP_CRASH_AT: c.point });
      if (c.slowPrepay) {
        // The prepay's answer comes after the 1 s step timeout: the saga compensates, WeChat holds an order.
        const fault = await call(`${cluster.emulatorUrl}/__emulator/pay/faults`, 'POST', {
          kind: 'delay',
          target: 'response',
          delayMs: 2_500,
          count: 1,
        });
        expect(fault.status).toBe(200);
      }
      const placing = call(
        `${url}/api/shop/orders`,
        'POST',
        { items: [{ productId, quantity: QUANTITY }], couponId: coupon },
        token,
      ).then(
        (answer) => answer,
        (error: unknown) => error,
      );
      await cluster.exited(0);
      // The request died with the process: no answer reached the buyer.
      expect(await placing).toBeInstanceOf(Error);

      const killed = await orderOf(coupon);
      if (c.killed === undefined) {
        expect(killed).toBeUndefined();
        expect(await stock()).toBe(before);
        expect(await couponUses(coupon)).toEqual([]);
      } else {
        expect({ status: killed?.status, saga: killed?.saga }).toEqual({
          status: c.killed.status,
          saga: c.killed.saga,
        });
        const reserved =
          catalog === 'cloud' ? (c.killed.reservedInCloud ?? c.killed.reserved) : c.killed.reserved;
        expect(await stock()).toBe(reserved ? before - QUANTITY : before);
        expect(await wechat(killed!.out_trade_no)).toBe(c.wechatAtKill);
      }

      await cluster.restart(0, { WEGATE_SHOP_CRASH_AT: '' });
      if (c.end === undefined) {
        // Nothing was committed: nothing to recover, and nothing appears later.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        expect(await orderOf(coupon)).toBeUndefined();
      } else {
        const ended = await until(
          () => orderOf(coupon),
          (o) => o?.saga === 'compensated',
          20_000,
        );
        expect(ended!.status).toBe(c.end);
        expect(await wechat(ended!.out_trade_no)).toBe(c.wechatAtKill === undefined ? undefined : 'CLOSED');
        const steps = await db
          .selectFrom('shop_saga_steps')
          .select(['step', 'state'])
          .where('order_id', '=', ended!.id)
          .orderBy('step')
          .execute();
        expect(steps).toEqual([
          { step: 'coupon', state: 'compensated' },
          { step: 'prepay', state: 'compensated' },
          { step: 'reserve', state: 'compensated' },
        ]);
      }
      // Exactly once: not still reserved, not released twice.
      expect(await stock()).toBe(before);
      expect(await couponUses(coupon)).toEqual([]);
      await call(`${cluster.emulatorUrl}/__emulator/pay/faults`, 'DELETE');
    },
    60_000,
  );
});
