/** @module POST /api/auth/login: a `wx.login()` code → user + session (the session_key never leaves the server). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiProblem, type ErrorCodeName } from '../../envelope/index.js';
import { Errcode } from '../../../kernel/errors/errcodes.js';
import { isWeChatApiError } from '../../../kernel/errors/index.js';
import { ok } from '../../plugins/envelope.js';
import type { AuthServices } from './auth-services.js';
import { userView } from './user-view.js';

const LoginBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 256 }),
  app: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

const LOGIN_ERRCODES: ReadonlyArray<readonly [number, ErrorCodeName]> = [
  [Errcode.InvalidCode, 'LoginCodeInvalid'],
  [Errcode.CodeUsed, 'LoginCodeUsed'],
  [Errcode.TooFrequent, 'LoginTooFrequent'],
  [Errcode.CodeBlocked, 'LoginBlocked'],
];

/** WeChat's answers about the code or the user become our 4xx; anything else stays a 502. */
function loginProblem(error: unknown): unknown {
  for (const [errcode, name] of LOGIN_ERRCODES) {
    if (isWeChatApiError(error, errcode)) return new ApiProblem(name, undefined, { cause: error });
  }
  return error;
}

export function registerLogin(app: FastifyInstance, services: () => AuthServices): void {
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post('/api/auth/login', { schema: { body: LoginBody } }, async (request) => {
      const { users, sessions, phones, app: appOf } = services();
      const client = appOf(request.body.app ?? 'mp');
      if (!client) throw new ApiProblem('NotFound', `no Mini Program app "${request.body.app ?? 'mp'}"`);
      // Never retried (a code is single use); a failure here creates nothing.
      const wx = await client.auth.code2Session(request.body.code).catch((error: unknown) => {
        throw loginProblem(error);
      });
      const user = await users.upsertLogin({
        appid: client.appid,
        openid: wx.openid,
        sessionKey: wx.session_key,
        ...(wx.unionid ? { unionid: wx.unionid } : {}),
      });
      if (user.state !== 'active') throw new ApiProblem('Forbidden', 'user is disabled');
      const session = await sessions.issue({
        userId: user.id,
        appid: client.appid,
        openid: wx.openid,
        unionid: user.unionid,
      });
      request.log.info({ userId: user.id, appid: client.appid }, 'user logged in');
      const view = userView(user, { appid: client.appid, openid: wx.openid }, await phones.masked(user.id));
      return ok({ ...session, user: view });
    });
}
