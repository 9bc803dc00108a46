/**
 * @module `npm run bench:jssdk`: GET /jssdk/config vs a bare Fastify route, 100 connections, same run;
 * BENCH_ROUNDS rounds (default 1), each starting every server afresh in a rotated order, reported as the
 * median round per server and the ratios round by round.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { HttpConnection } from './callback/http-connection.js';
import { beforeBuild } from './lib/before-build.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_S ?? 2) * 1000;
const MEASURE_MS = Number(process.env.BENCH_DURATION_S ?? 8) * 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const PATH = `/jssdk/config?url=${encodeURIComponent('https://shop.example.com/item?id=7#top')}`;
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
if (pinned) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)]);

function start(script: string, port: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  const args = ['--import', 'tsx', `bench/jssdk/${script}`];
  const env = { ...process.env, ...extraEnv, BENCH_PORT: String(port) };
  const child = pinned
    ? spawn('taskset', ['-c', '1', process.execPath, ...args], { env })
    : spawn(process.execPath, args, { env });
  child.stderr?.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on(
      'line',
      (line) => line.startsWith('READY') && resolve(child),
    );
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** CPU seconds a process has used so far (Linux /proc; utime + stime in USER_HZ), or NaN. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

// Raw keep-alive sockets and one pre-encoded request: the generator stays far from its core's limit.
const REQUEST = (port: number) =>
  Buffer.from(`GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1');

async function load(port: number, ms: number, record: boolean, pid?: number) {
  const wire = REQUEST(port);
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + ms;
  const cpuBefore = cpuSeconds(pid);
  const ownBefore = process.cpuUsage();
  const worker = async () => {
    const connection = new HttpConnection(port);
    while (Date.now() < end) {
      const t0 = performance.now();
      const res = await connection.send(wire);
      const body = JSON.parse(res.body.toString('utf8')) as { code?: number; data?: { signature?: string } };
      if (res.status !== 200 || body.code !== 0 || body.data?.signature?.length !== 40) errors += 1;
      if (record) latencies.push(performance.now() - t0);
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const own = process.cpuUsage(ownBefore);
  const serverCpu = (cpuSeconds(pid) - cpuBefore) / (ms / 1000);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const loadCpu = (own.user + own.system) / 1e6 / (ms / 1000);
  return { rps: latencies.length / (ms / 1000), p50: at(0.5), p99: at(0.99), errors, serverCpu, loadCpu };
}

async function measure(script: string, port: number, env?: NodeJS.ProcessEnv) {
  const child = await start(script, port, env);
  try {
    await load(port, WARMUP_MS, false);
    return await load(port, MEASURE_MS, true, child.pid);
  } finally {
    child.kill('SIGTERM');
  }
}

// wegate runs from dist/, as `npm start` does.
if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0)
  throw new Error('npm run build failed');

// BENCH_BEFORE_DIST: a dist/ built from an earlier commit, measured beside this one (before/after).
const before = beforeBuild();
type Result = Awaited<ReturnType<typeof measure>>;
const servers: { key: 'bare' | 'wegate' | 'earlier'; run: () => Promise<Result> }[] = [
  { key: 'bare', run: () => measure('server-bare.ts', 18301) },
  { key: 'wegate', run: () => measure('server-wegate.ts', 18302) },
  ...(before ? [{ key: 'earlier' as const, run: () => measure('server-wegate.ts', 18303, before.env) }] : []),
];
const rounds: Partial<Record<'bare' | 'wegate' | 'earlier', Result>>[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const results: Partial<Record<'bare' | 'wegate' | 'earlier', Result>> = {};
  for (let i = 0; i < servers.length; i += 1) {
    const server = servers[(i + round) % servers.length]!;
    results[server.key] = await server.run();
  }
  rounds.push(results);
}
/** The round whose req/s is the median of this server's rounds. */
const medianRound = (key: 'bare' | 'wegate' | 'earlier'): Result => {
  const sorted = rounds.map((r) => r[key]!).sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const bare = medianRound('bare');
const wegate = medianRound('wegate');
const earlier = before && medianRound('earlier');
const byRound = (a: 'wegate', b: 'bare' | 'earlier') =>
  rounds.map((r) => (r[a]!.rps / r[b]!.rps).toFixed(2)).join(' / ');
const row = (name: string, r: typeof bare) =>
  `| ${name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${Math.round(r.serverCpu * 100)}% | ${Math.round(r.loadCpu * 100)}% |`;
console.log(
  `Command: \`npm run bench:jssdk\`; ${CONNECTIONS} connections, ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured, ${ROUNDS} round(s), rows are median rounds.`,
);
console.log(
  `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}; servers ${pinned ? 'pinned to core 1, load on core 0' : 'unpinned'}.`,
);
console.log(
  '\n| server | req/s | p50 ms | p99 ms | errors | server CPU | load CPU |\n|---|---:|---:|---:|---:|---:|---:|',
);
console.log(row('wegate `GET /jssdk/config` (sandbox server)', wegate));
if (before && earlier) console.log(row(`wegate before (${before.label})`, earlier));
console.log(row('bare Fastify route, same JSON size (peer)', bare));
console.log(
  `\nwegate / bare: ${(wegate.rps / bare.rps).toFixed(2)}× (goal ≥ 0.7×), p99 ${wegate.p99.toFixed(2)} ms (goal < 15 ms); by round ${byRound('wegate', 'bare')}.`,
);
if (before && earlier) {
  const ratio = (wegate.rps / earlier.rps).toFixed(2);
  console.log(
    `wegate / wegate before (${before.label}): ${ratio}× req/s (median rounds); by round ${byRound('wegate', 'earlier')}.`,
  );
}
process.exit(0);
