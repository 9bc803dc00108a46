/** @module The untyped shape every callback body is read into, XML or JSON alike. */
import type { XmlRecord, XmlValue } from '../kernel/xml/index.js';

/** A field: text, a group of fields, or the repeats of one field. Numbers arrive as their digits. */
export type CallbackValue = XmlValue;

/** A callback body (envelope or decrypted message) as plain records of strings. */
export type CallbackRecord = XmlRecord;

/** How WeChat encodes the push: Official Accounts always XML; Mini Program push XML or JSON. */
export type CallbackFormat = 'xml' | 'json';

/** Message encryption mode of one request (WeChat console: 明文 / 兼容 / 安全模式). */
export type CallbackMode = 'plain' | 'compatible' | 'safe';

/** Query string as the HTTP layer hands it over; repeated parameters arrive as arrays. */
export type CallbackQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Default body bound; the server answers 413 above it before these functions run. */
export const CALLBACK_MAX_BYTES = 1024 * 1024;
