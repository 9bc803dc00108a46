/**
 * @module TopicHub: this process's subscribers by topic — the log's live events fanned out to them,
 * each subscriber caught up from its offset first, every event delivered once and in order.
 */
import { compareOffsets, isOffset, offsetTime } from './offsets.js';
import type { RealtimeMetrics } from './realtime-metrics.js';
import {
  RESET_EVENT,
  type DeliveredEvent,
  type EventListener,
  type EventLog,
  type LoggedEvent,
} from './realtime.types.js';

interface Sub {
  readonly onEvent: EventListener;
  /** The offset delivered last; nothing at or before it is delivered again. */
  last: string | undefined;
  /** Live events held while the catch-up read is in flight; undefined once caught up. */
  pending: DeliveredEvent[] | undefined;
  done: boolean;
}

export interface TopicHubOptions {
  readonly metrics: RealtimeMetrics;
  readonly onError: (error: unknown) => void;
  /** More missed events than this → a reset instead of the replay. */
  readonly replayLimit: number;
}

const RETRY_MS = 200;

/** A logged event as subscribers see it; `data` is parsed only when someone reads it. */
function delivered(topic: string, event: LoggedEvent): DeliveredEvent {
  let data: unknown;
  let parsed = false;
  return {
    topic,
    id: event.id,
    type: event.type,
    json: `{"type":${JSON.stringify(event.type)},"data":${event.data}}`,
    get data() {
      if (!parsed) [data, parsed] = [JSON.parse(event.data) as unknown, true];
      return data;
    },
  };
}

function resetEvent(topic: string, last: string): DeliveredEvent {
  const data = { reason: 'offset outside the retention window: refetch state' };
  return { topic, id: last, type: RESET_EVENT, data, json: JSON.stringify({ type: RESET_EVENT, data }) };
}

/** Where a subscriber starts: after `from` (with what it missed), or after the newest event. */
async function startOf(log: EventLog, topic: string, from: string | undefined, replayLimit: number) {
  if (from === undefined) return { last: await log.lastOffset(topic), replay: [] as DeliveredEvent[] };
  if (!isOffset(from)) {
    const last = await log.lastOffset(topic);
    return { last, replay: [resetEvent(topic, last)] };
  }
  const read = await log.readAfter(topic, from, replayLimit + 1);
  if (read.gone || read.events.length > replayLimit)
    return { last: read.last, replay: [resetEvent(topic, read.last)] };
  return { last: from, replay: read.events.map((e) => delivered(topic, e)) };
}

/** This process's subscribers by topic; the log hands it new events with `fanOut`. */
export class TopicHub {
  readonly #topics = new Map<string, Set<Sub>>();

  constructor(
    private readonly log: EventLog,
    private readonly options: TopicHubOptions,
  ) {}

  /** The log's listener: new events of a followed topic. */
  fanOut(topic: string, logged: readonly LoggedEvent[]): void {
    const subs = this.#topics.get(topic);
    if (!subs) return;
    const now = Date.now();
    const events = logged.map((e) => delivered(topic, e));
    for (const e of events) this.options.metrics.observeLag(Math.max(0, now - offsetTime(e.id)) / 1000);
    for (const sub of subs) {
      if (sub.pending) sub.pending.push(...events);
      else for (const e of events) this.#give(sub, e);
    }
  }

  subscribe(topic: string, from: string | undefined, onEvent: EventListener): () => void {
    const sub: Sub = { onEvent, last: undefined, pending: [], done: false };
    let subs = this.#topics.get(topic);
    if (!subs) {
      subs = new Set();
      this.#topics.set(topic, subs);
      // Followed before the catch-up read is issued, so the two leave no gap between them.
      this.log.follow(topic);
    }
    subs.add(sub);
    void this.#catchUp(topic, sub, from);
    const own = subs;
    return () => this.#unsubscribe(topic, own, sub);
  }

  /** Drops every subscriber. */
  clear(): void {
    for (const subs of this.#topics.values()) for (const sub of subs) sub.done = true;
    this.#topics.clear();
  }

  #call(sub: Sub, event: DeliveredEvent): void {
    try {
      sub.onEvent(event);
    } catch (error) {
      this.options.onError(error);
    }
  }

  #give(sub: Sub, event: DeliveredEvent): void {
    if (sub.done || (sub.last !== undefined && compareOffsets(event.id, sub.last) <= 0)) return;
    sub.last = event.id;
    this.#call(sub, event);
  }

  async #catchUp(topic: string, sub: Sub, from: string | undefined): Promise<void> {
    for (;;) {
      try {
        const start = await startOf(this.log, topic, from, this.options.replayLimit);
        if (sub.done) return;
        sub.last = start.last;
        // A reset carries the newest offset, which is `last` itself: delivered as it is.
        for (const e of start.replay) {
          if (e.type === RESET_EVENT) this.#call(sub, e);
          else this.#give(sub, e);
        }
        const held = sub.pending ?? [];
        sub.pending = undefined;
        for (const e of held) this.#give(sub, e);
        return;
      } catch (error) {
        if (sub.done) return;
        this.options.onError(error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  #unsubscribe(topic: string, subs: Set<Sub>, sub: Sub): void {
    if (sub.done) return;
    sub.done = true;
    sub.pending = undefined;
    subs.delete(sub);
    if (subs.size === 0 && this.#topics.get(topic) === subs) {
      this.#topics.delete(topic);
      this.log.unfollow(topic);
    }
  }
}
