/** @module Followers under `/__emulator/`: many at once (paging tests), and one user as the account sees it. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { userInfoView } from '../followers/user-info-view.js';
import type { World } from '../world/world.js';
import { findApp } from './user-control.js';
import { AppQuery, OpenidParams } from './user-control-schemas.js';

/** Followers one call may create. */
export const MAX_BULK_FOLLOWERS = 100_000;

const FollowersBody = Type.Object({
  appid: Type.Optional(Type.String({ minLength: 1 })),
  app: Type.Optional(Type.String({ minLength: 1 })),
  /** Followers named `<prefix><index>` (index zero-padded to 6 digits, from 0). */
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BULK_FOLLOWERS })),
  prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** Or these openids, in this follow order. */
  openids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 10_000 })),
  /** With one openid: the person behind it (its unionid is that person's in every app). */
  person: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});

const problem = (error: string, message: string) => ({ error, message });

function openidsOf(body: { count?: number; prefix?: string; openids?: string[] }): string[] {
  if (body.openids) return body.openids;
  const prefix = body.prefix ?? 'oFollower';
  return Array.from({ length: body.count ?? 0 }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
}

/** Registers the routes (mount with the `/__emulator` prefix). */
export async function followerControl(app: FastifyInstance, options: { world: World }): Promise<void> {
  const { world } = options;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  // Follows without pushing subscribe events: a population for user/get, not a conversation.
  typed.post('/users/followers', { schema: { body: FollowersBody } }, async (request, reply) => {
    const target = findApp(world, request.body);
    if (!target) return reply.code(404).send(problem('unknown_app', 'give the appid or app of a known app'));
    const openids = openidsOf(request.body);
    if (openids.length === 0) return reply.code(400).send(problem('bad_request', 'give count or openids'));
    const { person } = request.body;
    if (person !== undefined && openids.length !== 1)
      return reply.code(400).send(problem('bad_request', 'person goes with exactly one openid'));
    // Before anything else meets the openid: a first look would make it a person of its own.
    if (
      person !== undefined &&
      world.miniProgram.people.attach(target.appid, openids[0]!, person).person !== person
    )
      return reply.code(409).send(problem('person_taken', 'the openid already belongs to another person'));
    for (const openid of openids) world.users.follow(target.appid, openid);
    return {
      appid: target.appid,
      followed: openids.length,
      total: world.users.followers(target.appid).length,
    };
  });
  typed.get(
    '/users/:openid',
    { schema: { params: OpenidParams, querystring: AppQuery } },
    async (request, reply) => {
      const target = findApp(world, request.query);
      if (!target)
        return reply.code(404).send(problem('unknown_app', 'give the appid or app of a known app'));
      const state = world.users.user(target.appid, request.params.openid);
      if (!state) return reply.code(404).send(problem('unknown_user', 'the app has never seen this openid'));
      return { user: state, info: userInfoView(world, state) };
    },
  );
}
