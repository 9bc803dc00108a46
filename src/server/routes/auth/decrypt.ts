/** @module POST /api/auth/decrypt: a Mini Program `encryptedData` decrypted with the stored session_key. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { decryptMiniProgramData, verifyRawData } from '../../../kernel/crypto/mini-program-data.js';
import { ApiProblem } from '../../envelope/index.js';
import { SignatureError } from '../../../kernel/errors/index.js';
import { ok } from '../../plugins/envelope.js';
import type { AuthServices } from './auth-services.js';

const DecryptBody = Type.Object({
  encryptedData: Type.String({ minLength: 1, maxLength: 65_536 }),
  iv: Type.String({ minLength: 1, maxLength: 64 }),
  /** With `signature`: checked as sha1(rawData + session_key) before anything is decrypted. */
  rawData: Type.Optional(Type.String({ maxLength: 65_536 })),
  signature: Type.Optional(Type.String({ maxLength: 64 })),
});

export function registerDecrypt(
  app: FastifyInstance,
  services: () => AuthServices,
  requireUser: preHandlerAsyncHookHandler,
  maxAgeS: number,
): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post(
    '/api/auth/decrypt',
    { schema: { body: DecryptBody }, preHandler: requireUser },
    async (request) => {
      const user = request.user!;
      const sessionKey = await services().users.sessionKey(user.appid, user.openid);
      if (sessionKey === undefined) throw new ApiProblem('TokenRevoked', 'no WeChat session for this user');
      const { encryptedData, iv, rawData, signature } = request.body;
      if ((rawData === undefined) !== (signature === undefined)) {
        throw new ApiProblem('ValidationFailed', 'give rawData and signature together');
      }
      if (rawData !== undefined && !verifyRawData(rawData, sessionKey, signature as string)) {
        throw new SignatureError('rawData signature does not match the session_key');
      }
      // A session_key rotated by a later wx.login() no longer opens older data: the client must log in again.
      const data = decryptMiniProgramData({ sessionKey, iv, encryptedData, appid: user.appid, maxAgeS });
      return ok(data);
    },
  );
}
