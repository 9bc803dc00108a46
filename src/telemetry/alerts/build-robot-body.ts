/** @module The body a robot webhook takes: WeCom group robot, DingTalk or Feishu custom robot, or plain JSON. */
import type { AlertFormat } from '../../config/config.types.js';
import type { AlertNotice } from './create-alert-windows.js';

// WeCom's markdown content is at most 4096 bytes; the others take more, one bound keeps them alike.
const MAX_CONTENT_BYTES = 4000;

/** The format a webhook URL takes: by host, WeCom's for any host it does not know. */
export function robotFormatOf(url: string, forced?: AlertFormat): AlertFormat {
  if (forced) return forced;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return 'wecom';
  }
  if (host === 'oapi.dingtalk.com') return 'dingtalk';
  if (host === 'open.feishu.cn' || host.endsWith('.larksuite.com') || host === 'larksuite.com')
    return 'feishu';
  return 'wecom';
}

export function buildRobotBody(format: AlertFormat, notices: readonly AlertNotice[]): unknown {
  switch (format) {
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: title(notices), text: markdown(notices, false) } };
    case 'feishu':
      return { msg_type: 'text', content: { text: plainText(notices) } };
    case 'generic':
      return { source: 'wegate', alerts: notices.map(genericAlert) };
    default:
      return { msgtype: 'markdown', markdown: { content: markdown(notices, true) } };
  }
}

function title(notices: readonly AlertNotice[]): string {
  const firing = notices.filter((n) => n.status === 'firing').length;
  const resolved = notices.length - firing;
  const parts = [firing > 0 ? `${firing} firing` : '', resolved > 0 ? `${resolved} resolved` : ''];
  return `wegate alerts: ${parts.filter(Boolean).join(', ')}`;
}

function window(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function headline(n: AlertNotice): string {
  const where = [`app ${n.app}`, n.api === '' ? '' : n.api].filter(Boolean).join(' · ');
  return `${n.status === 'firing' ? 'FIRING' : 'RESOLVED'} ${n.rule.name} · ${where}`;
}

function detail(n: AlertNotice): string {
  const count = `${n.count} since ${new Date(n.startsAt).toISOString()}`;
  const threshold = `threshold ${n.rule.threshold} in ${window(n.rule.windowS)}`;
  return `${n.rule.summary}; ${count} (${threshold})`;
}

/** WeCom renders `<font color>`; DingTalk's markdown does not, so it gets the bare words. */
function markdown(notices: readonly AlertNotice[], colours: boolean): string {
  const lines = notices.map((n) => {
    const [status, ...rest] = headline(n).split(' ');
    const colour = n.status === 'firing' ? 'warning' : 'info';
    const mark = colours ? `<font color="${colour}">${status}</font>` : `**${status}**`;
    return `> ${mark} ${rest.join(' ')}\n> ${detail(n)}`;
  });
  return bounded(`**${title(notices)}**`, lines, '\n');
}

function plainText(notices: readonly AlertNotice[]): string {
  return bounded(
    title(notices),
    notices.map((n) => `${headline(n)}\n  ${detail(n)}`),
    '\n',
  );
}

/** Lines that fit in MAX_CONTENT_BYTES, then how many were left out. */
function bounded(head: string, lines: readonly string[], sep: string): string {
  let text = head;
  for (const [i, line] of lines.entries()) {
    const more = `${sep}… and ${lines.length - i} more`;
    if (Buffer.byteLength(text + sep + line + more) > MAX_CONTENT_BYTES) return text + more;
    text += sep + line;
  }
  return text;
}

function genericAlert(n: AlertNotice) {
  return {
    status: n.status,
    rule: n.rule.name,
    app: n.app,
    api: n.api,
    ...(n.rule.errcode === undefined ? {} : { errcode: n.rule.errcode }),
    event: n.rule.event,
    count: n.count,
    threshold: n.rule.threshold,
    windowS: n.rule.windowS,
    summary: n.rule.summary,
    startsAt: new Date(n.startsAt).toISOString(),
    ...(n.endsAt === undefined ? {} : { endsAt: new Date(n.endsAt).toISOString() }),
  };
}
