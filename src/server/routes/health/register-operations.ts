/**
 * @module What operators and their machines read from a server and what keeps it tidy: /healthz and
 * /readyz, the queue backlog gauges of /metrics, and the scheduled pruning of old rows.
 */
import type { FastifyInstance } from 'fastify';
import type { WegateConfig } from '../../../config/config.types.js';
import { registerQueueMetrics } from '../../plugins/queue-metrics.js';
import { registerRetention } from '../../retention/register-retention.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { registerHealth } from './register-health.js';

export function registerOperations(app: FastifyInstance, config: WegateConfig, deps: ServerDeps): void {
  registerHealth(app, deps);
  registerQueueMetrics(deps.metrics, deps.queue, (err) => deps.logger.warn({ err }, 'queue stats failed'));
  registerRetention(app, config, deps);
}
