/**
 * @module `npm run bench:shop`: the shop on PostgreSQL + Redis and on SQLite, each a `wegate serve`
 * process (production mode, the shop in WEGATE_PLUGINS) against a standalone emulator process, beside the
 * machine's own anchors measured in the same run: pgbench TPC-B tps on the same PostgreSQL server and a
 * bare Fastify JSON route under the same load loop. Needs `npm run build` (dist/ and apps/shop/dist).
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoadResult } from './lib/load.js';
import { runPgbench } from './lib/pgbench.js';
import { DATABASE_URL, ROOT, startShopCluster, type Dialect } from '../apps/shop/test/shop-cluster.js';
import {
  listLoad,
  loginBuyers,
  notifyLoad,
  orderLoad,
  payAtEmulator,
  seedProducts,
  startNotifySink,
} from './shop-phases.js';

const LIST_MS = Number(process.env.BENCH_LIST_S ?? 10) * 1000;
const ORDER_MS = Number(process.env.BENCH_ORDER_S ?? 15) * 1000;
const BUYERS = 50;
const PGBENCH_S = Number(process.env.BENCH_PGBENCH_S ?? 15);
const NOTIFY_MAX = Number(process.env.BENCH_NOTIFY_N ?? 2000);
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'postgres,sqlite').split(',') as Dialect[];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The bare Fastify route in its own process, answering `document`; req/s under the list's load. */
async function bareRoute(document: string): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-bench-shop-'));
  const file = join(dir, 'list.json');
  writeFileSync(file, document);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/shop-bare.ts'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_BARE_BODY: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`bare route exited with ${code}`)));
    });
    const origin = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
    await listLoad(origin, 2000);
    return await listLoad(origin, LIST_MS);
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

interface DialectRun {
  readonly dialect: Dialect;
  /** The anchors, measured just before this dialect's own phases. */
  readonly tps: number;
  readonly bare: LoadResult;
  readonly list: LoadResult;
  readonly orders: LoadResult;
  readonly notify: Awaited<ReturnType<typeof notifyLoad>>;
  /** Load average before pgbench, before the list, before the orders. */
  readonly loads: [string, string, string];
  /** The list cache's counters after the list phase. */
  readonly cache: string[];
}

async function measure(dialect: Dialect): Promise<DialectRun> {
  const sink = await startNotifySink();
  const cluster = await startShopCluster({
    dialect,
    servers: 1,
    env: { WECHAT_PAY_NOTIFY_URL: `${sink.url}/pay/notify` },
  });
  try {
    const [first] = await seedProducts(cluster, 20);
    const server = cluster.servers[0]!;
    const document = await (await fetch(`${server}/api/shop/products`)).text();
    const tokens = await loginBuyers(cluster, BUYERS, dialect);
    const pgLoad = load();
    const { tps } = await runPgbench(DATABASE_URL, PGBENCH_S);
    const listLoadAvg = load();
    const bare = await bareRoute(document);
    await listLoad(server, 2000);
    const list = await listLoad(server, LIST_MS);
    const metrics = await (await fetch(`${server}/metrics`)).text();
    const cache = metrics.split('\n').filter((l) => l.startsWith('shop_cache_requests_total{cache="list"'));
    const orderLoadAvg = load();
    await orderLoad(server, tokens, first!, 2000);
    const { result: orders, outTradeNos } = await orderLoad(server, tokens, first!, ORDER_MS);
    await payAtEmulator(cluster, outTradeNos.slice(0, NOTIFY_MAX), sink);
    const notify = await notifyLoad(cluster, sink.captured);
    return { dialect, tps, bare, list, orders, notify, loads: [pgLoad, listLoadAvg, orderLoadAvg], cache };
  } finally {
    await cluster.close();
    await sink.close();
  }
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function report(runs: DialectRun[]) {
  console.log(execSync('lscpu | head').toString().trimEnd());
  console.log(`Node ${process.version}; ${cpus().length} cores`);
  console.log('');
  console.log(
    '| store | pgbench tps | bare route req/s | product list (cached) req/s | × bare | orders/s (50 buyers) | p50 / p99 | × pgbench | notify/s | × pgbench | paid/s (end to end) | load average (pgbench; list; orders) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|');
  for (const r of runs) {
    const cells = [
      r.dialect === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite (file, WAL)',
      fmt(r.tps),
      fmt(r.bare.perSecond),
      fmt(r.list.perSecond),
      ratio(r.list.perSecond, r.bare.perSecond),
      fmt(r.orders.perSecond),
      `${ms(r.orders.p50)} / ${ms(r.orders.p99)}`,
      ratio(r.orders.perSecond, r.tps),
      `${fmt(r.notify.result.perSecond)} (${r.notify.result.count})`,
      ratio(r.notify.result.perSecond, r.tps),
      `${fmt(r.notify.settledPerSecond)} (${r.notify.settled})`,
      r.loads.join('; '),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log('');
  for (const r of runs) {
    console.log(
      `${r.dialect}: bare p99 ${ms(r.bare.p99)}, list p99 ${ms(r.list.p99)}, notify p99 ${ms(r.notify.result.p99)}`,
    );
    console.log(`${r.dialect} list cache: ${r.cache.join(', ')}`);
    const failed = [r.bare, r.list, r.orders, r.notify.result].filter((x) => x.failures > 0);
    for (const f of failed)
      console.log(`${r.dialect}: ${f.failures} failures, e.g. ${f.samples.join(' / ')}`);
  }
}

const runs: DialectRun[] = [];
for (const dialect of DIALECTS) runs.push(await measure(dialect));
report(runs);
