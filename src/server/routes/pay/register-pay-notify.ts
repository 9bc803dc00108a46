/** @module POST /pay/notify: raw body, verified before anything else; 204 only after the state change committed. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { handlePayNotification } from '../../../pay/notify/index.js';
import type { PayServices } from './pay-services.types.js';
import { AlertEventName, type AlertObserver } from '../../../telemetry/alerts/index.js';

const unverified = { event: AlertEventName.PayNotifyUnverified, app: 'pay', api: '/pay/notify' } as const;

export interface PayNotifyOptions {
  readonly pay: PayServices;
  readonly bodyLimit: number;
  /** Told of each notification that failed verification (`pay.notify_unverified`). */
  readonly alerts?: AlertObserver;
}

/** Registers the route in a scope of its own: its raw-body parser and FAIL answers stay inside it. */
export async function registerPayNotify(app: FastifyInstance, options: PayNotifyOptions): Promise<void> {
  await app.register(async (scope) => {
    // The signature covers the exact bytes: the body must reach verification unparsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: options.bodyLimit }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
      request.log.warn({ status, code: error.code }, 'pay notification refused');
      void reply
        .status(status)
        .send({ code: 'FAIL', message: status === 413 ? 'body too large' : 'bad request' });
    });
    scope.post('/pay/notify', async (request, reply) => {
      const rawBody = typeof request.body === 'string' ? request.body : '';
      const answer = await handlePayNotification(
        { pay: options.pay.client, orders: options.pay.orders },
        { headers: request.headers, rawBody },
      );
      if (answer.status === 401) options.alerts?.observe(unverified);
      if (answer.status >= 500) request.log.error({ reason: answer.reason }, 'pay notification failed');
      else if (answer.status >= 300) request.log.warn({ reason: answer.reason }, 'pay notification refused');
      return answer.body === undefined
        ? reply.status(answer.status).send()
        : reply.status(answer.status).send(answer.body);
    });
  });
}
