/**
 * @module StreamReader: ONE blocking XREAD per process over every followed topic's stream, on its
 * own connection; a new topic interrupts the wait with CLIENT UNBLOCK instead of opening a connection.
 */
import type { Redis } from 'ioredis';
import { START_OFFSET } from './offsets.js';

type Entry = [id: string, fields: string[]];

export interface StreamReaderOptions {
  /** The command connection: start offsets and CLIENT UNBLOCK go through it; the reader duplicates it. */
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly onEntries: (topic: string, entries: Entry[]) => void;
  readonly onError?: (error: unknown) => void;
  /** Longest single wait; default 5000 ms. */
  readonly blockMs?: number;
  /** Entries per stream per read; default 500. */
  readonly batch?: number;
}

const RETRY_MS = 200;
const NUDGE_MS = 20;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reader's own connection (named `<name>-realtime`), opened on first use; its CLIENT ID once known. */
function readerConnection(redis: Redis, onError: (error: unknown) => void) {
  let conn: Redis | undefined;
  let id: number | undefined;
  return {
    id: () => id,
    async get(): Promise<Redis> {
      if (conn) return conn;
      const connectionName = `${redis.options.connectionName ?? 'wegate'}-realtime`;
      const created = redis.duplicate({ connectionName, enableOfflineQueue: true });
      created.on('error', onError);
      created.on('ready', () => {
        id = undefined;
        created.client('ID').then((value) => (id = Number(value)), onError);
      });
      conn = created;
      if (created.status === 'wait') await created.connect();
      return created;
    },
    close: () => conn?.disconnect(),
  };
}

/** Reads the followed topics' streams from their cursors and hands new entries to `onEntries`. */
export class StreamReader {
  readonly #conn: ReturnType<typeof readerConnection>;
  readonly #onError: (error: unknown) => void;
  /** Followed topics → the offset read up to; undefined while the start offset is being fetched. */
  readonly #cursors = new Map<string, string | undefined>();
  /** The topics of the XREAD in flight, while one is. */
  #reading: ReadonlySet<string> | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  #nudging = false;
  #idle: (() => void) | undefined;

  constructor(private readonly options: StreamReaderOptions) {
    this.#onError = options.onError ?? (() => undefined);
    this.#conn = readerConnection(options.redis, this.#onError);
  }

  follow(topic: string): void {
    if (this.#cursors.has(topic)) return;
    this.#cursors.set(topic, undefined);
    // Issued now, before the subscriber's own catch-up read on the same connection: no gap between them.
    void this.#start(topic);
    this.#running ??= this.#loop();
  }

  unfollow(topic: string): void {
    this.#cursors.delete(topic);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#cursors.clear();
    this.#idle?.();
    this.#conn.close();
    await this.#running;
  }

  /** The topic's newest offset becomes its cursor; retried while Redis does not answer. */
  async #start(topic: string): Promise<void> {
    const { redis, keyPrefix } = this.options;
    while (!this.#closed && this.#cursors.has(topic) && this.#cursors.get(topic) === undefined) {
      try {
        const newest = (await redis.xrevrange(`${keyPrefix}${topic}`, '+', '-', 'COUNT', 1)) as Entry[];
        if (this.#cursors.has(topic) && this.#cursors.get(topic) === undefined) {
          this.#cursors.set(topic, newest[0]?.[0] ?? START_OFFSET);
          this.#wake();
        }
      } catch (error) {
        this.#onError(error);
        await pause(RETRY_MS);
      }
    }
  }

  /** Interrupts the wait until the read in flight includes every followed topic (an UNBLOCK can overtake it). */
  #wake(): void {
    this.#idle?.();
    this.#idle = undefined;
    if (this.#nudging) return;
    this.#nudging = true;
    const nudge = () => {
      const id = this.#conn.id();
      if (this.#closed || !this.#reading || id === undefined || !this.#stale()) {
        this.#nudging = false;
        return;
      }
      this.options.redis.client('UNBLOCK', id).catch(() => undefined);
      setTimeout(nudge, NUDGE_MS).unref();
    };
    setImmediate(nudge);
  }

  #stale(): boolean {
    return [...this.#cursors].some(([topic, id]) => id !== undefined && !this.#reading?.has(topic));
  }

  async #loop(): Promise<void> {
    while (!this.#closed) {
      try {
        await this.#readOnce(await this.#conn.get());
      } catch (error) {
        if (this.#closed) return;
        this.#onError(error);
        await pause(RETRY_MS);
      }
    }
  }

  async #readOnce(client: Redis): Promise<void> {
    const { keyPrefix, blockMs = 5000, batch = 500 } = this.options;
    const topics = [...this.#cursors].filter((e): e is [string, string] => e[1] !== undefined);
    if (this.#closed) return;
    if (topics.length === 0) {
      await new Promise<void>((resolve) => (this.#idle = resolve));
      return;
    }
    const keys = topics.map(([topic]) => `${keyPrefix}${topic}`);
    this.#reading = new Set(topics.map(([topic]) => topic));
    const reply = (await client
      .xread('COUNT', batch, 'BLOCK', blockMs, 'STREAMS', ...keys, ...topics.map(([, id]) => id))
      .finally(() => (this.#reading = undefined))) as [string, Entry[]][] | null;
    for (const [key, entries] of reply ?? []) {
      const topic = key.slice(keyPrefix.length);
      if (this.#cursors.get(topic) === undefined || entries.length === 0) continue;
      this.#cursors.set(topic, (entries[entries.length - 1] as Entry)[0]);
      this.options.onEntries(topic, entries);
    }
  }
}
