/** @module TypeBox schemas of the control API bodies (`/__emulator/*`). */
import { Type } from 'typebox';

export const AppBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  secret: Type.String({ minLength: 1 }),
  type: Type.Union([Type.Literal('official-account'), Type.Literal('mini-program')]),
  token: Type.Optional(Type.String()),
  aesKey: Type.Optional(Type.String({ minLength: 43, maxLength: 43 })),
  name: Type.Optional(Type.String()),
  msgMode: Type.Optional(
    Type.Union([Type.Literal('plain'), Type.Literal('compatible'), Type.Literal('safe')]),
  ),
  pushFormat: Type.Optional(Type.Union([Type.Literal('xml'), Type.Literal('json')])),
  /** Original id (`gh_` + 12 hex); generated when absent. */
  originalId: Type.Optional(Type.String({ pattern: '^gh_[0-9A-Za-z_]{1,32}$' })),
  /** Explicit callback URL instead of `<serverUrl>/wechat/<name>`. */
  callbackUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
});

export const FaultBody = Type.Object({
  path: Type.Optional(Type.String({ minLength: 1 })),
  appid: Type.Optional(Type.String({ minLength: 1 })),
  kind: Type.Union([
    Type.Literal('latency'),
    Type.Literal('errcode'),
    Type.Literal('http'),
    Type.Literal('drop'),
  ]),
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  errcode: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  count: Type.Optional(Type.Integer({ minimum: 1 })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  phase: Type.Optional(Type.Union([Type.Literal('before'), Type.Literal('after')])),
});

export const RevokeBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  kind: Type.Optional(Type.Union([Type.Literal('stable'), Type.Literal('classic'), Type.Literal('all')])),
});

export const QuotaBody = Type.Object({
  appid: Type.String({ minLength: 1 }),
  path: Type.String({ minLength: 1 }),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  exhaust: Type.Optional(Type.Boolean()),
});

/** Exactly one of `advanceMs` (relative) or `setMs` (absolute epoch ms); checked by the handler. */
export const ClockBody = Type.Object({
  advanceMs: Type.Optional(Type.Integer()),
  setMs: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const StatsQuery = Type.Object({ appid: Type.Optional(Type.String()) });
