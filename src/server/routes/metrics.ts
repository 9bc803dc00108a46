/** @module GET /metrics: Prometheus text exposition. */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../plugins/metrics.js';

export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
