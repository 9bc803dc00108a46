/** @module The realtime series on a prom-client registry: connections, events published and delivered, drops, lag. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type Transport = 'sse' | 'ws';

export interface RealtimeMetrics {
  connectionOpened(transport: Transport): void;
  connectionClosed(transport: Transport): void;
  published(): void;
  /** `count` events written to one connection. */
  delivered(transport: Transport, count: number): void;
  /** A connection closed by us: `slow` (over its buffer cap) or `heartbeat` (no pong in time). */
  dropped(transport: Transport, reason: string): void;
  /** Publish → this process fanning the event out, once per event and process. */
  observeLag(seconds: number): void;
}

const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** The registry's series `name`, made by `make` unless another realtime instance registered it already. */
function series<T>(registry: Registry, name: string, make: (registers: Registry[]) => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make([registry]);
}

export function createRealtimeMetrics(registry: Registry): RealtimeMetrics {
  const connections = series(registry, 'wegate_realtime_connections', (registers) => {
    const help = 'Open realtime connections by transport';
    return new Gauge({ name: 'wegate_realtime_connections', help, labelNames: ['transport'], registers });
  });
  const published = series(registry, 'wegate_realtime_events_published_total', (registers) => {
    const help = 'Events published by this process';
    return new Counter({ name: 'wegate_realtime_events_published_total', help, registers });
  });
  const delivered = series(registry, 'wegate_realtime_events_delivered_total', (registers) => {
    const help = 'Events written to connections, by transport';
    const name = 'wegate_realtime_events_delivered_total';
    return new Counter({ name, help, labelNames: ['transport'], registers });
  });
  const drops = series(registry, 'wegate_realtime_drops_total', (registers) => {
    const help = 'Connections the server closed, by transport and reason (slow: over its buffer cap)';
    return new Counter({
      name: 'wegate_realtime_drops_total',
      help,
      labelNames: ['transport', 'reason'],
      registers,
    });
  });
  const lag = series(registry, 'wegate_realtime_delivery_lag_seconds', (registers) => {
    const help = 'From publish to this process fanning the event out to its subscribers';
    const name = 'wegate_realtime_delivery_lag_seconds';
    return new Histogram({ name, help, buckets: LAG_BUCKETS, registers });
  });
  const deliveredBy = { sse: delivered.labels('sse'), ws: delivered.labels('ws') };
  return {
    connectionOpened: (transport) => connections.inc({ transport }),
    connectionClosed: (transport) => connections.dec({ transport }),
    published: () => published.inc(),
    delivered: (transport, count) => deliveredBy[transport].inc(count),
    dropped: (transport, reason) => drops.inc({ transport, reason }),
    observeLag: (seconds) => lag.observe(seconds),
  };
}
