/** @module The runtime's pay services from `config.pay`: client, order service, reconciler, default handlers. */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { PayConfig, WegateConfig } from '../../../config/config.types.js';
import { ConfigError, type PayApiError } from '../../../kernel/errors/index.js';
import { AlertEventName, type AlertObserver } from '../../../telemetry/alerts/index.js';
import type { Cache, Lock, Queue, Store } from '../../../kernel/ports/index.js';
import { createPayClient } from '../../../pay/create-pay-client.js';
import { createPayOrders, PayEvent } from '../../../pay/orders/index.js';
import { createReconciler } from '../../../pay/reconcile/index.js';
import { lazyPayClient } from './lazy-pay-client.js';
import type { PayHandlers, PayServices } from './pay-services.types.js';

export interface PayServicesDeps {
  readonly store: Store;
  readonly queue: Queue;
  readonly cache: Cache;
  readonly lock: Lock;
  readonly logger: Logger;
  /** Sandbox: the server's own base URL, known after listen. */
  readonly sandboxBaseUrl?: () => string;
  /** Told of WeChat Pay's error answers (`pay.api_error` with its code, e.g. SIGN_ERROR). */
  readonly alerts?: AlertObserver;
}

function readPem(setting: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(setting, `cannot read ${path}`, { cause: error });
  }
}

function defaultAppid(config: WegateConfig): string | undefined {
  const apps = Object.values(config.apps);
  return (apps.find((a) => a.type === 'mini-program') ?? apps[0])?.appid;
}

export function createPayServices(config: WegateConfig, pay: PayConfig, deps: PayServicesDeps): PayServices {
  const privateKey = readPem('WECHAT_PAY_PRIVATE_KEY', pay.privateKeyPath);
  const publicKey = pay.publicKeyPath ? readPem('WECHAT_PAY_PUBLIC_KEY', pay.publicKeyPath) : undefined;
  const appid = defaultAppid(config);
  const baseUrl = deps.sandboxBaseUrl ?? (() => config.hosts.payApi);
  const client = lazyPayClient(() =>
    createPayClient(
      {
        mchid: pay.mchid,
        apiv3Key: pay.apiv3Key,
        privateKey,
        certSerial: pay.certSerial,
        ...(publicKey && pay.publicKeyId ? { publicKey, publicKeyId: pay.publicKeyId } : {}),
        ...(appid ? { appid } : {}),
        baseUrl: baseUrl(),
      },
      { cache: deps.cache, lock: deps.lock, onPayError: payErrorReporter(deps.alerts) },
    ),
  );
  const notifyUrl = () => pay.notifyUrl ?? `${deps.sandboxBaseUrl?.() ?? config.serverUrl}/pay/notify`;
  const orders = createPayOrders({
    store: deps.store,
    pay: client,
    queue: deps.queue,
    mchid: pay.mchid,
    ...(appid ? { appid } : {}),
    notifyUrl,
  });
  const reconciler = createReconciler({
    store: deps.store,
    pay: client,
    orders,
    onError: (err, outTradeNo) => deps.logger.warn({ err, outTradeNo }, 'pay reconciliation failed'),
  });
  return { client, orders, reconciler };
}

function payErrorReporter(alerts: AlertObserver | undefined) {
  if (!alerts) return undefined;
  return (error: PayApiError, path: string) =>
    alerts.observe({ event: AlertEventName.PayApiError, app: 'pay', api: path, errcode: error.payCode });
}

/** Sandbox: business events are logged (the order number only). */
export function sandboxPayHandlers(logger: Logger): PayHandlers {
  const log = (event: string) => async (job: { data: { outTradeNo: string; outRefundNo?: string } }) => {
    logger.info({ event, outTradeNo: job.data.outTradeNo, outRefundNo: job.data.outRefundNo }, 'pay event');
  };
  return {
    [PayEvent.TransactionSuccess]: log(PayEvent.TransactionSuccess),
    [PayEvent.RefundSuccess]: log(PayEvent.RefundSuccess),
  };
}
