/** @module Renews the inbox leases this process holds, on one shared timer. */
import type { InboxLease } from './callback-inbox.types.js';
import type { InboxStore } from './inbox-store.js';

export interface HeldLease extends InboxLease {
  lost: boolean;
  /** The cache value of the running state: `r:<token>`. */
  readonly value: string;
  /** The full cache key (prefix included), built once per attempt. */
  readonly cacheKey: string;
}

export interface LeaseRenewer {
  hold(lease: HeldLease): void;
  drop(lease: InboxLease): void;
  size(): number;
  close(): void;
}

/**
 * One interval for all held leases (none per request), started while any is held. A lease is
 * renewed only while the key still holds its token; otherwise it is marked lost and dropped.
 */
export function createLeaseRenewer(store: InboxStore, leaseMs: number, everyMs: number): LeaseRenewer {
  const held = new Set<HeldLease>();
  let timer: NodeJS.Timeout | undefined;

  async function renewOne(lease: HeldLease): Promise<void> {
    const current = await store.get(lease.cacheKey);
    if (!held.has(lease)) return;
    if (current === lease.value) await store.set(lease.cacheKey, lease.value, leaseMs);
    else {
      lease.lost = true;
      held.delete(lease);
    }
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  function renewAll(): void {
    for (const lease of held) renewOne(lease).catch(() => undefined);
    if (held.size === 0) stop();
  }

  return {
    hold(lease) {
      held.add(lease);
      if (!timer) {
        timer = setInterval(renewAll, everyMs);
        timer.unref();
      }
    },
    drop: (lease) => void held.delete(lease as HeldLease),
    size: () => held.size,
    close() {
      held.clear();
      stop();
    },
  };
}
