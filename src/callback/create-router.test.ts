import { describe, it, expect } from 'vitest';
import { replyText } from './build-reply.js';
import { createRouter } from './create-router.js';
import type { CallbackRecord } from './callback-record.types.js';
import { parseMessage } from './parse-message.js';
import type { Reply, TextReply } from './reply.types.js';

const HEAD = { ToUserName: 'gh_1', FromUserName: 'o_user', CreateTime: '1700000000' };
const text = (Content: string) => parseMessage({ ...HEAD, MsgType: 'text', Content, MsgId: '1' });
const event = (Event: string, EventKey?: string) => {
  const record: CallbackRecord = { ...HEAD, MsgType: 'event', Event };
  if (EventKey !== undefined) record.EventKey = EventKey;
  return parseMessage(record);
};
const content = (reply: Reply | undefined) => (reply as TextReply | undefined)?.Content;

interface Ctx {
  trail: string[];
}

function tagged() {
  return createRouter<Ctx>()
    .onEvent('CLICK', (m) => replyText(m, `click:${m.EventKey}`, 1))
    .onEvent('CLICK', 'HELP', (m) => replyText(m, 'help-key', 1))
    .onEvent('subscribe', (m) => replyText(m, `welcome:${m.qrScene ?? '-'}`, 1))
    .onKeyword('hi', (m) => replyText(m, 'exact', 1))
    .onKeyword(/^order\s+(\d+)$/g, (m) => replyText(m, 'pattern', 1))
    .onKeyword(/order/, (m) => replyText(m, 'loose-pattern', 1))
    .onMessage('text', (m) => replyText(m, `text:${m.Content}`, 1))
    .onMessage('miniprogrampage', () => 'success')
    .fallback((m) => replyText(m, `fallback:${m.MsgType}`, 1));
}

describe('createRouter: precedence', () => {
  it('prefers event + key over the event alone, in either registration order', async () => {
    const router = tagged();
    expect(content(await router.handle(event('CLICK', 'HELP'), { trail: [] }))).toBe('help-key');
    expect(content(await router.handle(event('CLICK', 'OTHER'), { trail: [] }))).toBe('click:OTHER');
  });

  it('gives typed handlers the derived QR scene', async () => {
    expect(content(await tagged().handle(event('subscribe', 'qrscene_42'), { trail: [] }))).toBe(
      'welcome:42',
    );
  });

  it('prefers an exact keyword, then patterns in order, over onMessage("text")', async () => {
    const router = tagged();
    const ctx = { trail: [] };
    expect(content(await router.handle(text('hi'), ctx))).toBe('exact');
    expect(content(await router.handle(text('order 12'), ctx))).toBe('pattern');
    // A /g pattern must match again: its lastIndex may not leak between messages.
    expect(content(await router.handle(text('order 12'), ctx))).toBe('pattern');
    expect(content(await router.handle(text('my order'), ctx))).toBe('loose-pattern');
    expect(content(await router.handle(text('hi there'), ctx))).toBe('text:hi there');
  });

  it('falls back for anything unmatched, and routes untyped MsgTypes by name', async () => {
    const router = tagged();
    expect(content(await router.handle(event('VIEW', 'http://x'), { trail: [] }))).toBe('fallback:event');
    const image = parseMessage({ ...HEAD, MsgType: 'image', PicUrl: 'u', MediaId: 'm', MsgId: '2' });
    expect(content(await router.handle(image, { trail: [] }))).toBe('fallback:image');
    const page = parseMessage({ ...HEAD, MsgType: 'miniprogrampage', Title: 't' });
    expect(await router.handle(page, { trail: [] })).toBe('success');
    expect(content(await router.handle(parseMessage({ ...HEAD, MsgType: 'bizarre' }), { trail: [] }))).toBe(
      'fallback:bizarre',
    );
  });

  it('answers undefined when nothing matches and there is no fallback', async () => {
    expect(await createRouter().handle(text('x'), undefined)).toBeUndefined();
    expect(
      await createRouter()
        .onMessage('text', () => undefined)
        .handle(text('x'), undefined),
    ).toBeUndefined();
  });
});

describe('createRouter: middleware', () => {
  it('runs middleware in order around the handler and passes ctx through', async () => {
    const router = createRouter<Ctx>()
      .use(async (_m, ctx, next) => {
        ctx.trail.push('a-in');
        const reply = await next();
        ctx.trail.push('a-out');
        return reply;
      })
      .use(async (_m, ctx, next) => {
        ctx.trail.push('b-in');
        return next();
      })
      .onMessage('text', async (m, ctx) => {
        ctx.trail.push('handler');
        return replyText(m, 'done', 1);
      });
    const ctx: Ctx = { trail: [] };
    expect(content(await router.handle(text('x'), ctx))).toBe('done');
    expect(ctx.trail).toEqual(['a-in', 'b-in', 'handler', 'a-out']);
  });

  it('lets a middleware answer without calling next, so the handler never runs', async () => {
    const ctx: Ctx = { trail: [] };
    const router = createRouter<Ctx>()
      .use((m) => replyText(m, 'blocked', 1))
      .onMessage('text', (_m, c) => void c.trail.push('handler'));
    expect(content(await router.handle(text('x'), ctx))).toBe('blocked');
    expect(ctx.trail).toEqual([]);
  });

  it('propagates a handler error through the middleware and rejects a double next()', async () => {
    const failing = createRouter().onMessage('text', () => {
      throw new Error('boom');
    });
    await expect(failing.handle(text('x'), undefined)).rejects.toThrow('boom');
    const twice = createRouter().use(async (_m, _c, next) => {
      await next();
      return next();
    });
    await expect(twice.handle(text('x'), undefined)).rejects.toThrow(/twice/);
  });
});
