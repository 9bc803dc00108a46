/** @module GET /v3/certificates: the platform certificates, each encrypted with the merchant's APIv3 key. */
import { encryptAes256Gcm, randomNonce } from '../../../kernel/crypto/index.js';
import { ok } from '../../pay/pay-error.js';
import { definePayRoute } from '../../pay/pay-route.js';
import { payTime } from '../../pay/pay-time.js';

export const v3Certificates = definePayRoute({
  method: 'GET',
  path: '/v3/certificates',
  handle: async ({ pay, merchant }) => {
    const keys = await pay.keys.ready();
    const data = keys.certificates
      .filter((cert) => cert.expireTime > pay.now())
      .map((cert) => {
        const nonce = randomNonce(12);
        const associatedData = 'certificate';
        const ciphertext = encryptAes256Gcm({
          key: merchant.apiv3Key,
          nonce,
          associatedData,
          plaintext: cert.pem,
        });
        return {
          serial_no: cert.serial,
          effective_time: payTime(cert.effectiveTime),
          expire_time: payTime(cert.expireTime),
          encrypt_certificate: {
            algorithm: 'AEAD_AES_256_GCM',
            nonce,
            associated_data: associatedData,
            ciphertext,
          },
        };
      });
    return ok({ data });
  },
});
