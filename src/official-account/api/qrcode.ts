/** @module officialAccount.qrcode: parametric QR codes (生成带参数的二维码). */
import type { ApiClient } from '../../kernel/http/index.js';
import type { QrCodeCreateBody, QrCodeTicket } from './qrcode.types.js';

/** Where QR images are served: config `hosts.mpWeb` (`WECHAT_MP_WEB_BASE`), resolved per call. */
export type MpWebBase = string | (() => string);

export const DEFAULT_MP_WEB_BASE = 'https://mp.weixin.qq.com';

export interface QrCode {
  /**
   * Creates a QR code ticket; scanning it pushes SCAN or a `qrscene_` subscribe. `POST /cgi-bin/qrcode/create`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
   */
  create(body: QrCodeCreateBody): Promise<QrCodeTicket>;
  /**
   * The image URL of a ticket (`GET <mpWeb>/cgi-bin/showqrcode?ticket=`, no token), ticket URL-encoded.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
   */
  showUrl(ticket: string): string;
}

export function createQrCode(deps: { api: ApiClient; mpWeb?: MpWebBase }): QrCode {
  const base = () => {
    const mpWeb = deps.mpWeb ?? DEFAULT_MP_WEB_BASE;
    return (typeof mpWeb === 'function' ? mpWeb() : mpWeb).replace(/\/+$/, '');
  };
  return {
    // Not retried: every call mints a new ticket.
    create: (body) => deps.api.post<QrCodeTicket>('/cgi-bin/qrcode/create', body, { retry: false }),
    showUrl: (ticket) => `${base()}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`,
  };
}
