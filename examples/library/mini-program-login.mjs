/** Mini Program login: the code wx.login() gives the client, exchanged by the server with code2Session. */
import { createAccessTokenBroker, createApiClient } from 'wegate';
import { createMemoryCache, createMemoryLock } from 'wegate/adapters';
import { createMiniProgram } from 'wegate/mini-program';
import { control, settings } from './settings.mjs';

const { appid, secret } = settings.mp();
// On a phone, wx.login() returns the code; here the emulator's simulated user logs in.
const login = await control('/mp/login', { appid, user: 'alice' });

const tokens = createAccessTokenBroker(
  { appid, secret, baseUrl: settings.apiBase },
  { cache: createMemoryCache(), lock: createMemoryLock() },
);
const api = createApiClient({ baseUrl: settings.apiBase }, { tokens });
const mp = createMiniProgram({ api, appid, secret });
const session = await mp.auth.code2Session(login.code);
await api.close();

console.log(
  JSON.stringify({
    scenario: 'mini-program-login',
    openid: session.openid,
    sameUser: session.openid === login.openid,
    hasSessionKey: typeof session.session_key === 'string',
  }),
);
