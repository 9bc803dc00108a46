/** @module GET /cgi-bin/media/get?media_id= — temporary media (获取临时素材): the bytes, or a video's URL. */
import { MediaErrcode, mediaError } from '../../../media/media-errcodes.js';
import { defineWeChatRoute, RawAnswer } from '../../../pipeline/wechat-route.js';

// Keep the header a quoted ASCII token whatever the uploaded name held.
const safeName = (name: string) => name.replace(/[^\w.-]/g, '_');

export const cgiBinMediaGet = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/media/get',
  identify: 'access_token',
  handle: ({ world, appid, query, request }) => {
    const mediaId = query['media_id'];
    if (mediaId === undefined || mediaId === '') return mediaError(MediaErrcode.MediaIdMissing);
    const entry = world.media.get(appid, mediaId);
    if (!entry) return mediaError(MediaErrcode.InvalidMediaId);
    // WeChat answers a video with a download URL instead of the bytes.
    if (entry.type === 'video') {
      return { video_url: `${request.protocol}://${request.host}/__emulator/media/${mediaId}/bytes` };
    }
    return new RawAnswer(entry.bytes, {
      'content-type': entry.contentType,
      'content-disposition': `attachment; filename="${safeName(entry.filename)}"`,
    });
  },
});
