/** @module Router, handler and middleware types; `Ctx` is whatever the caller hands to every handler. */
import type {
  EventOfName,
  InboundMessage,
  KnownEventName,
  MessageOfType,
  TextMessage,
  UserMessageType,
} from './message.types.js';
import type { Reply } from './reply.types.js';

/** A handler answers with a reply, or nothing (sent as `success`). */
export type HandlerResult = Reply | undefined | void;

export type Handler<Ctx, M = InboundMessage> = (
  message: M,
  ctx: Ctx,
) => HandlerResult | Promise<HandlerResult>;

/** Runs the rest of the chain (later middleware, then the matched handler) and returns its reply. */
export type Next = () => Promise<Reply | undefined>;

/** Runs around every message; may answer itself by not calling `next`. */
export type Middleware<Ctx> = (
  message: InboundMessage,
  ctx: Ctx,
  next: Next,
) => HandlerResult | Promise<HandlerResult>;

export interface Router<Ctx> {
  /** Adds a middleware; they run in the order added, before the handler. */
  use(middleware: Middleware<Ctx>): Router<Ctx>;
  /** Handles one MsgType (`text`, `image` … or an untyped one such as `miniprogrampage`). */
  onMessage<T extends UserMessageType>(type: T, handler: Handler<Ctx, MessageOfType<T>>): Router<Ctx>;
  onMessage(type: string, handler: Handler<Ctx>): Router<Ctx>;
  /** Handles one Event; with `eventKey`, only that key (menu key, `qrscene_…`), which wins over the event alone. */
  onEvent<E extends KnownEventName>(event: E, handler: Handler<Ctx, EventOfName<E>>): Router<Ctx>;
  onEvent<E extends KnownEventName>(
    event: E,
    eventKey: string,
    handler: Handler<Ctx, EventOfName<E>>,
  ): Router<Ctx>;
  onEvent(event: string, handler: Handler<Ctx>): Router<Ctx>;
  onEvent(event: string, eventKey: string, handler: Handler<Ctx>): Router<Ctx>;
  /**
   * Handles text messages whose Content equals `match` (a string) or matches it (a RegExp). Exact
   * keywords are tried first, then patterns in the order added; both win over `onMessage('text')`.
   */
  onKeyword(match: string | RegExp, handler: Handler<Ctx, TextMessage>): Router<Ctx>;
  /** Handles whatever nothing else matched. */
  fallback(handler: Handler<Ctx>): Router<Ctx>;
  /** Runs the middleware chain and the matching handler; undefined when nothing answered. */
  handle(message: InboundMessage, ctx: Ctx): Promise<Reply | undefined>;
}
