/** @module miniProgram.auth: login code to session (小程序登录). */
import type { ApiClient } from '../../kernel/http/index.js';
import type { Code2SessionResult } from './auth.types.js';

export interface MiniProgramAuthOptions {
  readonly appid: string;
  readonly secret: string;
}

export interface MiniProgramAuth {
  /**
   * Trades a `wx.login()` code for openid, session_key and unionid. `GET /sns/jscode2session`.
   * Never retried: a code is single use, a retried call would only earn 40163.
   * @see https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
   */
  code2Session(jsCode: string): Promise<Code2SessionResult>;
}

export function createMiniProgramAuth(
  options: MiniProgramAuthOptions,
  deps: { api: ApiClient },
): MiniProgramAuth {
  return {
    code2Session: (jsCode) =>
      deps.api.get<Code2SessionResult>(
        '/sns/jscode2session',
        { appid: options.appid, secret: options.secret, js_code: jsCode, grant_type: 'authorization_code' },
        { auth: 'none', retry: false },
      ),
  };
}
