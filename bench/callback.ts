/** @module `npm run bench:callback`: safe-mode text → encrypted reply against wegate, two npm peers and a hand-rolled reference. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { medianRound, renderReport, writeSection, type Row } from './callback/report.js';
import { beforeBuild } from './lib/before-build.js';
import { startOtlpSink } from './lib/otlp-sink.js';

interface Target {
  id: string;
  label: string;
  script: string;
  env?: NodeJS.ProcessEnv;
  kind: 'wegate' | 'peer' | 'reference';
}

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGETS: Target[] = [
  { id: 'wegate', label: 'wegate (memory dedupe)', script: 'server-wegate.ts', kind: 'wegate' },
  {
    id: 'wegate-redis',
    label: 'wegate (Redis dedupe)',
    script: 'server-wegate.ts',
    env: { BENCH_REDIS_URL: redisUrl },
    kind: 'wegate',
  },
  {
    id: 'easywechat',
    label: 'node-easywechat 3.6.2 (app per request)',
    script: 'server-easywechat.ts',
    kind: 'peer',
  },
  { id: 'wechat', label: 'wechat 2.0.2 on express 4', script: 'server-wechat.ts', kind: 'peer' },
  {
    id: 'reference',
    label: 'hand-rolled node:http + node:crypto',
    script: 'server-reference.ts',
    kind: 'reference',
  },
];

// BENCH_BEFORE_DIST: a dist/ built from an earlier commit, measured beside this one (before/after).
const before = beforeBuild();
if (before) {
  TARGETS.splice(1, 0, {
    id: 'wegate-before',
    label: `wegate before (memory dedupe, ${before.label})`,
    script: 'server-wegate.ts',
    env: before.env,
    kind: 'wegate',
  });
}

// BENCH_TRACING=1: wegate once more with tracing on, exporting OTLP/HTTP to a sink in this process.
const sink = process.env.BENCH_TRACING === '1' ? await startOtlpSink() : undefined;
if (sink) {
  TARGETS.splice(1, 0, {
    id: 'wegate-traced',
    label: 'wegate traced (memory dedupe, OTLP/HTTP to a local sink)',
    script: 'server-wegate.ts',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'wegate-bench' },
    kind: 'wegate',
  });
  TARGETS.splice(2, 0, {
    id: 'wegate-traced-10',
    label: 'wegate traced, 10 % of pushes sampled (parentbased_traceidratio 0.1)',
    script: 'server-wegate.ts',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_SERVICE_NAME: 'wegate-bench',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    },
    kind: 'wegate',
  });
  TARGETS.splice(3, 0, {
    id: 'wegate-traced-0',
    label: 'wegate with tracing on, nothing sampled (always_off: the cost of context propagation alone)',
    script: 'server-wegate.ts',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_SERVICE_NAME: 'wegate-bench',
      OTEL_TRACES_SAMPLER: 'always_off',
    },
    kind: 'wegate',
  });
}

const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const only = process.env.BENCH_ONLY?.split(',');

function node(core: number, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const command = pinned ? ['taskset', '-c', String(core), process.execPath] : [process.execPath];
  return spawn(command[0] as string, [...command.slice(1), '--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function linesUntil(child: ChildProcess, prefix: string, seen: string[]): Promise<string> {
  for await (const line of createInterface({ input: child.stdout! })) {
    seen.push(line);
    if (line.startsWith(prefix)) return line;
  }
  throw new Error(`process ended before printing ${prefix}: ${seen.join(' | ')}`);
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined off Linux. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in USER_HZ (100)
  } catch {
    return undefined;
  }
}

async function measure(target: Target): Promise<Row> {
  // BENCH_SERVER_NODE_ARGS: node flags for the servers only (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const flags = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = node(1, [...flags, `bench/callback/${target.script}`], target.env);
  const lines: string[] = [];
  try {
    const port = (await linesUntil(server, 'PORT ', lines)).slice(5);
    const load = node(0, ['bench/callback/load.ts', `http://127.0.0.1:${port}`]);
    const loadLines: string[] = [];
    await linesUntil(load, 'MEASURING', loadLines);
    const before = cpuSeconds(server.pid);
    const result = JSON.parse(await linesUntil(load, '{', loadLines)) as Omit<
      Row,
      'target' | 'kind' | 'route'
    >;
    const after = cpuSeconds(server.pid);
    const seconds = (result.requests ?? 0) / (result.rps ?? 1);
    const serverCpu = before !== undefined && after !== undefined ? (after - before) / seconds : undefined;
    return { ...result, serverCpu, target: target.label, kind: target.kind };
  } finally {
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 3000);
    await once(server, 'exit');
    clearTimeout(timer);
  }
}

// wegate runs from dist/, as `npm start` does.
if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0)
  throw new Error('npm run build failed');

// Every server runs in several rounds, interleaved and in a rotated order, so a slow spell of the
// machine does not land on one server only; each row is that server's median round.
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const targets = TARGETS.filter((t) => !only || only.includes(t.id));
const byTarget = new Map<Target, Row[]>(targets.map((t) => [t, []]));
for (let round = 0; round < rounds; round += 1) {
  const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
  for (const target of order) {
    process.stderr.write(`round ${round + 1}/${rounds}: measuring ${target.label}…\n`);
    try {
      byTarget.get(target)!.push(await measure(target));
    } catch (error) {
      byTarget
        .get(target)!
        .push({ target: target.label, kind: target.kind, failure: (error as Error).message });
    }
  }
}
const rows = targets.map((target) => medianRound(byTarget.get(target)!));
const report = renderReport(rows, { pinned, rounds });
console.log(report);
if (sink) console.log(`OTLP sink: ${sink.requests()} export requests, ${sink.bytes()} bytes received`);
await sink?.close();
if (!only) writeSection('BENCHMARKS.md', 'Callback', report);
