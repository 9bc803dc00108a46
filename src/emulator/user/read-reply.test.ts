import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMsgCipher } from '../../kernel/crypto/index.js';
import type { PushChannel } from './build-push-request.js';
import { readReply } from './read-reply.js';

interface MsgcryptVector {
  id: string;
  source: string;
  token: string;
  encodingAESKey: string;
  appid: string;
  expected_reply_envelope?: string;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/vectors/msgcrypt.json', import.meta.url), 'utf8'),
) as MsgcryptVector[];
const vector = vectors.find((v) => v.id === 'wechatpy-work-encrypt')!;

function channelOf(mode: PushChannel['mode']): PushChannel {
  const app = { appid: vector.appid, secret: 's', type: 'official-account' as const, token: vector.token };
  const cipher = createMsgCipher({ aesKey: vector.encodingAESKey, appid: vector.appid });
  return { app, token: vector.token, mode, format: 'xml', cipher, url: 'http://unused' };
}
// The published message goes from `wx49f0ab532d5d035a` to `messense`.
const parties = { openid: 'messense', originalId: 'wx49f0ab532d5d035a' };

describe('readReply against a published envelope', () => {
  it('verifies, decrypts and shows the published encrypted reply', () => {
    expect(vector.source).toContain('wechatpy');
    const reading = readReply(vector.expected_reply_envelope!, channelOf('safe'), parties);
    expect(reading).toEqual({
      outcome: 'replied',
      shown: {
        MsgType: 'text',
        Content: 'test',
        FromUserName: 'wx49f0ab532d5d035a',
        ToUserName: 'messense',
        AgentID: '1',
        CreateTime: '1411525903',
      },
    });
  });

  it('refuses the same envelope when one character of Encrypt changes', () => {
    const tampered = vector.expected_reply_envelope!.replace('9s4gMv99', '9s4gMv98');
    expect(readReply(tampered, channelOf('safe'), parties)).toEqual({
      outcome: 'error',
      reason: 'MsgSignature does not match',
    });
  });

  it('refuses it for another user, and refuses encryption in plaintext mode', () => {
    const other = readReply(vector.expected_reply_envelope!, channelOf('safe'), { ...parties, openid: 'x' });
    expect(other).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/ToUserName/) });
    const plainChannel = { ...channelOf('plain'), cipher: undefined };
    expect(readReply(vector.expected_reply_envelope!, plainChannel, parties)).toMatchObject({
      outcome: 'error',
    });
  });

  it('takes success, an empty body and whitespace as no reply', () => {
    for (const body of ['success', '', ' \n'])
      expect(readReply(body, channelOf('safe'), parties)).toEqual({ outcome: 'nothing' });
  });
});
