/** @module GET /demo/h5 (sandbox only): the H5 demo of web authorization and the JS-SDK. */
import type { FastifyInstance } from 'fastify';
import { H5_DEMO_PAGE } from './h5-page.js';

export function registerDemo(app: FastifyInstance): void {
  app.get('/demo/h5', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(H5_DEMO_PAGE),
  );
}
