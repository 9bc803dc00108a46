/** @module The handlers sandbox mode answers with: welcome on subscribe, echo on text, a few keywords and menu keys. */
import { systemClock, type Clock } from '../kernel/ports/index.js';
import { replyNews, replyText } from './build-reply.js';
import { createRouter } from './create-router.js';
import type { MessageHead } from './message.types.js';
import type { NewsArticle } from './reply.types.js';
import type { Router } from './router.types.js';

/** Menu CLICK keys the sandbox answers; the sandbox menu is created with these. */
export const SANDBOX_MENU_KEYS = {
  help: 'SANDBOX_HELP',
  time: 'SANDBOX_TIME',
  news: 'SANDBOX_NEWS',
} as const;

export const SANDBOX_HELP_TEXT =
  'wegate sandbox. Send any text and it comes back. Keywords: help, time, news. Menu keys: ' +
  Object.values(SANDBOX_MENU_KEYS).join(', ');

export interface SandboxRouterOptions {
  clock?: Clock;
  /** Title of the welcome article sent on subscribe. */
  welcomeTitle?: string;
  /** Link of the welcome and news articles (e.g. the server's own URL). */
  url?: string;
}

function sandboxNews(url: string | undefined): NewsArticle[] {
  return [
    { Title: 'Passive replies', Description: 'text, image, voice, video, music, news', Url: url },
    { Title: 'Safe mode', Description: 'replies are encrypted and signed like the request', Url: url },
  ];
}

/** A ready router for sandbox mode; `Ctx` is passed through untouched. */
export function createSandboxRouter<Ctx = unknown>(options: SandboxRouterOptions = {}): Router<Ctx> {
  const clock = options.clock ?? systemClock;
  const at = (): number => Math.floor(clock.now() / 1000);
  const timeReply = (m: MessageHead) => replyText(m, new Date(clock.now()).toISOString(), at());
  const helpReply = (m: MessageHead) => replyText(m, SANDBOX_HELP_TEXT, at());
  const newsReply = (m: MessageHead) => replyNews(m, sandboxNews(options.url), at());
  const welcome: NewsArticle = {
    Title: options.welcomeTitle ?? 'Welcome to the wegate sandbox',
    Description: SANDBOX_HELP_TEXT,
    Url: options.url,
  };
  return createRouter<Ctx>()
    .onEvent('subscribe', (m) => replyNews(m, [welcome], at()))
    .onEvent('SCAN', (m) => replyText(m, `Scanned scene ${m.qrScene}`, at()))
    .onEvent('CLICK', SANDBOX_MENU_KEYS.help, helpReply)
    .onEvent('CLICK', SANDBOX_MENU_KEYS.time, timeReply)
    .onEvent('CLICK', SANDBOX_MENU_KEYS.news, newsReply)
    .onEvent('CLICK', (m) => replyText(m, `Clicked ${m.EventKey}`, at()))
    .onKeyword('help', helpReply)
    .onKeyword('time', timeReply)
    .onKeyword('news', newsReply)
    .onMessage('text', (m) => replyText(m, m.Content, at()));
}
