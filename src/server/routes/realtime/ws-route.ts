/**
 * @module GET /api/realtime/ws: the user's events as WebSocket text frames `{"id":…,"type":…,"data":…}`;
 * resumes from `?offset=`; pinged every heartbeat, cut when a pong does not come back.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { RealtimeSocket } from './realtime-socket.types.js';
import {
  openConnection,
  type DeliveredEvent,
  type Outgoing,
  type RealtimeService,
} from '../../../realtime/index.js';
import { grantedTopics, queryValue } from './realtime-request.js';

export interface WsRouteOptions {
  readonly realtime: RealtimeService;
  readonly guard: preHandlerAsyncHookHandler;
  readonly maxBufferedBytes: number;
  readonly track: (end: () => void) => () => void;
  /** Sockets to ping each heartbeat; `alive` is reset by every pong. */
  readonly sockets: Map<RealtimeSocket, { alive: boolean }>;
}

/** Close codes (RFC 6455 §7.4.1: 1013 try again later; 1001 going away). */
export const WsClose = { SlowConsumer: 1013, GoingAway: 1001 } as const;

// Frames of single-topic connections depend on the event alone: encoded once, sent to everyone.
const frames = new WeakMap<DeliveredEvent, Buffer>();

function frameOf({ event, cursor }: Outgoing): Buffer | string {
  const text = `{"id":${JSON.stringify(cursor)},${event.json.slice(1)}`;
  if (cursor !== event.id) return text;
  let frame = frames.get(event);
  if (!frame) frames.set(event, (frame = Buffer.from(text)));
  return frame;
}

/** Closes with a reason; a client whose socket is jammed is cut after 5 s. */
function closeSocket(socket: RealtimeSocket, code: number, reason: string): void {
  socket.close(code, reason.slice(0, 120));
  setTimeout(() => socket.terminate(), 5000).unref();
}

export function registerWsRoute(app: FastifyInstance, options: WsRouteOptions): void {
  const { realtime, sockets } = options;
  app.get(
    '/api/realtime/ws',
    { websocket: true, preHandler: options.guard },
    (socket: RealtimeSocket, request) => {
      const raw = request.raw.socket;
      const resumeFrom = queryValue(request, 'offset');
      const connection = openConnection(realtime, {
        topics: grantedTopics(request),
        ...(resumeFrom ? { resumeFrom } : {}),
        maxBufferedBytes: options.maxBufferedBytes,
        sink: {
          transport: 'ws',
          buffered: () => socket.bufferedAmount,
          write(batch) {
            // One TCP write for the whole tick's frames.
            raw.cork();
            for (const outgoing of batch) socket.send(frameOf(outgoing), { binary: false });
            raw.uncork();
          },
          close: (reason) => closeSocket(socket, WsClose.SlowConsumer, reason),
        },
      });
      const state = { alive: true };
      sockets.set(socket, state);
      socket.on('pong', () => (state.alive = true));
      const untrack = options.track(() => closeSocket(socket, WsClose.GoingAway, 'server closing'));
      socket.on('close', () => {
        sockets.delete(socket);
        untrack();
        connection.close();
      });
    },
  );
}
