/**
 * @module createAlerts(): WeChat errcodes and failure events counted over sliding windows, rules that fire
 * and clear, and the robot messages that say so (WeCom, DingTalk, Feishu or plain JSON).
 * @example
 * import { createAlerts } from 'wegate/server';
 * import pino from 'pino';
 * const alerts = createAlerts({ webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' }, { logger: pino() });
 * alerts.observe({ event: 'shop.order_parked', app: 'mp', api: 'order 42' });
 */
import type { Dispatcher } from 'undici';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AlertSettings } from '../../config/config.types.js';
import { AlertEventName, type AlertEvent, type AlertObserver } from './alert-event.js';
import { buildAlertRules } from './alert-rules.js';
import { robotFormatOf } from './build-robot-body.js';
import { createAlertWindows, type AlertNotice } from './create-alert-windows.js';
import { createRobotSender, type RobotSender, type SendOutcome } from './create-robot-sender.js';

export interface Alerts extends AlertObserver {
  /** One outbound WeChat API exchange (the API client's `onCall` hook): its errcode, if any, counts. */
  observeApiCall(app: string, call: { readonly api: string; readonly errcode?: number }): void;
  /** Rule, app and API combinations firing now. */
  firing(): number;
  /** Stop the sweep and send what is grouped (within the rate); later events are ignored. */
  close(): Promise<void>;
}

export interface AlertsDeps {
  readonly logger: { warn(obj: object, msg?: string): void };
  /** Where `wegate_alert_*` series are registered (the server's /metrics registry). */
  readonly registry?: Registry;
  readonly dispatcher?: Dispatcher;
}

export const ALERT_DEFAULTS = {
  groupMs: 5000,
  // WeCom's group robot and DingTalk's custom robot each take at most 20 messages a minute.
  rate: { max: 20, perS: 60 },
  maxQueue: 100,
  timeoutMs: 5000,
} as const;

export function createAlerts(settings: AlertSettings = {}, deps: AlertsDeps): Alerts {
  const rules = buildAlertRules(settings.rules);
  const windows = createAlertWindows(rules);
  const metrics = alertMetrics(deps.registry, () => windows.firing());
  const sender = settings.webhook ? robotSender(settings, settings.webhook, deps, metrics) : undefined;
  const deliver = (notices: AlertNotice[]) => {
    if (notices.length > 0) sender?.add(notices);
  };
  // A window clears at most this late: a tenth of the shortest window, between 100 ms and 1 s.
  const shortest = Math.min(...rules.map((r) => r.windowS * 1000), 10_000);
  const sweepMs = clamp(shortest / 10, 100, 1000);
  // The sweep runs only while some window holds events: an idle server keeps no timer.
  let sweep: NodeJS.Timeout | undefined;
  const sweepNow = () => {
    deliver(windows.sweep(Date.now()));
    if (windows.size() > 0) return;
    clearInterval(sweep);
    sweep = undefined;
  };
  let closed = false;

  const observe = (event: AlertEvent): void => {
    if (closed) return;
    try {
      if (event.event !== AlertEventName.Errcode) {
        metrics?.events.inc({ app: event.app, event: event.event, code: String(event.errcode ?? '') });
      }
      deliver(windows.observe(event, Date.now()));
      if (!sweep && windows.size() > 0) (sweep = setInterval(sweepNow, sweepMs)).unref();
    } catch (error) {
      // Reporting a failure must never become one.
      deps.logger.warn({ err: error }, 'alert event not counted');
    }
  };
  return {
    observe,
    observeApiCall(app, call) {
      if (call.errcode === undefined || call.errcode === 0) return;
      observe({ event: AlertEventName.Errcode, app, api: call.api, errcode: call.errcode });
    },
    firing: () => windows.firing(),
    async close() {
      closed = true;
      clearInterval(sweep);
      sweep = undefined;
      await sender?.close();
    },
  };
}

function robotSender(
  settings: AlertSettings,
  url: string,
  deps: AlertsDeps,
  metrics: ReturnType<typeof alertMetrics>,
): RobotSender {
  const rate = { ...ALERT_DEFAULTS.rate, ...settings.rate };
  return createRobotSender(
    {
      url,
      format: robotFormatOf(url, settings.format),
      groupMs: settings.groupMs ?? ALERT_DEFAULTS.groupMs,
      rate: { max: rate.max, perMs: rate.perS * 1000 },
      maxQueue: settings.maxQueue ?? ALERT_DEFAULTS.maxQueue,
      timeoutMs: settings.timeoutMs ?? ALERT_DEFAULTS.timeoutMs,
    },
    {
      logger: deps.logger,
      onOutcome: (outcome: SendOutcome) => metrics?.messages.inc({ outcome }),
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    },
  );
}

/** Registered once per registry: a second runtime on the same registry shares the series. */
function alertMetrics(registry: Registry | undefined, firing: () => number) {
  if (!registry) return undefined;
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  const events =
    existing<Counter<'app' | 'event' | 'code'>>('wegate_alert_events_total') ??
    new Counter({
      name: 'wegate_alert_events_total',
      help: 'Failure events reported for alerting (Pay errors, unverified notifications, dead letters, parked orders…), by app, event and code',
      labelNames: ['app', 'event', 'code'],
      registers: [registry],
    });
  const messages =
    existing<Counter<'outcome'>>('wegate_alert_messages_total') ??
    new Counter({
      name: 'wegate_alert_messages_total',
      help: 'Alert messages to the robot webhook, by outcome (sent, failed, dropped)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  if (!existing('wegate_alerts_firing')) {
    new Gauge({
      name: 'wegate_alerts_firing',
      help: 'Alert rules firing in this process, counted per app and API',
      registers: [registry],
      collect() {
        this.set(firing());
      },
    });
  }
  return { events, messages };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
