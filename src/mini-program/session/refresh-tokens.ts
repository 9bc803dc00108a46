/** @module createRefreshTokens: opaque rotating refresh tokens, stored as sha256 only, revoked by family. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../../kernel/ports/store.types.js';

export interface SessionSubject {
  readonly userId: string;
  readonly appid: string;
  readonly openid: string;
}

export interface IssuedRefresh {
  readonly token: string;
  readonly family: string;
  readonly expiresAt: number;
}

export type RotateOutcome =
  | { readonly ok: true; readonly subject: SessionSubject; readonly next: IssuedRefresh }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

export interface RefreshTokens {
  /** A new token in `family` (a new family for a new login). */
  issue(subject: SessionSubject, family?: string): Promise<IssuedRefresh>;
  /** Replaces `token` by a new one of its family; presenting an already-rotated token revokes the family. */
  rotate(token: string): Promise<RotateOutcome>;
  revokeFamily(family: string): Promise<void>;
  /** True when any token of the family was revoked. */
  isFamilyRevoked(family: string): Promise<boolean>;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

interface Ctx {
  readonly db: Store['db'];
  readonly now: () => number;
  readonly ttlMs: number;
}

async function insert(ctx: Ctx, subject: SessionSubject, family: string, id: string): Promise<IssuedRefresh> {
  const token = randomBytes(32).toString('base64url');
  const at = ctx.now();
  const expiresAt = at + ctx.ttlMs;
  await ctx.db
    .insertInto('wegate_refresh_tokens')
    .values({
      id,
      user_id: subject.userId,
      token_hash: hashToken(token),
      family,
      appid: subject.appid,
      openid: subject.openid,
      created_at: at,
      expires_at: expiresAt,
      revoked_at: null,
      replaced_by: null,
    })
    .execute();
  return { token, family, expiresAt };
}

async function revokeFamily(ctx: Ctx, family: string): Promise<void> {
  await ctx.db
    .updateTable('wegate_refresh_tokens')
    .set({ revoked_at: ctx.now() })
    .where('family', '=', family)
    .where('revoked_at', 'is', null)
    .execute();
}

async function rotate(ctx: Ctx, token: string): Promise<RotateOutcome> {
  const row = await ctx.db
    .selectFrom('wegate_refresh_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  const subject = { userId: row.user_id, appid: row.appid, openid: row.openid };
  if (row.replaced_by !== null) {
    // A rotated token presented again: it was copied. Whoever holds the family loses it.
    await revokeFamily(ctx, row.family);
    return { ok: false, reason: 'reused' };
  }
  if (Number(row.expires_at) <= ctx.now()) return { ok: false, reason: 'expired' };
  const nextId = randomUUID();
  // Two refreshes racing with one token: only one claims it, the other counts as reuse.
  const claimed = await ctx.db
    .updateTable('wegate_refresh_tokens')
    .set({ replaced_by: nextId })
    .where('id', '=', row.id)
    .where('replaced_by', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    await revokeFamily(ctx, row.family);
    return { ok: false, reason: 'reused' };
  }
  return { ok: true, subject, next: await insert(ctx, subject, row.family, nextId) };
}

export function createRefreshTokens(
  options: { ttlMs: number },
  deps: { store: Store; now?: () => number },
): RefreshTokens {
  const ctx: Ctx = { db: deps.store.db, now: deps.now ?? Date.now, ttlMs: options.ttlMs };
  return {
    issue: (subject, family = randomUUID()) => insert(ctx, subject, family, randomUUID()),
    rotate: (token) => rotate(ctx, token),
    revokeFamily: (family) => revokeFamily(ctx, family),
    async isFamilyRevoked(family) {
      const row = await ctx.db
        .selectFrom('wegate_refresh_tokens')
        .select('id')
        .where('family', '=', family)
        .where('revoked_at', 'is not', null)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
