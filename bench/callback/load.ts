/**
 * @module Load generator: 50 keep-alive connections over raw sockets, requests pre-encoded, every reply
 * verified, decrypted and checked. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { HttpConnection } from './http-connection.js';
import { buildRequest, checkReply, encodeRequest, type BenchRequest } from './scenario.js';

const target = new URL(process.argv[2] as string);
const port = Number(target.port);
const host = `${target.hostname}:${port}`;
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmupMs = Number(process.env.BENCH_WARMUP_S ?? 3) * 1000;
const measureMs = Number(process.env.BENCH_DURATION_S ?? 10) * 1000;
const poolSize = Number(process.env.BENCH_POOL ?? 600_000);

interface Prepared {
  request: BenchRequest;
  wire: Buffer;
}

// Requests are built and encoded before the clock starts so the generator spends its core on sockets
// and on checking replies; each carries a MsgId never sent before.
const prebuilt: Prepared[] = [];
const prepare = (i: number): Prepared => {
  const request = buildRequest(i);
  return { request, wire: encodeRequest(request, host) };
};
for (let i = 0; i < poolSize; i++) prebuilt.push(prepare(i));
let next = 0;
let builtLate = 0;
const take = (): Prepared => {
  if (next < prebuilt.length) {
    const p = prebuilt[next] as Prepared;
    prebuilt[next++] = undefined as unknown as Prepared; // let sent requests be collected
    return p;
  }
  builtLate += 1;
  return prepare(next++);
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
    const { request, wire } = take();
    const start = performance.now();
    let problem: string | undefined;
    try {
      const answer = await connection.send(wire);
      problem = checkReply(answer.status, answer.body.toString('utf8'), request);
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
