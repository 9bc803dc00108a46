import { describe, expect, it } from 'vitest';
import { createEmulatorClock } from './clock.js';
import { createStatsBook } from './stats-book.js';
import { createTokenBook } from './token-book.js';

function setup() {
  const clock = createEmulatorClock({ now: () => Date.UTC(2024, 4, 1, 2, 0) });
  const stats = createStatsBook();
  return { clock, stats, tokens: createTokenBook({ clock, stats }) };
}

describe('token store', () => {
  it('shortens only the superseded classic token to a 5-minute overlap', () => {
    const { clock, tokens } = setup();
    const a = tokens.issueClassic('app1').access_token;
    clock.advance(60_000);
    const b = tokens.issueClassic('app1').access_token;
    clock.advance(299_999);
    expect(tokens.resolve(a).status).toBe('valid');
    clock.advance(1);
    expect(tokens.resolve(a).status).toBe('invalid');
    expect(tokens.resolve(b).status).toBe('valid');
  });

  it('keeps apps apart: one app minting does not supersede another', () => {
    const { tokens, clock } = setup();
    const a = tokens.issueClassic('app1').access_token;
    tokens.issueClassic('app2');
    clock.advance(600_000);
    expect(tokens.resolve(a)).toMatchObject({ status: 'valid', record: { appid: 'app1', kind: 'classic' } });
  });

  it('forgets tokens a day after they died, so memory stays bounded', () => {
    const { tokens, clock } = setup();
    const old = tokens.issueClassic('app1').access_token;
    clock.advance(7_200_000 + 86_400_000);
    expect(tokens.resolve(old).status).toBe('expired');
    tokens.issueClassic('app1');
    expect(tokens.resolve(old)).toEqual({ status: 'invalid' });
  });

  it('revoke all invalidates classic and stable tokens and counts nothing', () => {
    const { tokens, stats } = setup();
    const classic = tokens.issueClassic('app1').access_token;
    const stable = tokens.issueStable('app1', false);
    tokens.revoke('app1', 'all');
    expect(tokens.resolve(classic).status).toBe('invalid');
    expect(tokens.resolve('access_token' in stable ? stable.access_token : '').status).toBe('invalid');
    expect(stats.snapshot().apps['app1']?.tokensIssued).toEqual({ classic: 1, stable: 1, forced: 0 });
  });
});
