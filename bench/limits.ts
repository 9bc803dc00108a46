/**
 * The cost of one inbound-limit check, per request, against Redis and in memory, next to
 * rate-limiter-flexible's fixed-window RateLimiterRedis measured in the same run on the same Redis:
 * sequential calls (the added latency a request sees) and 64 in flight (throughput); then the latency the
 * limit preHandler adds to an HTTP request (BENCH_HTTP_N requests per route, default 5000), and three
 * processes holding one user's limit for BENCH_HOLD_S seconds (default 60, 0 skips it).
 * Run: npm run bench:limits   (REDIS_URL, default redis://127.0.0.1:6379)
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createLimits, createMemorySlidingWindow, createRedisSlidingWindow } from '../src/limits/index.js';
import { holdLimit } from './limits/hold.js';
import { measureHttpCost } from './limits/http.js';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = Number(process.env.BENCH_N ?? 20_000);
const prefix = `wegate-bench:limits:${randomBytes(4).toString('hex')}:`;
const settings = {
  bench: { perUser: { max: 1_000_000, windowS: 60 }, perIp: { max: 1_000_000, windowS: 60 } },
};

type Check = (i: number) => Promise<unknown>;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function sequential(check: Check) {
  const times: number[] = [];
  for (let i = 0; i < N; i += 1) {
    const t = performance.now();
    await check(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function concurrent(check: Check, inFlight = 64) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < N) await check(next++);
    }),
  );
  return N / ((performance.now() - started) / 1000);
}

const redis = new Redis(URL);
const users = 500;
const sliding = createLimits({ store: createRedisSlidingWindow({ redis, keyPrefix: prefix }), settings });
const memory = createLimits({ store: createMemorySlidingWindow(), settings });
const fixed = new RateLimiterRedis({
  storeClient: redis,
  useRedisPackage: false,
  points: 1_000_000,
  duration: 60,
  keyPrefix: `${prefix}rlf`,
});
const caller = (i: number) => ({ userId: `u${i % users}`, ip: `10.0.${(i >> 8) % 256}.${i % 256}` });
const rows: [string, Check][] = [
  ['sliding log, Redis (user + IP, one script)', (i) => sliding.check('bench', caller(i))],
  ['sliding log, memory (user + IP)', (i) => memory.check('bench', caller(i))],
  [
    'rate-limiter-flexible RateLimiterRedis (fixed window, user + IP)',
    (i) => Promise.all([fixed.consume(`u${i % users}`), fixed.consume(caller(i).ip)]),
  ],
];
console.log(
  `limit check cost, ${N} checks each, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Redis at ${URL}`,
);
console.log(
  '| check | p50 ms (sequential) | p99 ms (sequential) | checks/s (64 in flight) |\n|---|---|---|---|',
);
for (const [, check] of rows) for (let i = 0; i < 2000; i += 1) await check(i); // warm-up: JIT, script load
for (const [name, check] of rows) {
  const { p50, p99 } = await sequential(check);
  const rate = await concurrent(check);
  console.log(`| ${name} | ${p50.toFixed(3)} | ${p99.toFixed(3)} | ${Math.round(rate)} |`);
}
const httpN = Number(process.env.BENCH_HTTP_N ?? 5000);
const http = await measureHttpCost(redis, prefix, httpN);
console.log(`\nHTTP request, ${httpN} per route, alternating, one keep-alive connection:`);
console.log('| route | p50 ms | p99 ms |\n|---|---|---|');
console.log(`| no limit | ${http.free.p50.toFixed(3)} | ${http.free.p99.toFixed(3)} |`);
console.log(
  `| limit preHandler (Redis, user + IP) | ${http.limited.p50.toFixed(3)} | ${http.limited.p99.toFixed(3)} |`,
);
console.log(
  `added: p50 ${(http.limited.p50 - http.free.p50).toFixed(3)} ms, p99 ${(http.limited.p99 - http.free.p99).toFixed(3)} ms`,
);

const holdS = Number(process.env.BENCH_HOLD_S ?? 60);
if (holdS > 0) {
  const hold = await holdLimit(URL, prefix, { seconds: holdS, max: 100, windowS: 10 });
  const off = ((hold.allowed - hold.expected) / hold.expected) * 100;
  console.log(
    `\nthree processes, one user, 100 per 10 s, ${holdS} s: allowed ${hold.allowed} of ${hold.expected} ` +
      `(${off >= 0 ? '+' : ''}${off.toFixed(1)}%), most in any 10 s ${hold.mostInAWindow}`,
  );
}

let cursor = '0';
do {
  const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  cursor = nextCursor;
  if (keys.length > 0) await redis.del(...keys);
} while (cursor !== '0');
redis.disconnect();
