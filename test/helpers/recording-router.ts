/** @module A callback router for e2e tests: records what each handler received and answers a chosen reply. */
import {
  createRouter,
  replyImage,
  replyMusic,
  replyNews,
  replyText,
  replyTransferCustomerService,
  replyVideo,
  replyVoice,
  type InboundMessage,
  type KnownEventName,
  type NewsArticle,
  type Reply,
  type Router,
  type UserMessageType,
} from '../../src/callback/index.js';
import type { CallbackContext } from '../../src/server/routes/wechat/callback-context.js';

export const USER_MESSAGE_TYPES: readonly UserMessageType[] = [
  'text',
  'image',
  'voice',
  'video',
  'shortvideo',
  'location',
  'link',
];

export const EVENT_NAMES: readonly KnownEventName[] = [
  'subscribe',
  'unsubscribe',
  'SCAN',
  'LOCATION',
  'CLICK',
  'VIEW',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'TEMPLATESENDJOBFINISH',
  'subscribe_msg_popup_event',
  'subscribe_msg_change_event',
  'subscribe_msg_sent_event',
];

/** The QR scene the router has a keyed subscribe handler for. */
export const KEYED_SCENE = 'qrscene_123123';

/** Text messages `reply:<kind>` make the handler answer that kind of reply. */
export const REPLY_KINDS = [
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news1',
  'news8',
  'transfer',
  'success',
  'empty',
  'none',
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

function articles(count: number): NewsArticle[] {
  return Array.from({ length: count }, (_, i) => ({
    Title: `标题 ${i + 1} <&>`,
    Description: `description ${i + 1}`,
    PicUrl: `https://example.com/pic/${i + 1}.jpg`,
    Url: `https://example.com/article/${i + 1}?a=1&b=2`,
  }));
}

/** The reply of one kind, addressed back to `to`; `undefined` for `none`. */
export function buildReplyOfKind(kind: ReplyKind, to: InboundMessage): Reply | undefined {
  const time = 1_700_000_123;
  switch (kind) {
    case 'text':
      return replyText(to, '你好 <b>&amp; "quoted"</b>', time);
    case 'image':
      return replyImage(to, 'media-image-01', time);
    case 'voice':
      return replyVoice(to, 'media-voice-01', time);
    case 'video':
      return replyVideo(to, { MediaId: 'media-video-01', Title: '视频', Description: 'a clip' }, time);
    case 'music':
      return replyMusic(
        to,
        {
          Title: '歌',
          Description: 'a song',
          MusicUrl: 'https://example.com/m.mp3',
          HQMusicUrl: 'https://example.com/hq.mp3',
          ThumbMediaId: 'media-thumb-01',
        },
        time,
      );
    case 'news1':
      return replyNews(to, articles(1), time);
    case 'news8':
      return replyNews(to, articles(8), time);
    case 'transfer':
      return replyTransferCustomerService(to, 'kf2001@gh_account', time);
    case 'success':
      return 'success';
    case 'empty':
      return '';
    case 'none':
      return undefined;
  }
}

export interface Received {
  /** Which handler ran: `message:<type>`, `event:<name>` or `event:<name>:<key>`. */
  readonly route: string;
  readonly message: InboundMessage;
}

export interface RecordingRouter {
  readonly router: Router<CallbackContext>;
  /** Everything the handlers received from `openid`, in order. */
  received(openid: string): Received[];
  /** The reply the handler answered for `openid`'s latest message. */
  answered(openid: string): Reply | undefined;
}

export interface RecordingRouterOptions {
  /** Text `slow` waits this long before answering. */
  readonly slowMs?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every typed message and event has its own handler; text `reply:<kind>` picks the reply, others get `got <route>`. */
export function createRecordingRouter(options: RecordingRouterOptions = {}): RecordingRouter {
  const seen = new Map<string, Received[]>();
  const replies = new Map<string, Reply | undefined>();
  const router = createRouter<CallbackContext>();
  const handle = (route: string) => async (message: InboundMessage) => {
    const list = seen.get(message.FromUserName) ?? [];
    list.push({ route, message: structuredClone(message) });
    seen.set(message.FromUserName, list);
    const content = message.MsgType === 'text' && !('untyped' in message) ? message.Content : '';
    if (content === 'slow') await sleep(options.slowMs ?? 0);
    const reply = content.startsWith('reply:')
      ? buildReplyOfKind(content.slice('reply:'.length) as ReplyKind, message)
      : replyText(message, `got ${route}`);
    replies.set(message.FromUserName, reply);
    return reply;
  };
  for (const type of USER_MESSAGE_TYPES) router.onMessage(type, handle(`message:${type}`));
  for (const event of EVENT_NAMES) router.onEvent(event, handle(`event:${event}`));
  router.onEvent('subscribe', KEYED_SCENE, handle(`event:subscribe:${KEYED_SCENE}`));
  router.fallback(handle('fallback'));
  return {
    router,
    received: (openid) => seen.get(openid) ?? [],
    answered: (openid) => replies.get(openid),
  };
}
