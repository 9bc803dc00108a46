/** Types of the realtime service: events, what a subscriber receives, and the service itself. */

/** What a publisher sends on a topic: a type name and a JSON-serialisable payload. */
export interface RealtimeEvent<T = unknown> {
  readonly type: string;
  readonly data: T;
}

/** The event type a subscriber receives when its offset is older than the retention window: refetch state. */
export const RESET_EVENT = 'reset';

/** One event as delivered: its topic, its offset (`id`, the SSE event id) and `json`, the wire text. */
export interface DeliveredEvent extends RealtimeEvent {
  readonly topic: string;
  /** The event's offset in its topic; resume after it with `subscribe(topic, id, …)`. */
  readonly id: string;
  /** `{"type":…,"data":…}`, serialised once per process and shared by every connection. */
  readonly json: string;
}

export type EventListener = (event: DeliveredEvent) => void;

export interface Realtime {
  /** Which log carries events across processes: `memory` (this process only) or `redis` (every instance). */
  readonly backend: 'memory' | 'redis';
  /** Appends `event` to `topic`; resolves with its offset. Never waits for subscribers. */
  publish<T>(topic: string, event: RealtimeEvent<T>): Promise<string>;
  /**
   * Calls `onEvent` for every event of `topic`, in order, each once: without `fromOffset` those published
   * from now on; with it every retained event after it first, or one `reset` event when some event after
   * it has left the retention window. Returns the unsubscribe function.
   */
  subscribe(topic: string, fromOffset: string | undefined, onEvent: EventListener): () => void;
  /** Stops reading; subscribers receive nothing more. */
  close(): Promise<void>;
}

/** An event as a log keeps it: the payload stays serialised. */
export interface LoggedEvent {
  readonly id: string;
  readonly type: string;
  /** JSON text of `data`. */
  readonly data: string;
}

/** What a log holds after an offset. */
export interface LogReadout {
  readonly events: readonly LoggedEvent[];
  /** Some event after the offset was trimmed (older than the window, or over the per-topic cap). */
  readonly gone: boolean;
  /** The topic's newest offset when read (START_OFFSET for an empty topic). */
  readonly last: string;
}

/**
 * Per-topic append-only logs with a retention window, and a live tail of the topics followed. The memory
 * log serves one process; the Redis log, every process on one Redis.
 */
export interface EventLog {
  readonly kind: 'memory' | 'redis';
  append(topic: string, type: string, data: string): Promise<string>;
  /** Events after `offset` (at most `limit`), and whether some were already trimmed. */
  readAfter(topic: string, offset: string, limit: number): Promise<LogReadout>;
  /** The topic's newest offset, START_OFFSET when empty. */
  lastOffset(topic: string): Promise<string>;
  /** Starts the live tail of `topic`: later events go to `onEvents`, in order, in batches. */
  follow(topic: string): void;
  unfollow(topic: string): void;
  close(): Promise<void>;
}

/** Called by a log with the new events of a followed topic. */
export type LogListener = (topic: string, events: readonly LoggedEvent[]) => void;

/** Retention of every topic's log. */
export interface RetentionOptions {
  /** Events younger than this are kept; default 300 000 ms (5 minutes). */
  readonly windowMs?: number;
  /** At most this many events a topic; default 1000. */
  readonly maxEvents?: number;
  /** A topic nobody published to for this long is forgotten; default 86 400 000 ms (a day). */
  readonly idleMs?: number;
}
