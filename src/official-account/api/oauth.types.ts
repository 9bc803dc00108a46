/** Wire types of OAuth2 web authorization (网页授权), with WeChat's field names. */

export type OAuthScope = 'snsapi_base' | 'snsapi_userinfo';

/** Our options for the consent URL (camelCase: they are not wire fields). */
export interface AuthorizeUrlParams {
  /** Absolute URL WeChat redirects to with `code` and `state`; sent url-encoded. */
  readonly redirectUri: string;
  readonly scope: OAuthScope;
  /** a-zA-Z0-9, at most 128 bytes (WeChat's rule); echoed back on the redirect. */
  readonly state?: string;
  /** Overrides the consent host of the client for this URL (e.g. the sandbox's own origin). */
  readonly openBase?: string;
}

/** `GET /sns/oauth2/access_token` and `/sns/oauth2/refresh_token` answer; success carries no errcode. */
export interface OAuthAccessToken {
  /** The web-authorization token: distinct from the app's `cgi-bin/token` access_token. */
  readonly access_token: string;
  readonly expires_in: number;
  readonly refresh_token: string;
  readonly openid: string;
  /** Comma-separated scopes the user granted. */
  readonly scope: string;
  /** Only for snsapi_userinfo, and only when the account is bound to an Open Platform account. */
  readonly unionid?: string;
  /** 1 when the user browses a snapshot page (朋友圈快照页) and no real openid was granted. */
  readonly is_snapshotuser?: number;
}

/** `GET /sns/userinfo` answer (scope snsapi_userinfo). */
export interface OAuthUserInfo {
  readonly openid: string;
  readonly nickname: string;
  readonly sex: number;
  readonly province: string;
  readonly city: string;
  readonly country: string;
  readonly headimgurl: string;
  readonly privilege: readonly string[];
  readonly unionid?: string;
}

export type OAuthLang = 'zh_CN' | 'zh_TW' | 'en';

/** `GET /sns/auth` answer: 0 when the web access_token is still valid for the openid. */
export interface OAuthAuthResult {
  readonly errcode: number;
  readonly errmsg: string;
}
