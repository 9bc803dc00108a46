/** @module WeChat Pay v3 sign messages: each part on its own line, every line ending in `\n`. */

/**
 * Joins the parts WeChat Pay signs; the last line is terminated too, so a GET with an empty body ends
 * in `\n\n`. Requests: [method, canonicalUrl, timestamp, nonce, body]; responses and notifications:
 * [timestamp, nonce, body]; JSAPI paySign: [appId, timeStamp, nonceStr, package].
 */
export function buildPaySignMessage(parts: readonly string[]): string {
  let message = '';
  for (const part of parts) message += `${part}\n`;
  return message;
}
