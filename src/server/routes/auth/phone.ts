/** @module POST /api/auth/phone: a getPhoneNumber code → the user's phone, stored encrypted, answered masked. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiProblem } from '../../envelope/index.js';
import { Errcode } from '../../../kernel/errors/errcodes.js';
import { DecryptError, isWeChatApiError } from '../../../kernel/errors/index.js';
import { ok } from '../../plugins/envelope.js';
import type { AuthServices } from './auth-services.js';
import { auditFields } from './request-audit.js';

const PhoneBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 256 }) });

export function registerPhone(
  app: FastifyInstance,
  services: () => AuthServices,
  requireUser: preHandlerAsyncHookHandler,
): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/api/auth/phone', { schema: { body: PhoneBody }, preHandler: requireUser }, async (request) => {
    const { phones, app: appOf } = services();
    const user = request.user!;
    const client = appOf(user.appid);
    if (!client) throw new ApiProblem('NotFound', 'the session belongs to an app no longer configured');
    const answer = await client.phone.getUserPhoneNumber(request.body.code).catch((error: unknown) => {
      // 40029 covers unknown, expired and already used phone codes alike.
      if (isWeChatApiError(error, Errcode.InvalidCode))
        throw new ApiProblem('PhoneCodeInvalid', undefined, { cause: error });
      throw error;
    });
    const info = answer.phone_info;
    if (info.watermark?.appid !== client.appid)
      throw new DecryptError('phone_info watermark.appid does not match');
    const masked = await phones.save({
      userId: user.id,
      purePhoneNumber: info.purePhoneNumber,
      countryCode: String(info.countryCode),
      actor: `user:${user.id}`,
      ...auditFields(request),
    });
    request.log.info({ userId: user.id, phoneMasked: masked }, 'phone number bound');
    return ok({ phone: masked, countryCode: String(info.countryCode) });
  });
}
