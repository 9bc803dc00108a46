/** @module Encrypted passive-reply envelopes (safe mode), XML and JSON, exactly as WeChat's sample emits them. */
import { signCallback } from './callback-signature.js';
import type { MsgCipher } from './msg-cipher.js';
import { cdata } from '../xml/build-xml.js';

export interface EncryptedReply {
  /** base64 `Encrypt` value. */
  encrypt: string;
  /** msg_signature over [token, timestamp, nonce, encrypt]. */
  signature: string;
  /** Unix seconds; digits only. */
  timestamp: string | number;
  nonce: string;
}

const DIGITS = /^\d+$/;

function timestampDigits(timestamp: string | number): string {
  const text = String(timestamp);
  if (!DIGITS.test(text)) throw new TypeError('reply timestamp must be a non-negative integer');
  return text;
}

/** The official XML envelope (newline-separated, TimeStamp bare, the rest in CDATA). */
export function buildEncryptedReplyXml(reply: EncryptedReply): string {
  return (
    `<xml>\n<Encrypt>${cdata(reply.encrypt)}</Encrypt>\n` +
    `<MsgSignature>${cdata(reply.signature)}</MsgSignature>\n` +
    `<TimeStamp>${timestampDigits(reply.timestamp)}</TimeStamp>\n` +
    `<Nonce>${cdata(reply.nonce)}</Nonce>\n</xml>`
  );
}

/** The JSON envelope for pushes configured as JSON; TimeStamp is a JSON number, Nonce a string. */
export function buildEncryptedReplyJson(reply: EncryptedReply): string {
  return JSON.stringify({
    Encrypt: reply.encrypt,
    MsgSignature: reply.signature,
    TimeStamp: Number(timestampDigits(reply.timestamp)),
    Nonce: reply.nonce,
  });
}

export interface EncryptReplyInput {
  cipher: MsgCipher;
  token: string;
  /** Plaintext reply (XML or JSON). */
  message: string;
  timestamp: string | number;
  nonce: string;
  random16?: Buffer;
}

/** Encrypts a reply and signs it over its own timestamp and nonce, ready for an envelope builder. */
export function encryptReply(input: EncryptReplyInput): EncryptedReply {
  const timestamp = timestampDigits(input.timestamp);
  const encrypt = input.cipher.encrypt(input.message, input.random16);
  const signature = signCallback(input.token, timestamp, input.nonce, encrypt);
  return { encrypt, signature, timestamp, nonce: input.nonce };
}
