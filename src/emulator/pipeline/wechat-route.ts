/** @module The shape of an emulated WeChat API route (one file per WeChat path under routes/). */
import type { FastifyRequest } from 'fastify';
import type { World } from '../world/world.js';
import type { WxErrorBody } from '../wx-error.js';

/** A JSON answer (success shape or `{errcode, errmsg}`). */
export type WxBody = object;

export interface CallInput {
  readonly world: World;
  readonly request: FastifyRequest;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body of POST routes; undefined for GET routes. */
  readonly body: unknown;
}

export interface WeChatCall extends CallInput {
  /** The calling app, identified by its access_token or its appid + secret. */
  readonly appid: string;
}

/** Who is calling: an appid when known (so errors are counted for it), an error answer when refused. */
export interface Identity {
  readonly appid?: string;
  readonly error?: WxErrorBody;
}

/** A non-JSON answer (media bytes): sent as is with these headers. */
export class RawAnswer {
  constructor(
    readonly bytes: Buffer,
    readonly headers: Readonly<Record<string, string>>,
  ) {}
}

export interface WeChatRoute {
  /** POST routes answer 43002 to other methods and parse a JSON body (44002 empty, 47001 malformed). */
  readonly method: 'GET' | 'POST';
  /** `raw` hands the POST body to the route as a Buffer (multipart uploads); default `json`. */
  readonly body?: 'json' | 'raw';
  /** Largest body accepted in bytes (default Fastify's 1 MiB); beyond it `tooLarge` answers. */
  readonly bodyLimit?: number;
  /** What WeChat answers when the body exceeds `bodyLimit`. */
  readonly tooLarge?: () => WxBody;
  /** The WeChat path, e.g. `/cgi-bin/token`; quotas, faults and stats are keyed by it. */
  readonly path: string;
  /** `access_token` uses the shared guard (41001 / 40014 / 40001 / 42001). */
  readonly identify: 'access_token' | ((input: CallInput) => Identity);
  handle(call: WeChatCall): WxBody | RawAnswer | Promise<WxBody | RawAnswer>;
}

/** Identity helper for route files, so each one is checked against the WeChatRoute shape. */
export function defineWeChatRoute(route: WeChatRoute): WeChatRoute {
  return route;
}

/** A query string value (first one when repeated). */
export function queryValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return queryValue(value[0]);
  return typeof value === 'string' ? value : undefined;
}
