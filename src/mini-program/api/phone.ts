/** @module miniProgram.phone: phone number from a getPhoneNumber code (手机号快速验证). */
import type { ApiClient } from '../../kernel/http/index.js';
import type { GetUserPhoneNumberResult } from './auth.types.js';

export interface MiniProgramPhone {
  /**
   * The phone number behind a `getPhoneNumber` button code. `POST /wxa/business/getuserphonenumber`.
   * Never retried: the code is single use (a second call answers 40029).
   * @see https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html
   */
  getUserPhoneNumber(code: string): Promise<GetUserPhoneNumberResult>;
}

export function createMiniProgramPhone(deps: { api: ApiClient }): MiniProgramPhone {
  return {
    getUserPhoneNumber: (code) =>
      deps.api.post<GetUserPhoneNumberResult>('/wxa/business/getuserphonenumber', { code }, { retry: false }),
  };
}
