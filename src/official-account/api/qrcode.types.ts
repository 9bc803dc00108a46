/** @module Wire types of the parametric QR code API (生成带参数的二维码), WeChat's field names. */

/** Temporary codes live `expire_seconds` (default 60, at most 2 592 000 = 30 days). */
export type QrCodeCreateBody =
  | { action_name: 'QR_SCENE'; expire_seconds?: number; action_info: { scene: { scene_id: number } } }
  | { action_name: 'QR_STR_SCENE'; expire_seconds?: number; action_info: { scene: { scene_str: string } } }
  /** scene_id 1–100 000. */
  | { action_name: 'QR_LIMIT_SCENE'; action_info: { scene: { scene_id: number } } }
  /** scene_str 1–64 characters. */
  | { action_name: 'QR_LIMIT_STR_SCENE'; action_info: { scene: { scene_str: string } } };

export interface QrCodeTicket {
  /** Exchange it for the image at `showUrl(ticket)`. */
  ticket: string;
  /** Temporary codes only. */
  expire_seconds?: number;
  /** What the code decodes to, to draw it yourself. */
  url: string;
}
