/**
 * @module @wegate/shop: the reference Mini Program shop as a wegate plugin — a cached catalog, orders as a
 * saga (stock, coupon, prepay), WeChat Pay, the "paid" subscribe message and unpaid-order timeouts.
 * @example
 * import { createServer } from 'wegate/server';
 * import { createShopPlugin } from '@wegate/shop';
 * const app = await createServer({ plugins: [createShopPlugin({ unpaidTimeoutMs: 10 * 60_000 })] });
 */
import { definePlugin } from 'wegate/server';
import { registerCatalogRoutes } from './catalog/catalog-routes.js';
import { seedCatalog } from './catalog/seed-catalog.js';
import { ensureCollection } from './catalog/cloud-catalog.js';
import { shopMigrations } from './migrations.js';
import { COMPENSATE_JOB, compensateJob } from './orders/compensate.js';
import { registerOrderRoutes } from './orders/order-routes.js';
import { REFUND_JOB, refundJob, shopPayHandlers } from './orders/settle-payment.js';
import {
  recover,
  scheduleSweep,
  SWEEP_JOB,
  sweepJob,
  TIMEOUT_JOB,
  timeoutJob,
} from './orders/unpaid-timeout.js';
import { createShop, type Shop } from './shop-context.js';
import { resolveShopOptions, shopOptionsFromEnv, type ShopOptions } from './shop-options.js';

export { ShopErrors } from './shop-errors.js';
export { PAID_TEMPLATE_KEYS } from './orders/notify-buyer.js';
export { DEMO_COUPON_ID } from './catalog/seed-catalog.js';
export { SANDBOX_TEMPLATE_ID, shopOptionsFromEnv, type ShopOptions } from './shop-options.js';
export type { ShopTables } from './tables.js';

/** A shop plugin with these settings (`wegate serve` loads the default export, configured from the environment). */
export function createShopPlugin(options: ShopOptions = {}) {
  let current: Shop | undefined;
  const shop = (): Shop => {
    if (!current) throw new Error('the shop plugin is not registered yet');
    return current;
  };
  return definePlugin({
    name: 'shop',
    migrations: shopMigrations,
    payHandlers: shopPayHandlers(shop),
    jobs: {
      [COMPENSATE_JOB]: compensateJob(shop),
      [REFUND_JOB]: refundJob(shop),
      [TIMEOUT_JOB]: timeoutJob(shop),
      [SWEEP_JOB]: sweepJob(shop),
    },
    async register(app, ctx) {
      const site = { sandbox: ctx.config.sandbox, payApi: ctx.config.hosts.payApi };
      current = createShop(ctx, resolveShopOptions(options, site), app);
      const s = current;
      const seed = s.options.seed ?? ctx.config.sandbox;
      if (s.catalog.source === 'sql' && seed) await seedCatalog(s.db, s.catalog, s.now());
      const { cloud } = ctx;
      if (s.catalog.source === 'cloud' && cloud) {
        // Once the server listens (in sandbox mode the emulator is the server itself): the collection,
        // created when missing, and the demo catalog.
        app.addHook('onListen', async () => {
          try {
            await ensureCollection(cloud.database, s.options.catalogCollection);
            if (seed) await seedCatalog(s.db, s.catalog, s.now());
          } catch (err) {
            ctx.logger.error({ err }, 'shop: preparing the cloud catalog failed');
          }
        });
      }
      registerCatalogRoutes(app, s);
      registerOrderRoutes(app, s);
      // Once the server is up: recover what a crash left mid-way, and start the sweeps.
      app.addHook('onReady', async () => {
        void (async () => {
          await scheduleSweep(s);
          const found = await recover(s);
          if (found > 0) ctx.logger.info({ found }, 'shop recovered orders left by the last run');
        })().catch((err: unknown) => ctx.logger.error({ err }, 'shop recovery failed'));
      });
    },
  });
}

export default createShopPlugin(shopOptionsFromEnv(process.env));
