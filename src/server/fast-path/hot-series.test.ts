import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HotCounter, HotHistogram } from './hot-series.js';

const buckets = [0.001, 0.01, 0.1, 1];
const samples: Array<[string, string, number]> = [
  ['POST', '200', 0.0004],
  ['POST', '200', 0.001],
  ['POST', '200', 0.05],
  ['GET', '404', 2.5],
  ['POST', '413', 0.1],
  ['POST', '200', 0.3],
];

describe('hot series', () => {
  it('print exactly what prom-client prints for the same histogram observations', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const spec = { name: 'x_seconds', help: 'help text', labelNames: ['method', 'status'] };
    const hot = new HotHistogram({ ...spec, buckets, registry: ours });
    const prom = new Histogram({ ...spec, buckets, registers: [theirs] });
    for (const [method, status, value] of samples) {
      hot.observe([method, status], value);
      prom.observe({ method, status }, value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('x_seconds_bucket{le="0.001",method="POST",status="200"} 2');
  });

  it('print exactly what prom-client prints for the same counter increments', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const spec = { name: 'x_total', help: 'help text', labelNames: ['app', 'outcome'] };
    const hot = new HotCounter({ ...spec, registry: ours });
    const prom = new Counter({ ...spec, registers: [theirs] });
    for (const [app, outcome] of samples) {
      hot.inc([app, outcome]);
      prom.inc({ app, outcome });
    }
    hot.inc(['POST', '200'], 3);
    prom.inc({ app: 'POST', outcome: '200' }, 3);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(ours.getSingleMetric('x_total')).toBe(hot);
  });

  it('counts into the right series when one label array is reused and changed between calls', async () => {
    const registry = new Registry();
    const hot = new HotCounter({ name: 'w_total', help: 'h', labelNames: ['a', 'b'], registry });
    const labels = ['x', '1'];
    hot.inc(labels);
    hot.inc(labels);
    labels[1] = '2';
    hot.inc(labels);
    hot.inc(['x', '1']);
    hot.inc(['x', '2'], 5);
    const text = await registry.metrics();
    expect(text).toContain('w_total{a="x",b="1"} 3');
    expect(text).toContain('w_total{a="x",b="2"} 6');
  });

  it('refuses a wrong number of label values', () => {
    const hot = new HotCounter({
      name: 'y_total',
      help: 'h',
      labelNames: ['a', 'b'],
      registry: new Registry(),
    });
    expect(() => hot.inc(['only-one'])).toThrow(/expected 2 label values/);
  });

  it('forgets every series on reset, as registry.resetMetrics() expects', async () => {
    const registry = new Registry();
    const hot = new HotCounter({ name: 'z_total', help: 'h', labelNames: ['a'], registry });
    hot.inc(['1']);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('z_total{');
  });
});
