/** @module GET /cgi-bin/getcallbackip — the addresses WeChat calls us from (获取微信推送服务器 IP). */
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';

/** Documentation ranges (RFC 5737), so nobody mistakes them for the real service's. */
export const EMULATOR_CALLBACK_IPS = ['192.0.2.10', '192.0.2.11', '198.51.100.0/25'] as const;

export const cgiBinGetcallbackip = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/getcallbackip',
  identify: 'access_token',
  handle: () => ({ ip_list: [...EMULATOR_CALLBACK_IPS] }),
});
