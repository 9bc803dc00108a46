import { describe, expect, it } from 'vitest';
import { rowKey } from '../helpers/outbox-fault-plan.js';
import { runOutboxFaults } from '../helpers/outbox-fault-run.js';
import { expectDeadLettered } from '../helpers/outbox-fault-expect.js';

const MESSAGES = 500;

describe('outbox under faults: customer-service messages (no client_msg_id)', () => {
  it('delivers every message at least once and reports each duplicate the inboxes show', async () => {
    const run = await runOutboxFaults({
      queue: 'sql',
      kind: 'custom',
      messages: MESSAGES,
      followers: 100,
      killAt: 0.3,
    });
    const { report } = run;
    expect(report).toMatchObject({
      deliverable: MESSAGES * 0.9,
      sent: MESSAGES * 0.9,
      missing: 0,
      unfinished: 0,
      dead: { 'dead 40003': MESSAGES / 20, 'dead 40008': MESSAGES / 20 },
    });
    expectDeadLettered(run);
    // Faults after delivery and the killed worker make WeChat show some messages twice…
    expect(report.duplicates).toBeGreaterThan(0);
    // …and the outbox knows which: no message was delivered more often than 1 + its uncertain attempts.
    for (const row of run.rows) {
      const extra = (run.deliveries.get(rowKey(row)) ?? 0) - 1;
      expect(extra, rowKey(row)).toBeLessThanOrEqual(row.uncertainAttempts);
    }
    expect(report.underReported).toBe(0);
    expect(report.duplicates).toBeLessThanOrEqual(report.uncertain);
    // A worker killed mid-call leaves its row `sending`; the next attempt counts it as uncertain.
    expect(run.crashKeys.length).toBeGreaterThan(0);
    for (const key of run.crashKeys)
      expect(run.rows.find((r) => rowKey(r) === key)!.uncertainAttempts, key).toBeGreaterThan(0);
  }, 90_000);
});
