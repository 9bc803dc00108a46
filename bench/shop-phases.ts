/**
 * @module The measured phases of bench:shop against one shop server: the cached product list, order
 * submission by 50 buyers (prepay against the emulator included), and the pay notify path replaying
 * notifications the emulator signed (captured by a sink the server names as its notify URL).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { createSqliteStore } from '../src/adapters/sqlite/store.js';
import { runLoad, type LoadRequest, type LoadResult } from './lib/load.js';
import { DATABASE_URL, type ShopCluster } from '../apps/shop/test/shop-cluster.js';

const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

async function post(url: string, body: unknown, token?: string) {
  const { 'content-type': type, body: text } = json(body);
  const headers: Record<string, string> = { 'content-type': type };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: text });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Receives the emulator's pay notifications and keeps them (204), to replay them at full speed. */
export async function startNotifySink() {
  const captured: LoadRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const h: IncomingHttpHeaders = req.headers;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(h))
        if (k.startsWith('wechatpay-') || k === 'content-type') headers[k] = String(v);
      captured.push({ method: 'POST', path: '/pay/notify', headers, body: Buffer.concat(chunks).toString() });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, captured, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function seedProducts(cluster: ShopCluster, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const body = { title: `Bench tea ${i}`, price: 100 + i, stock: 1_000_000, category: 'tea' };
    const created = await post(`${cluster.servers[0]}/api/shop/admin/products`, body, cluster.adminKey);
    if (created.status !== 201) throw new Error(`seed: ${JSON.stringify(created.body)}`);
    ids.push(created.body['data']['id'] as string);
  }
  return ids;
}

export async function loginBuyers(cluster: ShopCluster, n: number, tag: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const user = `bench-${tag}-${i}`;
    const minted = await post(`${cluster.emulatorUrl}/__emulator/mp/login`, { appid: cluster.appid, user });
    const login = await post(`${cluster.servers[0]}/api/auth/login`, { code: minted.body['code'] });
    if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
    tokens.push(login.body['data']['token'] as string);
  }
  return tokens;
}

export function listLoad(origin: string, durationMs: number): Promise<LoadResult> {
  const request = (): LoadRequest => ({ method: 'GET', path: '/api/shop/products' });
  return runLoad({ origin, workers: 50, durationMs, request, ok: 200 });
}

/** 50 buyers, each ordering one unit again as soon as their previous order answered. */
export async function orderLoad(origin: string, tokens: string[], productId: string, durationMs: number) {
  const outTradeNos: string[] = [];
  const body = JSON.stringify({ items: [{ productId, quantity: 1 }] });
  const result = await runLoad({
    origin,
    workers: tokens.length,
    durationMs,
    ok: 201,
    request: (_, worker) => ({
      method: 'POST',
      path: '/api/shop/orders',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[worker]}` },
      body,
    }),
    onBody: (_, text) => outTradeNos.push(JSON.parse(text).data.order.outTradeNo),
  });
  return { result, outTradeNos };
}

/** Pays each order at the emulator; its notification lands in the sink. */
export async function payAtEmulator(
  cluster: ShopCluster,
  outTradeNos: string[],
  sink: { captured: unknown[] },
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let i = next++; i < outTradeNos.length; i = next++) {
        const body = { mchid: cluster.mchid, out_trade_no: outTradeNos[i], action: 'pay' };
        const paid = await post(`${cluster.emulatorUrl}/__emulator/pay/confirm`, body);
        if (paid.status !== 200) throw new Error(`confirm: ${JSON.stringify(paid.body)}`);
      }
    }),
  );
  const end = Date.now() + 30_000;
  while (sink.captured.length < outTradeNos.length && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (sink.captured.length < outTradeNos.length)
    throw new Error(`${sink.captured.length}/${outTradeNos.length} notifications reached the sink`);
}

/** How many shop orders are paid, read from the server's store. */
export async function paidCount(cluster: ShopCluster): Promise<number> {
  const query = "select count(*) as n from shop_orders where status = 'paid'";
  if (cluster.schema) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(`set search_path to "${cluster.schema}"`);
      return Number((await client.query(query)).rows[0].n);
    } finally {
      await client.end();
    }
  }
  const store = createSqliteStore({ file: cluster.sqliteFile! });
  try {
    const { rows } = await sql<{ n: number }>`${sql.raw(query)}`.execute(store.db);
    return Number(rows[0]!.n);
  } finally {
    await store.close();
  }
}

/** Replays the captured notifications (20 connections); then waits until every order is paid. */
export async function notifyLoad(cluster: ShopCluster, captured: LoadRequest[]) {
  const before = await paidCount(cluster);
  const started = performance.now();
  const result = await runLoad({
    origin: cluster.servers[0]!,
    workers: 20,
    total: captured.length,
    request: (i) => captured[i],
    ok: 204,
  });
  let paid = await paidCount(cluster);
  const end = Date.now() + 60_000;
  while (paid - before < captured.length && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    paid = await paidCount(cluster);
  }
  const settledSeconds = (performance.now() - started) / 1000;
  return { result, settled: paid - before, settledPerSecond: (paid - before) / settledSeconds };
}
