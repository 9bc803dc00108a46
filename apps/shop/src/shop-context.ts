/** @module What every part of the shop works with: the plugin context, its tables, settings and metrics. */
import { Counter, type Registry } from 'prom-client';
import type { PluginContext, WegatePlugin } from 'wegate/server';
import type { ResolvedShopOptions } from './shop-options.js';
import { shopDb, type ShopDb } from './tables.js';
import { sqlCatalog, type Catalog } from './catalog/catalog.js';
import { cloudCatalog } from './catalog/cloud-catalog.js';

/** The plugin's Fastify scope, as `register` gets it. */
export type ShopApp = Parameters<NonNullable<WegatePlugin['register']>>[0];

export interface ShopMetrics {
  /** Catalog cache lookups by cache (`list`, `product`) and result (`hit`, `miss`, `stale`, `negative`). */
  readonly cache: Counter<'cache' | 'result'>;
  /** Sagas ended, by outcome (`placed`, `compensated`, `parked`). */
  readonly sagas: Counter<'outcome'>;
  /** Order status transitions made, by the status reached. */
  readonly transitions: Counter<'status'>;
}

export interface Shop {
  readonly ctx: PluginContext;
  readonly db: ShopDb;
  /** The products: the SQL store or the Mini Program's cloud database (`catalogSource`). */
  readonly catalog: Catalog;
  readonly options: ResolvedShopOptions;
  readonly metrics: ShopMetrics;
  readonly now: () => number;
  /** The server's own address once it listens (the sandbox emulator lives there). */
  readonly serverUrl: () => string | undefined;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]) {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function catalogOf(ctx: PluginContext, options: ResolvedShopOptions, db: ShopDb): Catalog {
  if (options.catalogSource === 'sql') return sqlCatalog(db);
  if (!ctx.cloud)
    throw new Error('the cloud catalog needs a cloud environment (WECHAT_CLOUD_ENV) and a Mini Program app');
  return cloudCatalog({ database: ctx.cloud.database, collection: options.catalogCollection });
}

export function createShop(ctx: PluginContext, options: ResolvedShopOptions, app: ShopApp): Shop {
  const { registry } = ctx.metrics;
  const db = shopDb(ctx.store);
  return {
    ctx,
    db,
    catalog: catalogOf(ctx, options, db),
    options,
    now: () => Date.now(),
    serverUrl: () => {
      const address = app.server.address();
      return typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : undefined;
    },
    metrics: {
      cache: counter(registry, 'shop_cache_requests_total', 'Shop catalog cache lookups', [
        'cache',
        'result',
      ]),
      sagas: counter(registry, 'shop_sagas_total', 'Shop order sagas ended, by outcome', ['outcome']),
      transitions: counter(registry, 'shop_order_transitions_total', 'Shop order status changes', ['status']),
    },
  };
}
