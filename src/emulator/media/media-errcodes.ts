/** @module The errcodes of the emulated media APIs, named from the emulator's one table (../errcodes.ts). */
import { errmsgOf, WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export const MediaErrcode = {
  InvalidMediaType: WxErrcode.InvalidMediaType,
  InvalidFileType: WxErrcode.InvalidFileType,
  InvalidMediaSize: WxErrcode.InvalidMediaSize,
  InvalidMediaId: WxErrcode.InvalidMediaId,
  MediaDataMissing: WxErrcode.MediaDataMissing,
  MediaIdMissing: WxErrcode.MediaIdMissing,
  EmptyMediaFile: WxErrcode.EmptyMediaFile,
} as const;

export function mediaError(errcode: number): WxErrorBody {
  return wxError(errcode, errmsgOf(errcode));
}
