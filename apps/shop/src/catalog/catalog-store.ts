/** @module Products in the SQL store: the filtered, sorted, cursor-paged list and single rows. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ProductStatus, ProductsTable, ShopDb } from '../tables.js';

/** The sorts a caller may ask for; anything else is refused by the route's schema. */
export const SORTS = {
  newest: { column: 'created_at', direction: 'desc' },
  price_asc: { column: 'price', direction: 'asc' },
  price_desc: { column: 'price', direction: 'desc' },
} as const;
export type SortName = keyof typeof SORTS;

export interface ProductQuery {
  readonly category?: string;
  readonly q?: string;
  readonly status: ProductStatus;
  readonly sort: SortName;
  readonly cursor?: string;
  readonly limit: number;
}

export interface Product {
  readonly id: string;
  readonly title: string;
  readonly price: number;
  readonly stock: number;
  readonly status: ProductStatus;
  readonly category: string;
  readonly images: string[];
  readonly createdAt: number;
}

export interface ProductPage {
  readonly items: Product[];
  readonly nextCursor: string | null;
}

export const toProduct = (row: ProductsTable): Product => ({
  id: row.id,
  title: row.title,
  price: row.price,
  stock: row.stock,
  status: row.status,
  category: row.category,
  images: JSON.parse(row.images) as string[],
  createdAt: row.created_at,
});

export const encodeCursor = (key: number, id: string) =>
  Buffer.from(JSON.stringify([key, id])).toString('base64url');

/** The sort key and id after which the page starts; undefined for a cursor that is not ours. */
export function decodeCursor(cursor: string): [number, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // not base64url JSON: below
  }
  return undefined;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listProducts(db: ShopDb, query: ProductQuery): Promise<ProductPage> {
  const { column, direction } = SORTS[query.sort];
  const after = direction === 'asc' ? '>' : '<';
  let select = db.selectFrom('shop_products').selectAll().where('status', '=', query.status);
  if (query.category !== undefined) select = select.where('category', '=', query.category);
  if (query.q !== undefined && query.q !== '') {
    // Case-insensitive on both dialects; the caller's % and _ are literal.
    select = select.where(sql<boolean>`lower(title) like lower(${likePattern(query.q)}) escape '\\'`);
  }
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (cursor) {
    const [key, id] = cursor;
    select = select.where((eb) =>
      eb.or([eb(column, after, key), eb.and([eb(column, '=', key), eb('id', after, id)])]),
    );
  }
  const rows = await select
    .orderBy(column, direction)
    .orderBy('id', direction)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor(last[column], last.id) : null;
  return { items: page.map(toProduct), nextCursor };
}

export async function getProducts(db: ShopDb, ids: readonly string[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('shop_products').selectAll().where('id', 'in', ids).execute();
  return rows.map(toProduct);
}

export async function getProduct(db: ShopDb, id: string): Promise<Product | undefined> {
  const row = await db.selectFrom('shop_products').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toProduct(row) : undefined;
}

export interface ProductInput {
  readonly title: string;
  readonly price: number;
  readonly stock: number;
  readonly category: string;
  readonly status?: ProductStatus;
  readonly images?: string[];
}

export async function createProduct(db: ShopDb, input: ProductInput, now: number, id = `p_${randomUUID()}`) {
  await db
    .insertInto('shop_products')
    .values({
      id,
      title: input.title,
      price: input.price,
      stock: input.stock,
      category: input.category,
      status: input.status ?? 'on_sale',
      images: JSON.stringify(input.images ?? []),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}

/** True when the product exists (and was changed). */
export async function updateProduct(db: ShopDb, id: string, patch: Partial<ProductInput>, now: number) {
  const { images, ...fields } = patch;
  const result = await db
    .updateTable('shop_products')
    .set({ ...fields, ...(images === undefined ? {} : { images: JSON.stringify(images) }), updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
