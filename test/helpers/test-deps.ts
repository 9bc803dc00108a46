/** ServerDeps for tests and benches that build the server without the runtime: memory cache and lock, silent log. */
import { pino } from 'pino';
import { createMemoryCache, createMemoryLock } from '../../src/adapters/memory/index.js';
import type { Queue, Store } from '../../src/kernel/ports/index.js';
import { createMetrics } from '../../src/server/plugins/metrics.js';
import type { ServerDeps } from '../../src/server/server-deps.types.js';

export function testDeps(
  base: { store: Store; queue: Queue },
  overrides: Partial<ServerDeps> = {},
): ServerDeps {
  return {
    logger: pino({ level: 'silent' }),
    cache: createMemoryCache(),
    lock: createMemoryLock(),
    metrics: createMetrics({ defaultMetrics: false }),
    apps: {},
    ...base,
    ...overrides,
  };
}
