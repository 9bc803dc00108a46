/** @module POST /api/auth/login: a `wx.login()` code → user + session (the session_key never leaves the server). */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiProblem, type ErrorCodeName } from '../../envelope/index.js';
import { Errcode } from '../../../kernel/errors/errcodes.js';
import { isWeChatApiError } from '../../../kernel/errors/index.js';
import { ok } from '../../plugins/envelope.js';
import type { AuditLog } from '../../../audit/index.js';
import type { AuthServices } from './auth-services.js';
import { auditFields } from './request-audit.js';
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

/** The login's audit log and its `auth.login` limit (per IP: no user is known before the code is traded). */
export interface LoginPlatform {
  readonly audit?: AuditLog;
  readonly limit?: preHandlerAsyncHookHandler;
}

/** `refused:<our code>` for a login we refused (bad code, blocked user…), else `error`. */
const resultOf = (error: unknown): string =>
  error instanceof ApiProblem ? `refused:${error.apiCode}` : 'error';

export function registerLogin(
  app: FastifyInstance,
  services: () => AuthServices,
  platform: LoginPlatform = {},
): void {
  const preHandler = platform.limit ? [platform.limit] : [];
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post('/api/auth/login', { schema: { body: LoginBody }, preHandler }, async (request) => {
      const appName = request.body.app ?? 'mp';
      const login = (actor: string, result: string, target = `app:${appName}`) =>
        platform.audit?.record({ actor, action: 'auth.login', target, result, ...auditFields(request) });
      const answer = await logIn(services(), request.body.code, appName).catch(async (error: unknown) => {
        // The refusal is recorded too; failing to record it must not hide why the login failed.
        await login('anonymous', resultOf(error))?.catch((err: unknown) =>
          request.log.warn({ err }, 'audit failed'),
        );
        throw error;
      });
      await login(`user:${answer.user.id}`, 'ok', `app:${answer.appid}`);
      request.log.info({ userId: answer.user.id, appid: answer.appid }, 'user logged in');
      return ok({ ...answer.session, user: answer.view });
    });
}

/** Trades the code, upserts the user and opens a session. */
async function logIn({ users, sessions, phones, app: appOf }: AuthServices, code: string, appName: string) {
  const client = appOf(appName);
  if (!client) throw new ApiProblem('NotFound', `no Mini Program app "${appName}"`);
  // Never retried (a code is single use); a failure here creates nothing.
  const wx = await client.auth.code2Session(code).catch((error: unknown) => {
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
  const view = userView(user, { appid: client.appid, openid: wx.openid }, await phones.masked(user.id));
  return { session, user, view, appid: client.appid };
}
