/** @module emulatorPlugin: every emulated WeChat route plus the control API, for any Fastify app. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { controlApi } from './control/control-api.js';
import { cosRoutes } from './cloud-storage/cos-routes.js';
import { payPlugin } from './pay/pay-plugin.js';
import { miniProgramControl } from './mini-program/mp-control.js';
import { messagingControl } from './messaging/messaging-control.js';
import { officialAccountControl } from './official-account/oa-control.js';
import { connectRoutes } from './oauth/connect-routes.js';
import { oauthControl } from './oauth/oauth-control.js';
import { jssdkControl } from './jssdk/jssdk-control.js';
import { followerControl } from './control/follower-control.js';
import { mediaControl } from './media/media-control.js';
import { WxErrcode } from './errcodes.js';
import { registerWeChatRoute } from './pipeline/register-wechat-route.js';
import { WECHAT_PATH_FAMILIES, WECHAT_PLAIN_ROUTES, WECHAT_ROUTES } from './routes/index.js';
import type { World } from './world/world.js';
import { wxError } from './wx-error.js';

export interface EmulatorPluginOptions {
  readonly world: World;
  /** Mount the control API under `/__emulator/` (default true). */
  readonly control?: boolean;
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
 * Registers the emulated api.weixin.qq.com routes and (unless `control: false`) the control API.
 * Registered without skip-override so its body parsing stays inside its own context.
 */
export const emulatorPlugin: FastifyPluginAsync<EmulatorPluginOptions> = async (app, options) => {
  await app.register(wechatApi, { world: options.world });
  await app.register(cosRoutes, { world: options.world });
  await app.register(payPlugin, { world: options.world, control: options.control });
  await app.register(connectRoutes, { world: options.world });
  if (options.control !== false) {
    await app.register(controlApi, { world: options.world, prefix: '/__emulator' });
    await app.register(miniProgramControl, { world: options.world, prefix: '/__emulator/mp' });
    await app.register(messagingControl, { world: options.world, prefix: '/__emulator' });
    await app.register(officialAccountControl, { world: options.world, prefix: '/__emulator' });
    await app.register(jssdkControl, { world: options.world, prefix: '/__emulator' });
    await app.register(oauthControl, { world: options.world, prefix: '/__emulator' });
    await app.register(followerControl, { world: options.world, prefix: '/__emulator' });
    await app.register(mediaControl, { world: options.world, prefix: '/__emulator' });
  }
};
