/** @module WeChat Pay in the server: the notify route, the business handlers' workers and reconciliation. */
import type { FastifyInstance } from 'fastify';
import type { WegateConfig } from '../../../config/config.types.js';
import type { Worker } from '../../../kernel/ports/index.js';
import { scheduleReconciler } from '../../../pay/reconcile/index.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { registerPayNotify } from './register-pay-notify.js';

/** Mounts POST /pay/notify when pay is configured; workers stop when the app closes. */
export async function registerPay(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
): Promise<void> {
  const pay = deps.pay;
  if (!pay) return;
  const { alerts } = deps;
  await registerPayNotify(app, {
    pay,
    bodyLimit: config.callback.maxBodyBytes,
    ...(alerts ? { alerts } : {}),
  });
  const workers: Worker[] = [];
  for (const [name, handler] of Object.entries(deps.payHandlers ?? {})) {
    if (handler) workers.push(deps.queue.process(name, handler, { concurrency: 4 }));
  }
  const { reconciler } = pay;
  // Sandbox orders live in the in-process emulator and die with it: nothing there needs repairing.
  if (reconciler && !config.sandbox) {
    app.addHook('onReady', async () => {
      workers.push(
        await scheduleReconciler({
          queue: deps.queue,
          reconciler,
          ...(pay.reconcileIntervalMs === undefined ? {} : { intervalMs: pay.reconcileIntervalMs }),
          onReport: (report) => {
            if (report.checked + report.dispatched > 0) deps.logger.info({ report }, 'pay reconciliation');
          },
        }),
      );
    });
  }
  app.addHook('onClose', async () => {
    await Promise.all(workers.map((w) => w.close()));
  });
}
