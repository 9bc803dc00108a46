/**
 * @module `npm run bench:realtime`: memory per idle WebSocket connection (wegate's /api/realtime/ws vs a bare
 * `ws` server), fan-out of one topic to N connections vs the bare `ws` broadcast loop in the same run, and
 * the delivery latency between two processes sharing Redis (publish in this one, client on the other).
 */
import { spawn, spawnSync, execSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { closeRedis, connectRedis } from '../src/adapters/redis/connect.js';
import { createRealtime } from '../src/realtime/index.js';
import type { Command } from './realtime/server.js';
import { ws, type WsClient } from './realtime/ws-module.js';

const FD_LIMIT = Number(execSync('ulimit -n', { shell: '/bin/bash' }).toString().trim());
const IDLE = Math.min(Number(process.env.BENCH_IDLE ?? 10_000), FD_LIMIT - 500);
const FANOUT = Number(process.env.BENCH_FANOUT_CONNECTIONS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const PER_TICK = Number(process.env.BENCH_PER_TICK ?? 10);
const SIZE = Number(process.env.BENCH_PAYLOAD ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** `memory`: the idle-connection figures only. */
const ONLY = process.env.BENCH_ONLY;
/** Every idle connection signed in as the same user (no per-user session cache or topic): what a connection alone costs. */
const ONE_USER = process.env.BENCH_ONE_USER === '1';
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
if (pinned) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)]);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  ask<T>(command: Command, type: string): Promise<T>;
}

/** A server process (core 1 when taskset is there; this process and its clients take core 0). */
async function startServer(mode: 'wegate' | 'bare', env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const args = ['--expose-gc', '--import', 'tsx', 'bench/realtime/server.ts'];
  const options: SpawnOptions = {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env, BENCH_MODE: mode },
  };
  const child: ChildProcess = pinned
    ? spawn('taskset', ['-c', '1', process.execPath, ...args], options)
    : spawn(process.execPath, args, options);
  const ask = <T>(command: Command, type: string) =>
    new Promise<T>((resolve) => {
      const on = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', on);
        resolve(message as T);
      };
      child.on('message', on);
      if (command.cmd !== 'stop' || child.connected) child.send(command);
    });
  const ready = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return { child, port: ready.port, ask };
}

/** CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Clients {
  readonly sockets: WsClient[];
  received: number;
  close(): void;
}

/** `count` WebSocket clients, opened 200 at a time; every message they receive is counted. */
async function connect(
  urls: (i: number) => string,
  count: number,
  onMessage?: (data: Buffer) => void,
): Promise<Clients> {
  const clients: Clients = {
    sockets: [],
    received: 0,
    close: () => clients.sockets.forEach((s) => s.terminate()),
  };
  for (let start = 0; start < count; start += 200) {
    const batch = Array.from({ length: Math.min(200, count - start) }, (_, k) => {
      const socket = new ws.WebSocket(urls(start + k), { perMessageDeflate: false });
      socket.on('message', (data) => {
        clients.received += 1;
        onMessage?.(data);
      });
      clients.sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.on('open', resolve);
        socket.on('error', reject);
        socket.on('unexpected-response', (_req, res) =>
          reject(new Error(`handshake answered ${res.statusCode}`)),
        );
      });
    });
    await Promise.all(batch);
  }
  return clients;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface Mem {
  rss: number;
  heapUsed: number;
  external: number;
  connections: number;
}

async function idleMemory(server: Server, path: (i: number) => string) {
  const before = await server.ask<Mem>({ cmd: 'mem' }, 'mem');
  const clients = await connect((i) => `ws://127.0.0.1:${server.port}${path(i)}`, IDLE);
  await until(
    async () => (await server.ask<Mem>({ cmd: 'mem' }, 'mem')).connections >= IDLE,
    60_000,
    'connections',
  );
  await sleep(1000);
  const after = await server.ask<Mem>({ cmd: 'mem' }, 'mem');
  clients.close();
  await until(
    async () => (await server.ask<Mem>({ cmd: 'mem' }, 'mem')).connections === 0,
    60_000,
    'closing',
  );
  const per = (key: 'rss' | 'heapUsed' | 'external') => (after[key] - before[key]) / IDLE / 1024;
  return { rssKiB: per('rss'), heapKiB: per('heapUsed'), externalKiB: per('external') };
}

