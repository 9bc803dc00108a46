/** @module Error classes: every failure wegate raises is one of these, with a stable `code`. */
import { WEGATE_ERROR_BRAND as BRAND } from '../../config/config-error.js';

/** Configuration is missing or invalid: defined in config (which imports nothing of ours), same brand. */
export { ConfigError } from '../../config/config-error.js';

export interface WeChatErrorOptions {
  cause?: unknown;
}

/** Base of every wegate error; `code` is stable and listed in docs/errors.md. */
export class WeChatError extends Error {
  readonly [BRAND] = true;
  readonly code: string;

  constructor(code: string, message: string, options: WeChatErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** WeChat answered with a non-zero `errcode`. */
export class WeChatApiError extends WeChatError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
    options: WeChatErrorOptions = {},
  ) {
    super('WEGATE_API_ERRCODE', `${api} failed: errcode ${errcode} ${errmsg}`, options);
  }
}

/** The transport failed: network error, timeout, non-2xx status or a body that is not JSON. */
export class WeChatHttpError extends WeChatError {
  constructor(
    message: string,
    readonly api: string,
    readonly status?: number,
    options: WeChatErrorOptions = {},
  ) {
    super('WEGATE_HTTP_ERROR', message, options);
  }
}

/** A signature did not verify (callback, msg_signature, rawData, pay). */
export class SignatureError extends WeChatError {
  constructor(message: string, options: WeChatErrorOptions = {}) {
    super('WEGATE_BAD_SIGNATURE', message, options);
  }
}

/** WXBizMsgCrypt's codes (ierror.py) for the message-cipher failures wegate reports. */
export const MsgCryptErrcode = {
  ValidateAppid: -40005,
  DecryptAES: -40007,
  IllegalBuffer: -40008,
  DecodeBase64: -40010,
} as const;

export interface DecryptErrorOptions extends WeChatErrorOptions {
  /** WXBizMsgCrypt's code, when the failure is one of the message cipher's (`MsgCryptErrcode`). */
  errcode?: number;
}

/** Ciphertext could not be decrypted, or decrypted to something invalid (padding, appid, watermark). */
export class DecryptError extends WeChatError {
  /** WXBizMsgCrypt's code (e.g. -40005 receive id mismatch); undefined outside the message cipher. */
  readonly errcode?: number;

  constructor(message: string, options: DecryptErrorOptions = {}) {
    super('WEGATE_DECRYPT_FAILED', message, options);
    if (options.errcode !== undefined) this.errcode = options.errcode;
  }
}

/** Input could not be parsed safely (XML with DOCTYPE, oversized, malformed). */
export class ParseError extends WeChatError {
  constructor(message: string, options: WeChatErrorOptions = {}) {
    super('WEGATE_PARSE_FAILED', message, options);
  }
}

/** WeChat Pay v3 answered non-2xx with `{code, message, detail}`. */
export class PayApiError extends WeChatError {
  constructor(
    readonly status: number,
    readonly payCode: string,
    readonly payMessage: string,
    readonly detail?: unknown,
    options: WeChatErrorOptions = {},
  ) {
    super('WEGATE_PAY_API_ERROR', `WeChat Pay ${status} ${payCode}: ${payMessage}`, options);
  }
}

/** A cloud database query the builder refuses to write (unsupported value, operator or form). */
export class CloudQueryError extends WeChatError {
  constructor(message: string, options: WeChatErrorOptions = {}) {
    super('WEGATE_CLOUD_QUERY_INVALID', message, options);
  }
}

export function isWeChatError(e: unknown): e is WeChatError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** True when `e` is a WeChatApiError, optionally with one of the given errcodes. */
export function isWeChatApiError(e: unknown, ...errcodes: number[]): e is WeChatApiError {
  if (!isWeChatError(e) || e.code !== 'WEGATE_API_ERRCODE') return false;
  return errcodes.length === 0 || errcodes.includes((e as WeChatApiError).errcode);
}

export function isWeChatHttpError(e: unknown): e is WeChatHttpError {
  return isWeChatError(e) && e.code === 'WEGATE_HTTP_ERROR';
}
