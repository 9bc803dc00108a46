/** @module What plugins add to the runtime before the app is built: migrations, routers, pay handlers. */
import { sql } from 'kysely';
import { createRouter, type Router } from '../callback/index.js';
import type { WegateConfig } from '../config/config.types.js';
import { ConfigError } from '../kernel/errors/index.js';
import type { JobHandler, Store } from '../kernel/ports/index.js';
import { migrateStore } from '../adapters/sql/migrate-store.js';
import { pluginMigrationTable, pluginProblem, type WegatePlugin } from './define-plugin.js';
import type { CallbackContext } from '../callback/index.js';
import type { PayHandlers } from './routes/pay/pay-services.types.js';

/** Every plugin well formed, names and job names used once. */
export function checkPlugins(config: WegateConfig, plugins: readonly WegatePlugin[]): void {
  const names = new Set<string>();
  const jobs = new Set<string>();
  for (const plugin of plugins) {
    const problem = pluginProblem(plugin);
    if (problem !== undefined) throw new ConfigError('plugins', `a plugin ${problem}`);
    if (names.has(plugin.name)) throw new ConfigError('plugins', `two plugins are named ${plugin.name}`);
    names.add(plugin.name);
    for (const app of Object.keys(plugin.callbacks ?? {})) {
      if (!config.apps[app]) throw new ConfigError('plugins', `${plugin.name}: no app named ${app}`);
    }
    for (const job of Object.keys(plugin.jobs ?? {})) {
      if (jobs.has(job)) throw new ConfigError('plugins', `${plugin.name}: job ${job} is handled twice`);
      jobs.add(job);
    }
  }
}

/** Applies each plugin's migrations, recorded in its own table; safe from several processes at once. */
export async function migratePlugins(store: Store, plugins: readonly WegatePlugin[]): Promise<void> {
  for (const plugin of plugins) {
    if (!plugin.migrations || Object.keys(plugin.migrations).length === 0) continue;
    const schema =
      store.dialect === 'postgres'
        ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema
        : undefined;
    await migrateStore(store.db, store.dialect, {
      list: plugin.migrations,
      table: pluginMigrationTable(plugin.name),
      ...(schema === undefined ? {} : { schema }),
    }).catch((error: unknown) => {
      throw new ConfigError('plugins', `${plugin.name}: ${(error as Error).message}`, { cause: error });
    });
  }
}

/** The routers to build on: `base` (sandbox) plus an empty one for each other app a plugin adds to. */
export function routersFor(
  base: Record<string, Router<CallbackContext>> | undefined,
  plugins: readonly WegatePlugin[],
): Record<string, Router<CallbackContext>> | undefined {
  const routers = { ...base };
  for (const plugin of plugins) {
    for (const app of Object.keys(plugin.callbacks ?? {})) routers[app] ??= createRouter<CallbackContext>();
  }
  return base === undefined && Object.keys(routers).length === 0 ? undefined : routers;
}

/** Hands each router to the plugins, after wegate's middleware is in place. */
export function addPluginCallbacks(
  routers: Readonly<Record<string, Router<CallbackContext>>> | undefined,
  plugins: readonly WegatePlugin[],
): void {
  for (const plugin of plugins) {
    for (const [app, add] of Object.entries(plugin.callbacks ?? {})) {
      const router = routers?.[app];
      if (router) add(router);
    }
  }
}

/** One handler per pay event: wegate's (if any), then each plugin's, in order. */
export function mergePayHandlers(
  base: PayHandlers | undefined,
  plugins: readonly WegatePlugin[],
): PayHandlers | undefined {
  const byEvent = new Map<string, JobHandler<never>[]>();
  for (const handlers of [base, ...plugins.map((p) => p.payHandlers)]) {
    for (const [event, handler] of Object.entries(handlers ?? {})) {
      if (handler) byEvent.set(event, [...(byEvent.get(event) ?? []), handler as JobHandler<never>]);
    }
  }
  if (byEvent.size === 0) return base;
  const merged = [...byEvent].map(([event, list]) => {
    const run: JobHandler<never> = async (job) => {
      // At least once, like every job: a failure runs the whole list again on the retry.
      for (const handler of list) await handler(job);
    };
    return [event, run] as const;
  });
  return Object.fromEntries(merged) as PayHandlers;
}
