/** @module The errcodes of the emulated media APIs and their errmsg texts (kept apart from the client's table). */
import { wxError, type WxErrorBody } from '../wx-error.js';

export const MediaErrcode = {
  InvalidMediaType: 40004,
  InvalidFileType: 40005,
  InvalidMediaSize: 40006,
  InvalidMediaId: 40007,
  MediaDataMissing: 41005,
  MediaIdMissing: 41006,
  EmptyMediaFile: 44001,
} as const;

const MESSAGES: Readonly<Record<number, string>> = {
  [MediaErrcode.InvalidMediaType]: 'invalid media type',
  [MediaErrcode.InvalidFileType]: 'invalid file type',
  // WeChat's own spelling.
  [MediaErrcode.InvalidMediaSize]: 'invalid meida size',
  [MediaErrcode.InvalidMediaId]: 'invalid media_id',
  [MediaErrcode.MediaDataMissing]: 'media data missing',
  [MediaErrcode.MediaIdMissing]: 'media_id missing',
  [MediaErrcode.EmptyMediaFile]: 'empty media data',
};

export function mediaError(errcode: number): WxErrorBody {
  return wxError(errcode, MESSAGES[errcode] ?? 'system error');
}
