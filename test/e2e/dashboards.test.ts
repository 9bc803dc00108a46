/**
 * deploy/grafana/*.json and deploy/prometheus/wegate-rules.yml query only what a running server exports:
 * every metric name (histograms through _bucket, _sum, _count) and every label their PromQL names exists in
 * /metrics of a sandbox server with the shop loaded, and promtool parses every dashboard expression.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSandboxDefaults } from '../../src/server/load-plugins.js';
import { ROOT } from '../helpers/run-cli.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));
const GRAFANA = join(DEPLOY, 'grafana');
const RULES = readFileSync(join(DEPLOY, 'prometheus', 'wegate-rules.yml'), 'utf8');
/** Labels Prometheus adds to every scraped series, and the buckets' own. */
const SCRAPE_LABELS = ['instance', 'job', 'le'];

interface Dashboard {
  readonly file: string;
  readonly json: { uid: string; title: string; panels: Panel[]; templating: { list: Variable[] } };
}
interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: { expr: string }[];
}
interface Variable {
  readonly type: string;
  /** A query variable's PromQL; a datasource variable's plugin type. */
  readonly query?: { query: string } | string;
}

const dashboards: Dashboard[] = readdirSync(GRAFANA)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({
    file,
    json: JSON.parse(readFileSync(join(GRAFANA, file), 'utf8')) as Dashboard['json'],
  }));
const exprs = dashboards.flatMap((d) =>
  d.json.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `${d.file}: ${p.title}`, expr: t.expr })),
  ),
);

let sandbox: SandboxServer;
/** Exported series names (histograms as _bucket, _sum, _count) → the label names of their metric. */
const exported = new Map<string, Set<string>>();

beforeAll(async () => {
  // The shop as `npm start` loads it, so its series are there too.
  const { plugins } = await loadSandboxDefaults(ROOT);
  expect(plugins.map((p) => p.name)).toContain('shop');
  sandbox = await startSandboxServer('dashboards', { plugins });
  const text = await (await fetch(`${sandbox.server.url}/metrics`)).text();
  const labels = new Map(
    sandbox.server.deps.metrics.registry
      .getMetricsAsArray()
      .map((m) => [m.name, (m as unknown as { labelNames?: readonly string[] }).labelNames ?? []] as const),
  );
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const own = new Set([...(labels.get(name as string) ?? []), ...SCRAPE_LABELS]);
    const names = type === 'histogram' || type === 'summary' ? ['_bucket', '_sum', '_count', ''] : [''];
    for (const suffix of type === 'histogram' ? names.slice(0, 3) : names)
      exported.set(`${name}${suffix}`, own);
  }
});

afterAll(async () => {
  await sandbox?.close();
});

/** PromQL without its string literals: what is left names metrics, labels and functions. */
const code = (expr: string) => expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
/** wegate's series and the shop's (`shop_…`), the reference plugin the dashboards cover. */
const metricsOf = (expr: string) => [...new Set(code(expr).match(/\b(?:wegate|shop)_[a-z0-9_]+\b/g) ?? [])];
function labelsOf(expr: string): string[] {
  const text = code(expr);
  const matchers = [...text.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)\s*""/g)].map((m) => m[1] as string);
  const groupings = [...text.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)].flatMap((m) =>
    (m[1] as string)
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return [...new Set([...matchers, ...groupings])];
}

describe('Grafana dashboards', () => {
  it('cover callbacks, API calls, tokens, outbox and queues, Pay, the shop, realtime and limits', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual([
      'wegate-callbacks.json',
      'wegate-limits.json',
      'wegate-outbox-queues.json',
      'wegate-pay.json',
      'wegate-realtime.json',
      'wegate-shop.json',
      'wegate-tokens.json',
      'wegate-wechat-api.json',
    ]);
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length);
    for (const { file, json } of dashboards) {
      expect(json.uid, file).toBe(file.replace(/\.json$/, ''));
      const panels = json.panels.filter((p) => p.type !== 'row');
      expect(panels.length, file).toBeGreaterThan(2);
      for (const p of panels) expect(p.targets?.length, `${file}: ${p.title}`).toBeGreaterThan(0);
    }
  });

  it('query only metrics /metrics exports, with the labels those metrics have', () => {
    expect(exported.size).toBeGreaterThan(20);
    expect(exprs.length).toBeGreaterThan(30);
    const variables = dashboards.flatMap((d) =>
      d.json.templating.list.flatMap((v) =>
        typeof v.query === 'object' ? [{ where: `${d.file}: $${v.type}`, expr: v.query.query }] : [],
      ),
    );
    for (const { where, expr } of [...exprs, ...variables]) {
      const metrics = metricsOf(expr);
      expect(metrics.length, where).toBeGreaterThan(0);
      for (const metric of metrics) expect(exported.has(metric), `${where}: ${metric}`).toBe(true);
      const known = new Set(metrics.flatMap((m) => [...(exported.get(m) ?? [])]));
      for (const label of labelsOf(expr)) expect(known.has(label), `${where}: label ${label}`).toBe(true);
    }
    const appVariable = /label_values\((\w+), app\)/;
    for (const { expr } of variables)
      expect(exported.get(appVariable.exec(expr)?.[1] ?? '')?.has('app')).toBe(true);
  });

  it('are PromQL promtool parses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegate-dashboards-'));
    try {
      const rules = exprs.map(
        ({ expr }, i) =>
          `      - record: dashboard_expr_${i}\n        expr: ${JSON.stringify(expr.replaceAll('$__rate_interval', '5m').replaceAll('$app', '.*'))}`,
      );
      writeFileSync(
        join(dir, 'exprs.yml'),
        `groups:\n  - name: dashboards\n    rules:\n${rules.join('\n')}\n`,
      );
      const run = spawnSync('promtool', ['check', 'rules', join(dir, 'exprs.yml')], { encoding: 'utf8' });
      if (run.error)
        throw new Error(`promtool is not installed (apt-get install prometheus): ${run.error.message}`);
      expect(`${run.stdout}${run.stderr}`).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Prometheus rules', () => {
  it('use only metrics /metrics exports', () => {
    const metrics = metricsOf(RULES);
    expect(metrics).toEqual(
      expect.arrayContaining([
        'wegate_wechat_api_calls_total',
        'wegate_alert_events_total',
        'wegate_alert_messages_total',
      ]),
    );
    for (const metric of metrics) expect(exported.has(metric), metric).toBe(true);
  });
});
