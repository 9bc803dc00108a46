/** @module Writes a callback's 200 answer straight to the socket, skipping Fastify's send pipeline. */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends `body` with an explicit length and the `x-request-id` every answer carries, in one write.
 * The reply is hijacked, so `onSend` hooks do not run for it; `onResponse` hooks (HTTP metrics) and
 * Fastify's request-completed log still do, on the response's `finish`.
 */
export function sendAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  contentType: string,
  body: string,
): void {
  reply.hijack();
  // Headers an earlier hook put on the reply still go out.
  reply.raw.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-request-id': request.id,
  });
  reply.raw.end(body);
}
