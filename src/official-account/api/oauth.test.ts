import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { createApiClient, type ApiClient } from '../../kernel/http/index.js';
import { createOfficialAccountOAuth } from './oauth.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {} };
const json = (value: unknown) => ({ body: JSON.stringify(value), type: 'application/json' });

interface UrlVector extends VectorEntry {
  base: string;
  appid: string;
  redirect_uri: string;
  scope: 'snsapi_base';
  expected_url: string;
}

describe('officialAccount.oauth', () => {
  let fake: FakeWeChat;
  let api: ApiClient;
  beforeEach(async () => {
    fake = await startFakeWeChat();
    const tokens = createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, baseUrl: fake.url },
      { cache: createMemoryCache(), lock: createMemoryLock(), logger: silent },
    );
    api = createApiClient({ baseUrl: fake.url }, { tokens, logger: silent, sleep: async () => {} });
  });
  afterEach(async () => {
    await api.close();
    await fake.close();
  });
  const oauth = () => createOfficialAccountOAuth({ appid: fake.appid, secret: fake.secret }, { api });

  it('builds the published authorize URL byte for byte', () => {
    const [vector] = loadVectors<UrlVector>('oauth-url').filter((v) => v.id === 'wechatpy-authorize-url');
    const client = createOfficialAccountOAuth({ appid: vector!.appid, secret: 's' }, { api });
    expect(client.authorizeUrl({ redirectUri: vector!.redirect_uri, scope: vector!.scope })).toBe(
      vector!.expected_url,
    );
  });

  it('puts state before #wechat_redirect and honours a per-call consent host', () => {
    const url = oauth().authorizeUrl({
      redirectUri: 'https://m.example.com/oauth/callback?x=1&y=2',
      scope: 'snsapi_userinfo',
      state: 'Ab12',
      openBase: 'http://127.0.0.1:9000/',
    });
    expect(url).toBe(
      `http://127.0.0.1:9000/connect/oauth2/authorize?appid=${fake.appid}` +
        '&redirect_uri=https%3A%2F%2Fm.example.com%2Foauth%2Fcallback%3Fx%3D1%26y%3D2' +
        '&response_type=code&scope=snsapi_userinfo&state=Ab12#wechat_redirect',
    );
  });

  it('trades a code with appid, secret and grant_type and no app access_token', async () => {
    const answer = { access_token: 'W1', expires_in: 7200, refresh_token: 'R1', openid: 'o1', scope: 'x' };
    fake.fail('/sns/oauth2/access_token', json(answer));
    expect(await oauth().accessToken('C1')).toEqual(answer);
    const sent = fake.requests.find((r) => r.path === '/sns/oauth2/access_token');
    expect(sent?.query).toEqual({
      appid: fake.appid,
      secret: fake.secret,
      code: 'C1',
      grant_type: 'authorization_code',
    });
    expect(fake.issued.classic + fake.issued.stable).toBe(0);
  });

  it('never retries a code, not after 40163 and not after a 5xx', async () => {
    fake.fail('/sns/oauth2/access_token', { errcode: 40163, errmsg: 'code been used' });
    expect(
      isWeChatApiError(
        await oauth()
          .accessToken('C')
          .catch((e: unknown) => e),
        40163,
      ),
    ).toBe(true);
    fake.fail('/sns/oauth2/access_token', { status: 503 }, 3);
    await expect(oauth().accessToken('C2')).rejects.toThrow();
    expect(fake.requests.filter((r) => r.path === '/sns/oauth2/access_token')).toHaveLength(2);
  });

  it('refreshes, reads userinfo and checks auth with the user token in the query', async () => {
    fake.fail('/sns/oauth2/refresh_token', json({ access_token: 'W2', refresh_token: 'R1', openid: 'o1' }));
    expect((await oauth().refreshToken('R1')).access_token).toBe('W2');
    fake.fail('/sns/userinfo', json({ openid: 'o1', nickname: 'n', privilege: [] }));
    expect((await oauth().userinfo('W2', 'o1')).nickname).toBe('n');
    fake.fail('/sns/auth', json({ errcode: 0, errmsg: 'ok' }));
    expect(await oauth().auth('W2', 'o1')).toEqual({ errcode: 0, errmsg: 'ok' });
    const query = (path: string) => fake.requests.find((r) => r.path === path)?.query;
    expect(query('/sns/oauth2/refresh_token')).toEqual({
      appid: fake.appid,
      grant_type: 'refresh_token',
      refresh_token: 'R1',
    });
    expect(query('/sns/userinfo')).toEqual({ access_token: 'W2', openid: 'o1', lang: 'zh_CN' });
    expect(query('/sns/auth')).toEqual({ access_token: 'W2', openid: 'o1' });
  });

  it('throws the errcode of a snsapi_base token asking for userinfo (48001)', async () => {
    fake.fail('/sns/userinfo', { errcode: 48001, errmsg: 'api unauthorized' });
    const error = await oauth()
      .userinfo('W', 'o1', 'en')
      .catch((e: unknown) => e);
    expect(isWeChatApiError(error, 48001)).toBe(true);
    expect(fake.requests.find((r) => r.path === '/sns/userinfo')?.query['lang']).toBe('en');
  });
});
