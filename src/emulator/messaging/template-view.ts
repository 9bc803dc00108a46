/** @module templateView: a registered template as `get_all_private_template` lists it. */
import type { TemplateDef } from './messaging-book.js';

/** The industry every emulated account is registered in (set once per account on WeChat). */
const INDUSTRY = { primary_industry: 'IT科技', deputy_industry: '互联网|电子商务' } as const;

export function templateView(def: TemplateDef) {
  return {
    template_id: def.templateId,
    title: def.title ?? def.templateId,
    ...INDUSTRY,
    // One `{{key.DATA}}` line per data key, the placeholders WeChat's template content uses.
    content: def.keys.map((key) => `{{${key}.DATA}}`).join('\n'),
    example: '',
  };
}
