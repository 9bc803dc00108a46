/** @module createRefreshTokens: opaque rotating refresh tokens, stored as sha256 only, a short grace for racing refreshes, revoked by family. */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store } from '../../kernel/ports/store.types.js';
import type { RefreshTokensTable } from './session-tables.js';

export interface SessionSubject {
  readonly userId: string;
  readonly appid: string;
  readonly openid: string;
}

export interface IssuedRefresh {
  readonly token: string;
  readonly family: string;
  readonly expiresAt: number;
  /** When this token was issued (epoch ms): the access token issued with it carries this `iat`. */
  readonly issuedAt: number;
}

export type RotateOutcome =
  | { readonly ok: true; readonly subject: SessionSubject; readonly next: IssuedRefresh }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

export interface RefreshTokens {
  /** A new token in `family` (a new family for a new login). */
  issue(subject: SessionSubject, family?: string): Promise<IssuedRefresh>;
  /**
   * Replaces `token` by the next one of its family. Presented again within REFRESH_GRACE_MS of its
   * rotation, it answers that same next token; later, it revokes the family.
   */
  rotate(token: string): Promise<RotateOutcome>;
  revokeFamily(family: string): Promise<void>;
  /** True when any token of the family was revoked. */
  isFamilyRevoked(family: string): Promise<boolean>;
}

/**
 * How long a rotated refresh token still answers with its replacement: two tabs or a retried request
 * refreshing with one token at once all get the same new pair. Past it, the rotated token coming back
 * means it was copied, and the whole family is revoked.
 */
export const REFRESH_GRACE_MS = 10_000;

// Separates the successor key from the JWT signing key made from the same secret.
const ROTATION_KEY_LABEL = 'wegate refresh token successor v1';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

interface Ctx {
  readonly db: Store['db'];
  readonly now: () => number;
  readonly ttlMs: number;
  /** HMAC key deriving a token's successor, so every racer can hand out the same one. */
  readonly rotationKey: Buffer;
}

type TokenRow = Selectable<RefreshTokensTable>;

/**
 * The successor of `token`, derived rather than random: a racer that lost the claim recomputes the
 * winner's token instead of reading it back, so no refresh token is ever stored in a readable form.
 */
const successor = (ctx: Ctx, token: string): string =>
  createHmac('sha256', ctx.rotationKey).update(token).digest('base64url');

async function insert(
  db: Ctx['db'],
  row: SessionSubject & { id: string; family: string; token: string; at: number; ttlMs: number },
): Promise<IssuedRefresh> {
  const expiresAt = row.at + row.ttlMs;
  await db
    .insertInto('wegate_refresh_tokens')
    .values({
      id: row.id,
      user_id: row.userId,
      token_hash: hashToken(row.token),
      family: row.family,
      appid: row.appid,
      openid: row.openid,
      created_at: row.at,
      expires_at: expiresAt,
      revoked_at: null,
      replaced_by: null,
    })
    .execute();
  return { token: row.token, family: row.family, expiresAt, issuedAt: row.at };
}

async function revokeFamily(ctx: Ctx, family: string): Promise<void> {
  await ctx.db
    .updateTable('wegate_refresh_tokens')
    .set({ revoked_at: ctx.now() })
    .where('family', '=', family)
    .where('revoked_at', 'is', null)
    .execute();
}

const subjectOf = (row: TokenRow): SessionSubject => ({
  userId: row.user_id,
  appid: row.appid,
  openid: row.openid,
});

/**
 * Marks `row` replaced and inserts its successor in one transaction; undefined when another refresh
 * (in any process) claimed it first. The conditional update is the single decision point.
 */
function claim(ctx: Ctx, row: TokenRow, token: string): Promise<RotateOutcome | undefined> {
  const id = randomUUID();
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('wegate_refresh_tokens')
      .set({ replaced_by: id })
      .where('id', '=', row.id)
      .where('replaced_by', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return undefined;
    const subject = subjectOf(row);
    const next = await insert(trx, {
      ...subject,
      id,
      family: row.family,
      token,
      at: ctx.now(),
      ttlMs: ctx.ttlMs,
    });
    return { ok: true, subject, next };
  });
}

/** `token` was already rotated: its successor again inside the grace window, else the family is revoked. */
async function replay(ctx: Ctx, id: string, token: string): Promise<RotateOutcome> {
  const row = await ctx.db
    .selectFrom('wegate_refresh_tokens')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  const next =
    row.replaced_by === null
      ? undefined
      : await ctx.db
          .selectFrom('wegate_refresh_tokens')
          .selectAll()
          .where('id', '=', row.replaced_by)
          .executeTakeFirst();
  const nextToken = successor(ctx, token);
  if (
    next !== undefined &&
    next.revoked_at === null &&
    next.token_hash === hashToken(nextToken) &&
    ctx.now() - Number(next.created_at) < REFRESH_GRACE_MS
  ) {
    const issued = {
      token: nextToken,
      family: next.family,
      expiresAt: Number(next.expires_at),
      issuedAt: Number(next.created_at),
    };
    return { ok: true, subject: subjectOf(row), next: issued };
  }
  // A rotated token presented again after the window: it was copied. Whoever holds the family loses it.
  await revokeFamily(ctx, row.family);
  return { ok: false, reason: 'reused' };
}

async function rotate(ctx: Ctx, token: string): Promise<RotateOutcome> {
  const row = await ctx.db
    .selectFrom('wegate_refresh_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  if (row.replaced_by === null) {
    if (Number(row.expires_at) <= ctx.now()) return { ok: false, reason: 'expired' };
    const won = await claim(ctx, row, successor(ctx, token));
    if (won) return won;
  }
  return replay(ctx, row.id, token);
}

export interface RefreshTokenOptions {
  readonly ttlMs: number;
  /** A server secret (WEGATE_JWT_SECRET): the successor of a token is derived under a key made from it. */
  readonly secret: string;
}

export function createRefreshTokens(
  options: RefreshTokenOptions,
  deps: { store: Store; now?: () => number },
): RefreshTokens {
  const rotationKey = createHmac('sha256', options.secret).update(ROTATION_KEY_LABEL).digest();
  const ctx: Ctx = { db: deps.store.db, now: deps.now ?? Date.now, ttlMs: options.ttlMs, rotationKey };
  return {
    issue: (subject, family = randomUUID()) => {
      const token = randomBytes(32).toString('base64url');
      return insert(ctx.db, { ...subject, id: randomUUID(), family, token, at: ctx.now(), ttlMs: ctx.ttlMs });
    },
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
