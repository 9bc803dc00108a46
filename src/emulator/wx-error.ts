/** @module WeChat error bodies: `{errcode, errmsg}` with the service's ` rid: …` suffix. */
import { randomBytes } from 'node:crypto';
import { errmsgOf } from './errcodes.js';

export interface WxErrorBody {
  readonly errcode: number;
  readonly errmsg: string;
}

/** A request id shaped like WeChat's (`622029dd-23ac4086-5668d53d`). */
export function randomRid(): string {
  const hex = randomBytes(12).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`;
}

/** The JSON WeChat answers (with HTTP 200) for `errcode`; `message` overrides the standard text. */
export function wxError(errcode: number, message?: string): WxErrorBody {
  return { errcode, errmsg: `${message ?? errmsgOf(errcode)} rid: ${randomRid()}` };
}

/** The errcode of an answer body: absent means success, as on the real service. */
export function errcodeOf(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const code = (body as { errcode?: unknown }).errcode;
  return typeof code === 'number' ? code : 0;
}
