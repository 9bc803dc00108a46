/**
 * @module Stand-in `/wechat` route for the benchmark, composed only of wegate's callback machinery, used
 * while the server's own route is not there yet: verify → decrypt → scan → dedupe (lease) → route → encrypt.
 */
import type { FastifyInstance } from 'fastify';
import {
  createSandboxRouter,
  dedupeKey,
  detectMode,
  openInbound,
  parseInboundBody,
  parseMessage,
  renderReply,
  verifyInbound,
  type CallbackQuery,
} from '../../src/callback/index.js';
import { createMsgCipher } from '../../src/kernel/crypto/index.js';
import type { Cache } from '../../src/kernel/ports/index.js';
import { APP } from './scenario.js';

const LEASE_MS = 30_000;
const DONE_MS = 10 * 60_000;

export function registerStandInRoute(app: FastifyInstance, cache: Cache): void {
  const cipher = createMsgCipher({ aesKey: APP.aesKey, appid: APP.appid });
  const router = createSandboxRouter<undefined>();
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.post('/wechat', async (request, reply) => {
    const query = request.query as CallbackQuery;
    const body = parseInboundBody(request.body as string, 'xml');
    const mode = detectMode(query, body);
    const verdict = verifyInbound({ token: APP.token, query, body, mode, maxSkewS: 0, now: Date.now() });
    if (!verdict.ok) return reply.code(401).send(verdict.reason);
    const record = mode === 'plain' ? body : openInbound({ cipher, appid: APP.appid, body, format: 'xml' });
    const message = parseMessage(record);
    const key = `dedupe:${APP.appid}:${dedupeKey(message)}`;
    if (!(await cache.setIfAbsent(key, 'lease', LEASE_MS))) return reply.type('text/plain').send('success');
    const answer = await router.handle(message, undefined);
    await cache.set(key, 'done', DONE_MS);
    const timestamp = Math.floor(Date.now() / 1000);
    const rendered = renderReply(answer, {
      mode,
      format: 'xml',
      cipher,
      token: APP.token,
      nonce: verdict.nonce,
      timestamp,
    });
    return reply.type(rendered.contentType).send(rendered.body);
  });
}
