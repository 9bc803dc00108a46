/** @module The tables `npm run bench:outbox` prints (Markdown, ready for BENCHMARKS.md). */

export interface Delivered {
  /** Emulator-clock delivery times, sorted. */
  readonly at: readonly number[];
  readonly distinct: number;
  readonly duplicates: number;
}

interface Timings {
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface ThroughputRun {
  readonly queue: 'sql' | 'bullmq';
  readonly burst: Timings;
  readonly paced: Timings;
  readonly delivered: Delivered;
}

export interface LimitRun {
  readonly total: number;
  readonly rate: number;
  readonly processes: number;
  readonly warmupS: number;
  readonly steadyS: number;
  readonly delivered: Delivered;
}

const QUEUES = { sql: 'SQLite + embedded SQL queue', bullmq: 'SQLite rows + BullMQ on Redis' };
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function throughputReport(
  runs: readonly ThroughputRun[],
  o: { n: number; paced: number; pace: number; concurrency: number },
): string {
  const head = [
    `(a) ${fmt(o.n)} template messages queued at once, then ${fmt(o.paced)} at ${o.pace}/s; one outbox process, concurrency ${o.concurrency}, rate limit off`,
    '',
    '| queue | delivered (emulator) | duplicates | msgs/s | backlog p50 / p99 ms | paced p50 / p95 / p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const rows = runs.map((r) => {
    const total = o.n + o.paced;
    return `| ${QUEUES[r.queue]} | ${fmt(r.delivered.distinct)} / ${fmt(total)} | ${r.delivered.duplicates} | ${fmt(r.burst.perSecond)} | ${fmt(r.burst.p50)} / ${fmt(r.burst.p99)} | ${fmt(r.paced.p50)} / ${fmt(r.paced.p95)} / ${fmt(r.paced.p99)} |`;
  });
  return [...head, ...rows].join('\n');
}

/** Deliveries per one-second window from the first delivery; the warm-up windows are left out. */
export function perSecond(run: LimitRun): number[] {
  const first = run.delivered.at[0] ?? 0;
  const windows = new Array<number>(run.warmupS + run.steadyS).fill(0);
  for (const at of run.delivered.at) {
    const k = Math.floor((at - first) / 1000);
    if (k < windows.length) windows[k] = (windows[k] ?? 0) + 1;
  }
  return windows.slice(run.warmupS);
}

function limitRow(run: LimitRun): string {
  const windows = perSecond(run);
  const mean = windows.reduce((a, b) => a + b, 0) / windows.length;
  const min = Math.min(...windows);
  const max = Math.max(...windows);
  const limit = run.rate === 0 ? 'none (baseline)' : `${run.rate}/s`;
  const vs = (n: number) => (run.rate === 0 ? '—' : `${fmt(((n - run.rate) / run.rate) * 100, 1)}%`);
  return `| ${limit} | ${fmt(run.delivered.distinct)} / ${fmt(run.total)} | ${run.delivered.duplicates} | ${fmt(mean, 1)} | ${min} | ${max} | ${vs(mean)} | ${vs(min)} / ${vs(max)} |`;
}

export function limitReport(runs: readonly LimitRun[]): string {
  const first = runs[0] as LimitRun;
  return [
    `(b) limit per app and API held by ${first.processes} outbox processes (BullMQ, Redis rate limiter, PostgreSQL rows); every message queued before the workers start; ${first.steadyS} one-second windows after ${first.warmupS} s of warm-up, counted by the emulator`,
    '',
    '| limit | delivered (emulator) | duplicates | mean/s | min/s | max/s | mean vs limit | min / max vs limit |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(limitRow),
    '',
    ...runs.map((r) => `windows at ${r.rate === 0 ? 'no limit' : `${r.rate}/s`}: ${perSecond(r).join(' ')}`),
  ].join('\n');
}
