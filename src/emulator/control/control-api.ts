/** @module The emulator's control API under `/__emulator/`: apps, reset, faults, tokens, quotas, clock, stats, simulated users. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { viewApp } from '../world/app-book.js';
import type { World } from '../world/world.js';
import { AppBody, ClockBody, FaultBody, QuotaBody, RevokeBody, StatsQuery } from './control-schemas.js';
import { registerUserControl } from './user-control.js';

const notFound = (appid: string) => ({ error: 'unknown_app', message: `no app with appid ${appid}` });

function registerAppsAndReset(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  // The body is optional (`curl -X POST …/reset` has none), so it is read by hand.
  typed.post('/reset', async (request) => {
    const keepApps = (request.body as { apps?: unknown } | undefined)?.apps !== false;
    world.reset({ apps: keepApps });
    return { ok: true, apps: world.apps.list().map(viewApp) };
  });
  typed.post('/apps', { schema: { body: AppBody } }, async (request) => {
    return { ok: true, app: viewApp(world.apps.put(request.body)) };
  });
  typed.get('/apps', async () => ({ apps: world.apps.list().map(viewApp) }));
}

function registerFaults(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/faults', { schema: { body: FaultBody } }, async (request) => ({
    ok: true,
    fault: world.faults.add(request.body),
  }));
  typed.get('/faults', async () => ({ faults: world.faults.list() }));
  typed.delete('/faults', async () => {
    world.faults.clear();
    return { ok: true };
  });
}

function registerTokensAndQuota(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/tokens/revoke', { schema: { body: RevokeBody } }, async (request, reply) => {
    const { appid, kind = 'all' } = request.body;
    if (!world.apps.get(appid)) return reply.code(404).send(notFound(appid));
    world.tokens.revoke(appid, kind);
    return { ok: true };
  });
  typed.post('/quota', { schema: { body: QuotaBody } }, async (request, reply) => {
    const { appid, path, limit, exhaust } = request.body;
    if (!world.apps.get(appid)) return reply.code(404).send(notFound(appid));
    if (limit !== undefined) world.quotas.setLimit(appid, path, limit);
    if (exhaust === true) world.quotas.exhaust(appid, path);
    return { ok: true, quota: world.quotas.usage(appid, path) };
  });
}

function registerClockAndStats(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const clockView = () => ({
    now: world.now(),
    iso: new Date(world.now()).toISOString(),
    offsetMs: world.clock.offsetMs(),
  });
  typed.post('/clock', { schema: { body: ClockBody } }, async (request, reply) => {
    const { advanceMs, setMs } = request.body;
    if ((advanceMs === undefined) === (setMs === undefined)) {
      return reply
        .code(400)
        .send({ error: 'bad_request', message: 'give exactly one of advanceMs or setMs' });
    }
    if (advanceMs !== undefined) world.clock.advance(advanceMs);
    if (setMs !== undefined) world.clock.set(setMs);
    return { ok: true, ...clockView() };
  });
  typed.get('/clock', async () => clockView());
  typed.get('/stats', { schema: { querystring: StatsQuery } }, async (request) =>
    world.stats.snapshot(request.query.appid),
  );
}

/** Registers the control routes on `app` (mount it with the `/__emulator` prefix). */
export async function controlApi(app: FastifyInstance, options: { world: World }): Promise<void> {
  registerAppsAndReset(app, options.world);
  registerFaults(app, options.world);
  registerTokensAndQuota(app, options.world);
  registerClockAndStats(app, options.world);
  registerUserControl(app, options.world);
}
