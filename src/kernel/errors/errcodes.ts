/** @module The WeChat errcodes wegate acts on, and what it does with each. */

/** WeChat errcodes by name; call sites use these, never the bare numbers. */
export const Errcode = {
  SystemBusy: -1,
  Ok: 0,
  InvalidCredential: 40001,
  InvalidGrantType: 40002,
  InvalidOpenid: 40003,
  InvalidAppid: 40013,
  InvalidAccessToken: 40014,
  InvalidCode: 40029,
  InvalidTemplateId: 40037,
  InvalidAppSecret: 40125,
  CodeUsed: 40163,
  IpNotWhitelisted: 40164,
  CodeBlocked: 40226,
  AccessTokenMissing: 41001,
  AccessTokenExpired: 42001,
  OAuthCodeExpired: 42003,
  RecipientNotFollowing: 43004,
  SubscribeRefused: 43101,
  DailyQuotaExceeded: 45009,
  TooFrequent: 45011,
  ReplyWindowExpired: 45015,
  ResponseCountLimit: 45047,
  DataFormatError: 47001,
  TemplateArgumentInvalid: 47003,
  ApiUnauthorized: 48001,
} as const;

export type ErrcodeValue = (typeof Errcode)[keyof typeof Errcode];

/** What the kernel does when an API answers with the errcode. */
export type ErrcodeAction =
  | 'refresh-token' // token invalid or expired: refresh (if still the failing one) and replay once
  | 'retry' // transient: back off and retry idempotent reads; the outbox retries sends
  | 'pause-until-reset' // daily quota: stop calling that API until the quota resets
  | 'permanent'; // retrying cannot help

export interface ErrcodeEntry {
  readonly errcode: number;
  readonly action: ErrcodeAction;
  readonly meaning: string;
}

/** The table of WeChat errcodes wegate acts on; docs/errors.md lists the same rows (drift-tested). */
export const ERRCODE_TABLE: readonly ErrcodeEntry[] = [
  { errcode: Errcode.SystemBusy, action: 'retry', meaning: 'system busy, retry later' },
  {
    errcode: Errcode.InvalidCredential,
    action: 'refresh-token',
    meaning: 'access_token invalid or not the latest',
  },
  { errcode: Errcode.InvalidAccessToken, action: 'refresh-token', meaning: 'access_token malformed' },
  { errcode: Errcode.AccessTokenExpired, action: 'refresh-token', meaning: 'access_token expired' },
  { errcode: Errcode.TooFrequent, action: 'retry', meaning: 'API called too frequently (per-minute limit)' },
  { errcode: Errcode.DailyQuotaExceeded, action: 'pause-until-reset', meaning: 'daily API quota exceeded' },
  { errcode: Errcode.InvalidGrantType, action: 'permanent', meaning: 'invalid grant_type' },
  { errcode: Errcode.InvalidOpenid, action: 'permanent', meaning: 'invalid openid' },
  { errcode: Errcode.InvalidAppid, action: 'permanent', meaning: 'invalid appid' },
  { errcode: Errcode.InvalidCode, action: 'permanent', meaning: 'invalid code (login, OAuth or phone)' },
  { errcode: Errcode.InvalidTemplateId, action: 'permanent', meaning: 'invalid template_id' },
  { errcode: Errcode.InvalidAppSecret, action: 'permanent', meaning: 'invalid appsecret' },
  { errcode: Errcode.CodeUsed, action: 'permanent', meaning: 'code already used' },
  { errcode: Errcode.IpNotWhitelisted, action: 'permanent', meaning: 'caller IP not in the whitelist' },
  { errcode: Errcode.CodeBlocked, action: 'permanent', meaning: 'code blocked (high-risk user)' },
  { errcode: Errcode.AccessTokenMissing, action: 'permanent', meaning: 'access_token missing' },
  { errcode: Errcode.OAuthCodeExpired, action: 'permanent', meaning: 'web authorization code expired' },
  {
    errcode: Errcode.RecipientNotFollowing,
    action: 'permanent',
    meaning: 'recipient must follow the account',
  },
  { errcode: Errcode.SubscribeRefused, action: 'permanent', meaning: 'user refused the subscribe message' },
  {
    errcode: Errcode.ReplyWindowExpired,
    action: 'permanent',
    meaning: 'customer-service window (48 h) expired',
  },
  {
    errcode: Errcode.ResponseCountLimit,
    action: 'permanent',
    meaning: 'customer-service message count limit',
  },
  { errcode: Errcode.DataFormatError, action: 'permanent', meaning: 'JSON/XML data format error' },
  {
    errcode: Errcode.TemplateArgumentInvalid,
    action: 'permanent',
    meaning: 'template data argument invalid',
  },
  { errcode: Errcode.ApiUnauthorized, action: 'permanent', meaning: 'API not authorized for this account' },
];

const ACTIONS = new Map<number, ErrcodeAction>(ERRCODE_TABLE.map((e) => [e.errcode, e.action]));

/** What to do with an errcode; unknown errcodes are permanent (never retried blindly). */
export function errcodeAction(errcode: number): ErrcodeAction {
  return ACTIONS.get(errcode) ?? 'permanent';
}

export const TOKEN_ERRCODES: readonly number[] = [
  Errcode.InvalidCredential,
  Errcode.InvalidAccessToken,
  Errcode.AccessTokenExpired,
];
