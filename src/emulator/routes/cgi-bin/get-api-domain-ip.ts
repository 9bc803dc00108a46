/** @module GET /cgi-bin/get_api_domain_ip — the addresses of api.weixin.qq.com (获取微信 API 服务器 IP). */
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';

export const EMULATOR_API_DOMAIN_IPS = ['203.0.113.10', '203.0.113.11'] as const;

export const cgiBinGetApiDomainIp = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/get_api_domain_ip',
  identify: 'access_token',
  handle: () => ({ ip_list: [...EMULATOR_API_DOMAIN_IPS] }),
});
