/** @module POST /cgi-bin/stable_token — stable access_token (获取稳定版接口调用凭据). */
import { WxErrcode } from '../../errcodes.js';
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';
import { wxError } from '../../wx-error.js';
import { identifyBySecret, type SecretCredentials } from '../identify-by-secret.js';

interface StableTokenBody extends SecretCredentials {
  readonly force_refresh?: unknown;
}

/**
 * Normal mode returns the same token until its last 5 minutes; `force_refresh: true` replaces it at
 * once (20 a day, 30 s apart, else 45009 / the current token). Isolated from cgi-bin/token.
 */
export const cgiBinStableToken = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/stable_token',
  identify: ({ world, body }) => identifyBySecret(world, body as StableTokenBody),
  handle: ({ world, appid, body }) => {
    const result = world.tokens.issueStable(appid, (body as StableTokenBody).force_refresh === true);
    return 'forceLimitReached' in result ? wxError(WxErrcode.DailyQuotaReached) : result;
  },
});
