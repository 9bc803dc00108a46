/** @module The simulated Mini Program client under `/__emulator/mp/`: wx.login(), phone codes, encryptedData. */
import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { encryptMiniProgramData } from '../../kernel/crypto/mini-program-data.js';
import type { World } from '../world/world.js';

const LoginBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  /** Names a person across the apps of the world (same person → same unionid); new person when omitted. */
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  /** Mark the person as a high-risk user: their codes answer 40226. */
  blocked: Type.Optional(Type.Boolean()),
});

const PhoneCodeBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  openid: Type.String({ minLength: 1 }),
  phoneNumber: Type.Optional(Type.String({ pattern: '^[0-9]{5,20}$' })),
});

const EncryptedDataBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  openid: Type.String({ minLength: 1 }),
  data: Type.Object({}, { additionalProperties: true }),
});

const problem = (error: string, message: string) => ({ error, message });

/** Registers the routes (mount with the `/__emulator/mp` prefix). */
export async function miniProgramControl(app: FastifyInstance, options: { world: World }): Promise<void> {
  const { world } = options;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/login', { schema: { body: LoginBody } }, async (request, reply) => {
    const { appid, user, blocked } = request.body;
    if (!world.apps.get(appid)) return reply.code(404).send(problem('unknown_app', `no app ${appid}`));
    return world.miniProgram.login(appid, user, blocked === undefined ? {} : { blocked });
  });
  typed.post('/phone-code', { schema: { body: PhoneCodeBody } }, async (request, reply) => {
    const { appid, openid, phoneNumber } = request.body;
    const code = world.miniProgram.phoneCode(appid, openid, phoneNumber);
    if (code === undefined) return reply.code(404).send(problem('unknown_user', 'no such user'));
    return { code };
  });
  typed.post('/encrypted-data', { schema: { body: EncryptedDataBody } }, async (request, reply) => {
    const { appid, openid, data } = request.body;
    const user = world.miniProgram.user(appid, openid);
    if (!user) return reply.code(404).send(problem('unknown_user', 'no such user'));
    const iv = randomBytes(16).toString('base64');
    const watermark = { appid, timestamp: Math.floor(world.now() / 1000) };
    const encryptedData = encryptMiniProgramData({
      sessionKey: user.sessionKey,
      iv,
      data: { ...data, watermark },
    });
    return { encryptedData, iv };
  });
}
