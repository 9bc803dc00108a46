/** @module The simulated user under `/__emulator/`: send messages and events, read inboxes and followers, verify URLs. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { PushInputError } from '../user/build-push.js';
import { PushSetupError } from '../user/build-push-request.js';
import { callbackUrlOf } from '../user/callback-url.js';
import type { SendRecord } from '../user/send-record.types.js';
import { sendAsUser } from '../user/simulate-user.js';
import { verifyCallbackUrl } from '../user/verify-callback-url.js';
import type { EmulatorApp } from '../world/app-book.js';
import type { World } from '../world/world.js';
import { AppidParams, AppQuery, IdParams, OpenidParams, SendBody } from './user-control-schemas.js';

const problem = (error: string, message: string) => ({ error, message });

/** The app named by `appid` or by `app` (its config name). */
export function findApp(world: World, ref: { appid?: string; app?: string }): EmulatorApp | undefined {
  if (ref.appid !== undefined) return world.apps.get(ref.appid);
  if (ref.app !== undefined) return world.apps.list().find((app) => app.name === ref.app);
  return undefined;
}

const unknownApp = (ref: { appid?: string; app?: string }) =>
  problem('unknown_app', (ref.appid ?? ref.app) ? `no app ${ref.appid ?? ref.app}` : 'give appid or app');

export function sendView(record: SendRecord) {
  const { id, appid, openid, state, push, deliveries, outcome, shown, error } = record;
  return { id, appid, openid, state, push, deliveries, outcome, shown, error };
}

function registerSend(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/users/send', { schema: { body: SendBody } }, async (request, reply) => {
    const target = findApp(world, request.body);
    if (!target) return reply.code(404).send(unknownApp(request.body));
    let started;
    try {
      started = sendAsUser(world, {
        app: target,
        openid: request.body.openid,
        message: request.body.message as Record<string, unknown>,
      });
    } catch (error) {
      if (error instanceof PushInputError || error instanceof PushSetupError) {
        return reply.code(400).send(problem('bad_message', error.message));
      }
      throw error;
    }
    if (request.body.wait === false) return { id: started.record.id };
    return sendView(await started.done);
  });
  typed.get('/sends/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const record = world.users.send(request.params.id);
    return record ? sendView(record) : reply.code(404).send(problem('unknown_send', 'no such send'));
  });
}

function registerUsers(app: FastifyInstance, world: World): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/users', { schema: { querystring: AppQuery } }, async (request, reply) => {
    const { query } = request;
    if (query.appid === undefined && query.app === undefined) return { users: world.users.list() };
    const target = findApp(world, query);
    return target ? { users: world.users.list(target.appid) } : reply.code(404).send(unknownApp(query));
  });
  typed.get(
    '/users/:openid/inbox',
    { schema: { params: OpenidParams, querystring: AppQuery } },
    async (request, reply) => {
      const target = findApp(world, request.query);
      if (!target) return reply.code(404).send(unknownApp(request.query));
      const { openid } = request.params;
      return { appid: target.appid, openid, inbox: world.users.inbox(target.appid, openid) };
    },
  );
  typed.post('/apps/:appid/verify-url', { schema: { params: AppidParams } }, async (request, reply) => {
    const target = world.apps.get(request.params.appid);
    if (!target) return reply.code(404).send(unknownApp(request.params));
    if (!target.token) return reply.code(400).send(problem('no_token', 'the app has no callback token'));
    const url = callbackUrlOf(target, world.push.serverUrl());
    return verifyCallbackUrl(target, { url, nowMs: world.now(), timeoutMs: world.push.timeoutMs });
  });
}

/** Registers the simulated-user routes (mounted under `/__emulator` with the rest of the control API). */
export function registerUserControl(app: FastifyInstance, world: World): void {
  registerSend(app, world);
  registerUsers(app, world);
}
