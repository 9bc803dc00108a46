/**
 * @module `npm run bench:shop-audit`: the shop's order path (POST /api/shop/orders: stock, coupon, prepay
 * at the emulator, the saga's steps, each audited in its own transaction) with auditing on and off. Two
 * single-server clusters per store — the shop as shipped, and the shop with its record calls dropped
 * (bench/lib/shop-without-audit.mjs) — loaded in alternating rounds by the same buyers' loop, so both
 * see the machine's load alike. Needs `npm run build` (dist/ and apps/shop/dist).
 * Env: BENCH_DIALECTS (postgres,sqlite), BENCH_ROUNDS (10), BENCH_ROUND_S (5), BENCH_WARM_S (10 per variant),
 * BENCH_WORKERS (8). Besides each variant's medians it gives the median of the per-round on/off ratios:
 * adjacent rounds share the machine's state, so these move less than the medians do.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startShopCluster, type Dialect, type ShopCluster } from '../apps/shop/test/shop-cluster.js';
import type { LoadResult } from './lib/load.js';
import { loginBuyers, orderLoad, seedProducts } from './shop-phases.js';

const DIALECTS = (process.env.BENCH_DIALECTS ?? 'postgres,sqlite').split(',') as Dialect[];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const ROUND_MS = Number(process.env.BENCH_ROUND_S ?? 5) * 1000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const WARM_MS = Number(process.env.BENCH_WARM_S ?? 10) * 1000;
const UNAUDITED = fileURLToPath(new URL('./lib/shop-without-audit.mjs', import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Variant {
  readonly name: string;
  readonly cluster: ShopCluster;
  readonly tokens: string[];
  readonly productId: string;
  readonly rounds: LoadResult[];
}

async function variant(name: string, dialect: Dialect, env: Record<string, string>): Promise<Variant> {
  const cluster = await startShopCluster({ dialect, servers: 1, env });
  const [productId] = await seedProducts(cluster, 1);
  const tokens = await loginBuyers(cluster, WORKERS, name.replace(/\W/g, ''));
  return { name, cluster, tokens, productId: productId!, rounds: [] };
}

/** Order records the server's audit log holds (read through the admin API). */
async function orderRecords(cluster: ShopCluster): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ action: 'shop.order.create', limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const res = await fetch(`${cluster.servers[0]}/api/admin/audit?${query}`, {
      headers: { authorization: `Bearer ${cluster.adminKey}` },
    });
    const body = (await res.json()) as { data: { items: unknown[]; nextCursor: string | null } };
    count += body.data.items.length;
    cursor = body.data.nextCursor;
  } while (cursor);
  return count;
}

console.log(
  `bench:shop-audit — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}, ` +
    `${ROUNDS} rounds × ${ROUND_MS / 1000} s per variant, ${WORKERS} buyers in a closed loop`,
);
console.log(
  '| store | auditing | orders/s (median) | p50 ms (median) | p99 ms (median) | p50 by round | audit records |',
);
console.log('|---|---|---:|---:|---:|---|---:|');
for (const dialect of DIALECTS) {
  const on = await variant('on', dialect, {});
  const off = await variant('off', dialect, { WEGATE_PLUGINS: UNAUDITED });
  try {
    for (const v of [on, off]) await orderLoad(v.cluster.servers[0]!, v.tokens, v.productId, WARM_MS);
    const loads: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const v of round % 2 === 0 ? [on, off] : [off, on]) {
        const { result } = await orderLoad(v.cluster.servers[0]!, v.tokens, v.productId, ROUND_MS);
        if (result.failures > 0) throw new Error(`${v.name}: ${result.failures} failures: ${result.samples}`);
        v.rounds.push(result);
      }
      loads.push(loadavg()[0]!.toFixed(1));
    }
    for (const v of [on, off]) {
      const cells = [
        dialect === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite',
        v.name,
        median(v.rounds.map((r) => r.perSecond)).toFixed(0),
        median(v.rounds.map((r) => r.p50)).toFixed(2),
        median(v.rounds.map((r) => r.p99)).toFixed(2),
        v.rounds.map((r) => r.p50.toFixed(1)).join(' / '),
        String(await orderRecords(v.cluster)),
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
    const ratio = (f: (r: LoadResult) => number) =>
      (median(on.rounds.map(f)) / median(off.rounds.map(f))).toFixed(3);
    const paired = (f: (r: LoadResult) => number) =>
      median(on.rounds.map((r, i) => f(r) / f(off.rounds[i]!))).toFixed(3);
    console.log(
      `${dialect}: on/off of the medians: p50 ${ratio((r) => r.p50)}×, p99 ${ratio((r) => r.p99)}×, ` +
        `orders/s ${ratio((r) => r.perSecond)}×; median of the per-round ratios: p50 ${paired((r) => r.p50)}×, ` +
        `p99 ${paired((r) => r.p99)}×, orders/s ${paired((r) => r.perSecond)}×; load by round ${loads.join(' ')}`,
    );
  } finally {
    await on.cluster.close();
    await off.cluster.close();
  }
}
