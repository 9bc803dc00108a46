/** @module ALL /gateway/:app/*: any WeChat API of a configured app, with our access_token, answered as WeChat answered. */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AuditLog } from '../../../audit/index.js';
import { ApiProblem } from '../../envelope/index.js';
import type { RawApiResponse, RawPayload } from '../../../kernel/http/index.js';
import type { RateLimiter } from '../../../kernel/ports/index.js';
import { checkGatewayKey } from '../../plugins/gateway-key.js';
import type { ApiCallSample, Metrics } from '../../plugins/metrics.js';
import type { WeChatApp } from '../../server-deps.types.js';
import { parseGatewayTarget } from './gateway-target.js';

export interface GatewayRoutesOptions {
  /** Required as `Authorization: Bearer <key>`. */
  readonly key: string;
  readonly apps: Readonly<Record<string, Pick<WeChatApp, 'api'>>>;
  /** One point per call, keyed by app name. */
  readonly limiter: RateLimiter;
  readonly metrics: Metrics;
  readonly maxBodyBytes: number;
  /** The `gateway` inbound-limit class (per caller IP), before the per-app rate. */
  readonly limit?: preHandlerAsyncHookHandler;
  /** Each call is recorded (`gateway.call`, by `key:gateway`, target `<app>:<path>`). */
  readonly audit?: AuditLog;
}

/** The caller's body as it came, with its content-type (JSON, multipart uploads…). */
function payloadOf(request: FastifyRequest): RawPayload | undefined {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  return { contentType: request.headers['content-type'] ?? 'application/octet-stream', bytes: body };
}

function outcomeOf(answer: RawApiResponse): string {
  if (answer.errcode !== undefined) return 'errcode';
  return answer.status >= 200 && answer.status < 300 ? 'ok' : 'http';
}

function callRecord(request: FastifyRequest, target: string, result: string) {
  const userAgent = request.headers['user-agent'];
  return {
    actor: 'key:gateway',
    action: 'gateway.call',
    target,
    ip: request.ip,
    ...(userAgent ? { userAgent } : {}),
    result,
    traceId: request.id,
  };
}

export async function gatewayRoutes(app: FastifyInstance, options: GatewayRoutesOptions): Promise<void> {
  // Bodies are forwarded, never interpreted: every content-type is read as bytes, up to the bound.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request) => checkGatewayKey(request, options.key));
  const preHandler = options.limit ? [options.limit] : [];
  app.all('/gateway/:app/*', { bodyLimit: options.maxBodyBytes, preHandler }, async (request, reply) => {
    const started = performance.now();
    const name = (request.params as { app: string }).app;
    const target = Object.hasOwn(options.apps, name) ? options.apps[name] : undefined;
    if (!target) throw new ApiProblem('NotFound', `unknown app ${name}`);
    const method = request.method;
    if (method !== 'GET' && method !== 'POST')
      throw new ApiProblem('MethodNotAllowed', 'WeChat APIs are called with GET or POST');
    const { path, query } = parseGatewayTarget(request.url, `/gateway/${name}`);
    const observe = (outcome: string, answer: Partial<ApiCallSample> = {}): void =>
      options.metrics.observeGatewayCall(name, {
        api: path,
        outcome,
        durationMs: performance.now() - started,
        ...answer,
      });
    const limit = await options.limiter.consume(name);
    if (!limit.allowed) {
      observe('limited');
      void reply.header('retry-after', String(Math.max(1, Math.ceil(limit.msBeforeNext / 1000))));
      throw new ApiProblem('RateLimited', `gateway rate limit of app ${name}`);
    }
    const payload = payloadOf(request);
    // retry: false for every call: the gateway cannot tell a read from a send or a one-time code
    // exchange (jscode2session is a GET); only the token replay runs, WeChat having refused the call.
    const answer = await target.api
      .request<RawApiResponse>({
        method,
        path,
        query,
        retry: false,
        responseType: 'raw',
        ...(payload ? { payload } : {}),
      })
      .catch((error: unknown) => {
        observe('network');
        throw error;
      });
    observe(outcomeOf(answer), {
      status: answer.status,
      ...(answer.errcode !== undefined ? { errcode: answer.errcode } : {}),
    });
    await options.audit?.record(callRecord(request, `${name}:${path}`, outcomeOf(answer)));
    if (answer.contentType !== undefined) void reply.header('content-type', answer.contentType);
    return reply.code(answer.status).send(answer.body);
  });
}
