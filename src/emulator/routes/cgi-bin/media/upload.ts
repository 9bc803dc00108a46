/** @module POST /cgi-bin/media/upload?type= — new temporary media (新增临时素材), multipart field `media`. */
import { isMediaType } from '../../../media/media-book.js';
import { MediaErrcode, mediaError } from '../../../media/media-errcodes.js';
import {
  acceptsFormat,
  FORMAT_CONTENT_TYPES,
  MAX_UPLOAD_BODY_BYTES,
  MEDIA_RULES,
  sniffFormat,
} from '../../../media/media-rules.js';
import { readMediaPart } from '../../../media/read-media-part.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinMediaUpload = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/media/upload',
  identify: 'access_token',
  body: 'raw',
  bodyLimit: MAX_UPLOAD_BODY_BYTES,
  tooLarge: () => mediaError(MediaErrcode.InvalidMediaSize),
  handle: async ({ world, appid, query, request, body }) => {
    const type = query['type'];
    if (!isMediaType(type)) return mediaError(MediaErrcode.InvalidMediaType);
    const part = await readMediaPart(request.headers['content-type'], body);
    if (!part) return mediaError(MediaErrcode.MediaDataMissing);
    if (part.bytes.length === 0) return mediaError(MediaErrcode.EmptyMediaFile);
    if (part.bytes.length > MEDIA_RULES[type].maxBytes) return mediaError(MediaErrcode.InvalidMediaSize);
    if (!acceptsFormat(type, part.filename, part.bytes)) return mediaError(MediaErrcode.InvalidFileType);
    const entry = world.media.put({
      appid,
      type,
      filename: part.filename,
      // Served by what the bytes are, not by what the uploader's header claimed.
      contentType: FORMAT_CONTENT_TYPES[sniffFormat(part.bytes)!],
      bytes: part.bytes,
    });
    return { type, media_id: entry.mediaId, created_at: Math.floor(entry.createdAt / 1000) };
  },
});
