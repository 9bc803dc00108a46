/**
 * deploy/prometheus/wegate-rules.yml under `promtool test rules` (Debian's prometheus package; `.ci/run`
 * installs it). Each alert's threshold moved one step either way must fail the unit tests: they hold both
 * edges of every threshold.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../deploy/prometheus/', import.meta.url));
const RULES = readFileSync(join(DIR, 'wegate-rules.yml'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'wegate-promtool-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8' });
  if (run.error)
    throw new Error(`promtool is not installed (apt-get install prometheus): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The unit tests run against `rules` in place of the real rules file. */
function testWith(rules: string) {
  writeFileSync(join(scratch, 'wegate-rules.yml'), rules);
  copyFileSync(join(DIR, 'wegate-rules.test.yml'), join(scratch, 'wegate-rules.test.yml'));
  return promtool('test', 'rules', join(scratch, 'wegate-rules.test.yml'));
}

const thresholds = [...RULES.matchAll(/- alert: (\w+)\n\s+expr: (.*) >= (\d+)\n/g)].map((m) => ({
  alert: m[1] as string,
  expr: m[0],
  threshold: Number(m[3]),
}));

describe('Prometheus rules', () => {
  it('are valid rules and pass their promtool unit tests', () => {
    const check = promtool('check', 'rules', join(DIR, 'wegate-rules.yml'));
    expect(check.output).toContain('SUCCESS');
    expect(check.status).toBe(0);
    const test = promtool('test', 'rules', join(DIR, 'wegate-rules.test.yml'));
    expect(test.output).toContain('SUCCESS');
    expect(test.status).toBe(0);
  });

  it('hold the same thresholds as the in-process defaults, one alert each', () => {
    expect(Object.fromEntries(thresholds.map((t) => [t.alert, t.threshold]))).toEqual({
      WegateAccessTokenInvalid: 10,
      WegateDailyQuotaReached: 1,
      WegateApiUnauthorized: 1,
      WegateSystemBusyBurst: 20,
      WegatePaySignError: 1,
      WegatePayNotifyUnverified: 1,
      WegateOutboxDeadLetter: 1,
      WegateQueueDeadJobs: 1,
      WegateShopOrderParked: 1,
      WegateAlertDeliveryFailing: 1,
    });
  });

  it.each(thresholds)('fail their unit tests when $alert fires one below or one above $threshold', (t) => {
    for (const moved of [t.threshold - 1, t.threshold + 1]) {
      const mutated = RULES.replace(t.expr, t.expr.replace(`>= ${t.threshold}\n`, `>= ${moved}\n`));
      expect(mutated).not.toBe(RULES);
      const run = testWith(mutated);
      expect(run.status, `${t.alert} >= ${moved}`).not.toBe(0);
      expect(run.output).toContain(`alertname: ${t.alert}`);
    }
  });
});
