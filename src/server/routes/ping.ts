/** @module GET /ping: liveness, with the mode the server runs in. */
import type { FastifyInstance } from 'fastify';
import { ok } from '../plugins/envelope.js';

export function registerPing(app: FastifyInstance, info: { sandbox: boolean; version: string }): void {
  app.get('/ping', async () => ok({ pong: true, sandbox: info.sandbox, version: info.version }));
}
