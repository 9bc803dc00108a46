/** @module Temporary media under `/__emulator/`: what was uploaded, and a video's download URL. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { findApp } from '../control/user-control.js';
import { AppQuery } from '../control/user-control-schemas.js';
import type { World } from '../world/world.js';

const MediaParams = Type.Object({ mediaId: Type.String({ minLength: 1, maxLength: 128 }) });
const problem = (error: string, message: string) => ({ error, message });

/** Registers the routes (mount with the `/__emulator` prefix). */
export async function mediaControl(app: FastifyInstance, options: { world: World }): Promise<void> {
  const { world } = options;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/media', { schema: { querystring: AppQuery } }, async (request, reply) => {
    const { query } = request;
    if (query.appid === undefined && query.app === undefined) return { media: world.media.list() };
    const target = findApp(world, query);
    if (!target) return reply.code(404).send(problem('unknown_app', 'give the appid or app of a known app'));
    return { media: world.media.list(target.appid) };
  });
  // The `video_url` that cgi-bin/media/get answers for a video points here.
  typed.get('/media/:mediaId/bytes', { schema: { params: MediaParams } }, async (request, reply) => {
    const entry = world.media.byId(request.params.mediaId);
    if (!entry) return reply.code(404).send(problem('unknown_media', 'no such media, or expired'));
    return reply.header('content-type', entry.contentType).send(entry.bytes);
  });
}
