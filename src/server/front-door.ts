/**
 * @module The HTTP server in front of Fastify: lanes that serve a hot route straight from node:http
 * (today the WeChat callback), everything else through Fastify's router.
 */
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { FastifyServerOptions } from 'fastify';

/** Serves the request and returns true, or returns false (having touched nothing) to leave it to Fastify. */
export type Lane = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What a lane answers: written in one go with its length and the request id every answer carries. */
export interface LaneAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly requestId: string;
  /** Close the connection after it (a body refused before it was read). */
  readonly close?: boolean;
}

export function writeLaneAnswer(res: ServerResponse, answer: LaneAnswer): void {
  const headers: OutgoingHttpHeaders = {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
    'x-request-id': answer.requestId,
  };
  if (answer.close === true) headers.connection = 'close';
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

export interface FrontDoor {
  /** Adds a lane, tried in order before Fastify. */
  add(lane: Lane): void;
  /** From now on every request goes to Fastify (which answers 503 while it closes). */
  close(): void;
  /** Fastify's `serverFactory`: a plain HTTP/1.1 server with Fastify's timeouts. */
  serverFactory(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    options: FastifyServerOptions,
  ): Server;
}

export function createFrontDoor(): FrontDoor {
  const lanes: Lane[] = [];
  let open = true;
  return {
    add: (lane) => void lanes.push(lane),
    close: () => {
      open = false;
    },
    serverFactory(handler, options) {
      const http = (options as { http?: ServerOptions }).http ?? {};
      const server = createServer(http, (req, res) => {
        if (open) for (const lane of lanes) if (lane(req, res)) return;
        handler(req, res);
      });
      // Fastify applies these itself only to servers it creates.
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
      return server;
    },
  };
}
