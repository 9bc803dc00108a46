/** @module The inbox store held in this process (one instance, sandbox or no Redis): it answers at once. */
import { systemClock, type Clock } from '../../kernel/ports/index.js';
import type { InboxStore } from './inbox-store.js';

export interface MemoryInboxStoreOptions {
  clock?: Clock;
  /** Upper bound on pushes held; past it expired ones go first, then the oldest written. Default 100 000. */
  maxEntries?: number;
  /** How often expired pushes are swept (real time). Default 60 000 ms. */
  sweepIntervalMs?: number;
}

export interface MemoryInboxStore extends InboxStore {
  get(key: string): string | undefined;
  set(key: string, value: string, ttlMs: number): void;
  setIfAbsent(key: string, value: string, ttlMs: number): boolean;
  deleteIfEquals(key: string, expected: string): boolean;
  /** Pushes held right now, including expired ones not yet swept. */
  size(): number;
  /** Stops the sweep and forgets every push. */
  close(): void;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * A Map in write order. At capacity the oldest written goes, found with one long-lived iterator (a
 * Map iterator keeps its place across writes and deletions, so the holes at the front are stepped over
 * once, not on every eviction); expired entries are swept at most once per quarter of the capacity in
 * writes, and on an unref'd timer.
 */
export function createMemoryInboxStore(options: MemoryInboxStoreOptions = {}): MemoryInboxStore {
  return new MemoryStore(options);
}

class MemoryStore implements MemoryInboxStore {
  private readonly clock: Clock;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  private oldest = this.entries.keys();
  private readonly sweepGap: number;
  private writesSinceSweep: number;
  private readonly timer: NodeJS.Timeout;

  constructor(options: MemoryInboxStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.sweepGap = Math.max(1, Math.floor(this.maxEntries / 4));
    this.writesSinceSweep = this.sweepGap;
    this.timer = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000);
    this.timer.unref();
  }

  get(key: string): string | undefined {
    return this.live(key)?.value;
  }

  set(key: string, value: string, ttlMs: number): void {
    // Re-inserting moves the key to the end of the Map: the write order is the eviction order.
    this.entries.delete(key);
    this.write(key, value, ttlMs);
  }

  setIfAbsent(key: string, value: string, ttlMs: number): boolean {
    if (this.live(key) !== undefined) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  deleteIfEquals(key: string, expected: string): boolean {
    if (this.live(key)?.value !== expected) return false;
    this.entries.delete(key);
    return true;
  }

  size(): number {
    return this.entries.size;
  }

  close(): void {
    clearInterval(this.timer);
    this.entries.clear();
    this.oldest = this.entries.keys();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAt > this.clock.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private write(key: string, value: string, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: this.clock.now() + Math.ceil(ttlMs) });
    this.writesSinceSweep += 1;
    if (this.entries.size <= this.maxEntries) return;
    if (this.writesSinceSweep >= this.sweepGap) {
      this.writesSinceSweep = 0;
      this.sweep();
    }
    while (this.entries.size > this.maxEntries && this.dropOldest());
  }

  private dropOldest(): boolean {
    let step = this.oldest.next();
    // A spent iterator stays spent, even once entries are added after it.
    if (step.done === true) {
      this.oldest = this.entries.keys();
      step = this.oldest.next();
    }
    return step.done !== true && this.entries.delete(step.value);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
