import { describe, it, expect } from 'vitest';
import { dedupeKey } from './dedupe-key.js';
import { parseMessage } from './parse-message.js';

const HEAD = { ToUserName: 'gh_1', FromUserName: 'o_user', CreateTime: '1700000000' };

describe('dedupeKey', () => {
  it('uses the exact 64-bit MsgId of a user message', () => {
    const message = parseMessage({ ...HEAD, MsgType: 'text', Content: 'x', MsgId: '9223372036854775807' });
    expect(dedupeKey(message)).toBe('msg:9223372036854775807');
  });

  it('keys events on sender, time, event and key, so two menu clicks in one second differ', () => {
    const click = (EventKey: string) => parseMessage({ ...HEAD, MsgType: 'event', Event: 'CLICK', EventKey });
    expect(dedupeKey(click('A'))).toBe('evt:o_user|1700000000|CLICK|A');
    expect(dedupeKey(click('A'))).not.toBe(dedupeKey(click('B')));
    const subscribe = parseMessage({ ...HEAD, MsgType: 'event', Event: 'subscribe' });
    expect(dedupeKey(subscribe)).toBe('evt:o_user|1700000000|subscribe|');
  });

  it('adds MsgID for TEMPLATESENDJOBFINISH', () => {
    const done = (MsgID: string) =>
      parseMessage({ ...HEAD, MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID, Status: 'success' });
    expect(dedupeKey(done('200163836'))).toBe('evt:o_user|1700000000|TEMPLATESENDJOBFINISH||200163836');
    expect(dedupeKey(done('1'))).not.toBe(dedupeKey(done('2')));
  });

  it('keys untyped messages from their record', () => {
    expect(dedupeKey(parseMessage({ ...HEAD, MsgType: 'miniprogrampage', MsgId: '42' }))).toBe('msg:42');
    expect(dedupeKey(parseMessage({ ...HEAD, MsgType: 'event', Event: 'user_enter_tempsession' }))).toBe(
      'evt:o_user|1700000000|user_enter_tempsession|',
    );
  });
});
