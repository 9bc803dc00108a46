/** @module TypeBox schemas of the Official Account control routes (menus, tags, QR codes, clicks and scans). */
import { Type } from 'typebox';

const appRef = {
  appid: Type.Optional(Type.String({ minLength: 1 })),
  /** The app's name in the config (`oa`…), instead of its appid. */
  app: Type.Optional(Type.String({ minLength: 1 })),
};

export const ClickBody = Type.Object({
  ...appRef,
  openid: Type.String({ minLength: 1, maxLength: 128 }),
  /** The key of a click-like button (click, scancode_*, pic_*, location_select). */
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  /** The url of a view button. */
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  /** The client platform for conditional menus: 1 iOS, 2 Android, 3 other (default: unknown). */
  platform: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('2'), Type.Literal('3')])),
  wait: Type.Optional(Type.Boolean()),
});

export const ScanBody = Type.Object({
  ...appRef,
  openid: Type.String({ minLength: 1, maxLength: 128 }),
  ticket: Type.String({ minLength: 1, maxLength: 512 }),
  wait: Type.Optional(Type.Boolean()),
});

export const OaAppQuery = Type.Object(appRef);
