import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { isWeChatApiError, isWeChatHttpError } from '../errors/index.js';
import { createAccessTokenFetcher } from './fetch-access-token.js';

describe('createAccessTokenFetcher', () => {
  let fake: FakeWeChat;
  beforeEach(async () => {
    fake = await startFakeWeChat({ expiresIn: 7200 });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('asks cgi-bin/token with grant_type, appid and secret in classic mode', async () => {
    const fetchToken = createAccessTokenFetcher({
      appid: fake.appid,
      secret: fake.secret,
      mode: 'classic',
      baseUrl: `${fake.url}/`,
    });
    const got = await fetchToken({ forceRefresh: false });
    expect(got).toEqual({ token: expect.stringMatching(/^classic-/), expiresIn: 7200 });
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      path: '/cgi-bin/token',
      query: { grant_type: 'client_credential', appid: fake.appid, secret: fake.secret },
    });
  });

  it('posts JSON to cgi-bin/stable_token, with force_refresh only when asked', async () => {
    const fetchToken = createAccessTokenFetcher({
      appid: fake.appid,
      secret: fake.secret,
      mode: 'stable',
      baseUrl: () => fake.url,
    });
    const normal = await fetchToken({ forceRefresh: false });
    const forced = await fetchToken({ forceRefresh: true });
    expect(forced.token).not.toBe(normal.token);
    expect(fake.requests.map((r) => (r.body as { force_refresh: boolean }).force_refresh)).toEqual([
      false,
      true,
    ]);
    expect(fake.issued.forced).toBe(1);
  });

  it('raises WeChatApiError for a wrong secret and WeChatHttpError for an unreachable host', async () => {
    const wrong = createAccessTokenFetcher({
      appid: fake.appid,
      secret: 'nope',
      mode: 'stable',
      baseUrl: fake.url,
    });
    await expect(wrong({ forceRefresh: false })).rejects.toSatisfy((e) => isWeChatApiError(e, 40125));
    const down = createAccessTokenFetcher({
      appid: fake.appid,
      secret: 'topsecret',
      mode: 'classic',
      baseUrl: 'http://127.0.0.1:1',
    });
    const error = await down({ forceRefresh: false }).catch((e: unknown) => e);
    expect(isWeChatHttpError(error)).toBe(true);
    expect((error as Error).message).not.toContain('topsecret');
  });
});
