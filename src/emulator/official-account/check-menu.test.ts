import { describe, expect, it } from 'vitest';
import { checkMenu } from './check-menu.js';

const click = (name: string, key = 'K') => ({ type: 'click', name, key });
const errcodeOf = (body: unknown) => {
  const result = checkMenu(body);
  return result.error ? result.error.errcode : 0;
};

describe('checkMenu', () => {
  it('keeps the fields each type uses and drops the rest', () => {
    const result = checkMenu({
      button: [
        { type: 'click', name: '今日歌曲', key: 'V1001', url: 'https://ignored.example' },
        {
          name: '菜单',
          type: 'click',
          sub_button: [
            { type: 'view', name: '搜索', url: 'https://www.soso.com/' },
            {
              type: 'miniprogram',
              name: 'wxa',
              url: 'https://mp.weixin.qq.com',
              appid: 'wx1',
              pagepath: 'p/i',
            },
          ],
        },
        { type: 'media_id', name: '图片', media_id: 'M1' },
      ],
    });
    expect(result.error).toBeUndefined();
    expect(result).toEqual({
      buttons: [
        { type: 'click', name: '今日歌曲', key: 'V1001' },
        {
          name: '菜单',
          sub_button: [
            { type: 'view', name: '搜索', url: 'https://www.soso.com/' },
            {
              type: 'miniprogram',
              name: 'wxa',
              url: 'https://mp.weixin.qq.com',
              appid: 'wx1',
              pagepath: 'p/i',
            },
          ],
        },
        { type: 'media_id', name: '图片', media_id: 'M1' },
      ],
    });
  });

  it('answers 40016 for no buttons or more than three', () => {
    expect(errcodeOf({})).toBe(40016);
    expect(errcodeOf({ button: [] })).toBe(40016);
    expect(errcodeOf({ button: [click('a'), click('b'), click('c'), click('d')] })).toBe(40016);
    expect(errcodeOf({ button: [click('a'), click('b'), click('c')] })).toBe(0);
  });

  it('answers 40023 for more than five sub buttons', () => {
    const subs = (n: number) => Array.from({ length: n }, (_, i) => click(`s${i}`));
    expect(errcodeOf({ button: [{ name: 'm', sub_button: subs(5) }] })).toBe(0);
    expect(errcodeOf({ button: [{ name: 'm', sub_button: subs(6) }] })).toBe(40023);
  });

  it('counts name limits in UTF-8 bytes: 16 on top (40018), 60 below (40025)', () => {
    expect(errcodeOf({ button: [click('一二三四五')] })).toBe(0); // 15 bytes
    expect(errcodeOf({ button: [click('一二三四五六')] })).toBe(40018); // 18 bytes
    expect(errcodeOf({ button: [{ name: 'm', sub_button: [click('字'.repeat(20))] }] })).toBe(0);
    expect(errcodeOf({ button: [{ name: 'm', sub_button: [click('字'.repeat(21))] }] })).toBe(40025);
    expect(errcodeOf({ button: [click('')] })).toBe(40018);
  });

  it('answers the type errcode of the level for unknown or missing types', () => {
    expect(errcodeOf({ button: [{ type: 'tap', name: 'x', key: 'k' }] })).toBe(40017);
    expect(errcodeOf({ button: [{ name: 'x' }] })).toBe(40017);
    expect(errcodeOf({ button: [{ name: 'm', sub_button: [{ type: 'tap', name: 'x' }] }] })).toBe(40024);
  });

  it('requires a key of at most 128 bytes for every click-like type', () => {
    for (const type of ['click', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'location_select']) {
      expect(errcodeOf({ button: [{ type, name: 'x' }] })).toBe(40019);
      expect(errcodeOf({ button: [{ name: 'm', sub_button: [{ type, name: 'x' }] }] })).toBe(40026);
    }
    expect(errcodeOf({ button: [click('x', 'k'.repeat(128))] })).toBe(0);
    expect(errcodeOf({ button: [click('x', 'k'.repeat(129))] })).toBe(40019);
  });

  it('requires a url for view (40020, 40027 below) and media ids for media buttons (40007)', () => {
    expect(errcodeOf({ button: [{ type: 'view', name: 'x' }] })).toBe(40020);
    expect(errcodeOf({ button: [{ type: 'view', name: 'x', url: `https://a/${'u'.repeat(1024)}` }] })).toBe(
      40020,
    );
    expect(errcodeOf({ button: [{ name: 'm', sub_button: [{ type: 'view', name: 'x' }] }] })).toBe(40027);
    expect(errcodeOf({ button: [{ type: 'media_id', name: 'x' }] })).toBe(40007);
    expect(errcodeOf({ button: [{ type: 'article_id', name: 'x' }] })).toBe(40097);
    expect(errcodeOf({ button: [{ type: 'miniprogram', name: 'x', url: 'https://a' }] })).toBe(40097);
  });
});
