/**
 * @module `npm run bench:shop-cpu`: where the CPU of one order and of one payment goes. A single-server
 * shop cluster (the production `wegate serve`, its standalone emulator, PostgreSQL + Redis or SQLite)
 * takes the order load of bench:shop (50 buyers, one product, prepay at the emulator included), then the
 * pay notifications of those orders (signed by the emulator, captured, replayed at full speed until every
 * order reads paid). Every process's CPU time (user + kernel, from /proc) is read before and after each
 * window and divided by the orders placed or the notifications answered in it. First, `pgbench` on the same
 * PostgreSQL and one RSA-2048 signature, so the budgets bench:shop's goals leave on this machine (0.2× and
 * 0.5× pgbench tps) can be set beside them. Needs `npm run build`; Linux only.
 * Env: BENCH_DIALECTS (postgres,sqlite), BENCH_ORDER_S (10), BENCH_WORKERS (50), BENCH_PGBENCH_S (10),
 * BENCH_NOTIFY_N (1000).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  DATABASE_URL,
  startShopCluster,
  type Dialect,
  type ShopCluster,
} from '../apps/shop/test/shop-cluster.js';
import { runPgbench } from './lib/pgbench.js';
import {
  loginBuyers,
  notifyLoad,
  orderLoad,
  payAtEmulator,
  seedProducts,
  startNotifySink,
} from './shop-phases.js';

const DIALECTS = (process.env.BENCH_DIALECTS ?? 'postgres,sqlite').split(',') as Dialect[];
const ORDER_MS = Number(process.env.BENCH_ORDER_S ?? 10) * 1000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 50);
const PGBENCH_S = Number(process.env.BENCH_PGBENCH_S ?? 10);
const NOTIFY_MAX = Number(process.env.BENCH_NOTIFY_N ?? 1000);
/** /proc's clock ticks per second (USER_HZ), 100 on Linux. */
const TICKS = 100;

interface Times {
  readonly user: number;
  readonly kernel: number;
}

/** utime and stime (seconds) of a /proc stat line. */
function timesOf(stat: string): Times {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / TICKS, kernel: Number(fields[12]) / TICKS };
}

/** Every process's CPU times and what it is, by pid. */
function processes(): Map<number, Times & { readonly name: string; readonly args: string }> {
  const found = new Map<number, Times & { readonly name: string; readonly args: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      found.set(Number(entry), { ...timesOf(stat), name, args });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Every process's CPU time used while `work` runs, grouped as the processes of the cluster. */
async function cpuWhile<T>(cluster: ShopCluster, work: () => Promise<T>) {
  const before = processes();
  const own = process.cpuUsage();
  const result = await work();
  const ownUsed = process.cpuUsage(own);
  const after = processes();
  const groupOf = (pid: number, p: { name: string; args: string }): string => {
    if (pid === cluster.serverPids[0]) return 'wegate serve';
    if (p.args.includes('cli.js emulator')) return 'wegate emulator';
    if (pid === process.pid) return 'load generator (this process)';
    if (p.name.startsWith('postgres') || p.args.startsWith('postgres')) return 'PostgreSQL';
    if (p.name.startsWith('redis')) return 'Redis';
    return 'everything else';
  };
  const groups = new Map<string, Times>();
  for (const [pid, now] of after) {
    const then = before.get(pid) ?? { user: 0, kernel: 0 };
    const group = groups.get(groupOf(pid, now)) ?? { user: 0, kernel: 0 };
    groups.set(groupOf(pid, now), {
      user: group.user + now.user - then.user,
      kernel: group.kernel + now.kernel - then.kernel,
    });
  }
  // This process's own figure at microsecond resolution rather than in ticks.
  groups.set('load generator (this process)', { user: ownUsed.user / 1e6, kernel: ownUsed.system / 1e6 });
  return { result, groups };
}

function table(title: string, groups: Map<string, Times>, count: number): void {
  const perUnit = (s: number) => ((s * 1000) / count).toFixed(2);
  console.log(title);
  console.log('| process | CPU ms each | of it kernel |');
  console.log('|---|---:|---:|');
  let total = 0;
  const sorted = [...groups].sort((a, b) => b[1].user + b[1].kernel - a[1].user - a[1].kernel);
  for (const [name, t] of sorted) {
    total += t.user + t.kernel;
    console.log(`| ${name} | ${perUnit(t.user + t.kernel)} | ${perUnit(t.kernel)} |`);
  }
  console.log(`| all | ${perUnit(total)} | |`);
}

async function measure(dialect: Dialect): Promise<void> {
  const sink = await startNotifySink();
  const cluster = await startShopCluster({
    dialect,
    servers: 1,
    env: { WECHAT_PAY_NOTIFY_URL: `${sink.url}/pay/notify` },
  });
  const label = dialect === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite';
  try {
    const [productId] = await seedProducts(cluster, 1);
    const tokens = await loginBuyers(cluster, WORKERS, 'cpu');
    await orderLoad(cluster.servers[0]!, tokens, productId!, 3000);
    const orders = await cpuWhile(cluster, () =>
      orderLoad(cluster.servers[0]!, tokens, productId!, ORDER_MS),
    );
    const placed = orders.result.result;
    table(
      `\n${label}, orders: ${placed.count} in ${placed.seconds.toFixed(1)} s = ${placed.perSecond.toFixed(0)}/s, ` +
        `p50 ${placed.p50.toFixed(1)} ms, p99 ${placed.p99.toFixed(1)} ms, ${placed.failures} failed; ` +
        `load ${loadavg()[0]!.toFixed(2)}`,
      orders.groups,
      placed.count,
    );
    await payAtEmulator(cluster, orders.result.outTradeNos.slice(0, NOTIFY_MAX), sink);
    // The notifications replayed at full speed, until every order reads paid (the shop's transition
    // runs from the queue after each 204): all the work a payment makes.
    const notify = await cpuWhile(cluster, () => notifyLoad(cluster, sink.captured));
    const { result, settled, settledPerSecond } = notify.result;
    table(
      `\n${label}, pay notifications: ${result.count} answered at ${result.perSecond.toFixed(0)}/s ` +
        `(p99 ${result.p99.toFixed(1)} ms), ${settled} orders paid at ${settledPerSecond.toFixed(0)}/s`,
      notify.groups,
      result.count,
    );
  } finally {
    await cluster.close();
    await sink.close();
  }
}

console.log(`bench:shop-cpu — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`);
const pgbench = await runPgbench(DATABASE_URL, PGBENCH_S);
const budget = (cpus().length * 1000) / (0.2 * pgbench.tps);
console.log(
  `${pgbench.command}: ${pgbench.tps.toFixed(0)} tps; on ${cpus().length} cores 0.2× that leaves ` +
    `${budget.toFixed(2)} ms of CPU per order and 0.5× ${(budget / 2.5).toFixed(2)} ms per notification, ` +
    'all processes together',
);
/** ms of CPU one RSA-2048 SHA-256 signature takes here (the three an order needs are a fixed part of it). */
function signatureMs(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const message = Buffer.alloc(300, 'x');
  for (let i = 0; i < 50; i += 1) sign('sha256', message, privateKey);
  const start = process.cpuUsage();
  const n = 300;
  for (let i = 0; i < n; i += 1) sign('sha256', message, privateKey);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / n;
}
const rsa = signatureMs();
console.log(`one RSA-2048 signature: ${rsa.toFixed(3)} ms of CPU; three: ${(3 * rsa).toFixed(2)} ms`);
for (const dialect of DIALECTS) await measure(dialect);
