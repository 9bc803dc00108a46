/** @module POST /api/messages and GET /api/messages/:id: the outbox over HTTP, behind the gateway key. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ApiProblem } from '../../envelope/index.js';
import type { Outbox, OutboxMessage } from '../../../outbox/index.js';
import { ok } from '../../plugins/envelope.js';
import { checkGatewayKey } from '../../plugins/gateway-key.js';

const SendBody = Type.Object({
  app: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.Union([Type.Literal('custom'), Type.Literal('template'), Type.Literal('subscribe')]),
  touser: Type.String({ minLength: 1, maxLength: 128 }),
  payload: Type.Object({}, { additionalProperties: true }),
  idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export interface MessageRoutesOptions {
  readonly outbox: Outbox;
  /** Required as `Authorization: Bearer <key>` on both routes. */
  readonly gatewayKey: string;
  /** App names the outbox can send for. */
  readonly apps: readonly string[];
}

function view(message: OutboxMessage) {
  const { id, app, kind, touser, status, attempts, lastErrcode, lastError, clientMsgId, msgid } = message;
  return {
    id,
    app,
    kind,
    touser,
    status,
    attempts,
    uncertainAttempts: message.uncertainAttempts,
    lastErrcode,
    lastError,
    clientMsgId,
    msgid,
    createdAt: message.createdAt,
    sentAt: message.sentAt,
  };
}

export async function messageRoutes(app: FastifyInstance, options: MessageRoutesOptions): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const known = new Set(options.apps);
  app.addHook('onRequest', async (request) => checkGatewayKey(request, options.gatewayKey));
  typed.post('/api/messages', { schema: { body: SendBody } }, async (request) => {
    const { idempotencyKey, ...input } = request.body;
    if (!known.has(input.app)) throw new ApiProblem('ValidationFailed', `unknown app ${input.app}`);
    const payload = input.payload as Record<string, unknown>;
    const result = await options.outbox.send({
      ...input,
      payload,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    return ok(result);
  });
  typed.get('/api/messages/:id', { schema: { params: IdParams } }, async (request) => {
    const message = await options.outbox.get(request.params.id);
    if (!message) throw new ApiProblem('NotFound', 'no such message');
    return ok(view(message));
  });
}
