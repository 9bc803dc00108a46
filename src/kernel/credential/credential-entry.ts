/** @module The cached form of a credential, shared by every process through the Cache port. */
import type { FetchedCredential } from './broker.types.js';

export interface CredentialEntry {
  readonly token: string;
  readonly fetchedAt: number;
  readonly expiresAt: number;
  /** When callers should stop using it and refresh. */
  readonly refreshAt: number;
  /** The exact cached string, for compare-and-delete. */
  readonly raw: string;
}

// Never refresh earlier than half-way through a lifetime: a short-lived credential would otherwise
// look stale the moment it arrives and every call would refresh it.
function refreshPoint(fetchedAt: number, expiresAt: number, refreshAheadMs: number): number {
  return expiresAt - Math.min(refreshAheadMs, (expiresAt - fetchedAt) / 2);
}

export function createEntry(
  fetched: FetchedCredential,
  now: number,
  refreshAheadMs: number,
): CredentialEntry {
  const expiresAt = now + fetched.expiresIn * 1000;
  const raw = JSON.stringify({ token: fetched.token, fetchedAt: now, expiresAt });
  return {
    token: fetched.token,
    fetchedAt: now,
    expiresAt,
    refreshAt: refreshPoint(now, expiresAt, refreshAheadMs),
    raw,
  };
}

/** The entry in `raw`, or undefined when absent or not one of ours. */
export function parseEntry(raw: string | undefined, refreshAheadMs: number): CredentialEntry | undefined {
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw) as { token?: unknown; fetchedAt?: unknown; expiresAt?: unknown };
    if (typeof v.token !== 'string' || typeof v.fetchedAt !== 'number' || typeof v.expiresAt !== 'number')
      return undefined;
    return {
      token: v.token,
      fetchedAt: v.fetchedAt,
      expiresAt: v.expiresAt,
      refreshAt: refreshPoint(v.fetchedAt, v.expiresAt, refreshAheadMs),
      raw,
    };
  } catch {
    return undefined;
  }
}
