/**
 * @module The shop with its audit records dropped: the default `@wegate/shop` plugin registered with an
 * audit log whose record calls do nothing. For bench:shop-audit only (WEGATE_PLUGINS=<this file>): it
 * measures what auditing costs the order path, and is never a way to run the shop.
 */
import shop from '@wegate/shop';

const dropped = async () => undefined;

export default {
  ...shop,
  register: (app, ctx) =>
    shop.register(app, { ...ctx, audit: { ...ctx.audit, record: dropped, recordInTransaction: dropped } }),
};
