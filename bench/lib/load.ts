/**
 * @module A closed-loop HTTP load generator on undici: `workers` loops, each sending its next request as
 * soon as the previous answer is read, over a keep-alive pool of as many connections, for a duration or a
 * number of requests. Every answer's status is checked; latencies are kept for percentiles.
 */
import { Pool } from 'undici';

export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadOptions {
  readonly origin: string;
  readonly workers: number;
  /** Stop after this long (measured from the first request)… */
  readonly durationMs?: number;
  /** …or after this many requests (`request` answers undefined past the end too). */
  readonly total?: number;
  /** The i-th request, sent by `worker`. */
  request(i: number, worker: number): LoadRequest | undefined;
  /** The status a good answer has. */
  readonly ok: number;
  /** Called with each good answer's body (read only when given). */
  onBody?(i: number, body: string): void;
}

export interface LoadResult {
  readonly count: number;
  readonly failures: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** A few failed answers, for the report. */
  readonly samples: string[];
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.workers, pipelining: 1 });
  const latencies: number[] = [];
  const samples: string[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const end = options.durationMs === undefined ? Infinity : started + options.durationMs;
  const total = options.total ?? Infinity;
  try {
    await Promise.all(
      Array.from({ length: options.workers }, async (_, worker) => {
        for (;;) {
          if (performance.now() >= end || next >= total) return;
          const i = next++;
          const req = options.request(i, worker);
          if (!req) return;
          const t = performance.now();
          const res = await pool.request({ ...req, headers: req.headers ?? {} });
          const good = res.statusCode === options.ok;
          if (good && options.onBody) options.onBody(i, await res.body.text());
          else if (!good && samples.length < 5) samples.push(`${res.statusCode} ${await res.body.text()}`);
          else await res.body.dump();
          latencies.push(performance.now() - t);
          if (!good) failures += 1;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    failures,
    seconds,
    perSecond: (latencies.length - failures) / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    samples,
  };
}
