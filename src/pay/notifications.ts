/** @module Pay notifications: verify first, then decrypt; the server's /pay/notify builds on these two steps. */
import { decryptAes256Gcm } from '../kernel/crypto/index.js';
import { DecryptError, ParseError } from '../kernel/errors/index.js';
import type { NotificationEnvelope, PayNotification, SignedPayMessage } from './pay.types.js';
import type { VerifiedPayMessage } from './verify-pay-signature.js';

export type VerifySigned = (message: SignedPayMessage) => Promise<VerifiedPayMessage>;

function parseEnvelope(body: string): NotificationEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw new ParseError('notification body is not JSON', { cause });
  }
  const env = parsed as Partial<NotificationEnvelope> | null;
  const resource = env?.resource;
  if (
    typeof env?.id !== 'string' ||
    typeof env.event_type !== 'string' ||
    typeof resource?.ciphertext !== 'string'
  ) {
    throw new ParseError('notification body lacks id, event_type or resource');
  }
  return env as NotificationEnvelope;
}

/** Verifies the signature (and timestamp) over the raw body, then parses the envelope; nothing is decrypted. */
export async function verifyNotificationWith(
  verify: VerifySigned,
  message: SignedPayMessage,
): Promise<NotificationEnvelope> {
  const verified = await verify(message);
  return parseEnvelope(verified.body);
}

/** The plaintext of a notification resource (AEAD_AES_256_GCM under the APIv3 key); DecryptError on any tampering. */
export function decryptNotificationResource(
  apiv3Key: string,
  resource: NotificationEnvelope['resource'],
): string {
  if (resource.algorithm !== undefined && resource.algorithm !== 'AEAD_AES_256_GCM') {
    throw new DecryptError(`unsupported notification algorithm ${resource.algorithm}`);
  }
  return decryptAes256Gcm({
    key: apiv3Key,
    nonce: resource.nonce,
    ciphertext: resource.ciphertext,
    associatedData: resource.associated_data ?? '',
  });
}

/** Decrypts `resource` with the APIv3 key and returns the typed notification. */
export function decryptNotificationWith(apiv3Key: string, envelope: NotificationEnvelope): PayNotification {
  const plaintext = decryptNotificationResource(apiv3Key, envelope.resource);
  let decrypted: unknown;
  try {
    decrypted = JSON.parse(plaintext);
  } catch (cause) {
    throw new ParseError('notification resource is not JSON', { cause });
  }
  return {
    id: envelope.id,
    create_time: envelope.create_time,
    event_type: envelope.event_type,
    summary: envelope.summary,
    resource: decrypted as Record<string, unknown>,
  } as PayNotification;
}
