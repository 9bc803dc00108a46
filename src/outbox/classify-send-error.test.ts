import { describe, expect, it } from 'vitest';
import { WeChatApiError, WeChatHttpError } from '../kernel/errors/index.js';
import { classifySendError } from './classify-send-error.js';
import { nextShanghaiMidnight } from './send-outbox-message.js';

const api = (errcode: number) => new WeChatApiError(errcode, 'x', '/cgi-bin/message/template/send');

describe('classifySendError', () => {
  it('backs off on -1 (uncertain) and 45011 (certain), and retries a surfaced token errcode', () => {
    expect(classifySendError(api(-1))).toMatchObject({ action: 'retry', errcode: -1, uncertain: true });
    expect(classifySendError(api(45011))).toMatchObject({
      action: 'retry',
      errcode: 45011,
      uncertain: false,
    });
    expect(classifySendError(api(42001))).toMatchObject({ action: 'retry', errcode: 42001 });
  });

  it('pauses on 45009 and dead-letters permanent errcodes', () => {
    expect(classifySendError(api(45009)).action).toBe('pause');
    for (const errcode of [43101, 47003, 45015, 40003, 43004, 40037, 99999]) {
      expect(classifySendError(api(errcode))).toMatchObject({ action: 'dead', errcode });
    }
  });

  it('retries HTTP 5xx and network errors as uncertain, not a 4xx', () => {
    const e502 = new WeChatHttpError('bad gateway', '/cgi-bin/message/custom/send', 502);
    expect(classifySendError(e502)).toMatchObject({ action: 'retry', uncertain: true });
    const reset = new WeChatHttpError('socket hang up', '/cgi-bin/message/custom/send');
    expect(classifySendError(reset)).toMatchObject({ action: 'retry', uncertain: true });
    const e404 = new WeChatHttpError('not found', '/cgi-bin/message/custom/send', 404);
    expect(classifySendError(e404).action).toBe('dead');
  });

  it('finds the next Asia/Shanghai midnight (16:00 UTC)', () => {
    expect(nextShanghaiMidnight(Date.UTC(2024, 0, 1, 15, 59, 59))).toBe(Date.UTC(2024, 0, 1, 16));
    expect(nextShanghaiMidnight(Date.UTC(2024, 0, 1, 16))).toBe(Date.UTC(2024, 0, 2, 16));
  });
});
