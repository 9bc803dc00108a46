/** @module POST /wxa/business/getuserphonenumber — phone number from a getPhoneNumber code (手机号快速验证). */
import { WxErrcode } from '../../../errcodes.js';
import { mpError } from '../../../mini-program/mp-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';
import { wxError } from '../../../wx-error.js';

export const wxaBusinessGetuserphonenumber = defineWeChatRoute({
  method: 'POST',
  path: '/wxa/business/getuserphonenumber',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const code = (body as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || code === '') return wxError(WxErrcode.InvalidArgs);
    const result = world.miniProgram.redeemPhone(appid, code);
    if (!result.ok) return mpError(result.errcode);
    const { phoneNumber, countryCode } = result.value;
    const watermark = { timestamp: Math.floor(world.now() / 1000), appid };
    const purePhoneNumber = phoneNumber;
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber, purePhoneNumber, countryCode, watermark },
    };
  },
});
