/** @module readinessChecks(): the store, Redis, migrations and queue probes of a server's dependencies. */
import { sql } from 'kysely';
import type { Queue, Store } from '../../../kernel/ports/index.js';
import { createReadiness, type Readiness, type ReadinessCheck } from './readiness.js';

/** What readiness needs beyond the store and queue; the runtime fills it, tests pass their own. */
export interface HealthProbes {
  /** Ask Redis (PING) when the server uses it. */
  readonly redis?: () => Promise<unknown>;
  /**
   * False while migrations run, for a runtime that starts serving before they finish. createRuntime
   * migrates before the server exists, so it leaves this unset.
   */
  readonly migrationsDone?: () => boolean;
}

/** A probe's failure must not tell why: the reason could name a host or echo a URL. */
class NotReady extends Error {}

export function readinessChecks(deps: {
  store: Store;
  queue: Queue;
  health?: HealthProbes;
}): ReadinessCheck[] {
  const { store, queue, health } = deps;
  const checks: ReadinessCheck[] = [{ name: 'store', probe: () => sql`select 1`.execute(store.db) }];
  if (health?.redis) checks.push({ name: 'redis', probe: health.redis });
  const migrationsDone = health?.migrationsDone ?? (() => true);
  checks.push({
    name: 'migrations',
    probe: () => {
      if (!migrationsDone()) throw new NotReady('migrations');
    },
  });
  if (queue.ping) {
    const ping = queue.ping.bind(queue);
    checks.push({ name: 'queue', probe: () => ping() });
  }
  return checks;
}

/** The readiness of a server built from these dependencies. */
export function readinessOf(deps: { store: Store; queue: Queue; health?: HealthProbes }): Readiness {
  return createReadiness({ checks: readinessChecks(deps) });
}
