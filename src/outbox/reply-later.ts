/** @module The `wechat.reply-later` job: its name, its data, and a late passive reply as a customer-service body. */
import type { Reply } from '../callback/index.js';

/** The job a passive reply produced too late for the HTTP answer is queued under (`ctx.replyLater`). */
export const REPLY_LATER_JOB = 'wechat.reply-later';

/** Data of a `wechat.reply-later` job: the outbox's worker sends `reply` as a customer-service message. */
export interface ReplyLaterJob {
  /** App name (`oa`, `mp`…). */
  readonly app: string;
  readonly openid: string;
  readonly reply: Reply;
}

/** The `message/custom/send` payload showing what `reply` would have shown; undefined when it shows nothing. */
export function customPayloadOfReply(reply: Reply): Record<string, unknown> | undefined {
  if (reply === 'success' || reply === '') return undefined;
  switch (reply.MsgType) {
    case 'text':
      return { msgtype: 'text', text: { content: reply.Content } };
    case 'image':
      return { msgtype: 'image', image: { media_id: reply.Image.MediaId } };
    case 'voice':
      return { msgtype: 'voice', voice: { media_id: reply.Voice.MediaId } };
    case 'video':
      return {
        msgtype: 'video',
        video: {
          media_id: reply.Video.MediaId,
          title: reply.Video.Title,
          description: reply.Video.Description,
        },
      };
    case 'music': {
      const m = reply.Music;
      const music = {
        title: m.Title,
        description: m.Description,
        musicurl: m.MusicUrl,
        hqmusicurl: m.HQMusicUrl,
      };
      return { msgtype: 'music', music: { ...music, thumb_media_id: m.ThumbMediaId } };
    }
    case 'news': {
      const articles = reply.Articles.map((a) => ({
        title: a.Title,
        description: a.Description,
        url: a.Url,
        picurl: a.PicUrl,
      }));
      return { msgtype: 'news', news: { articles } };
    }
    default:
      // A hand-over to customer service has nothing to show by itself.
      return undefined;
  }
}
