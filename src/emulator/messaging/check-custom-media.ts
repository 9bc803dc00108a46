/** @module checkCustomMedia: media ids a customer-service message refers to must be the app's live media. */
import { MediaErrcode, mediaError } from '../media/media-errcodes.js';
import type { World } from '../world/world.js';
import type { WxErrorBody } from '../wx-error.js';
import { fieldsOf } from './check-message.js';

// The temporary-media fields of each message type. `mpnews.media_id` names permanent material,
// which the emulator does not hold, so it is accepted as given.
const MEDIA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  image: ['media_id'],
  voice: ['media_id'],
  video: ['media_id', 'thumb_media_id'],
  music: ['thumb_media_id'],
  miniprogrampage: ['thumb_media_id'],
};

/** 40007 when a referenced media_id is unknown, another app's or expired. */
export function checkCustomMedia(
  world: World,
  appid: string,
  msgtype: string,
  payload: unknown,
): WxErrorBody | undefined {
  const fields = fieldsOf(payload);
  for (const name of MEDIA_FIELDS[msgtype] ?? []) {
    const value = fields[name];
    // video's thumb is optional; image, voice and miniprogrampage need theirs.
    if (value === undefined && name === 'thumb_media_id' && msgtype === 'video') continue;
    if (typeof value !== 'string' || !world.media.get(appid, value))
      return mediaError(MediaErrcode.InvalidMediaId);
  }
  return undefined;
}
