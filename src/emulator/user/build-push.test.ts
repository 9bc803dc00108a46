import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../kernel/xml/index.js';
import { buildPush, PushInputError } from './build-push.js';
import { renderPushJson, renderPushXml } from './render-push.js';

const FIXTURES = new URL('../../../test/fixtures/callback/', import.meta.url);
const HEAD = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgId'];
const NOW = Date.UTC(2024, 4, 1, 2, 0, 0);
const BIG_ID = '9223372036854775807';
const deps = { now: NOW, msgId: () => BIG_ID };

const names = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));

function fixture(name: string) {
  const json = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Record<string, unknown>;
  const xml = parseXml(readFileSync(new URL(`${name}.xml`, FIXTURES), 'utf8'));
  const message = Object.fromEntries(Object.entries(json).filter(([k]) => !HEAD.includes(k)));
  return { json, xml, message };
}

const build = (message: Record<string, unknown>) =>
  buildPush({ originalId: 'gh_0123456789ab', openid: 'o_user', message }, deps);

describe('buildPush and its renderings', () => {
  it('covers every WeChat fixture (all message and event types)', () => {
    expect(names.length).toBeGreaterThanOrEqual(26);
  });

  it.each(names)('renders %s as the XML WeChat sends', (name) => {
    const { xml, message } = fixture(name);
    const expected: Record<string, unknown> = {
      ...xml,
      ToUserName: 'gh_0123456789ab',
      FromUserName: 'o_user',
      CreateTime: String(NOW / 1000),
    };
    if ('MsgId' in xml) expected['MsgId'] = BIG_ID;
    expect(parseXml(renderPushXml(build(message)))).toEqual(expected);
  });

  it.each(names)('renders %s as the JSON WeChat sends, numbers where WeChat has numbers', (name) => {
    const { json, message } = fixture(name);
    const rendered = renderPushJson(build(message));
    const { MsgId: _drop, ...rest } = json;
    const parsed = JSON.parse(rendered) as Record<string, unknown>;
    delete parsed['MsgId'];
    expect(parsed).toEqual({
      ...rest,
      ToUserName: 'gh_0123456789ab',
      FromUserName: 'o_user',
      CreateTime: NOW / 1000,
    });
    if ('MsgId' in json) expect(rendered).toContain(`"MsgId":${BIG_ID}`);
    else expect(rendered).not.toContain('MsgId');
  });

  it('writes integers bare and text in CDATA in XML', () => {
    const xml = renderPushXml(build({ MsgType: 'text', Content: 'hi ]]> there' }));
    expect(xml).toContain(`<CreateTime>${NOW / 1000}</CreateTime>`);
    expect(xml).toContain(`<MsgId>${BIG_ID}</MsgId>`);
    expect(xml).toContain('<Content><![CDATA[hi ]]]]><![CDATA[> there]]></Content>');
    expect(parseXml(xml)['Content']).toBe('hi ]]> there');
  });

  it('fills media defaults and ignores head fields given by the caller', () => {
    const push = build({ MsgType: 'image', ToUserName: 'evil', MsgId: '1', CreateTime: 5 });
    expect(push).toMatchObject({
      ToUserName: 'gh_0123456789ab',
      MsgId: BIG_ID,
      CreateTime: String(NOW / 1000),
    });
    expect(push['MediaId']).toMatch(/^[A-Za-z0-9_-]{60,}$/);
    expect(push['PicUrl']).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);
    expect(build({ Event: 'pic_weixin' })['SendPicsInfo']).toMatchObject({ Count: '1' });
  });

  it('accepts PicList as item wrapper and counts it', () => {
    const push = build({
      Event: 'pic_sysphoto',
      SendPicsInfo: { PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } },
    });
    expect(push['SendPicsInfo']).toEqual({ Count: '2', PicList: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] });
  });

  it('rejects messages WeChat could not have sent', () => {
    expect(() => build({ MsgType: 'text' })).toThrow(PushInputError);
    expect(() => build({})).toThrow(/MsgType/);
    expect(() => build({ Event: 'subscribe_msg_popup_event' })).toThrow(/List/);
    expect(() => build({ Event: 'subscribe_msg_sent_event', List: [{ MsgID: '1' }] })).toThrow(/TemplateId/);
    expect(() => build({ MsgType: 'text', Content: 'x', Extra: true })).toThrow(/Extra/);
    expect(() => build({ MsgType: 'text', Event: 'CLICK' })).toThrow(/MsgType event/);
  });
});
