/** @module createMemoryEventLog(): per-topic logs in this process (sandbox, tests, a single instance). */
import type { Clock } from '../kernel/ports/index.js';
import { compareOffsets, nextOffset, START_OFFSET } from './offsets.js';
import type { EventLog, LoggedEvent, LogListener, RetentionOptions } from './realtime.types.js';

interface TopicLog {
  events: LoggedEvent[];
  last: string;
  /** The newest offset trimmed away (START_OFFSET: none). */
  trimmed: string;
  touchedAt: number;
}

export interface MemoryEventLogOptions extends RetentionOptions {
  readonly clock?: Clock;
}

export const RETENTION_DEFAULTS = { windowMs: 300_000, maxEvents: 1000, idleMs: 86_400_000 } as const;

/** Drops the events older than the window and those over the cap, remembering the newest dropped. */
function trim(log: TopicLog, at: number, windowMs: number, maxEvents: number): void {
  const horizon = `${at - windowMs}-0`;
  let cut = 0;
  while (cut < log.events.length && compareOffsets((log.events[cut] as LoggedEvent).id, horizon) < 0)
    cut += 1;
  cut = Math.max(cut, log.events.length - maxEvents);
  if (cut <= 0) return;
  log.trimmed = (log.events[cut - 1] as LoggedEvent).id;
  log.events = log.events.slice(cut);
}

function forgetIdle(topics: Map<string, TopicLog>, at: number, idleMs: number): void {
  for (const [topic, log] of topics) if (at - log.touchedAt > idleMs) topics.delete(topic);
}

/**
 * The same semantics as the Redis log: offsets `<ms>-<seq>`, a time window and a count cap per topic,
 * the newest trimmed offset remembered so a resume past it is told to reset.
 */
export function createMemoryEventLog(onEvents: LogListener, options: MemoryEventLogOptions = {}): EventLog {
  const { windowMs, maxEvents, idleMs } = { ...RETENTION_DEFAULTS, ...options };
  const now = () => (options.clock ?? Date).now();
  const topics = new Map<string, TopicLog>();
  const followed = new Set<string>();

  const sweep = setInterval(() => forgetIdle(topics, now(), idleMs), Math.min(idleMs, 60_000));
  sweep.unref();

  return {
    kind: 'memory',
    async append(topic, type, data) {
      const at = now();
      const log = topics.get(topic) ?? {
        events: [],
        last: START_OFFSET,
        trimmed: START_OFFSET,
        touchedAt: at,
      };
      topics.set(topic, log);
      const event = { id: nextOffset(log.last, at), type, data };
      log.events.push(event);
      log.last = event.id;
      log.touchedAt = at;
      trim(log, at, windowMs, maxEvents);
      if (followed.has(topic)) onEvents(topic, [event]);
      return event.id;
    },
    async readAfter(topic, offset, limit) {
      const log = topics.get(topic);
      if (!log) return { events: [], gone: offset !== START_OFFSET, last: START_OFFSET };
      const events = log.events.filter((e) => compareOffsets(e.id, offset) > 0).slice(0, limit);
      return { events, gone: compareOffsets(log.trimmed, offset) > 0, last: log.last };
    },
    async lastOffset(topic) {
      return topics.get(topic)?.last ?? START_OFFSET;
    },
    follow: (topic) => void followed.add(topic),
    unfollow: (topic) => void followed.delete(topic),
    async close() {
      clearInterval(sweep);
      followed.clear();
    },
  };
}
