/** @module registerRealtime(): `/api/realtime/sse` and `/api/realtime/ws` over a realtime service, in their own scope. */
import fastifySseModule, { type SSEPluginOptions } from '@fastify/sse';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync, preHandlerAsyncHookHandler } from 'fastify';
import type { RealtimeSocket } from './realtime-socket.types.js';
import { createRealtime, type RealtimeService } from '../../../realtime/index.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { createRealtimeGuard } from './realtime-request.js';
import { registerSseRoute } from './sse-route.js';
import { registerWsRoute } from './ws-route.js';

// @fastify/sse is CommonJS (module.exports = the plugin) with an ESM-style `export default` in its types:
// the default import is the plugin at run time, which its types do not say under node16 resolution.
const fastifySse = fastifySseModule as unknown as FastifyPluginAsync<SSEPluginOptions>;

export interface RealtimeRouteOptions {
  readonly realtime: RealtimeService;
  readonly requireUser: preHandlerAsyncHookHandler;
  /** SSE comment and WebSocket ping interval; default 15 000 ms. */
  readonly heartbeatMs?: number;
  /** Unsent bytes one connection may hold before it is dropped as a slow consumer; default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** WebSocket permessage-deflate for frames at least this large; undefined (default): never compress. */
  readonly deflateAboveBytes?: number;
}

function wsOptions(deflateAboveBytes: number | undefined) {
  const perMessageDeflate = deflateAboveBytes === undefined ? false : { threshold: deflateAboveBytes };
  // Clients only answer pings: anything they send is small and ignored.
  return { options: { maxPayload: 4096, perMessageDeflate } };
}

/** Pings every socket each heartbeat; one that did not answer the previous ping is cut and counted. */
function startHeartbeat(
  sockets: Map<RealtimeSocket, { alive: boolean }>,
  realtime: RealtimeService,
  ms: number,
) {
  const timer = setInterval(() => {
    for (const [socket, state] of sockets) {
      if (!state.alive) {
        realtime.metrics.dropped('ws', 'heartbeat');
        socket.terminate();
        continue;
      }
      state.alive = false;
      socket.ping();
    }
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

export async function registerRealtime(app: FastifyInstance, options: RealtimeRouteOptions): Promise<void> {
  const { realtime, heartbeatMs = 15_000, maxBufferedBytes = 1024 * 1024 } = options;
  const guard = createRealtimeGuard(realtime, options.requireUser);
  const open = new Set<() => void>();
  const track = (end: () => void) => {
    open.add(end);
    return () => void open.delete(end);
  };
  const sockets = new Map<RealtimeSocket, { alive: boolean }>();
  await app.register(async (scope) => {
    await scope.register(fastifySse, { heartbeatInterval: heartbeatMs });
    await scope.register(fastifyWebsocket, wsOptions(options.deflateAboveBytes));
    const stopHeartbeat = startHeartbeat(sockets, realtime, heartbeatMs);
    // Open streams would hold the server's close forever: end them first.
    scope.addHook('preClose', (done) => {
      stopHeartbeat();
      for (const end of [...open]) end();
      done();
    });
    registerSseRoute(scope, { realtime, guard, maxBufferedBytes, track });
    registerWsRoute(scope, { realtime, guard, maxBufferedBytes, track, sockets });
  });
}

/** The deps' realtime service or, for an app built without one, one in this process's memory closed with the app. */
export function appRealtime(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'realtime' | 'metrics' | 'logger'>,
): RealtimeService {
  if (deps.realtime) return deps.realtime;
  const onError = (err: unknown) => deps.logger.warn({ err }, 'realtime error');
  const realtime = createRealtime({ registry: deps.metrics.registry, onError });
  app.addHook('onClose', () => realtime.close());
  return realtime;
}
