/** @module GET /api/shop/products(/:id) through the cache; POST/PATCH /api/shop/admin/products behind the admin key. */
import { ok } from 'wegate/server';
import { shopProblem } from '../shop-errors.js';
import type { Shop, ShopApp } from '../shop-context.js';
import { createCacheAside, type CacheAside, type CachePolicy } from './cache-aside.js';
import { SORTS, type ProductInput, type ProductQuery, type SortName } from './catalog-store.js';

const LIST_POLICY: CachePolicy = { ttlMs: 10_000, negativeTtlMs: 10_000, staleMs: 5 * 60_000 };
const PRODUCT_POLICY: CachePolicy = { ttlMs: 30_000, negativeTtlMs: 15_000, staleMs: 5 * 60_000 };

const STATUS = { type: 'string', enum: ['on_sale', 'off_sale'] } as const;
const listSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      category: { type: 'string', maxLength: 64 },
      q: { type: 'string', maxLength: 64 },
      status: STATUS,
      sort: { type: 'string', enum: Object.keys(SORTS) },
      cursor: { type: 'string', maxLength: 256 },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
    },
  },
} as const;
const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['id'],
} as const;
const productFields = {
  title: { type: 'string', minLength: 1, maxLength: 120 },
  price: { type: 'integer', minimum: 1, maximum: 100_000_000 },
  stock: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
  category: { type: 'string', minLength: 1, maxLength: 64 },
  status: STATUS,
  images: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 512 } },
} as const;

interface ListQuery extends Partial<Omit<ProductQuery, 'sort' | 'status' | 'limit'>> {
  sort?: SortName;
  status?: ProductQuery['status'];
  limit?: number;
}

const createSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    properties: productFields,
    required: ['title', 'price', 'stock', 'category'],
  },
} as const;
const patchSchema = {
  params: idParams,
  body: { type: 'object', additionalProperties: false, properties: productFields, minProperties: 1 },
} as const;

/** The envelope around a cached value's JSON text, sent as it is (a hit is never parsed and rewritten). */
function sendCached<R>(reply: { type(contentType: string): { send(payload: string): R } }, json: string): R {
  return reply.type('application/json; charset=utf-8').send(`{"code":0,"message":"ok","data":${json}}`);
}

export function registerCatalogRoutes(app: ShopApp, shop: Shop): void {
  const { catalog } = shop;
  const cache = createCacheAside({
    cache: shop.ctx.cache,
    prefix: 'shop:catalog',
    onResult: (name, result) => shop.metrics.cache.inc({ cache: name, result }),
  });

  app.get<{ Querystring: ListQuery }>(
    '/api/shop/products',
    { schema: listSchema },
    async (request, reply) => {
      const { sort = 'newest', status = 'on_sale', limit = 20, ...rest } = request.query;
      const query: ProductQuery = { ...rest, sort, status, limit };
      const key = JSON.stringify([
        query.status,
        query.category,
        query.q,
        query.sort,
        query.cursor,
        query.limit,
      ]);
      const json = await cache.getJson('list', key, () => catalog.list(query), LIST_POLICY);
      return sendCached(reply, json ?? 'null');
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/shop/products/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      const json = await cache.getJson('product', id, () => catalog.get(id), PRODUCT_POLICY);
      if (json === undefined) throw shopProblem('ProductNotFound');
      return sendCached(reply, json);
    },
  );
  registerCatalogAdmin(app, shop, cache);
}

/** Catalog management behind WEGATE_ADMIN_KEY; each change invalidates every instance's cached entries. */
function registerCatalogAdmin(app: ShopApp, shop: Shop, cache: CacheAside): void {
  const { catalog, now } = shop;
  const preHandler = shop.ctx.requireAdmin;
  app.post<{ Body: ProductInput }>(
    '/api/shop/admin/products',
    { preHandler, schema: createSchema },
    async (request, reply) => {
      const id = await catalog.create(request.body, now());
      await cache.invalidate();
      return reply.code(201).send(ok({ id }));
    },
  );
  app.patch<{ Params: { id: string }; Body: Partial<ProductInput> }>(
    '/api/shop/admin/products/:id',
    { preHandler, schema: patchSchema },
    async (request) => {
      const { id } = request.params;
      if (!(await catalog.update(id, request.body, now()))) throw shopProblem('ProductNotFound');
      await cache.invalidate();
      return ok(await catalog.get(id));
    },
  );
}
