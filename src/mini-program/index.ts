/**
 * @module wegate/mini-program: the Mini Program (小程序) API client — login, phone number, subscribe
 * messages, raw `request()` — and the session service behind `/api/auth/*` (users, JWT + refresh tokens,
 * encrypted phone numbers).
 * @example
 * import { createAccessTokenBroker, createApiClient, createMemoryCache, createMemoryLock } from 'wegate';
 * import { createMiniProgram } from 'wegate/mini-program';
 *
 * const baseUrl = 'https://api.weixin.qq.com';
 * const appid = 'wx…';
 * const secret = '…';
 * const tokens = createAccessTokenBroker(
 *   { appid, secret, baseUrl },
 *   { cache: createMemoryCache(), lock: createMemoryLock() },
 * );
 * const mp = createMiniProgram({ api: createApiClient({ baseUrl }, { tokens }), appid, secret });
 * const { openid, session_key } = await mp.auth.code2Session(codeFromWxLogin);
 */
export {
  createMiniProgram,
  type MiniProgram,
  type MiniProgramOptions,
  type MiniProgramRequestOptions,
} from './api/mini-program.js';
export { createMiniProgramAuth, type MiniProgramAuth, type MiniProgramAuthOptions } from './api/auth.js';
export { createMiniProgramPhone, type MiniProgramPhone } from './api/phone.js';
export {
  createSubscribeMessage,
  type SubscribeMessage,
  type SubscribeSendBody,
  type SubscribeSendResult,
} from './api/subscribe-message.js';
export type * from './api/auth.types.js';
export {
  createSessionService,
  type AuthUser,
  type IssuedSession,
  type SessionOptions,
  type SessionService,
} from './session/session-service.js';
export {
  createUserStore,
  type LoginIdentity,
  type UserRecord,
  type UserStore,
  type UserStoreDeps,
} from './session/user-store.js';
export {
  createPhoneBook,
  maskPhone,
  type ClearPhone,
  type PhoneBook,
  type PhoneWrite,
} from './session/phone-book.js';
export { REFRESH_GRACE_MS, type SessionSubject } from './session/refresh-tokens.js';
export { rotateFieldKeys, type RotateOptions, type RotationCounts } from './session/rotate-field-keys.js';
export type * from './session/session-tables.js';
