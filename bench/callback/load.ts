/**
 * @module Load generator: 50 keep-alive connections over raw sockets, requests pre-encoded, every reply
 * verified, decrypted and checked. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { HttpConnection } from './http-connection.js';
import { buildRequest, checkReply, encodeRequest, expectedOf } from './scenario.js';

const target = new URL(process.argv[2] as string);
const port = Number(target.port);
const host = `${target.hostname}:${port}`;
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmupMs = Number(process.env.BENCH_WARMUP_S ?? 3) * 1000;
const measureMs = Number(process.env.BENCH_DURATION_S ?? 10) * 1000;
const poolSize = Number(process.env.BENCH_POOL ?? 600_000);

// Requests are built and encoded before the clock starts so the generator spends its core on sockets
// and on checking replies; each carries a MsgId never sent before. Their bytes sit in a few large
// slabs and what a reply must carry is derived from the push number: hundreds of thousands of request
// objects on the generator's heap made its own garbage collection pauses show up as server latency
// (p99 about 2 ms higher for every server).
const SLAB_BYTES = 64 * 1024 * 1024;
const slabs: Buffer[] = [];
const slabOf = new Uint16Array(poolSize);
const startOf = new Uint32Array(poolSize);
const lengthOf = new Uint32Array(poolSize);
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let used = 0;
slabs.push(slab);
for (let i = 0; i < poolSize; i++) {
  const wire = encodeRequest(buildRequest(i), host);
  if (used + wire.length > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabs.push(slab);
    used = 0;
  }
  wire.copy(slab, used);
  slabOf[i] = slabs.length - 1;
  startOf[i] = used;
  lengthOf[i] = wire.length;
  used += wire.length;
}
let next = 0;
let builtLate = 0;
/** The next push: its number and its bytes (built now once the pool is spent). */
const take = (): { msgId: number; wire: Buffer } => {
  const msgId = next++;
  if (msgId < poolSize) {
    const start = startOf[msgId] as number;
    const wire = (slabs[slabOf[msgId] as number] as Buffer).subarray(
      start,
      start + (lengthOf[msgId] as number),
    );
    return { msgId, wire };
  }
  builtLate += 1;
  return { msgId, wire: encodeRequest(buildRequest(msgId), host) };
};

/** CPU seconds used so far by the process `BENCH_SERVER_PID` names (Linux /proc), or NaN. */
const serverCpuSeconds = (): number => {
  try {
    const pid = process.env.BENCH_SERVER_PID;
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
};

const latencies: number[] = [];
const reasons = new Map<string, number>();
let measuring = false;
let stop = false;
let done = 0;
let errors = 0;

async function worker(): Promise<void> {
  let connection = new HttpConnection(port, target.hostname);
  while (!stop) {
    const { msgId, wire } = take();
    const start = performance.now();
    let problem: string | undefined;
    try {
      const answer = await connection.send(wire);
      problem = checkReply(answer.status, answer.body.toString('utf8'), expectedOf(msgId));
    } catch (error) {
      problem = `transport: ${(error as Error).message}`;
      connection.close();
      connection = new HttpConnection(port, target.hostname);
    }
    if (!measuring) continue;
    latencies.push(performance.now() - start);
    done += 1;
    if (problem !== undefined) {
      errors += 1;
      reasons.set(problem, (reasons.get(problem) ?? 0) + 1);
    }
  }
  connection.close();
}

const workers = Array.from({ length: connections }, worker);
await new Promise((resolve) => setTimeout(resolve, warmupMs));
measuring = true;
console.log('MEASURING');
const started = performance.now();
const cpuStart = process.cpuUsage();
const serverStart = serverCpuSeconds();
await new Promise((resolve) => setTimeout(resolve, measureMs));
measuring = false;
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const serverCpuS = serverCpuSeconds() - serverStart;
stop = true;
await Promise.all(workers);
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
    // Share of one core the generator itself used while measuring: near 1 means it was the ceiling.
    serverCpuS,
    loadCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
  }),
);
