/**
 * @module Products in the Mini Program's cloud database: a collection (default `products`) that the Mini
 * Program reads with `wx.cloud.database()`, one document per product
 * `{_id, title, price, stock, status, category, images, createdAt, updatedAt, holds}`.
 *
 * The cloud database has no transaction with the shop's SQL store, so stock is a saga step of its own,
 * made exactly once by markers on the product document: taking stock is one conditional update
 * `where({_id, stock: _.gte(q), holds: _.neq(orderId)}).update({stock: _.inc(-q), holds: _.push(orderId)})`;
 * after a crash or a lost answer the marker says whether it happened, and giving back is
 * `where({_id, holds: orderId}).update({stock: _.inc(q), holds: _.pull(orderId)})` — a second call matches
 * nothing. A paid order's marker is dropped (`commit`); a refund returns the stock under a marker of its
 * own (`refund:<order id>`), which stays on the document.
 */
import { randomUUID } from 'node:crypto';
import type { CloudDatabase, CollectionRef, QueryCommand, WhereFilter } from 'wegate/cloud';
import { shopProblem } from '../shop-errors.js';
import type { ProductStatus } from '../tables.js';
import type { Catalog, RemoteStock } from './catalog.js';
import {
  decodeCursor,
  encodeCursor,
  SORTS,
  type Product,
  type ProductInput,
  type ProductPage,
  type ProductQuery,
} from './catalog-store.js';

/** A product document as stored (the `_id` apart). */
export interface ProductDocument {
  title: string;
  price: number;
  stock: number;
  status: ProductStatus;
  category: string;
  images: string[];
  createdAt: number;
  updatedAt: number;
  /** Markers of the orders holding stock (and of refunds that returned it). */
  holds?: string[];
}

type Stored = ProductDocument & { readonly _id: string };

/** The SQL sort columns as document fields. */
const FIELDS = { created_at: 'createdAt', price: 'price' } as const;

const toProduct = (doc: Stored): Product => ({
  id: doc._id,
  title: doc.title,
  price: doc.price,
  stock: doc.stock,
  status: doc.status,
  category: doc.category,
  images: doc.images ?? [],
  createdAt: doc.createdAt,
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface CloudCatalogOptions {
  readonly database: CloudDatabase;
  /** The collection (default `products`). */
  readonly collection?: string;
}

type Products = CollectionRef<ProductDocument>;
type Commands = CloudDatabase['command'];

/** One conditional update; true when it changed a document. */
const changed = async (products: Products, filter: Record<string, unknown>, data: Record<string, unknown>) =>
  (await products.where(filter as WhereFilter<ProductDocument>).update(data)).modified > 0;

async function listDocuments(products: Products, _: Commands, query: ProductQuery): Promise<ProductPage> {
  const { column, direction } = SORTS[query.sort];
  const field = FIELDS[column];
  const filter: Record<string, unknown> = { status: query.status };
  if (query.category !== undefined) filter['category'] = query.category;
  if (query.q !== undefined && query.q !== '') filter['title'] = new RegExp(escapeRegExp(query.q), 'i');
  let where = filter as WhereFilter<ProductDocument> | QueryCommand;
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (cursor) {
    const [key, id] = cursor;
    const after = direction === 'asc' ? _.gt : _.lt;
    where = _.and([filter, _.or([{ [field]: after(key) }, { [field]: key, _id: after(id) }])]);
  }
  const { data } = await products
    .where(where)
    .orderBy(field, direction)
    .orderBy('_id', direction)
    .limit(query.limit + 1)
    .get();
  const page = data.slice(0, query.limit) as Stored[];
  const last = page.at(-1);
  const nextCursor = data.length > query.limit && last ? encodeCursor(last[field], last._id) : null;
  return { items: page.map(toProduct), nextCursor };
}

async function createDocument(
  products: Products,
  ensure: () => Promise<void>,
  input: ProductInput,
  now: number,
  id: string,
): Promise<string> {
  const doc: ProductDocument & { _id: string } = {
    _id: id,
    title: input.title,
    price: input.price,
    stock: input.stock,
    status: input.status ?? 'on_sale',
    category: input.category,
    images: input.images ?? [],
    createdAt: now,
    updatedAt: now,
    holds: [],
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await products.add(doc);
      return id;
    } catch (error) {
      // A product with this id already (a seed run twice, two instances seeding at once): kept as it is.
      if (
        await products
          .doc(id)
          .get()
          .catch(() => undefined)
      )
        return id;
      if (attempt === 2) throw error;
      // The collection may not exist yet (a product added before the start created it): create, try again.
      await ensure();
    }
  }
}

function cloudStock(products: Products, _: Commands): RemoteStock {
  return {
    async take(orderId, lines) {
      for (const { productId, quantity } of lines) {
        const took = await changed(
          products,
          { _id: productId, stock: _.gte(quantity), holds: _.neq(orderId) },
          { stock: _.inc(-quantity), holds: _.push([orderId]), updatedAt: Date.now() },
        );
        if (took) continue;
        const doc = (await products.doc(productId).get()) as Stored | undefined;
        if (!doc) throw shopProblem('ProductNotFound', `no product ${productId}`);
        // Taken by an earlier attempt whose answer was lost.
        if (doc.holds?.includes(orderId)) continue;
        throw shopProblem('OutOfStock', `out of stock: ${productId}`);
      }
    },
    async undo(orderId, lines) {
      for (const { productId, quantity } of lines) {
        await changed(
          products,
          { _id: productId, holds: orderId },
          { stock: _.inc(quantity), holds: _.pull(orderId), updatedAt: Date.now() },
        );
      }
    },
    async commit(orderId, lines) {
      for (const { productId } of lines)
        await changed(products, { _id: productId, holds: orderId }, { holds: _.pull(orderId) });
    },
    async restock(orderId, lines) {
      const marker = `refund:${orderId}`;
      for (const { productId, quantity } of lines) {
        await changed(
          products,
          { _id: productId, holds: _.neq(marker) },
          { stock: _.inc(quantity), holds: _.push([marker]), updatedAt: Date.now() },
        );
      }
    },
  };
}

export function cloudCatalog(options: CloudCatalogOptions): Catalog & { readonly remoteStock: RemoteStock } {
  const { database } = options;
  const _ = database.command;
  const name = options.collection ?? 'products';
  const products: Products = database.collection<ProductDocument>(name);
  const ensure = () => ensureCollection(database, name);
  return {
    source: 'cloud',
    list: (query) => listDocuments(products, _, query),
    async get(id) {
      const doc = (await products.doc(id).get()) as Stored | undefined;
      return doc ? toProduct(doc) : undefined;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const { data } = await products
        .where({ _id: _.in(ids) } as WhereFilter<ProductDocument>)
        .limit(ids.length)
        .get();
      return (data as Stored[]).map(toProduct);
    },
    create: (input, now, id = `p_${randomUUID()}`) => createDocument(products, ensure, input, now, id),
    async update(id, patch, now) {
      return (await products.doc(id).update({ ...patch, updatedAt: now })).matched > 0;
    },
    remoteStock: cloudStock(products, _),
  };
}

/** Creates the collection when it is missing (the sandbox's seed); an existing one is left alone. */
export async function ensureCollection(database: CloudDatabase, name = 'products'): Promise<void> {
  await database.collectionAdd(name).catch(() => undefined);
}
