/** @module POST /cgi-bin/qrcode/create — a parametric QR code ticket (生成带参数的二维码), temporary or permanent. */
import { fieldsOf } from '../../../messaging/check-message.js';
import { OaErrcode, oaError } from '../../../official-account/oa-errcodes.js';
import type { IssueQrInput, QrAction } from '../../../official-account/qrcode-book.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';
import type { WxErrorBody } from '../../../wx-error.js';

/** WeChat: temporary codes live 60 s unless told otherwise, at most 30 days. */
export const QR_EXPIRY = { defaultSeconds: 60, maxSeconds: 2_592_000 } as const;
const MAX_SCENE_ID = { temporary: 2 ** 32 - 1, permanent: 100_000 } as const;
const MAX_SCENE_STR = 64;
const ACTIONS = new Set<QrAction>(['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE']);

const numberOf = (value: unknown) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;

type Scene = Pick<IssueQrInput, 'sceneId' | 'sceneStr'>;
type QrRequest = Omit<IssueQrInput, 'appid'>;

function readScene(action: QrAction, raw: Record<string, unknown>): Scene | undefined {
  const permanent = action.startsWith('QR_LIMIT');
  if (action.endsWith('STR_SCENE')) {
    const text = raw['scene_str'];
    const ok = typeof text === 'string' && text.length >= 1 && text.length <= MAX_SCENE_STR;
    return ok ? { sceneStr: text } : undefined;
  }
  const id = numberOf(raw['scene_id']);
  const max = permanent ? MAX_SCENE_ID.permanent : MAX_SCENE_ID.temporary;
  return Number.isInteger(id) && id >= 1 && id <= max ? { sceneId: id } : undefined;
}

/** Seconds a temporary code lives: 60 when absent, capped at 30 days; undefined when not a positive number. */
function readExpiry(value: unknown): number | undefined {
  if (value === undefined) return QR_EXPIRY.defaultSeconds;
  const seconds = numberOf(value);
  if (!Number.isInteger(seconds) || seconds < 1) return undefined;
  return Math.min(seconds, QR_EXPIRY.maxSeconds);
}

function readRequest(body: unknown): QrRequest | WxErrorBody {
  const fields = fieldsOf(body);
  const action = fields['action_name'];
  if (typeof action !== 'string' || !ACTIONS.has(action as QrAction))
    return oaError(OaErrcode.InvalidActionName);
  const qrAction = action as QrAction;
  const scene = readScene(qrAction, fieldsOf(fieldsOf(fields['action_info'])['scene']));
  if (!scene) return oaError(OaErrcode.InvalidActionInfo);
  if (qrAction.startsWith('QR_LIMIT')) return { action: qrAction, ...scene };
  const expireSeconds = readExpiry(fields['expire_seconds']);
  if (expireSeconds === undefined) return oaError(OaErrcode.InvalidActionInfo, 'expire_seconds');
  return { action: qrAction, ...scene, expireSeconds };
}

export const cgiBinQrcodeCreate = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/qrcode/create',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const request = readRequest(body);
    if ('errcode' in request) return request;
    const issued = world.qrcodes.issue({ ...request, appid });
    const { ticket, url } = issued;
    return request.expireSeconds === undefined
      ? { ticket, url }
      : { ticket, expire_seconds: request.expireSeconds, url };
  },
});
