/** @module The errcodes the emulator answers, kept apart from the client's table on purpose. */

/**
 * WeChat errcodes the emulator produces. This is deliberately not the kernel's table: if a client
 * misread a number, the emulator must not repeat the mistake and hide it.
 */
export const WxErrcode = {
  SystemError: -1,
  Ok: 0,
  InvalidCredential: 40001,
  InvalidGrantType: 40002,
  InvalidAppid: 40013,
  InvalidAccessToken: 40014,
  InvalidArgs: 40097,
  InvalidAppsecret: 40125,
  AccessTokenMissing: 41001,
  AppidMissing: 41002,
  AppsecretMissing: 41004,
  AccessTokenExpired: 42001,
  RequirePost: 43002,
  EmptyPostData: 44002,
  DailyQuotaReached: 45009,
  DataFormatError: 47001,
  InvalidUrl: 40066,
  CgiPathNotFound: 76021,
} as const;

export type WxErrcodeValue = (typeof WxErrcode)[keyof typeof WxErrcode];

/** errmsg texts as the real service words them (before the ` rid: …` suffix). */
export const WX_ERRMSG: Readonly<Record<number, string>> = {
  [WxErrcode.SystemError]: 'system error',
  [WxErrcode.InvalidCredential]: 'invalid credential, access_token is invalid or not latest',
  [WxErrcode.InvalidGrantType]: 'invalid grant_type',
  [WxErrcode.InvalidAppid]: 'invalid appid',
  [WxErrcode.InvalidAccessToken]: 'invalid access_token',
  [WxErrcode.InvalidArgs]: 'invalid args',
  [WxErrcode.InvalidAppsecret]: 'invalid appsecret',
  [WxErrcode.AccessTokenMissing]: 'access_token missing',
  [WxErrcode.AppidMissing]: 'appid missing',
  [WxErrcode.AppsecretMissing]: 'appsecret missing',
  [WxErrcode.AccessTokenExpired]: 'access_token expired',
  [WxErrcode.RequirePost]: 'require POST method',
  [WxErrcode.EmptyPostData]: 'empty post data',
  [WxErrcode.DailyQuotaReached]: 'reach max api daily quota limit',
  [WxErrcode.DataFormatError]: 'data format error',
  [WxErrcode.InvalidUrl]: 'invalid url',
  [WxErrcode.CgiPathNotFound]: 'cgi_path not found, please check',
};
