/** @module Load generator: 50 keep-alive connections, every reply decrypted and checked. Prints one JSON line. */
import { Pool } from 'undici';
import { buildRequest, checkReply, type BenchRequest } from './scenario.js';

const url = process.argv[2] as string;
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmupMs = Number(process.env.BENCH_WARMUP_S ?? 3) * 1000;
const measureMs = Number(process.env.BENCH_DURATION_S ?? 10) * 1000;
const poolSize = Number(process.env.BENCH_POOL ?? 450_000);

// Requests are built before the clock starts so the generator spends its core on HTTP and checking.
const prebuilt: BenchRequest[] = [];
for (let i = 0; i < poolSize; i++) prebuilt.push(buildRequest(i));
let next = 0;
let builtLate = 0;
const take = (): BenchRequest => {
  if (next < prebuilt.length) return prebuilt[next++] as BenchRequest;
  builtLate += 1;
  return buildRequest(next++);
};

const pool = new Pool(url, { connections, pipelining: 1 });
const latencies: number[] = [];
const reasons = new Map<string, number>();
let measuring = false;
let stop = false;
let done = 0;
let errors = 0;

async function worker(): Promise<void> {
  while (!stop) {
    const req = take();
    const start = performance.now();
    let problem: string | undefined;
    try {
      const res = await pool.request({
        method: 'POST',
        path: req.path,
        body: req.body,
        headers: { 'content-type': 'text/xml' },
      });
      const text = await res.body.text();
      problem = checkReply(res.statusCode, text, req);
    } catch (error) {
      problem = `transport: ${(error as Error).message}`;
    }
    if (!measuring) continue;
    latencies.push(performance.now() - start);
    done += 1;
    if (problem !== undefined) {
      errors += 1;
      reasons.set(problem, (reasons.get(problem) ?? 0) + 1);
    }
  }
}

const workers = Array.from({ length: connections }, worker);
await new Promise((resolve) => setTimeout(resolve, warmupMs));
measuring = true;
const started = performance.now();
await new Promise((resolve) => setTimeout(resolve, measureMs));
measuring = false;
const elapsed = (performance.now() - started) / 1000;
stop = true;
await Promise.all(workers);
await pool.close();
latencies.sort((a, b) => a - b);
const pct = (p: number): number =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
console.log(
  JSON.stringify({
    rps: done / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    requests: done,
    errors,
    reasons: Object.fromEntries(reasons),
    uniqueMsgIds: next,
    builtLate,
  }),
);
