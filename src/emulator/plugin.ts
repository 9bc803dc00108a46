/** @module emulatorPlugin: every emulated WeChat route plus the control API, for any Fastify app. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { cosRoutes } from './cloud-storage/cos-routes.js';
import { controlPlugin } from './control/control-plugin.js';
import { payPlugin } from './pay/pay-plugin.js';
import { connectRoutes } from './oauth/connect-routes.js';
import { WxErrcode } from './errcodes.js';
import { registerWeChatRoute } from './pipeline/register-wechat-route.js';
import { WECHAT_PATH_FAMILIES, WECHAT_PLAIN_ROUTES, WECHAT_ROUTES } from './routes/index.js';
import type { World } from './world/world.js';
import { wxError } from './wx-error.js';

export interface EmulatorPluginOptions {
  readonly world: World;
  /** Mount the control API under `/__emulator/` (default true). */
  readonly control?: boolean;
  /** The control API answers every peer, not only loopback ones (WEGATE_EMULATOR_PUBLIC=1; default false). */
  readonly publicControl?: boolean;
}

async function wechatApi(app: FastifyInstance, options: { world: World }): Promise<void> {
  // WeChat reads JSON whatever the Content-Type says (and answers 47001 itself), so bodies stay raw here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const route of WECHAT_ROUTES) registerWeChatRoute(app, options.world, route);
  for (const register of WECHAT_PLAIN_ROUTES) register(app, options.world);
  for (const family of WECHAT_PATH_FAMILIES) {
    app.all(`${family}/*`, async () => wxError(WxErrcode.InvalidUrl));
  }
}

/**
 * Registers the emulated api.weixin.qq.com routes and (unless `control: false`) the control API, which
 * answers loopback peers only unless `publicControl`. Registered without skip-override so its body
 * parsing stays inside its own context.
 */
export const emulatorPlugin: FastifyPluginAsync<EmulatorPluginOptions> = async (app, options) => {
  await app.register(wechatApi, { world: options.world });
  await app.register(cosRoutes, { world: options.world });
  // Its control routes are registered with the others, behind the same loopback guard.
  await app.register(payPlugin, { world: options.world, control: false });
  await app.register(connectRoutes, { world: options.world });
  if (options.control !== false) {
    const publicControl = options.publicControl === true;
    await app.register(controlPlugin, { world: options.world, publicControl });
  }
};
