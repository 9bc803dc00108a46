/** @module The `{code, message, data}` envelope and the error handler that never leaks a stack. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemFromError } from '../envelope/index.js';

export interface Envelope<T> {
  code: 0;
  message: 'ok';
  data: T;
}

/** Wrap a successful result in our envelope. */
export function ok<T>(data: T): Envelope<T> {
  return { code: 0, message: 'ok', data };
}

/** Install the error and not-found handlers that answer in the envelope. */
export function installEnvelope(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFromError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.body.code, status: problem.status }, 'request rejected');
    void reply.status(problem.status).send(problem.body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFromError({
      statusCode: 404,
      message: `no route ${request.method} ${request.url}`,
    });
    void reply.status(404).send(problem.body);
  });
}
