/** @module officialAccount.oauth: OAuth2 web authorization (网页授权) for H5 pages opened in WeChat. */
import type { ApiClient } from '../../kernel/http/index.js';
import type {
  AuthorizeUrlParams,
  OAuthAccessToken,
  OAuthAuthResult,
  OAuthLang,
  OAuthUserInfo,
} from './oauth.types.js';

export interface OAuthOptions {
  readonly appid: string;
  readonly secret: string;
  /** The consent host (`WECHAT_OPEN_BASE`); default `https://open.weixin.qq.com`. */
  readonly openBase?: string;
}

// Every call carries the user's web token or the app secret, never the app access_token.
const NO_TOKEN = { auth: 'none' } as const;

export interface OfficialAccountOAuth {
  /**
   * The consent page URL, parameters in WeChat's documented order, ending `#wechat_redirect`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html 网页授权
   */
  authorizeUrl(params: AuthorizeUrlParams): string;
  /**
   * Trades a consent code for the user's web access_token. `GET /sns/oauth2/access_token`; never retried
   * (single-use code). @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html 通过code换取网页授权access_token
   */
  accessToken(code: string): Promise<OAuthAccessToken>;
  /**
   * Renews a web access_token. `GET /sns/oauth2/refresh_token`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html 刷新access_token
   */
  refreshToken(refreshToken: string): Promise<OAuthAccessToken>;
  /**
   * The profile of a snsapi_userinfo user. `GET /sns/userinfo`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html 拉取用户信息
   */
  userinfo(accessToken: string, openid: string, lang?: OAuthLang): Promise<OAuthUserInfo>;
  /**
   * Whether a web access_token is still valid for `openid`. `GET /sns/auth`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html 检验授权凭证
   */
  auth(accessToken: string, openid: string): Promise<OAuthAuthResult>;
}

export function createOfficialAccountOAuth(
  options: OAuthOptions,
  deps: { api: ApiClient },
): OfficialAccountOAuth {
  const { appid, secret, openBase = 'https://open.weixin.qq.com' } = options;
  const { api } = deps;
  return {
    authorizeUrl: (p) =>
      `${(p.openBase ?? openBase).replace(/\/+$/, '')}/connect/oauth2/authorize?appid=${appid}` +
      `&redirect_uri=${encodeURIComponent(p.redirectUri)}&response_type=code&scope=${p.scope}` +
      `${p.state === undefined ? '' : `&state=${p.state}`}#wechat_redirect`,
    accessToken: (code) =>
      api.get<OAuthAccessToken>(
        '/sns/oauth2/access_token',
        { appid, secret, code, grant_type: 'authorization_code' },
        { ...NO_TOKEN, retry: false },
      ),
    refreshToken: (refresh_token) =>
      api.get<OAuthAccessToken>(
        '/sns/oauth2/refresh_token',
        { appid, grant_type: 'refresh_token', refresh_token },
        NO_TOKEN,
      ),
    userinfo: (access_token, openid, lang = 'zh_CN') =>
      api.get<OAuthUserInfo>('/sns/userinfo', { access_token, openid, lang }, NO_TOKEN),
    auth: (access_token, openid) => api.get<OAuthAuthResult>('/sns/auth', { access_token, openid }, NO_TOKEN),
  };
}
