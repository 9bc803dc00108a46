/** @module The pruner on the server's store, scheduled on its queue once the app is ready, with its metric. */
import type { FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import type { RetentionConfig, WegateConfig } from '../../config/config.types.js';
import type { Worker } from '../../kernel/ports/index.js';
import {
  createPruner,
  RETENTION_KINDS,
  schedulePruner,
  type PruneReport,
  type RetentionSettings,
} from '../../retention/index.js';
import type { ServerDeps } from '../server-deps.types.js';

export const RETENTION_DEFAULTS = { days: 30, intervalMinutes: 10, batchSize: 1_000 } as const;

/** The file's `retention` as the pruner's settings: the kinds named there, `days` for the rest. */
export function retentionSettings(config: RetentionConfig = {}): RetentionSettings {
  const kinds = Object.fromEntries(
    RETENTION_KINDS.flatMap((kind) => (config[kind] === undefined ? [] : [[kind, config[kind]]])),
  );
  return { days: config.days ?? RETENTION_DEFAULTS.days, kinds };
}

export function registerRetention(app: FastifyInstance, config: WegateConfig, deps: ServerDeps): void {
  const pruned = new Counter({
    name: 'wegate_retention_pruned_rows_total',
    help: 'Rows deleted by the retention job, by kind',
    labelNames: ['kind'],
    registers: [deps.metrics.registry],
  });
  RETENTION_KINDS.forEach((kind) => pruned.inc({ kind }, 0));
  const pruner = createPruner({
    store: deps.store,
    queue: deps.queue,
    settings: retentionSettings(config.retention),
    batchSize: config.retention?.batchSize ?? RETENTION_DEFAULTS.batchSize,
    onPruned: (kind, rows) => pruned.inc({ kind }, rows),
  });
  const intervalMinutes = config.retention?.intervalMinutes ?? RETENTION_DEFAULTS.intervalMinutes;
  let worker: Worker | undefined;
  app.addHook('onReady', async () => {
    worker = await schedulePruner({
      queue: deps.queue,
      lock: deps.lock,
      pruner,
      intervalMs: intervalMinutes * 60_000,
      onReport: (report) => logReport(deps, report),
      onError: (err) => deps.logger.warn({ err }, 'retention run failed'),
    });
  });
  app.addHook('onClose', async () => worker?.close());
}

function logReport(deps: ServerDeps, report: PruneReport): void {
  const total = Object.values(report.pruned).reduce((a, b) => a + b, 0);
  if (total > 0 || !report.complete) deps.logger.info({ retention: report }, 'old rows pruned');
}
