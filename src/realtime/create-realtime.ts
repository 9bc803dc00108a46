/** @module createRealtime(deps): publish to topics, subscribe with resume, fanned out locally from one log. */
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import type { Clock } from '../kernel/ports/index.js';
import { createMemoryEventLog, RETENTION_DEFAULTS } from './memory-event-log.js';
import { createRealtimeMetrics, type RealtimeMetrics } from './realtime-metrics.js';
import {
  RESET_EVENT,
  type EventLog,
  type LogListener,
  type Realtime,
  type RetentionOptions,
} from './realtime.types.js';
import { createRedisEventLog } from './redis-event-log.js';
import { TopicHub } from './topic-hub.js';
import { checkEventType, checkTopic, createTopicAccess, type TopicAccess } from './topics.js';

export interface CreateRealtimeDeps {
  /** A Redis command connection: events cross every process on it. Absent: this process only (memory). */
  readonly redis?: Redis;
  /** Stream keys start with it (Redis only); default `wegate:rt:`. */
  readonly keyPrefix?: string;
  /** Where the realtime series go; default a private registry. */
  readonly registry?: Registry;
  readonly retention?: RetentionOptions;
  /** The memory log's clock (tests move it). */
  readonly clock?: Clock;
  /** Reader and subscriber errors (the caller logs them; the service keeps going). */
  readonly onError?: (error: unknown) => void;
  /** Largest serialised `data` publish accepts; default 65 536 bytes. */
  readonly maxEventBytes?: number;
}

export interface RealtimeService extends Realtime, TopicAccess {
  /** The series connections report to (transports count connections, deliveries and drops). */
  readonly metrics: RealtimeMetrics;
}

function openLog(deps: CreateRealtimeDeps, onEvents: LogListener, onError: (e: unknown) => void): EventLog {
  if (!deps.redis) {
    return createMemoryEventLog(onEvents, {
      ...deps.retention,
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
  }
  const prefix = deps.keyPrefix ? { keyPrefix: deps.keyPrefix } : {};
  return createRedisEventLog(onEvents, { redis: deps.redis, ...prefix, ...deps.retention, onError });
}

export function createRealtime(deps: CreateRealtimeDeps = {}): RealtimeService {
  const metrics = createRealtimeMetrics(deps.registry ?? new Registry());
  const onError = deps.onError ?? (() => undefined);
  const maxEventBytes = deps.maxEventBytes ?? 65_536;
  // The log hands new events to the hub, which is made from the log: bound once both exist.
  const hub: { current?: TopicHub } = {};
  const log = openLog(deps, (topic, events) => hub.current?.fanOut(topic, events), onError);
  const replayLimit = deps.retention?.maxEvents ?? RETENTION_DEFAULTS.maxEvents;
  const topics = new TopicHub(log, { metrics, onError, replayLimit });
  hub.current = topics;
  const access = createTopicAccess();
  let closed = false;

  return {
    backend: log.kind,
    metrics,
    authorize: (fn) => access.authorize(fn),
    allows: (user, topic) => access.allows(user, topic),
    async publish(topic, event) {
      checkTopic(topic);
      checkEventType(event.type);
      if (event.type === RESET_EVENT) throw new TypeError('realtime event type "reset" is reserved');
      const data = JSON.stringify(event.data ?? null);
      if (Buffer.byteLength(data) > maxEventBytes)
        throw new RangeError(`realtime event data over ${maxEventBytes} bytes`);
      const id = await log.append(topic, event.type, data);
      metrics.published();
      return id;
    },
    subscribe(topic, fromOffset, onEvent) {
      checkTopic(topic);
      if (closed) throw new Error('realtime is closed');
      return topics.subscribe(topic, fromOffset, onEvent);
    },
    async close() {
      closed = true;
      topics.clear();
      await log.close();
    },
  };
}
