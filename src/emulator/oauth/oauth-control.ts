/** @module `GET /__emulator/oauth`: how many web-authorization grants and user tokens an app (or a user) holds. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { findApp } from '../control/user-control.js';
import type { World } from '../world/world.js';

const OAuthQuery = Type.Object({
  appid: Type.Optional(Type.String({ minLength: 1 })),
  /** The app's name in the config (`oa`…), instead of its appid. */
  app: Type.Optional(Type.String({ minLength: 1 })),
  openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});

/** Registers the read route (mount with the `/__emulator` prefix); tokens themselves are never shown. */
export async function oauthControl(app: FastifyInstance, options: { world: World }): Promise<void> {
  const { world } = options;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/oauth', { schema: { querystring: OAuthQuery } }, async (request, reply) => {
    const { openid } = request.query;
    const target = findApp(world, request.query);
    if (!target) {
      const ref = request.query.appid ?? request.query.app;
      return reply
        .code(404)
        .send({ error: 'unknown_app', message: ref ? `no app ${ref}` : 'give appid or app' });
    }
    const scope = openid === undefined ? { appid: target.appid } : { appid: target.appid, openid };
    return { ...scope, ...world.oauth.snapshot(target.appid, openid) };
  });
}
