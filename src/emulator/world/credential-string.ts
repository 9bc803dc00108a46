/** @module Random credential strings shaped like WeChat's access tokens and tickets. */
import { randomBytes } from 'node:crypto';

// Real tokens look like `86_` + ~150 URL-safe characters; clients must reserve 512.
const TOKEN_RANDOM_BYTES = 108;
const TICKET_RANDOM_BYTES = 64;

export function mintAccessTokenString(): string {
  return `86_${randomBytes(TOKEN_RANDOM_BYTES).toString('base64url')}`;
}

export function mintTicketString(): string {
  return randomBytes(TICKET_RANDOM_BYTES).toString('base64url');
}

const WELL_FORMED_TOKEN = /^[A-Za-z0-9_-]{32,512}$/;

/**
 * Whether `token` could be a WeChat access_token at all. The emulator answers 40014 (invalid
 * access_token) for strings that cannot be, and 40001 for well-formed strings it never issued or
 * has superseded, like the real service distinguishes garbage from stale credentials.
 */
export function isWellFormedAccessToken(token: string): boolean {
  return WELL_FORMED_TOKEN.test(token);
}
