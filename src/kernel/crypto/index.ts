/** @module Kernel crypto: callback signatures, message cipher, Mini Program data, JS-SDK, Pay v3 and field encryption. */
export * from './aes-gcm.js';
export * from './build-encrypted-reply.js';
export * from './callback-signature.js';
export * from './jssdk-signature.js';
export * from './mini-program-data.js';
export * from './msg-cipher.js';
export * from './pay-sign-message.js';
export * from './pkcs7.js';
export * from './random-nonce.js';
export * from './rsa.js';
export * from './safe-equal.js';
export * from './sha1-hex.js';
export * from './sm4-field.js';
