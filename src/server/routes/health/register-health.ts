/**
 * @module GET /healthz (the process serves) and GET /readyz (its dependencies answer) for load balancers
 * and Kubernetes probes: no auth, no envelope, nothing in a body but check names and outcomes.
 */
import type { FastifyInstance } from 'fastify';
import type { Queue, Store } from '../../../kernel/ports/index.js';
import { readinessOf, type HealthProbes } from './readiness-checks.js';

export function registerHealth(
  app: FastifyInstance,
  deps: { store: Store; queue: Queue; health?: HealthProbes },
): void {
  const readiness = readinessOf(deps);
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
