/** @module The end of web authorization: code → WeChat's token (once) → our user → our session. */
import { ApiProblem, type ErrorCodeName } from '../../envelope/index.js';
import { Errcode } from '../../../kernel/errors/errcodes.js';
import { isWeChatApiError } from '../../../kernel/errors/index.js';
import type { OfficialAccountOAuth } from '../../../official-account/api/oauth.js';
import type { WebIdentities } from '../../../official-account/session/web-identities.js';
import type { AuthServices } from '../auth/index.js';
import type { PendingLogin } from './oauth-states.js';

const CODE_ERRCODES: ReadonlyArray<readonly [number, ErrorCodeName]> = [
  [Errcode.InvalidCode, 'OAuthCodeInvalid'],
  [Errcode.OAuthCodeExpired, 'OAuthCodeInvalid'],
  [Errcode.CodeUsed, 'OAuthCodeUsed'],
];

function codeProblem(error: unknown): unknown {
  for (const [errcode, name] of CODE_ERRCODES) {
    if (isWeChatApiError(error, errcode)) return new ApiProblem(name, undefined, { cause: error });
  }
  return error;
}

export interface WebLogin {
  readonly userId: string;
  readonly appid: string;
  /** Where the browser goes: the pending login's path, with our session in the fragment. */
  readonly location: string;
}

export interface CallbackParts {
  readonly appid: string;
  readonly client: OfficialAccountOAuth;
  readonly identities: WebIdentities;
  readonly auth: AuthServices;
}

/** The code is exchanged exactly once (never retried); snsapi_userinfo also reads the profile for its unionid. */
export async function completeWebLogin(
  parts: CallbackParts,
  login: PendingLogin,
  code: string,
): Promise<WebLogin> {
  const { appid, client, identities, auth } = parts;
  const token = await client.accessToken(code).catch((error: unknown) => {
    throw codeProblem(error);
  });
  // A snapshot-page visitor (朋友圈快照页) has a virtual openid that belongs to nobody.
  if (token.is_snapshotuser === 1) throw new ApiProblem('Forbidden', 'open the page in WeChat to log in');
  const userinfo = token.scope.split(',').includes('snsapi_userinfo');
  const unionid = userinfo
    ? ((await client.userinfo(token.access_token, token.openid)).unionid ?? token.unionid)
    : token.unionid;
  const user = await identities.link({
    appid,
    openid: token.openid,
    scope: token.scope,
    ...(unionid ? { unionid } : {}),
  });
  if (user.state !== 'active') throw new ApiProblem('Forbidden', 'user is disabled');
  const session = await auth.sessions.issue({
    userId: user.id,
    appid,
    openid: token.openid,
    unionid: user.unionid,
  });
  // A fragment never reaches a server (nor a Referer): the page reads it and drops it from the address bar.
  const fragment = new URLSearchParams({
    token: session.token,
    refreshToken: session.refreshToken,
    expiresIn: String(session.expiresIn),
  });
  return { userId: user.id, appid, location: `${login.redirect}#${fragment.toString()}` };
}
