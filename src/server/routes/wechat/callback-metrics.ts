/** @module Callback series: requests by app, mode and outcome (rejections by reason), and their duration. */
import type { Registry } from 'prom-client';
import type { CallbackMetrics } from '../../../callback/index.js';
import { HotCounter, HotHistogram } from '../../fast-path/hot-series.js';

const COUNTER = 'wegate_callbacks_total';
const HISTOGRAM = 'wegate_callback_duration_seconds';

/** Registers the series once per registry (a second server on the same registry shares them). */
export function createCallbackMetrics(registry: Registry): CallbackMetrics {
  const counter =
    (registry.getSingleMetric(COUNTER) as HotCounter | undefined) ??
    new HotCounter({
      name: COUNTER,
      help: 'WeChat callbacks received, by app, mode, outcome and rejection reason',
      labelNames: ['app', 'mode', 'outcome', 'reason'],
      registry,
    });
  const histogram =
    (registry.getSingleMetric(HISTOGRAM) as HotHistogram | undefined) ??
    new HotHistogram({
      name: HISTOGRAM,
      help: 'Time to answer a WeChat callback, by app and outcome',
      labelNames: ['app', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 2.5, 5],
      registry,
    });
  return {
    observe(app, mode, outcome, reason, seconds) {
      counter.inc([app, mode, outcome, reason]);
      histogram.observe([app, outcome], seconds);
    },
  };
}
