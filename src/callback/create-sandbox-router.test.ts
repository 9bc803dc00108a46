import { describe, it, expect } from 'vitest';
import type { CallbackRecord } from './callback-record.types.js';
import { SANDBOX_HELP_TEXT, SANDBOX_MENU_KEYS, createSandboxRouter } from './create-sandbox-router.js';
import { parseMessage } from './parse-message.js';
import { renderReply } from './render-reply.js';
import { parseXml } from '../kernel/xml/index.js';

const HEAD = { ToUserName: 'gh_sandbox', FromUserName: 'o_user', CreateTime: '1700000000' };
const clock = { now: () => Date.UTC(2024, 0, 2, 3, 4, 5) };
const router = createSandboxRouter({ clock, url: 'http://127.0.0.1:8080/' });
const handle = (record: CallbackRecord) => router.handle(parseMessage({ ...HEAD, ...record }), undefined);

describe('createSandboxRouter', () => {
  it('welcomes a new follower with a news article, rendered as WeChat expects', async () => {
    const reply = await handle({ MsgType: 'event', Event: 'subscribe' });
    expect(reply).toMatchObject({
      MsgType: 'news',
      ToUserName: 'o_user',
      FromUserName: 'gh_sandbox',
      ArticleCount: 1,
      CreateTime: 1704164645,
    });
    const xml = parseXml(
      renderReply(reply, { mode: 'plain', format: 'xml', token: 't', nonce: 'n', timestamp: 1 }).body,
    );
    expect(xml.Articles).toEqual({
      item: [
        {
          Title: 'Welcome to the wegate sandbox',
          Description: SANDBOX_HELP_TEXT,
          Url: 'http://127.0.0.1:8080/',
        },
      ],
    });
  });

  it('echoes text and answers the help, time and news keywords', async () => {
    expect(await handle({ MsgType: 'text', Content: 'ping 👋', MsgId: '1' })).toMatchObject({
      MsgType: 'text',
      Content: 'ping 👋',
    });
    expect(await handle({ MsgType: 'text', Content: 'help', MsgId: '2' })).toMatchObject({
      Content: SANDBOX_HELP_TEXT,
    });
    expect(await handle({ MsgType: 'text', Content: 'time', MsgId: '3' })).toMatchObject({
      Content: '2024-01-02T03:04:05.000Z',
    });
    expect(await handle({ MsgType: 'text', Content: 'news', MsgId: '4' })).toMatchObject({
      MsgType: 'news',
      ArticleCount: 2,
    });
  });

  it('answers its menu keys, any other CLICK, and a QR scan', async () => {
    const click = (EventKey: string) => handle({ MsgType: 'event', Event: 'CLICK', EventKey });
    expect(await click(SANDBOX_MENU_KEYS.time)).toMatchObject({ Content: '2024-01-02T03:04:05.000Z' });
    expect(await click(SANDBOX_MENU_KEYS.help)).toMatchObject({ Content: SANDBOX_HELP_TEXT });
    expect(await click(SANDBOX_MENU_KEYS.news)).toMatchObject({ MsgType: 'news' });
    expect(await click('OTHER')).toMatchObject({ Content: 'Clicked OTHER' });
    expect(await handle({ MsgType: 'event', Event: 'SCAN', EventKey: '77' })).toMatchObject({
      Content: 'Scanned scene 77',
    });
  });

  it('leaves other messages unanswered (sent as success)', async () => {
    expect(await handle({ MsgType: 'image', PicUrl: 'u', MediaId: 'm', MsgId: '5' })).toBeUndefined();
    expect(await handle({ MsgType: 'event', Event: 'unsubscribe' })).toBeUndefined();
  });
});
