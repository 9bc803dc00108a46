/** @module Verification of a signed WeChat Pay message: response or notification, before anything else. */
import type { KeyLike } from 'node:crypto';
import { buildPaySignMessage, verifyRsaSha256 } from '../kernel/crypto/index.js';
import { SignatureError } from '../kernel/errors/index.js';
import type { SignedPayMessage } from './pay.types.js';

/** Finds the verification key for a `Wechatpay-Serial`; undefined when unknown. */
export type PayKeyResolver = (serial: string) => Promise<KeyLike | undefined>;

export interface VerifyPaySignatureOptions {
  readonly resolveKey: PayKeyResolver;
  readonly nowMs: number;
  /** Allowed distance between Wechatpay-Timestamp and now, in seconds. */
  readonly skewS: number;
}

export interface VerifiedPayMessage {
  readonly serial: string;
  readonly timestamp: number;
  readonly body: string;
}

// WeChat Pay probes notify URLs with signatures that must never verify; a 2xx answer means we do not check.
const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';
const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';

/** Reads a header case-insensitively (Node lower-cases, other stacks may not). */
export function headerValue(headers: SignedPayMessage['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

function requiredHeaders(message: SignedPayMessage) {
  const read = (name: string) => {
    const value = headerValue(message.headers, name);
    if (value === undefined || value === '') throw new SignatureError(`missing ${name} header`);
    return value;
  };
  const type = headerValue(message.headers, 'Wechatpay-Signature-Type');
  if (type !== undefined && type !== SIGNATURE_TYPE)
    throw new SignatureError(`unsupported signature type ${type}`);
  return {
    signature: read('Wechatpay-Signature'),
    serial: read('Wechatpay-Serial'),
    timestamp: read('Wechatpay-Timestamp'),
    nonce: read('Wechatpay-Nonce'),
  };
}

/**
 * Checks the probe prefix, the timestamp window, the key chosen by `Wechatpay-Serial` and the RSA-SHA256
 * signature over TIMESTAMP\nNONCE\nBODY\n (the raw bytes). Throws SignatureError on any failure.
 */
export async function verifyPaySignature(
  message: SignedPayMessage,
  options: VerifyPaySignatureOptions,
): Promise<VerifiedPayMessage> {
  const h = requiredHeaders(message);
  if (h.signature.startsWith(SIGNTEST_PREFIX))
    throw new SignatureError('WeChat Pay signature probe rejected');
  if (!/^\d{1,12}$/.test(h.timestamp)) throw new SignatureError('Wechatpay-Timestamp is not a number');
  const timestamp = Number(h.timestamp);
  if (Math.abs(options.nowMs / 1000 - timestamp) >= options.skewS) {
    throw new SignatureError('Wechatpay-Timestamp is outside the allowed clock skew');
  }
  const key = await options.resolveKey(h.serial);
  if (key === undefined) throw new SignatureError(`unknown Wechatpay-Serial ${h.serial}`);
  const raw = typeof message.rawBody === 'string' ? Buffer.from(message.rawBody, 'utf8') : message.rawBody;
  // Signed over the exact bytes received; re-encoding JSON would break on any spacing difference.
  const head = buildPaySignMessage([h.timestamp, h.nonce]);
  const signed = Buffer.concat([Buffer.from(head, 'utf8'), raw, Buffer.from('\n')]);
  const body = raw.toString('utf8');
  if (!verifyRsaSha256(signed, h.signature, key))
    throw new SignatureError('Wechatpay-Signature does not verify');
  return { serial: h.serial, timestamp, body };
}
