/** @module decodeResponse: turns a WeChat HTTP answer into data or the right error. */
import { isWeChatApiError, WeChatApiError, WeChatHttpError } from '../errors/wechat-error.js';
import type { RawApiResponse } from './api-client.types.js';

export interface RawResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

// WeChat labels some JSON answers text/plain (and a few send none), so only a clearly binary
// content-type (image/*, application/octet-stream…) means "not JSON".
function looksLikeJson(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType === '') return true;
  const type = contentType.toLowerCase();
  return type.includes('json') || type.startsWith('text/');
}

function parseJson(body: Buffer, api: string, status: number): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new WeChatHttpError(`${api}: response is not JSON`, api, status, { cause });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new WeChatHttpError(`${api}: response is not a JSON object`, api, status);
  }
  return data as Record<string, unknown>;
}

function checkErrcode(data: Record<string, unknown>, api: string): void {
  const errcode = data.errcode;
  if (errcode === undefined || errcode === 0 || errcode === '0') return;
  const code = typeof errcode === 'number' ? errcode : Number(errcode);
  throw new WeChatApiError(code, typeof data.errmsg === 'string' ? data.errmsg : '', api);
}

/**
 * Success = HTTP 2xx and JSON whose errcode is absent or 0 (WeChat reports errors with HTTP 200).
 * A binary body, or any body when `buffer` was asked for, comes back as a Buffer.
 */
export function decodeResponse(
  res: RawResponse,
  api: string,
  responseType: 'json' | 'buffer' | 'raw' = 'json',
): unknown {
  if (responseType === 'raw') return decodeRaw(res, api);
  if (res.status < 200 || res.status > 299) {
    throw new WeChatHttpError(`${api}: HTTP ${res.status}`, api, res.status);
  }
  if (!looksLikeJson(res.contentType)) return res.body;
  const data = parseJson(res.body, api, res.status);
  checkErrcode(data, api);
  return responseType === 'buffer' ? res.body : data;
}

// The answer behind an error of a `raw` call: the wrappers still see the error (token replay, retry),
// the client hands the answer back once they are done. Kept off the error object so it is never logged.
const ANSWERS = new WeakMap<object, RawApiResponse>();

function decodeRaw(res: RawResponse, api: string): RawApiResponse {
  const answer = { status: res.status, contentType: res.contentType, body: res.body };
  try {
    decodeResponse(res, api, 'buffer');
  } catch (error) {
    const errcode = isWeChatApiError(error) ? error.errcode : undefined;
    ANSWERS.set(error as object, errcode === undefined ? answer : { ...answer, errcode });
    throw error;
  }
  return answer;
}

/** The WeChat answer an error of a `raw` call came from; undefined when there was none (network). */
export function answerOf(error: unknown): RawApiResponse | undefined {
  return typeof error === 'object' && error !== null ? ANSWERS.get(error) : undefined;
}
