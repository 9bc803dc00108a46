/** @module GET /cgi-bin/token — classic access_token (获取接口调用凭据). */
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';
import { identifyBySecret } from '../identify-by-secret.js';

/** Every call mints a new token; the previous one keeps working for 5 minutes, then answers 40001. */
export const cgiBinToken = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/token',
  identify: ({ world, query }) => identifyBySecret(world, query),
  handle: ({ world, appid }) => world.tokens.issueClassic(appid),
});
