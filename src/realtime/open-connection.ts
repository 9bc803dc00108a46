/**
 * @module openConnection(): one client's subscription to its topics over a transport (SSE, WebSocket): the
 * resume cursor, a bounded buffer (a slow client is dropped, never waited for) and one write per tick.
 */
import type { RealtimeService } from './create-realtime.js';
import type { Transport } from './realtime-metrics.js';
import type { DeliveredEvent } from './realtime.types.js';

/** An event on its way to one client, with the id that client resumes from (SSE `id:`). */
export interface Outgoing {
  readonly event: DeliveredEvent;
  readonly cursor: string;
}

/** The transport side of a connection. */
export interface ConnectionSink {
  readonly transport: Transport;
  /** Bytes the transport has accepted but not yet handed to the socket. */
  buffered(): number;
  /** One tick's events, in order. */
  write(batch: readonly Outgoing[]): void;
  /** Ends the connection; `reason` is what the client is told when the transport can say it. */
  close(reason: string): void;
}

export interface ConnectionOptions {
  /** What the client receives; its resume cursor lists them in this order. */
  readonly topics: readonly string[];
  /** The cursor the client last saw (SSE Last-Event-ID, WebSocket `offset`); absent: from now on. */
  readonly resumeFrom?: string;
  readonly sink: ConnectionSink;
  /** Queued and transport-buffered bytes above which the client is dropped; default 1 MiB. */
  readonly maxBufferedBytes?: number;
}

export interface Connection {
  /** Unsubscribes; the transport has closed (or is closing) the socket itself. */
  close(): void;
}

/**
 * The resume cursor: with one topic the event's offset itself; with several, `topic=offset` pairs joined
 * by `,` (topic names contain neither), so one Last-Event-ID resumes every topic.
 */
export function parseCursor(topics: readonly string[], cursor: string | undefined): Map<string, string> {
  const offsets = new Map<string, string>();
  if (cursor === undefined || cursor === '') return offsets;
  if (topics.length === 1 || !cursor.includes('=')) {
    offsets.set(topics[0] as string, cursor);
    return offsets;
  }
  for (const pair of cursor.split(',')) {
    const at = pair.lastIndexOf('=');
    const topic = pair.slice(0, at);
    if (at > 0 && topics.includes(topic)) offsets.set(topic, pair.slice(at + 1));
  }
  return offsets;
}

/** The cursor after `event`: its offset, or (several topics) the updated pairs. */
function cursorFor(topics: readonly string[], offsets: Map<string, string>) {
  if (topics.length === 1) return (event: DeliveredEvent) => event.id;
  return (event: DeliveredEvent) => {
    offsets.set(event.topic, event.id);
    return [...offsets].map(([topic, offset]) => `${topic}=${offset}`).join(',');
  };
}

export function openConnection(realtime: RealtimeService, options: ConnectionOptions): Connection {
  const { sink, topics } = options;
  const cap = options.maxBufferedBytes ?? 1024 * 1024;
  const offsets = parseCursor(topics, options.resumeFrom);
  const cursorOf = cursorFor(topics, offsets);
  let queue: Outgoing[] = [];
  let queuedBytes = 0;
  let scheduled = false;
  let open = true;
  const unsubscribes: Array<() => void> = [];

  const close = () => {
    if (!open) return;
    open = false;
    queue = [];
    for (const unsubscribe of unsubscribes) unsubscribe();
    realtime.metrics.connectionClosed(sink.transport);
  };

  const drop = (reason: string) => {
    if (!open) return;
    close();
    realtime.metrics.dropped(sink.transport, 'slow');
    sink.close(reason);
  };

  const flush = () => {
    scheduled = false;
    if (!open || queue.length === 0) return;
    if (sink.buffered() > cap) return drop(`slow consumer: over ${cap} bytes unsent`);
    const batch = queue;
    queue = [];
    queuedBytes = 0;
    sink.write(batch);
    realtime.metrics.delivered(sink.transport, batch.length);
  };

  const enqueue = (event: DeliveredEvent) => {
    if (!open) return;
    const cursor = cursorOf(event);
    queue.push({ event, cursor });
    queuedBytes += event.json.length + cursor.length;
    if (queuedBytes > cap) return drop(`slow consumer: over ${cap} bytes queued`);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  realtime.metrics.connectionOpened(sink.transport);
  for (const topic of topics) {
    // A cursor that is not an offset is handed on as it is: the realtime answers it with a reset.
    unsubscribes.push(realtime.subscribe(topic, offsets.get(topic), enqueue));
  }
  return { close };
}