/** One fan-out run: EVENTS published in bursts of PER_TICK; done when every client has every event. */
async function fanoutRun(server: Server, clients: Clients, events: number) {
  clients.received = 0;
  const cpu0 = cpuSeconds(server.child.pid);
  const started = server.ask<{ t0: number }>(
    { cmd: 'fanout', events, perTick: PER_TICK, size: SIZE },
    'fanout',
  );
  await until(() => clients.received >= events * clients.sockets.length, 120_000, 'fan-out deliveries');
  const end = now();
  const { t0 } = await started;
  const seconds = (end - t0) / 1000;
  const cpu = cpuSeconds(server.child.pid) - cpu0;
  return {
    eventsPerS: events / seconds,
    deliveriesPerS: (events * clients.sockets.length) / seconds,
    cpuUsPerDelivery: (cpu * 1e6) / (events * clients.sockets.length),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function fanout(wegate: Server, bare: Server, tokens: string[]) {
  const ours = await connect(
    (i) => `ws://127.0.0.1:${wegate.port}/api/realtime/ws?topic=bench.fanout&token=${tokens[i]}`,
    FANOUT,
  );
  const theirs = await connect(() => `ws://127.0.0.1:${bare.port}/`, FANOUT);
  await fanoutRun(wegate, ours, 200);
  await fanoutRun(bare, theirs, 200);
  const runs: {
    wegate: Awaited<ReturnType<typeof fanoutRun>>;
    bare: Awaited<ReturnType<typeof fanoutRun>>;
  }[] = [];
  for (let r = 0; r < ROUNDS; r += 1)
    runs.push({ wegate: await fanoutRun(wegate, ours, EVENTS), bare: await fanoutRun(bare, theirs, EVENTS) });
  ours.close();
  theirs.close();
  return runs;
}

/** Publish in this process (instance A), receive through the other process's /api/realtime/ws (instance B). */
async function crossInstanceLatency() {
  const prefix = `wegate-bench:rt:${randomBytes(4).toString('hex')}:`;
  const b = await startServer('wegate', { BENCH_REDIS_PREFIX: prefix });
  const [token] = (await b.ask<{ tokens: string[] }>({ cmd: 'tokens', n: 1 }, 'tokens')).tokens;
  const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const a = createRealtime({ redis, keyPrefix: prefix });
  const latencies: number[] = [];
  const client = await connect(
    () => `ws://127.0.0.1:${b.port}/api/realtime/ws?topic=bench.fanout&token=${token}`,
    1,
    (data) => {
      const sent = (JSON.parse(data.toString()) as { data: { t: number } }).data.t;
      latencies.push(now() - sent);
    },
  );
  await sleep(300);
  const count = 1000;
  for (let i = 0; i < count; i += 1) {
    await a.publish('bench.fanout', { type: 'tick', data: { t: now() } });
    await sleep(2);
  }
  await until(() => latencies.length >= count, 10_000, 'latency events');
  client.close();
  await a.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
  await b.ask({ cmd: 'stop' }, 'stopped');
  const sorted = [...latencies].sort((x, y) => x - y);
  return { count, medianMs: median(sorted), p99Ms: sorted[Math.floor(sorted.length * 0.99)] as number };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main() {
  console.log(
    `bench:realtime — ${IDLE} idle connections (ulimit -n ${FD_LIMIT}), fan-out to ${FANOUT} connections, ${EVENTS} events of ${SIZE}-byte padding in bursts of ${PER_TICK}, ${ROUNDS} rounds; ${pinned ? 'server on core 1, clients on core 0' : 'unpinned'}`,
  );
  const wegate = await startServer('wegate');
  const bare = await startServer('bare');
  const tokens = (
    await wegate.ask<{ tokens: string[] }>({ cmd: 'tokens', n: Math.max(IDLE, FANOUT) }, 'tokens')
  ).tokens;
  const memWegate = await idleMemory(wegate, (i) => `/api/realtime/ws?token=${tokens[ONE_USER ? 0 : i]}`);
  const memBare = await idleMemory(bare, () => '/');
  console.log('\nmemory per idle WebSocket connection (server process, after GC; KiB)');
  console.log('| server | RSS | heap | external |\n|---|---|---|---|');
  for (const [name, m] of [
    ['wegate /api/realtime/ws', memWegate],
    ['bare ws server', memBare],
  ] as const)
    console.log(`| ${name} | ${fmt(m.rssKiB)} | ${fmt(m.heapKiB)} | ${fmt(m.externalKiB)} |`);
  if (ONLY === 'memory') {
    await wegate.ask({ cmd: 'stop' }, 'stopped');
    await bare.ask({ cmd: 'stop' }, 'stopped');
    return;
  }
  const runs = await fanout(wegate, bare, tokens);
  console.log(
    `\nfan-out: ${EVENTS} events to ${FANOUT} connections (events/s = events published until every client has all)`,
  );
  console.log(
    '| round | wegate events/s | bare ws events/s | ratio | wegate server CPU µs/delivery | bare CPU µs/delivery |\n|---|---|---|---|---|---|',
  );
  runs.forEach((r, i) =>
    console.log(
      `| ${i + 1} | ${fmt(r.wegate.eventsPerS, 0)} | ${fmt(r.bare.eventsPerS, 0)} | ${fmt(r.wegate.eventsPerS / r.bare.eventsPerS, 2)} | ${fmt(r.wegate.cpuUsPerDelivery, 2)} | ${fmt(r.bare.cpuUsPerDelivery, 2)} |`,
    ),
  );
  const ratio = median(runs.map((r) => r.wegate.eventsPerS / r.bare.eventsPerS));
  console.log(`median ratio wegate / bare: ${fmt(ratio, 2)} (goal ≥ 0.5)`);
  await wegate.ask({ cmd: 'stop' }, 'stopped');
  await bare.ask({ cmd: 'stop' }, 'stopped');
  const latency = await crossInstanceLatency();
  console.log(
    `\ncross-instance delivery (publish in one process, client on another's /api/realtime/ws, Redis): ${latency.count} events, median ${fmt(latency.medianMs, 2)} ms, p99 ${fmt(latency.p99Ms, 2)} ms`,
  );
}

await main();
