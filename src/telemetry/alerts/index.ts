/** @module Errcode and failure alerts: rules over sliding windows, sent to a WeCom, DingTalk or Feishu robot. */
export { AlertEventName, type AlertEvent, type AlertObserver } from './alert-event.js';
export { DEFAULT_ALERT_RULES, NEVER_ALERTED, buildAlertRules, type AlertRule } from './alert-rules.js';
export { buildRobotBody, robotFormatOf } from './build-robot-body.js';
export { createAlertWindows, type AlertNotice, type AlertWindows } from './create-alert-windows.js';
export { ALERT_DEFAULTS, createAlerts, type Alerts, type AlertsDeps } from './create-alerts.js';
