/**
 * @module createReadiness(): whether this instance can serve, from named probes (store, Redis,
 * migrations, queue), each bounded by a timeout and the whole answer reused for a short while, so a
 * load balancer polling every instance cannot load the store.
 */
import { systemClock, type Clock } from '../../../kernel/ports/clock.types.js';

/** One dependency to ask; the probe resolves when it answers and throws (or rejects) when it does not. */
export interface ReadinessCheck {
  readonly name: string;
  probe(): unknown;
}

export type CheckOutcome = 'ok' | 'failed' | 'timeout';

export interface ReadinessReport {
  readonly ready: boolean;
  /** Outcome by check name; never an error message (it could name a host or carry a credential). */
  readonly checks: Readonly<Record<string, CheckOutcome>>;
}

export interface ReadinessOptions {
  readonly checks: readonly ReadinessCheck[];
  /** A probe not answered within this counts as down (default 1000 ms). */
  readonly timeoutMs?: number;
  /** A report is reused for this long (default 1000 ms). */
  readonly cacheMs?: number;
  readonly clock?: Clock;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

const DEFAULT_TIMEOUT_MS = 1_000;
const DEFAULT_CACHE_MS = 1_000;

export function createReadiness(options: ReadinessOptions): Readiness {
  const clock = options.clock ?? systemClock;
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const probes = options.checks.map((c) => boundedProbe(c, options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  let cached: { at: number; report: ReadinessReport } | undefined;
  let running: Promise<ReadinessReport> | undefined;

  const run = async (): Promise<ReadinessReport> => {
    const outcomes = await Promise.all(probes.map((p) => p()));
    const checks = Object.fromEntries(options.checks.map((c, i) => [c.name, outcomes[i] ?? 'failed']));
    const report = { ready: outcomes.every((o) => o === 'ok'), checks };
    cached = { at: clock.now(), report };
    return report;
  };

  return {
    check() {
      if (cached !== undefined && clock.now() - cached.at < cacheMs) return Promise.resolve(cached.report);
      // Callers arriving while a check runs share it.
      running ??= run().finally(() => (running = undefined));
      return running;
    },
  };
}

/**
 * The probe raced against its timeout. A probe still pending from an earlier check is not started
 * again (a hung connection must not pile up queries on the pool): it counts as timed out until it settles.
 */
function boundedProbe(check: ReadinessCheck, timeoutMs: number): () => Promise<CheckOutcome> {
  let pending: Promise<CheckOutcome> | undefined;
  return async () => {
    if (pending !== undefined) return 'timeout';
    const attempt = (async () => {
      try {
        await check.probe();
        return 'ok' as const;
      } catch {
        return 'failed' as const;
      }
    })();
    pending = attempt;
    void attempt.finally(() => (pending = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckOutcome>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
