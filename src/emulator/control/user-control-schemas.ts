/** @module TypeBox schemas of the simulated-user control API (`/__emulator/users/*`). */
import { Type } from 'typebox';

export const SendBody = Type.Object({
  appid: Type.Optional(Type.String({ minLength: 1 })),
  /** The app's name in the config (`oa`, `mp`…), instead of its appid. */
  app: Type.Optional(Type.String({ minLength: 1 })),
  openid: Type.String({ minLength: 1, maxLength: 128 }),
  /** `{ MsgType: 'text', Content }`, `{ Event: 'subscribe', EventKey? }`… checked by buildPush. */
  message: Type.Object({}, { additionalProperties: true }),
  /** Wait for the deliveries and the reply (default true); false answers `{ id }` at once. */
  wait: Type.Optional(Type.Boolean()),
});

export const AppQuery = Type.Object({
  appid: Type.Optional(Type.String({ minLength: 1 })),
  app: Type.Optional(Type.String({ minLength: 1 })),
});

export const OpenidParams = Type.Object({ openid: Type.String({ minLength: 1 }) });
export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const AppidParams = Type.Object({ appid: Type.String({ minLength: 1 }) });
