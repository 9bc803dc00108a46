/** @module JSON bodies the way WeChat reads them: any content type, 44002 when empty, 47001 when not JSON. */
import { WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export type ParsedBody =
  | { readonly value: unknown; readonly error?: undefined }
  | { readonly value?: undefined; readonly error: WxErrorBody };

export function parseJsonBody(raw: unknown): ParsedBody {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return { error: wxError(WxErrcode.EmptyPostData) };
  try {
    const value: unknown = JSON.parse(text);
    // WeChat's JSON APIs take an object; a bare number or array is a format error.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { error: wxError(WxErrcode.DataFormatError) };
    }
    return { value };
  } catch {
    return { error: wxError(WxErrcode.DataFormatError) };
  }
}
