/** @module GET /jssdk/config?url=…&app=oa: the `wx.config` parameters for a page, signed with the jsapi_ticket. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FrontDoor } from '../../fast-path/front-door.js';
import { APP_NAME, buildJsSdkConfig } from './jssdk-config.js';
import { createJsSdkLane } from './jssdk-lane.js';
import { ApiProblem } from '../../envelope/index.js';
import { ok } from '../../plugins/envelope.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { resolvePageUrl } from './page-url.js';

interface JsSdkQuery {
  url?: string;
  app?: string;
}

const QUERY_SCHEMA = {
  type: 'object',
  properties: { url: { type: 'string' }, app: { type: 'string', pattern: APP_NAME.source } },
  additionalProperties: false,
} as const;

// The answer's shape, so Fastify serializes it with a compiled serializer instead of JSON.stringify.
const RESPONSE_SCHEMA = {
  200: {
    type: 'object',
    properties: {
      code: { type: 'integer' },
      message: { type: 'string' },
      data: {
        type: 'object',
        properties: {
          appId: { type: 'string' },
          timestamp: { type: 'integer' },
          nonceStr: { type: 'string' },
          signature: { type: 'string' },
        },
        required: ['appId', 'timestamp', 'nonceStr', 'signature'],
      },
    },
    required: ['code', 'message', 'data'],
  },
} as const;

/** Signs for the Official Account (`app`, default `oa`); the ticket comes from the broker's in-process copy. */
export function registerJsSdk(app: FastifyInstance, deps: ServerDeps, door?: FrontDoor): void {
  door?.add(createJsSdkLane(deps));
  app.get(
    '/jssdk/config',
    { schema: { querystring: QUERY_SCHEMA, response: RESPONSE_SCHEMA } },
    async (request: FastifyRequest) => {
      const query = request.query as JsSdkQuery;
      const target = deps.apps[query.app ?? 'oa'];
      if (!target || target.config.type !== 'official-account') {
        throw new ApiProblem('NotFound', `no Official Account named ${query.app ?? 'oa'}`);
      }
      const url = resolvePageUrl({
        url: query.url,
        referer: request.headers.referer,
        origin: () => `${request.protocol}://${request.host}`,
      });
      const ticket = await target.tickets.get('jsapi');
      const config = buildJsSdkConfig(target.config.appid, ticket, url);
      return ok(config);
    },
  );
}
