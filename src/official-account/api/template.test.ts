import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createTemplate, type TemplateApi } from './template.js';

const OA = { appid: 'wxtplapi000000001' };
let e: EmulatedApi;
let template: TemplateApi;

beforeAll(async () => {
  e = await startEmulatedApi(OA.appid);
  template = createTemplate({ api: e.api });
  e.h.world.messaging.putTemplate({ appid: OA.appid, templateId: 'T_ORDER', keys: ['first', 'keyword1'] });
  e.h.world.messaging.putTemplate({ appid: OA.appid, templateId: 'T_SHIP', keys: ['thing1'], title: '发货' });
});
afterAll(() => e.close());

describe('template list API methods against the emulator', () => {
  it('lists the account templates with their placeholders', async () => {
    const { template_list } = await template.getAllPrivateTemplate();
    expect(template_list.map((t) => [t.template_id, t.title])).toEqual([
      ['T_ORDER', 'T_ORDER'],
      ['T_SHIP', '发货'],
    ]);
    expect(template_list[0]!.content).toBe('{{first.DATA}}\n{{keyword1.DATA}}');
  });

  it('deletes a template once; a second delete answers 40037', async () => {
    await template.delPrivateTemplate('T_ORDER');
    expect(e.h.world.messaging.template(OA.appid, 'T_ORDER')).toBeUndefined();
    const again = await template.delPrivateTemplate('T_ORDER').catch((error: unknown) => error);
    expect(isWeChatApiError(again, 40037)).toBe(true);
    expect((await template.getAllPrivateTemplate()).template_list.map((t) => t.template_id)).toEqual([
      'T_SHIP',
    ]);
  });
});
