/** @module payPlugin: the emulated api.mch.weixin.qq.com /v3 routes and the pay control API. */
import type { FastifyInstance } from 'fastify';
import { PAY_ROUTES } from '../routes/v3/index.js';
import { payControl } from './pay-control.js';
import type { PayBook } from './pay-book.js';
import { registerPayRoute } from './register-pay-route.js';

export interface PayPluginOptions {
  readonly world: { readonly pay: PayBook };
  /** Mount `/__emulator/pay/*` (default true). */
  readonly control?: boolean;
}

async function v3Api(app: FastifyInstance, options: { pay: PayBook }): Promise<void> {
  // The merchant signs the exact body bytes, so they stay raw until the signature is checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const route of PAY_ROUTES) registerPayRoute(app, options.pay, route);
  app.addHook('onClose', async () => options.pay.notifier.cancelAll());
}

/** Registers the /v3 merchant API and (unless `control: false`) its control routes. */
export async function payPlugin(app: FastifyInstance, options: PayPluginOptions): Promise<void> {
  await app.register(v3Api, { pay: options.world.pay });
  if (options.control !== false)
    await app.register(payControl, { pay: options.world.pay, prefix: '/__emulator/pay' });
}
