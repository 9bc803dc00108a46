import { describe, expect, it } from 'vitest';
import { isWeChatError } from '../../kernel/errors/index.js';
import { AlertEventName } from './alert-event.js';
import { DEFAULT_ALERT_RULES, buildAlertRules, ruleMatches } from './alert-rules.js';

const byName = (rules: readonly { name: string }[], name: string) => rules.find((r) => r.name === name);

describe('alert rules', () => {
  it('default to 40001 ≥ 10 in 5 min, any 45009 or 48001, -1 ≥ 20 in a minute and any failure event', () => {
    const rules = buildAlertRules();
    expect(rules).toEqual(DEFAULT_ALERT_RULES);
    expect(byName(rules, 'token-invalid')).toMatchObject({ errcode: 40001, threshold: 10, windowS: 300 });
    expect(byName(rules, 'daily-quota')).toMatchObject({ errcode: 45009, threshold: 1 });
    expect(byName(rules, 'api-unauthorized')).toMatchObject({ errcode: 48001, threshold: 1 });
    expect(byName(rules, 'system-busy')).toMatchObject({ errcode: -1, threshold: 20, windowS: 60 });
    expect(byName(rules, 'pay-sign-error')).toMatchObject({ event: 'pay.api_error', errcode: 'SIGN_ERROR' });
    for (const event of ['pay.notify_unverified', 'outbox.dead_letter', 'shop.order_parked']) {
      expect(
        rules.some((r) => r.event === event && r.threshold === 1),
        event,
      ).toBe(true);
    }
  });

  it('takes overrides by name, removes disabled rules and adds new ones', () => {
    const rules = buildAlertRules({
      'token-invalid': { threshold: 3, windowS: 2 },
      'system-busy': { enabled: false },
      'template-invalid': { errcode: 40037, threshold: 5 },
      'refund-stuck': { event: 'shop.refund_stuck' },
    });
    expect(byName(rules, 'token-invalid')).toMatchObject({ errcode: 40001, threshold: 3, windowS: 2 });
    expect(byName(rules, 'system-busy')).toBeUndefined();
    expect(byName(rules, 'template-invalid')).toMatchObject({
      event: AlertEventName.Errcode,
      errcode: 40037,
      threshold: 5,
      windowS: 300,
    });
    expect(byName(rules, 'refund-stuck')).toMatchObject({ event: 'shop.refund_stuck', threshold: 1 });
  });

  it('refuses a rule on 43101 and a new rule that names nothing to count, naming the setting', () => {
    const refusal = (rules: Parameters<typeof buildAlertRules>[0]) => {
      try {
        buildAlertRules(rules);
      } catch (error) {
        return isWeChatError(error) ? error.message : String(error);
      }
      return 'accepted';
    };
    expect(refusal({ refused: { errcode: 43101 } })).toBe(
      'alerts.rules.refused.errcode: 43101 is counted, never alerted',
    );
    expect(refusal({ empty: { threshold: 2 } })).toBe(
      'alerts.rules.empty: a new rule needs "errcode" or "event"',
    );
  });

  it('matches on event and errcode, and never on 43101', () => {
    const token = byName(buildAlertRules(), 'token-invalid')!;
    expect(ruleMatches(token as never, { event: AlertEventName.Errcode, errcode: 40001 })).toBe(true);
    expect(ruleMatches(token as never, { event: AlertEventName.Errcode, errcode: 40014 })).toBe(false);
    expect(ruleMatches(token as never, { event: 'outbox.dead_letter', errcode: 40001 })).toBe(false);
    const anyDead = byName(buildAlertRules(), 'outbox-dead-letter')!;
    expect(ruleMatches(anyDead as never, { event: 'outbox.dead_letter', errcode: 40003 })).toBe(true);
    expect(ruleMatches(anyDead as never, { event: 'outbox.dead_letter', errcode: 43101 })).toBe(false);
  });
});
