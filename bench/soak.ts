/**
 * @module `npm run bench:soak`: a steady load on one production-mode `wegate serve` (PostgreSQL + Redis,
 * the shop loaded, a standalone emulator) with retention set to minutes, sampling every minute the row
 * counts and on-disk sizes of the tables the pruner owns and of the business tables, Redis memory and
 * keys, and the server's resident memory. The load: orders at a fixed rate from 20 buyers, every other one
 * paid at the emulator (its notification settles the order), the rest cancelled by the unpaid timeout
 * (60 s), and product-list reads; the buyers log in again every 5 minutes. Needs `npm run build`.
 * Env: BENCH_SOAK_MIN (30), BENCH_SOAK_RATE (orders/s, 10), BENCH_SOAK_RETENTION_MIN (5).
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DATABASE_URL, startShopCluster } from '../apps/shop/test/shop-cluster.js';
import { loginBuyers, seedProducts } from './shop-phases.js';

const MINUTES = Number(process.env.BENCH_SOAK_MIN ?? 30);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 10);
const RETENTION_MIN = Number(process.env.BENCH_SOAK_RETENTION_MIN ?? 5);
const TABLES = [
  'wegate_jobs',
  'wegate_pay_notifications',
  'wegate_outbox',
  'wegate_audit_records',
  'shop_orders',
  'shop_order_lines',
] as const;

const dir = mkdtempSync(join(tmpdir(), 'wegate-soak-'));
const configFile = join(dir, 'wegate.config.json');
writeFileSync(configFile, JSON.stringify({ retention: { days: RETENTION_MIN / 1440, intervalMinutes: 1 } }));
const cluster = await startShopCluster({
  dialect: 'postgres',
  servers: 1,
  env: { WEGATE_CONFIG: configFile, WEGATE_SHOP_UNPAID_TIMEOUT_S: '60', WEGATE_SHOP_SWEEP_S: '30' },
});
const server = cluster.servers[0]!;
const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
await db.query(`set search_path to "${cluster.schema}"`);
const redis = new Redis(cluster.redisUrl!);

const [productId] = await seedProducts(cluster, 1);
let tokens = await loginBuyers(cluster, 20, 'soak');
// Access tokens live 15 minutes: the buyers log in again every 5.
const relogin = setInterval(() => {
  loginBuyers(cluster, 20, 'soak').then(
    (fresh) => (tokens = fresh),
    (error: unknown) => failures.push(`login: ${String(error)}`),
  );
}, 5 * 60_000);
let placed = 0;
let paid = 0;
let failed = 0;
const failures: string[] = [];
const json = (token: string, body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify(body),
});

async function oneOrder(n: number): Promise<void> {
  const res = await fetch(
    `${server}/api/shop/orders`,
    json(tokens[n % tokens.length]!, { items: [{ productId, quantity: 1 }] }),
  );
  const body = (await res.json()) as { data?: { order?: { outTradeNo?: string } } };
  if (res.status !== 201) {
    failed += 1;
    if (failures.length < 5) failures.push(`${res.status} ${JSON.stringify(body)}`);
    return;
  }
  placed += 1;
  if (n % 2 === 1) return; // left unpaid: the timeout cancels it
  const confirm = await fetch(`${cluster.emulatorUrl}/__emulator/pay/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mchid: cluster.mchid, out_trade_no: body.data?.order?.outTradeNo, action: 'pay' }),
  });
  await confirm.arrayBuffer();
  if (confirm.status === 200) paid += 1;
}

/** Orders at RATE per second (at most 50 in flight) and one product-list read per order. */
function startLoad(): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  const timer = setInterval(() => {
    if (inFlight.size >= 50) return;
    const task = Promise.all([
      oneOrder(n++),
      fetch(`${server}/api/shop/products`).then((r) => r.arrayBuffer()),
    ]).then(
      () => undefined,
      (error: unknown) => {
        failed += 1;
        if (failures.length < 5) failures.push(String(error));
      },
    );
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }, 1000 / RATE);
  return async () => {
    clearInterval(timer);
    await Promise.all(inFlight);
  };
}

const rssMiB = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return line ? Number(line[1]) / 1024 : NaN;
};

interface Sample {
  minute: number;
  rows: Record<string, number>;
  kib: Record<string, number>;
  redisMiB: number;
  redisKeys: number;
  rssMiB: number;
}

async function sample(minute: number): Promise<Sample> {
  const rows: Record<string, number> = {};
  const kib: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows: r } = await db.query<{ n: string; size: string }>(
      `select count(*) as n, pg_total_relation_size('${table}') as size from ${table}`,
    );
    rows[table] = Number(r[0]!.n);
    kib[table] = Math.round(Number(r[0]!.size) / 1024);
  }
  const info = await redis.info('memory');
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
  return {
    minute,
    rows,
    kib,
    redisMiB: used / 1024 / 1024,
    redisKeys: await redis.dbsize(),
    rssMiB: rssMiB(cluster.serverPids[0]!),
  };
}

const short = (t: string) => t.replace(/^wegate_|^shop_/, '');
console.log(
  `bench:soak — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}; ${MINUTES} min at ` +
    `${RATE} orders/s, retention ${RETENTION_MIN} min (floors: 15 min for jobs and outbox, 25 h for pay ` +
    `notifications), pruner every minute, unpaid timeout 60 s`,
);
console.log(
  `| min | ${TABLES.map((t) => `${short(t)} rows (KiB)`).join(' | ')} | Redis MiB (keys) | server RSS MiB | load |`,
);
console.log(`|---:|${TABLES.map(() => '---:').join('|')}|---:|---:|---|`);
const samples: Sample[] = [];
const stop = startLoad();
const started = Date.now();
for (let minute = 1; minute <= MINUTES; minute += 1) {
  await new Promise((resolve) => setTimeout(resolve, started + minute * 60_000 - Date.now()));
  const s = await sample(minute);
  samples.push(s);
  console.log(
    `| ${minute} | ${TABLES.map((t) => `${s.rows[t]} (${s.kib[t]})`).join(' | ')} | ` +
      `${s.redisMiB.toFixed(1)} (${s.redisKeys}) | ${s.rssMiB.toFixed(0)} | ${loadavg()[0]!.toFixed(1)} |`,
  );
}
clearInterval(relogin);
await stop();
console.log(
  `\norders placed ${placed}, paid ${paid}, failed ${failed}${failures.length ? `: ${failures.join(' / ')}` : ''}`,
);
// Flat after the first window: the last third of the run against the middle third.
const third = Math.floor(samples.length / 3);
if (third > 0) {
  const span = (from: number, to: number, f: (s: Sample) => number) => {
    const xs = samples.slice(from, to).map(f);
    return `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  };
  for (const t of TABLES)
    console.log(
      `${t}: rows ${span(third, 2 * third, (s) => s.rows[t]!)} (minutes ${third + 1}–${2 * third}), ` +
        `${span(2 * third, samples.length, (s) => s.rows[t]!)} (minutes ${2 * third + 1}–${samples.length})`,
    );
  console.log(
    `Redis MiB ${span(third, 2 * third, (s) => s.redisMiB * 10)} → ${span(2 * third, samples.length, (s) => s.redisMiB * 10)} (tenths); ` +
      `server RSS MiB ${span(third, 2 * third, (s) => s.rssMiB)} → ${span(2 * third, samples.length, (s) => s.rssMiB)}`,
  );
}
await db.end();
redis.disconnect();
await cluster.close();
rmSync(dir, { recursive: true, force: true });
