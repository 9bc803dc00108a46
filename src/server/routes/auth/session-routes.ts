/** @module POST /api/auth/refresh, POST /api/auth/logout, GET /api/auth/me. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiProblem } from '../../envelope/index.js';
import { ok } from '../../plugins/envelope.js';
import type { AuthServices } from './auth-services.js';
import { userView } from './user-view.js';

const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) });

export function registerSessionRoutes(
  app: FastifyInstance,
  services: () => AuthServices,
  requireUser: preHandlerAsyncHookHandler,
): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/api/auth/refresh', { schema: { body: RefreshBody } }, async (request) =>
    ok(await services().sessions.refresh(request.body.refreshToken)),
  );
  typed.post('/api/auth/logout', { preHandler: requireUser }, async (request) => {
    await services().sessions.logout(request.sessionId as string);
    return ok({ loggedOut: true });
  });
  typed.get('/api/auth/me', { preHandler: requireUser }, async (request) => {
    const { users, phones } = services();
    const identity = request.user!;
    const user = await users.getUser(identity.id);
    if (!user) throw new ApiProblem('TokenRevoked');
    return ok(userView(user, identity, await phones.masked(user.id)));
  });
}
