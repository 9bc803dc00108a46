import { describe, expect, it } from 'vitest';
import { buildAlertRules } from './alert-rules.js';
import { buildRobotBody, robotFormatOf } from './build-robot-body.js';
import type { AlertNotice } from './create-alert-windows.js';

const rule = buildAlertRules().find((r) => r.name === 'token-invalid')!;
const firing: AlertNotice = {
  status: 'firing',
  rule,
  app: 'oa',
  api: '/cgi-bin/menu/get',
  count: 12,
  startsAt: Date.UTC(2026, 0, 2, 3, 4, 5),
};
const resolved: AlertNotice = { ...firing, status: 'resolved', endsAt: Date.UTC(2026, 0, 2, 3, 9, 5) };

describe('robot bodies', () => {
  it('chooses the format by the webhook host, WeCom for any other, and a forced format first', () => {
    expect(robotFormatOf('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k')).toBe('wecom');
    expect(robotFormatOf('https://oapi.dingtalk.com/robot/send?access_token=t')).toBe('dingtalk');
    expect(robotFormatOf('https://open.feishu.cn/open-apis/bot/v2/hook/abc')).toBe('feishu');
    expect(robotFormatOf('https://open.larksuite.com/open-apis/bot/v2/hook/abc')).toBe('feishu');
    expect(robotFormatOf('http://127.0.0.1:9000/hook')).toBe('wecom');
    expect(robotFormatOf('not a url')).toBe('wecom');
    expect(robotFormatOf('https://open.feishu.cn/open-apis/bot/v2/hook/abc', 'generic')).toBe('generic');
  });

  it('writes a WeCom group-robot markdown message with every notice', () => {
    const body = buildRobotBody('wecom', [firing, resolved]) as {
      msgtype: string;
      markdown: { content: string };
    };
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown']);
    const { content } = body.markdown;
    expect(content.split('\n')[0]).toBe('**wegate alerts: 1 firing, 1 resolved**');
    expect(content).toContain(
      '<font color="warning">FIRING</font> token-invalid · app oa · /cgi-bin/menu/get',
    );
    expect(content).toContain('<font color="info">RESOLVED</font> token-invalid');
    expect(content).toContain('12 since 2026-01-02T03:04:05.000Z (threshold 10 in 5 min)');
  });

  it('writes DingTalk markdown with a title, Feishu text, and a generic JSON list', () => {
    const ding = buildRobotBody('dingtalk', [firing]) as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(ding.msgtype).toBe('markdown');
    expect(ding.markdown.title).toBe('wegate alerts: 1 firing');
    expect(ding.markdown.text).toContain('**FIRING** token-invalid');
    expect(ding.markdown.text).not.toContain('<font');
    const feishu = buildRobotBody('feishu', [resolved]) as { msg_type: string; content: { text: string } };
    expect(feishu.msg_type).toBe('text');
    expect(feishu.content.text.split('\n')[0]).toBe('wegate alerts: 1 resolved');
    expect(buildRobotBody('generic', [resolved])).toEqual({
      source: 'wegate',
      alerts: [
        {
          status: 'resolved',
          rule: 'token-invalid',
          app: 'oa',
          api: '/cgi-bin/menu/get',
          errcode: 40001,
          event: 'wechat.errcode',
          count: 12,
          threshold: 10,
          windowS: 300,
          summary: rule.summary,
          startsAt: '2026-01-02T03:04:05.000Z',
          endsAt: '2026-01-02T03:09:05.000Z',
        },
      ],
    });
  });

  it('keeps a message under WeCom’s 4096-byte markdown limit and says how many were left out', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ ...firing, api: `/cgi-bin/path/${i}` }));
    const { content } = (buildRobotBody('wecom', many) as { markdown: { content: string } }).markdown;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4000);
    const shown = content.split('\n').filter((l) => l.includes('FIRING')).length;
    expect(content.endsWith(`… and ${200 - shown} more`)).toBe(true);
    expect(shown).toBeGreaterThan(5);
  });
});
