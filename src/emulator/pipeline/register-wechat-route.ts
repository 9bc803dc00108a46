/** @module The call pipeline every emulated WeChat API runs through: identify, faults, quota, stats. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WxErrcode } from '../errcodes.js';
import type { World } from '../world/world.js';
import { errcodeOf, wxError } from '../wx-error.js';
import { identifyByAccessToken } from './access-token-guard.js';
import { answerWithFault, delayAndPickFailure } from './apply-faults.js';
import { parseJsonBody } from './parse-json-body.js';
import {
  queryValue,
  RawAnswer,
  type CallInput,
  type Identity,
  type WeChatRoute,
  type WxBody,
} from './wechat-route.js';

function readQuery(request: FastifyRequest): Record<string, string | undefined> {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, queryValue(value)]));
}

function readBody(route: WeChatRoute, request: FastifyRequest): ReturnType<typeof parseJsonBody> {
  if (route.method !== 'POST') return { value: undefined };
  return route.body === 'raw' ? { value: request.body } : parseJsonBody(request.body);
}

function identify(route: WeChatRoute, input: CallInput): Identity {
  if (route.identify === 'access_token')
    return identifyByAccessToken(input.world, input.query['access_token']);
  return route.identify(input);
}

/** Runs one call; returns the body to answer, or undefined when a fault already answered. */
async function runCall(route: WeChatRoute, world: World, request: FastifyRequest, reply: FastifyReply) {
  const parsed = readBody(route, request);
  const input: CallInput = { world, request, query: readQuery(request), body: parsed.value };
  // Credential routes read appid/secret from the body, so a bad body leaves the caller unknown.
  const identity: Identity =
    parsed.error && route.identify !== 'access_token' ? { error: parsed.error } : identify(route, input);
  const count = (outcome: ReturnType<typeof errcodeOf> | ReturnType<typeof answerWithFault>) => {
    if (identity.appid !== undefined) world.stats.recordCall(identity.appid, route.path, outcome);
  };

  const before = await delayAndPickFailure(world.faults.take('before', route.path, identity.appid));
  if (before) return count(answerWithFault(reply, before));

  let body: WxBody | RawAnswer;
  if (identity.error || identity.appid === undefined) body = identity.error ?? wxError(WxErrcode.SystemError);
  else if (parsed.error) body = parsed.error;
  else if (!world.quotas.admit(identity.appid, route.path)) body = wxError(WxErrcode.DailyQuotaReached);
  else body = await route.handle({ ...input, appid: identity.appid });

  const after = await delayAndPickFailure(world.faults.take('after', route.path, identity.appid));
  if (after) return count(answerWithFault(reply, after));
  count(errcodeOf(body));
  if (body instanceof RawAnswer) return reply.code(200).headers(body.headers).send(body.bytes);
  return reply.code(200).send(body);
}

/** Registers `route` on `app`; POST routes also answer other methods with 43002 like WeChat. */
export function registerWeChatRoute(app: FastifyInstance, world: World, route: WeChatRoute): void {
  const { tooLarge } = route;
  app.route({
    method: route.method,
    url: route.path,
    ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
    ...(tooLarge && {
      errorHandler: (error: { code?: string }, _request: FastifyRequest, reply: FastifyReply) => {
        if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
        return reply.code(200).send(tooLarge());
      },
    }),
    handler: async (request, reply) => {
      await runCall(route, world, request, reply);
      return reply;
    },
  });
  if (route.method === 'POST') {
    app.route({
      method: ['GET', 'PUT', 'DELETE', 'PATCH'],
      url: route.path,
      handler: async () => wxError(WxErrcode.RequirePost),
    });
  }
}
