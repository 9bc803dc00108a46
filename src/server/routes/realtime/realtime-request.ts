/**
 * @module The checks both realtime routes run before answering or upgrading: the user's JWT (header, or
 * `?token=` since EventSource and WebSocket cannot set headers) and the topics they may receive.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { userTopic, type RealtimeService } from '../../../realtime/index.js';
import { ApiProblem } from '../../envelope/index.js';

/** Extra topics one connection may ask for besides the user's own. */
const MAX_EXTRA_TOPICS = 16;

const topicsByRequest = new WeakMap<FastifyRequest, readonly string[]>();

/** The topics the preHandler granted this request: the user's own first, then those asked for. */
export function grantedTopics(request: FastifyRequest): readonly string[] {
  return topicsByRequest.get(request) ?? [];
}

type Query = Record<string, string | string[] | undefined>;

/** `?topic=a&topic=b` or `?topic=a,b`. */
function askedTopics(query: Query): string[] {
  const raw = query['topic'];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return [...new Set(values.flatMap((v) => v.split(',')).filter((v) => v !== ''))];
}

/** A query value as one string (the first when repeated). */
export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Query)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * requireUser, with the token taken from `?token=` when no Authorization header came (the URL is logged
 * with the value masked: see redactUrl), then every asked topic checked: 403 for any refused.
 */
export function createRealtimeGuard(
  realtime: RealtimeService,
  requireUser: preHandlerAsyncHookHandler,
): preHandlerAsyncHookHandler {
  return async function realtimeGuard(request, reply) {
    const token = queryValue(request, 'token');
    if (request.headers.authorization === undefined && token)
      request.headers.authorization = `Bearer ${token}`;
    await requireUser.call(this, request, reply);
    const user = request.user;
    if (!user) throw new ApiProblem('TokenMissing');
    const asked = askedTopics(request.query as Query).filter((t) => t !== userTopic(user.id));
    if (asked.length > MAX_EXTRA_TOPICS)
      throw new ApiProblem('BadRequest', `at most ${MAX_EXTRA_TOPICS} topics`);
    for (const topic of asked) {
      if (!(await realtime.allows(user, topic)))
        throw new ApiProblem('Forbidden', `topic ${topic} is not yours`);
    }
    topicsByRequest.set(request, [userTopic(user.id), ...asked]);
  };
}
