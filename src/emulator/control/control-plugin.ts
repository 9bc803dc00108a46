/**
 * @module The control API under `/__emulator/`: everything a test or a person uses to drive the emulated
 * WeChat (apps, users, faults, clock, the simulated clients, the merchant). It can mint login codes and
 * push as any user, so it answers loopback peers only, unless `publicControl` (WEGATE_EMULATOR_PUBLIC=1).
 */
import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import { controlApi } from './control-api.js';
import { followerControl } from './follower-control.js';
import { jssdkControl } from '../jssdk/jssdk-control.js';
import { mediaControl } from '../media/media-control.js';
import { messagingControl } from '../messaging/messaging-control.js';
import { miniProgramControl } from '../mini-program/mp-control.js';
import { oauthControl } from '../oauth/oauth-control.js';
import { officialAccountControl } from '../official-account/oa-control.js';
import { payControl } from '../pay/pay-control.js';
import type { World } from '../world/world.js';

export const CONTROL_PREFIX = '/__emulator';

export interface ControlPluginOptions {
  readonly world: World;
  /** Answer every peer, not only loopback ones. */
  readonly publicControl?: boolean;
}

const IPV4_LOOPBACK = /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/;

/** 127.0.0.0/8, ::1, or 127.x as an IPv4-mapped IPv6 address. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (address === '::1') return true;
  return IPV4_LOOPBACK.test(address.startsWith('::ffff:') ? address.slice(7) : address);
}

// The connection's own address decides, never X-Forwarded-For: a proxy header is the caller's word.
const loopbackOnly: onRequestHookHandler = (request, reply, done) => {
  if (isLoopback(request.raw.socket.remoteAddress)) return done();
  // Answered like a route that does not exist, so the API is not even seen from outside.
  reply.callNotFound();
};

/** Every control route, in one context whose hook guards them all (whatever the URL's spelling). */
export const controlPlugin: FastifyPluginAsync<ControlPluginOptions> = async (app, options) => {
  if (options.publicControl !== true) app.addHook('onRequest', loopbackOnly);
  const { world } = options;
  await app.register(controlApi, { world, prefix: CONTROL_PREFIX });
  await app.register(miniProgramControl, { world, prefix: `${CONTROL_PREFIX}/mp` });
  await app.register(messagingControl, { world, prefix: CONTROL_PREFIX });
  await app.register(officialAccountControl, { world, prefix: CONTROL_PREFIX });
  await app.register(jssdkControl, { world, prefix: CONTROL_PREFIX });
  await app.register(oauthControl, { world, prefix: CONTROL_PREFIX });
  await app.register(followerControl, { world, prefix: CONTROL_PREFIX });
  await app.register(mediaControl, { world, prefix: CONTROL_PREFIX });
  await app.register(payControl, { pay: world.pay, prefix: `${CONTROL_PREFIX}/pay` });
};
