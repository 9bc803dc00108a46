/**
 * @module GET /api/realtime/sse: the user's events as Server-Sent Events — `id:` the resume cursor, `data:`
 * `{"type":…,"data":…}`; resumes from the `Last-Event-ID` header or `?lastEventId=`.
 */
import type { FastifyInstance, FastifyReply, preHandlerAsyncHookHandler } from 'fastify';
import { openConnection, type Outgoing, type RealtimeService } from '../../../realtime/index.js';
import { ApiProblem } from '../../envelope/index.js';
import { grantedTopics, queryValue } from './realtime-request.js';

export interface SseRouteOptions {
  readonly realtime: RealtimeService;
  readonly guard: preHandlerAsyncHookHandler;
  readonly maxBufferedBytes: number;
  /** Ends every open stream (the server is closing). */
  readonly track: (end: () => void) => () => void;
}

/** One SSE message per event; the batch of a tick goes out in one write. */
export function sseFrames(batch: readonly Outgoing[]): string {
  let text = '';
  for (const { event, cursor } of batch) text += `id: ${cursor}\ndata: ${event.json}\n\n`;
  return text;
}

/** A dropped client is told why, then the stream ends (or is cut, when the client reads nothing). */
function closeStream(reply: FastifyReply, reason: string): void {
  const raw = reply.raw;
  if (raw.writableEnded) return;
  raw.end(`event: close\ndata: ${JSON.stringify({ type: 'close', data: { reason } })}\n\n`);
  setTimeout(() => raw.destroy(), 5000).unref();
}

export function registerSseRoute(app: FastifyInstance, options: SseRouteOptions): void {
  const { realtime } = options;
  app.get('/api/realtime/sse', { sse: true, preHandler: options.guard }, async (request, reply) => {
    const sse = (reply as { sse?: FastifyReply['sse'] }).sse;
    if (!sse) throw new ApiProblem('BadRequest', 'ask with Accept: text/event-stream');
    const header = request.headers['last-event-id'];
    const resumeFrom = (Array.isArray(header) ? header[0] : header) ?? queryValue(request, 'lastEventId');
    sse.keepAlive();
    sse.sendHeaders();
    const raw = reply.raw;
    // Tells the browser to come back after 1 s, not its default 3 s, when the stream breaks.
    raw.write('retry: 1000\n\n');
    const connection = openConnection(realtime, {
      topics: grantedTopics(request),
      ...(resumeFrom ? { resumeFrom } : {}),
      maxBufferedBytes: options.maxBufferedBytes,
      sink: {
        transport: 'sse',
        buffered: () => raw.writableLength,
        write: (batch) => void raw.write(sseFrames(batch)),
        close: (reason) => closeStream(reply, reason),
      },
    });
    const untrack = options.track(() => closeStream(reply, 'server closing'));
    sse.onClose(() => {
      untrack();
      connection.close();
    });
  });
}
