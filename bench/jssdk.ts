/** @module `npm run bench:jssdk`: GET /jssdk/config vs a bare Fastify route, 100 connections, same run. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_S ?? 2) * 1000;
const MEASURE_MS = Number(process.env.BENCH_DURATION_S ?? 8) * 1000;
const PATH = `/jssdk/config?url=${encodeURIComponent('https://shop.example.com/item?id=7#top')}`;
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
if (pinned) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)]);

function start(script: string, port: number): Promise<ChildProcess> {
  const args = ['--import', 'tsx', `bench/jssdk/${script}`];
  const child = pinned
    ? spawn('taskset', ['-c', '1', process.execPath, ...args], {
        env: { ...process.env, BENCH_PORT: String(port) },
      })
    : spawn(process.execPath, args, { env: { ...process.env, BENCH_PORT: String(port) } });
  child.stderr?.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on(
      'line',
      (line) => line.startsWith('READY') && resolve(child),
    );
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function load(port: number, ms: number, record: boolean) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < end) {
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path: PATH });
      const body = (await res.body.json()) as { code?: number; data?: { signature?: string } };
      if (res.statusCode !== 200 || body.code !== 0 || body.data?.signature?.length !== 40) errors += 1;
      if (record) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / (ms / 1000), p50: at(0.5), p99: at(0.99), errors };
}

async function measure(script: string, port: number) {
  const child = await start(script, port);
  try {
    await load(port, WARMUP_MS, false);
    return await load(port, MEASURE_MS, true);
  } finally {
    child.kill('SIGTERM');
  }
}

const bare = await measure('server-bare.ts', 18301);
const wegate = await measure('server-wegate.ts', 18302);
const row = (name: string, r: typeof bare) =>
  `| ${name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`;
console.log(
  `Command: \`npm run bench:jssdk\`; ${CONNECTIONS} connections, ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured.`,
);
console.log(
  `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}; servers ${pinned ? 'pinned to core 1, load on core 0' : 'unpinned'}.`,
);
console.log('\n| server | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|');
console.log(row('wegate `GET /jssdk/config` (sandbox server)', wegate));
console.log(row('bare Fastify route, same JSON size (peer)', bare));
console.log(
  `\nwegate / bare: ${(wegate.rps / bare.rps).toFixed(2)}× (goal ≥ 0.7×), p99 ${wegate.p99.toFixed(2)} ms (goal < 15 ms).`,
);
process.exit(0);
