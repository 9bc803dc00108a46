/** @module Routes typed messages to handlers through a middleware chain. */
import type { InboundMessage, TextMessage } from './message.types.js';
import type { Reply } from './reply.types.js';
import type { Handler, Middleware, Router } from './router.types.js';

// A separator no EventKey contains: keys are printable developer strings or URLs.
const KEY_SEPARATOR = '\u0000';

interface Routes<Ctx> {
  middleware: Middleware<Ctx>[];
  byType: Map<string, Handler<Ctx>>;
  byEvent: Map<string, Handler<Ctx>>;
  exact: Map<string, Handler<Ctx>>;
  patterns: { pattern: RegExp; handler: Handler<Ctx> }[];
  fallback?: Handler<Ctx>;
}

function textField(message: InboundMessage, name: string): string | undefined {
  const source = 'untyped' in message ? message.record : (message as unknown as Record<string, unknown>);
  const value = source[name];
  return typeof value === 'string' ? value : undefined;
}

function matchEvent<Ctx>(routes: Routes<Ctx>, message: InboundMessage): Handler<Ctx> | undefined {
  const event = textField(message, 'Event') ?? '';
  const key = textField(message, 'EventKey');
  const keyed = key === undefined ? undefined : routes.byEvent.get(event + KEY_SEPARATOR + key);
  return keyed ?? routes.byEvent.get(event);
}

function matchText<Ctx>(routes: Routes<Ctx>, message: TextMessage): Handler<Ctx> | undefined {
  const content = message.Content;
  const exact = routes.exact.get(content);
  if (exact) return exact;
  // search() ignores lastIndex, so /g and /y patterns do not carry state between messages.
  return routes.patterns.find((entry) => content.search(entry.pattern) !== -1)?.handler;
}

function resolve<Ctx>(routes: Routes<Ctx>, message: InboundMessage): Handler<Ctx> | undefined {
  const typed = !('untyped' in message);
  let handler: Handler<Ctx> | undefined;
  if (message.MsgType === 'event') handler = matchEvent(routes, message);
  else if (typed && message.MsgType === 'text') handler = matchText(routes, message);
  return handler ?? routes.byType.get(message.MsgType) ?? routes.fallback;
}

async function runHandler<Ctx>(
  routes: Routes<Ctx>,
  message: InboundMessage,
  ctx: Ctx,
): Promise<Reply | undefined> {
  const handler = resolve(routes, message);
  return handler ? ((await handler(message, ctx)) ?? undefined) : undefined;
}

function dispatch<Ctx>(routes: Routes<Ctx>, message: InboundMessage, ctx: Ctx): Promise<Reply | undefined> {
  // Without middleware no chain is built: this runs once per push on the callback hot path.
  if (routes.middleware.length === 0) return runHandler(routes, message, ctx);
  const run = async (index: number): Promise<Reply | undefined> => {
    const middleware = routes.middleware[index];
    if (middleware) {
      let called = false;
      const result = await middleware(message, ctx, () => {
        if (called) return Promise.reject(new Error('next() called twice by one middleware'));
        called = true;
        return run(index + 1);
      });
      return result ?? undefined;
    }
    return runHandler(routes, message, ctx);
  };
  return run(0);
}

/** A router for messages of one app; `Ctx` is the per-request context the caller supplies. */
export function createRouter<Ctx = unknown>(): Router<Ctx> {
  const routes: Routes<Ctx> = {
    middleware: [],
    byType: new Map(),
    byEvent: new Map(),
    exact: new Map(),
    patterns: [],
  };
  const router = {
    use(middleware: Middleware<Ctx>) {
      routes.middleware.push(middleware);
      return router;
    },
    onMessage(type: string, handler: Handler<Ctx, never>) {
      routes.byType.set(type, handler as Handler<Ctx>);
      return router;
    },
    onEvent(event: string, keyOrHandler: string | Handler<Ctx, never>, handler?: Handler<Ctx, never>) {
      if (typeof keyOrHandler === 'string') {
        if (!handler) throw new TypeError('onEvent(event, eventKey, handler) needs a handler');
        routes.byEvent.set(event + KEY_SEPARATOR + keyOrHandler, handler as Handler<Ctx>);
      } else routes.byEvent.set(event, keyOrHandler as Handler<Ctx>);
      return router;
    },
    onKeyword(match: string | RegExp, handler: Handler<Ctx, TextMessage>) {
      if (typeof match === 'string') routes.exact.set(match, handler as Handler<Ctx>);
      else routes.patterns.push({ pattern: match, handler: handler as Handler<Ctx> });
      return router;
    },
    fallback(handler: Handler<Ctx>) {
      routes.fallback = handler;
      return router;
    },
    handle: (message: InboundMessage, ctx: Ctx) => dispatch(routes, message, ctx),
  };
  return router as Router<Ctx>;
}
