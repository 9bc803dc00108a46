/** @module The pipeline of every emulated /v3 call: merchant signature, JSON body, faults, signed answer. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { payError, type PayAnswer } from './pay-error.js';
import type { PayRoute } from './pay-route.js';
import type { PayBook } from './pay-book.js';
import { signPayMessage } from './sign-pay-message.js';
import { verifyMerchantRequest } from './verify-merchant-request.js';

function parseBody(raw: string): { value: Record<string, unknown> } | { error: PayAnswer } {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { value: value as Record<string, unknown> };
    }
  } catch {
    // Falls through to the same PARAM_ERROR WeChat Pay gives for any unreadable body.
  }
  return { error: payError('PARAM_ERROR', '请求体不是合法的JSON') };
}

function stringRecord(value: unknown): Record<string, string | undefined> {
  const entries = Object.entries((value ?? {}) as Record<string, unknown>);
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}

type FiredFaults = ReturnType<PayBook['faults']['take']>;

async function answer(
  pay: PayBook,
  request: FastifyRequest,
  route: PayRoute,
  faults: FiredFaults,
): Promise<PayAnswer> {
  const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
  const auth = verifyMerchantRequest(pay.merchants, {
    method: request.method,
    url: request.url,
    authorization: request.headers.authorization,
    body: raw,
    nowMs: pay.wallNow(),
  });
  if (auth.error) return auth.error;
  const failure = faults.get('http-error');
  if (failure) return { status: failure.status ?? 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } };
  let body: Record<string, unknown> = {};
  if (route.method === 'POST') {
    const parsed = parseBody(raw);
    if ('error' in parsed) return parsed.error;
    body = parsed.value;
  }
  const params = stringRecord(request.params) as Record<string, string>;
  return route.handle({
    pay,
    request,
    merchant: auth.merchant,
    params,
    query: stringRecord(request.query),
    body,
  });
}

async function send(
  pay: PayBook,
  request: FastifyRequest,
  reply: FastifyReply,
  result: PayAnswer,
  faults: FiredFaults,
) {
  const text = result.body === undefined ? '' : JSON.stringify(result.body);
  const fields = (request.headers.authorization ?? '').match(/mchid="([^"]*)"/);
  const merchant = fields ? pay.merchants.get(fields[1]!) : undefined;
  reply.code(result.status).header('Request-ID', randomUUID());
  if (merchant) {
    const delay = faults.get('delay')?.delayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const signature = faults.has('bad-signature') ? 'bad' : faults.has('probe') ? 'probe' : 'valid';
    reply.headers({
      ...signPayMessage(await pay.keys.ready(), merchant, text, { nowMs: pay.wallNow(), signature }),
    });
  }
  if (text === '') return reply.send();
  return reply.type('application/json').send(text);
}

/** Registers `route` on `app` (a context whose body parser keeps raw buffers). */
export function registerPayRoute(app: FastifyInstance, pay: PayBook, route: PayRoute): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      const faults = pay.faults.take('response');
      return send(pay, request, reply, await answer(pay, request, route, faults), faults);
    },
  });
}
