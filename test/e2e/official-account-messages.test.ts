import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, replyText } from '../../src/callback/index.js';
import { isWeChatApiError } from '../../src/kernel/errors/index.js';
import type { CustomMessage, OfficialAccount } from '../../src/official-account/index.js';
import type { CallbackContext } from '../../src/server/routes/wechat/callback-context.js';
import { startOutboxServer, type OutboxServer } from '../helpers/outbox-server.js';
import { emulatorControl, type EmulatorControl, type Json } from '../helpers/emulator-control.js';
import { mediaBytes } from '../helpers/media-bytes.js';

let server: OutboxServer;
let oa: OfficialAccount;
let emu: EmulatorControl;

// A handler that looks the sender up through ctx.officialAccount before answering.
const router = createRouter<CallbackContext>()
  .onEvent('subscribe', (m) => replyText(m, 'welcome'))
  .onMessage('text', async (m, ctx) => {
    const info = await ctx.officialAccount!.user.info(m.FromUserName);
    return replyText(m, `remark:${info.remark || '-'}`);
  });

beforeAll(async () => {
  server = await startOutboxServer({ callbacks: { oa: router } });
  oa = server.runtime.deps.apps['oa']!.officialAccount!;
  emu = emulatorControl(server.url);
  await sendAsUser('oMsg', { Event: 'subscribe' });
}, 30_000);
afterAll(() => server?.close());

const sendAsUser = (openid: string, message: Json) => emu.post('/users/send', { app: 'oa', openid, message });
const fail = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);
const inbox = async (openid: string) => (await emu.get(`/users/${openid}/inbox?app=oa`)).inbox as Json[];

describe('customer-service and template messages through a server and its emulator', () => {
  it("gives callback handlers the app's Official Account client (ctx.officialAccount)", async () => {
    await oa.user.info.updateremark({ openid: 'oMsg', remark: 'gold' });
    const sent = await sendAsUser('oMsg', { MsgType: 'text', Content: 'who am I' });
    expect(sent.shown).toMatchObject({ MsgType: 'text', Content: 'remark:gold' });
  });

  it('delivers mpnews, msgmenu and miniprogrampage messages to the user', async () => {
    const thumb = await oa.media.upload('thumb', { filename: 'card.jpg', data: mediaBytes.jpg(2000) });
    const messages: CustomMessage[] = [
      { msgtype: 'mpnews', mpnews: { media_id: 'NEWS_MATERIAL_1' } },
      {
        msgtype: 'msgmenu',
        msgmenu: {
          head_content: '评价',
          list: [
            { id: '1', content: '好' },
            { id: '2', content: '差' },
          ],
        },
      },
      {
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: '订单',
          appid: 'wxmp',
          pagepath: 'pages/o',
          thumb_media_id: thumb.media_id,
        },
      },
    ];
    for (const message of messages) await oa.message.custom.send({ touser: 'oMsg', ...message });
    const custom = (await inbox('oMsg')).filter((entry) => entry['via'] === 'custom');
    expect(custom.map((entry) => entry['message'])).toEqual(messages);
    const stale = oa.message.custom.send({
      touser: 'oMsg',
      msgtype: 'miniprogrampage',
      miniprogrampage: { title: 't', appid: 'wxmp', pagepath: 'p', thumb_media_id: 'not-uploaded' },
    });
    expect(isWeChatApiError(await fail(stale), 40007)).toBe(true);
  });

  it('records typing for the user and answers 45015 once the 48-hour window has passed', async () => {
    await oa.message.custom.typing({ touser: 'oMsg', command: 'Typing' });
    expect((await emu.get('/users/oMsg?app=oa')).user.typing.command).toBe('Typing');
    await oa.message.custom.typing({ touser: 'oMsg', command: 'CancelTyping' });
    expect((await emu.get('/users/oMsg?app=oa')).user.typing.command).toBe('CancelTyping');
    await emu.post('/clock', { advanceMs: 48 * 3600_000 + 1000 });
    const late = oa.message.custom.typing({ touser: 'oMsg', command: 'Typing' });
    expect(isWeChatApiError(await fail(late), 45015)).toBe(true);
    expect((await emu.get('/users/oMsg?app=oa')).user.typing.command).toBe('CancelTyping');
  });

  it("lists and deletes the account's templates; a deleted template can no longer be sent", async () => {
    const appid = server.config.apps['oa']!.appid;
    await emu.post('/templates', { appid, template_id: 'TPL_PAID', keys: ['first'], title: '支付成功' });
    await emu.post('/templates', { appid, template_id: 'TPL_SHIP', keys: ['first'] });
    const listed = await oa.template.getAllPrivateTemplate();
    expect(listed.template_list.map((t) => [t.template_id, t.title])).toEqual([
      ['TPL_PAID', '支付成功'],
      ['TPL_SHIP', 'TPL_SHIP'],
    ]);
    await oa.template.delPrivateTemplate('TPL_PAID');
    const left = (await emu.get(`/templates?appid=${appid}`)).templates as Json[];
    expect(left.map((t) => t['template_id'])).toEqual(['TPL_SHIP']);
    expect(isWeChatApiError(await fail(oa.template.delPrivateTemplate('TPL_PAID')), 40037)).toBe(true);
    const send = oa.message.template.send({
      touser: 'oMsg',
      template_id: 'TPL_PAID',
      data: { first: { value: 'x' } },
    });
    expect(isWeChatApiError(await fail(send), 40037)).toBe(true);
  });
});
