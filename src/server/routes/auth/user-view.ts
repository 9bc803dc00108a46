/** @module What `/api/auth/*` shows of a user: ids, state, the phone masked; never a session_key. */
import type { UserRecord } from '../../../mini-program/session/user-store.js';

export interface UserView {
  readonly id: string;
  readonly appid: string;
  readonly openid: string;
  readonly unionid: string | null;
  readonly state: string;
  readonly phone: string | null;
}

export function userView(
  user: UserRecord,
  identity: { appid: string; openid: string },
  masked?: string,
): UserView {
  return {
    id: user.id,
    appid: identity.appid,
    openid: identity.openid,
    unionid: user.unionid,
    state: user.state,
    phone: masked ?? null,
  };
}
