import { describe, it } from 'vitest';
import { expectExactlyOnce } from '../helpers/outbox-fault-expect.js';
import { runOutboxFaults } from '../helpers/outbox-fault-run.js';

// 500 messages keep this file short for CI; `npm run stress:outbox` runs the same scenario with 5,000.
// The SQL queue runs it in outbox-faults.test.ts, customer-service messages in outbox-faults-custom.test.ts.

const MESSAGES = 500;

describe('outbox under faults on BullMQ over real Redis (a unique key prefix shared with the worker process)', () => {
  it('delivers every template message exactly once though the worker was killed mid-call', async () => {
    const run = await runOutboxFaults({
      queue: 'bullmq',
      kind: 'template',
      messages: MESSAGES,
      followers: 100,
      killAt: 0.3,
    });
    expectExactlyOnce(run, MESSAGES);
  }, 90_000);
});
