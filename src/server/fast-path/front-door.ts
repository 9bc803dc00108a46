/**
 * @module The HTTP server in front of Fastify: lanes that serve a hot route straight from node:http
 * (today the WeChat callback), everything else through Fastify's router. Its limits (request and
 * headers timeouts, keep-alive, connection cap) are node:http's own, so they hold for lanes and
 * Fastify alike: a lane reading a body is cut off by the same request timeout (408, connection closed).
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
import type { NetworkConfig } from '../../config/config.types.js';

/** What the server allows a client: WEGATE_REQUEST_TIMEOUT_MS and its siblings. */
export type DoorLimits = Omit<NetworkConfig, 'trustProxy'>;

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
  /** Fastify's `serverFactory`: a plain HTTP/1.1 server with the door's limits (Fastify's own are not used). */
  serverFactory(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    options: FastifyServerOptions,
  ): Server;
}

/**
 * node:http looks for expired requests every `connectionsCheckingInterval` (30 s by default, which would
 * let a 30 s timeout run to 60 s): check a few times per shortest timeout, at most once a second.
 */
function checkingInterval(limits: DoorLimits): number {
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return Math.min(1000, Math.max(10, Math.floor(shortest / 4)));
}

export function createFrontDoor(limits: DoorLimits): FrontDoor {
  const lanes: Lane[] = [];
  let open = true;
  return {
    add: (lane) => void lanes.push(lane),
    close: () => {
      open = false;
    },
    serverFactory(handler, options) {
      const http: ServerOptions = {
        ...(options as { http?: ServerOptions }).http,
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout: limits.headersTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: checkingInterval(limits),
      };
      const server = createServer(http, handler);
      // Lanes are tried where the server emits 'request', before the emit it inherits: an HTTP
      // instrumentation patched onto http.Server's emit (tracing) wraps only what reaches Fastify. A
      // lane's request carries no trace context to continue (WeChat's pushes); the lane opens its root span.
      const emit = server.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
      server.emit = function emitWithLanes(this: Server, event: string | symbol, ...args: unknown[]) {
        if (event === 'request' && open) {
          const [req, res] = args as [IncomingMessage, ServerResponse];
          for (const lane of lanes) if (lane(req, res)) return true;
        }
        return emit.call(this, event, ...args);
      } as Server['emit'];
      server.keepAliveTimeout = limits.keepAliveTimeoutMs;
      // Past the cap node closes a new connection as soon as it is accepted, before any byte is read.
      server.maxConnections = limits.maxConnections;
      return server;
    },
  };
}
