import { describe, it, expect } from 'vitest';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { buildPaySignMessage } from './pay-sign-message.js';

interface AuthorizationCase {
  method: string;
  canonical_url: string;
  body: string;
  expected: string;
}

interface AuthorizationVector extends VectorEntry {
  kind: string;
  cases: AuthorizationCase[];
}

const formatVector = loadVectors<AuthorizationVector>('pay-v3').find(
  (v) => v.kind === 'authorization-format',
)!;

describe('buildPaySignMessage', () => {
  // The vector's mock signer returns "Sign:" + message, so the signed message can be read back out of
  // the expected header. The header layout itself belongs to the pay module.
  it.each(formatVector.cases.map((c) => [`${c.method} ${JSON.stringify(c.body)}`, c] as const))(
    'frames %s like the wechatpay-go credential test',
    (_name, c) => {
      const message = buildPaySignMessage([
        c.method,
        c.canonical_url,
        '1624523846',
        'A1B2C3D4E5F6G7',
        c.body,
      ]);
      expect(c.expected).toContain(`signature="Sign:${message}"`);
    },
  );

  it('terminates every line, so an empty body ends in two newlines', () => {
    expect(buildPaySignMessage(['GET', '/v3/x', '1', 'n', ''])).toBe('GET\n/v3/x\n1\nn\n\n');
    expect(buildPaySignMessage(['1', 'n', '{}'])).toBe('1\nn\n{}\n');
  });
});
