/** A lease on a key: exclusive until released or until it expires. */
export interface LockHandle {
  readonly key: string;
  /** Extend the lease; false when it was lost (expired and taken by someone else). */
  extend(ttlMs: number): Promise<boolean>;
  /** Release if still held; never releases another holder's lease. */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to keep trying before giving up (0 = try once). */
  waitMs?: number;
  /** Pause between tries. */
  retryDelayMs?: number;
}

/** Mutual exclusion across the processes sharing the backend (in-process for memory). */
export interface Lock {
  /** Take the lease for `ttlMs`; undefined when it could not be taken within `waitMs`. */
  acquire(key: string, ttlMs: number, options?: AcquireOptions): Promise<LockHandle | undefined>;
  close(): Promise<void>;
}
