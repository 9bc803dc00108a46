/** @module `/__emulator/jweixin.js` and `/__emulator/jssdk/verify`: the WeChat client's side of `wx.config`. */
import type { FastifyInstance } from 'fastify';
import { safeEqual, signJsSdk, stripUrlFragment } from '../../kernel/crypto/index.js';
import type { World } from '../world/world.js';
import { JWEIXIN_SCRIPT } from './jweixin-script.js';

export interface VerifyAnswer {
  readonly ok: boolean;
  readonly errMsg: string;
}

interface ConfigCheck {
  readonly appId?: unknown;
  readonly timestamp?: unknown;
  readonly nonceStr?: unknown;
  readonly signature?: unknown;
  readonly url?: unknown;
}

const INVALID_SIGNATURE: VerifyAnswer = { ok: false, errMsg: 'config:invalid signature' };

function readBody(body: unknown): ConfigCheck {
  if (typeof body !== 'string') return (body ?? {}) as ConfigCheck;
  try {
    return JSON.parse(body) as ConfigCheck;
  } catch {
    return {};
  }
}

/** Recomputes the signature with the app's live jsapi_tickets in this world, as WeChat's client asks WeChat. */
export function verifyConfig(world: World, check: ConfigCheck): VerifyAnswer {
  const { appId, timestamp, nonceStr, signature, url } = check;
  const app = typeof appId === 'string' ? world.apps.get(appId) : undefined;
  if (!app || app.type !== 'official-account') return { ok: false, errMsg: 'config:invalid appid' };
  const stamp = typeof timestamp === 'string' ? Number(timestamp) : timestamp;
  if (typeof stamp !== 'number' || !Number.isInteger(stamp) || typeof nonceStr !== 'string') {
    return INVALID_SIGNATURE;
  }
  if (typeof signature !== 'string' || typeof url !== 'string') return INVALID_SIGNATURE;
  const page = stripUrlFragment(url);
  const matches = world.tickets
    .live(app.appid, 'jsapi')
    .some((ticket) => safeEqual(signJsSdk({ ticket, nonceStr, timestamp: stamp, url: page }), signature));
  return matches ? { ok: true, errMsg: 'config:ok' } : INVALID_SIGNATURE;
}

/** Registers the script and the check (mount with the `/__emulator` prefix). */
export async function jssdkControl(app: FastifyInstance, options: { world: World }): Promise<void> {
  app.get('/jweixin.js', async (_request, reply) =>
    reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(JWEIXIN_SCRIPT),
  );
  // text/plain keeps the page's fetch a simple request, so a standalone emulator needs no preflight.
  app.post('/jssdk/verify', { bodyLimit: 8192 }, async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    return verifyConfig(options.world, readBody(request.body));
  });
}
