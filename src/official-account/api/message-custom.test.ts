import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaBytes } from '../../../test/helpers/media-bytes.js';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createMedia } from './media.js';
import { createMessageCustom, type CustomMessage, type MessageCustom } from './message-custom.js';

const OA = { appid: 'wxcustomapi000001' };
let e: EmulatedApi;
let custom: MessageCustom;

beforeAll(async () => {
  e = await startEmulatedApi(OA.appid);
  custom = createMessageCustom({ api: e.api });
  e.h.world.users.follow(OA.appid, 'oFan');
});
afterAll(() => e.close());

const fail = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);
const shown = () => e.h.world.users.inbox(OA.appid, 'oFan').map((entry) => entry.message);

describe('customer-service message types against the emulator', () => {
  it('delivers mpnews, msgmenu and a miniprogrampage whose thumb was uploaded', async () => {
    const thumb = await createMedia({ api: e.api }).upload('thumb', {
      filename: 't.jpg',
      data: mediaBytes.jpg(),
    });
    const messages: CustomMessage[] = [
      { msgtype: 'mpnews', mpnews: { media_id: 'PERMANENT_NEWS_ID' } },
      {
        msgtype: 'msgmenu',
        msgmenu: { head_content: '满意吗?', list: [{ id: '101', content: '满意' }], tail_content: '谢谢' },
      },
      {
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: '订单',
          appid: 'wxmp000000000001',
          pagepath: 'pages/order?id=1',
          thumb_media_id: thumb.media_id,
        },
      },
    ];
    for (const message of messages) await custom.send({ touser: 'oFan', ...message });
    expect(shown()).toEqual(messages);
  });

  it('sends an image by an uploaded media_id and answers 40007 for an unknown one', async () => {
    const { media_id } = await createMedia({ api: e.api }).upload('image', {
      filename: 'a.jpg',
      data: mediaBytes.jpg(),
    });
    await custom.send({ touser: 'oFan', msgtype: 'image', image: { media_id } });
    expect(shown().at(-1)).toEqual({ msgtype: 'image', image: { media_id } });
    const unknown = custom.send({ touser: 'oFan', msgtype: 'image', image: { media_id: 'missing' } });
    expect(isWeChatApiError(await fail(unknown), 40007)).toBe(true);
    expect(shown()).toHaveLength(4);
  });

  it('records typing in the window and answers 45015 after 48 hours', async () => {
    const before = e.h.world.now();
    await custom.typing({ touser: 'oFan', command: 'Typing' });
    const typing = e.h.world.users.user(OA.appid, 'oFan')?.typing;
    expect(typing?.command).toBe('Typing');
    expect(typing?.at).toBeGreaterThanOrEqual(before);
    e.h.world.clock.advance(48 * 3600_000 + 1);
    const late = custom.typing({ touser: 'oFan', command: 'CancelTyping' });
    expect(isWeChatApiError(await fail(late), 45015)).toBe(true);
    expect(e.h.world.users.user(OA.appid, 'oFan')?.typing?.command).toBe('Typing');
  });
});
