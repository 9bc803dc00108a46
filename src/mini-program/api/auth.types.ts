/** Wire types of Mini Program login, with WeChat's field names. */

/** `GET /sns/jscode2session` answer; success carries no errcode. */
export interface Code2SessionResult {
  readonly openid: string;
  /** base64 of 16 bytes; server-side only, never sent to the client. */
  readonly session_key: string;
  /** Present when the app is bound to an Open Platform account (or the user followed a bound OA). */
  readonly unionid?: string;
}

/** `POST /wxa/business/getuserphonenumber` answer. */
export interface GetUserPhoneNumberResult {
  readonly errcode: 0;
  readonly errmsg: string;
  readonly phone_info: PhoneInfo;
}

export interface PhoneInfo {
  /** With the country code for numbers outside mainland China. */
  readonly phoneNumber: string;
  /** Without the country code. */
  readonly purePhoneNumber: string;
  readonly countryCode: string | number;
  readonly watermark: { readonly appid: string; readonly timestamp: number };
}
