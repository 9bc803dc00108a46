/** @module The six `/api/auth/*` routes; `registerAuthRoutes` returns the requireUser preHandler for other routes. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { WegateConfig } from '../../../config/config.types.js';
import { createRequireUser, installAuth } from '../../plugins/auth.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { limitHookOf } from '../../platform-services.js';
import { lazyAuthServices, type AuthServiceOptions, type AuthServices } from './auth-services.js';
import { registerDecrypt } from './decrypt.js';
import { registerLogin } from './login.js';
import { registerPhone } from './phone.js';
import { registerSessionRoutes } from './session-routes.js';

export type { AuthServices, AuthServiceOptions } from './auth-services.js';

export interface AuthRoutes {
  readonly requireUser: preHandlerAsyncHookHandler;
  readonly services: () => AuthServices;
}

export function registerAuthRoutes(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
  options: AuthServiceOptions = {},
): AuthRoutes {
  installAuth(app);
  const services = lazyAuthServices(config, deps, options);
  const requireUser = createRequireUser(() => services().sessions);
  if (!app.hasDecorator('requireUser')) app.decorate('requireUser', requireUser);
  registerLogin(app, services, {
    ...(deps.audit ? { audit: deps.audit } : {}),
    limit: limitHookOf(deps, 'auth.login'),
  });
  registerSessionRoutes(app, services, requireUser);
  registerPhone(app, services, requireUser);
  registerDecrypt(app, services, requireUser, options.decryptMaxAgeS ?? 300);
  return { requireUser, services };
}
