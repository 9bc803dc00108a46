/** @module Decrypts a safe/compatible-mode envelope into the message record. */
import type { MsgCipher } from '../kernel/crypto/index.js';
import { DecryptError, MsgCryptErrcode, ParseError } from '../kernel/errors/index.js';
import { CALLBACK_MAX_BYTES, type CallbackFormat, type CallbackRecord } from './callback-record.types.js';
import { parseInboundBody } from './parse-inbound-body.js';

export interface OpenInboundInput {
  /** The app's cipher (createMsgCipher with its EncodingAESKey and appid). */
  cipher: MsgCipher;
  /** The appid the decrypted receive id must equal. */
  appid: string;
  /** The envelope: parsed, or the raw body. */
  body: CallbackRecord | string | Buffer;
  /** Format of the envelope and of the encrypted message inside it (WeChat uses the same). */
  format: CallbackFormat;
  maxBytes?: number;
}

/**
 * Decrypts the envelope's `Encrypt` and parses the message inside. The receive id is compared with
 * `appid` after decrypting (DecryptError, -40005); a message that is not a record of the expected
 * format is a ParseError. Call only after verifyInbound accepted the request.
 */
export function openInbound(input: OpenInboundInput): CallbackRecord {
  const maxBytes = input.maxBytes ?? CALLBACK_MAX_BYTES;
  const envelope =
    typeof input.body === 'string' || Buffer.isBuffer(input.body)
      ? parseInboundBody(input.body, input.format, maxBytes)
      : input.body;
  const encrypt = envelope.Encrypt;
  if (typeof encrypt !== 'string') throw new DecryptError('the body carries no Encrypt to decrypt');
  const { message, appid } = input.cipher.decrypt(encrypt);
  if (appid !== input.appid) {
    throw new DecryptError('receive id does not match the appid (-40005)', {
      errcode: MsgCryptErrcode.ValidateAppid,
    });
  }
  try {
    return parseInboundBody(message, input.format, maxBytes);
  } catch (cause) {
    throw new ParseError(`decrypted message is not valid ${input.format.toUpperCase()}`, { cause });
  }
}
