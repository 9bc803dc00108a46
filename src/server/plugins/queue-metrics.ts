/**
 * @module Gauges of the job queue by name and state, read when /metrics is scraped: the backlog an
 * operator alerts on and an autoscaler scales workers by.
 */
import { Gauge } from 'prom-client';
import type { Queue, QueueStats } from '../../kernel/ports/index.js';
import type { Metrics } from './metrics.js';

/** A scrape never waits longer than this for the queue; a slow backend leaves the gauges empty. */
const COLLECT_TIMEOUT_MS = 2_000;
const STATES = ['waiting', 'active', 'delayed', 'dead'] as const;

export function registerQueueMetrics(metrics: Metrics, queue: Queue, onError?: (e: unknown) => void): void {
  if (!queue.stats) return;
  const read = queue.stats.bind(queue);
  // Both gauges are filled from one read per scrape (prom-client collects them one after the other).
  let reading: Promise<QueueStats[]> | undefined;
  // A queue that emptied reads as zeros, not as a series that vanished (alerts on absent series misfire).
  const seen = new Set<string>();
  const withSeen = (list: QueueStats[]): QueueStats[] => {
    list.forEach((s) => seen.add(s.name));
    const present = new Set(list.map((s) => s.name));
    const gone = [...seen].filter((name) => !present.has(name));
    return [
      ...list,
      ...gone.map((name) => ({ name, waiting: 0, active: 0, delayed: 0, dead: 0, oldestWaitingMs: 0 })),
    ];
  };
  const stats = () => {
    reading ??= withTimeout(read(), COLLECT_TIMEOUT_MS)
      .then(withSeen)
      .catch((error: unknown) => (onError?.(error), []))
      .finally(() => setTimeout(() => (reading = undefined), 0).unref());
    return reading;
  };
  new Gauge({
    name: 'wegate_queue_jobs',
    help: 'Jobs in the durable queue by queue name and state (waiting, active, delayed, dead)',
    labelNames: ['queue', 'state'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const s of await stats()) for (const state of STATES) this.set({ queue: s.name, state }, s[state]);
    },
  });
  new Gauge({
    name: 'wegate_queue_oldest_waiting_seconds',
    help: 'How long the longest-waiting due job of each queue has been waiting',
    labelNames: ['queue'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const s of await stats()) this.set({ queue: s.name }, s.oldestWaitingMs / 1000);
    },
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`queue stats took over ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
