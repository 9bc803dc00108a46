/**
 * @module GET /healthz (the process serves) and GET /readyz (its dependencies answer) for load balancers
 * and Kubernetes probes, with the queue backlog gauges of /metrics that autoscalers read: no auth, no
 * envelope, nothing in a body but check names and outcomes.
 */
import type { FastifyInstance } from 'fastify';
import { registerQueueMetrics } from '../../plugins/queue-metrics.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { readinessOf } from './readiness-checks.js';

export function registerHealth(app: FastifyInstance, deps: ServerDeps): void {
  const readiness = readinessOf(deps);
  registerQueueMetrics(deps.metrics, deps.queue, (err) => deps.logger.warn({ err }, 'queue stats failed'));
  // Liveness does no I/O: a store outage must make instances unready, never get them restarted.
  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', async (_request, reply) => {
    const report = await readiness.check();
    return reply
      .status(report.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: report.ready ? 'ok' : 'unavailable', checks: report.checks });
  });
}
