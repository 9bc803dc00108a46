/**
 * @module Where the products live, behind one interface: the SQL store (stock moves inside the order's
 * transaction) or the Mini Program's cloud database (stock moves by conditional updates of the product
 * document, a saga step of its own; see cloud-catalog.ts).
 */
import type { ShopDb } from '../tables.js';
import {
  createProduct,
  getProduct,
  getProducts,
  listProducts,
  updateProduct,
  type Product,
  type ProductInput,
  type ProductPage,
  type ProductQuery,
} from './catalog-store.js';
import type { Line } from '../orders/saga-steps.js';

export interface Catalog {
  readonly source: 'sql' | 'cloud';
  list(query: ProductQuery): Promise<ProductPage>;
  get(id: string): Promise<Product | undefined>;
  /** The products of these ids that exist, whatever their status. */
  getMany(ids: readonly string[]): Promise<Product[]>;
  /** The new product's id; with `id` given, a product that already has it is left as it is. */
  create(input: ProductInput, now: number, id?: string): Promise<string>;
  /** True when the product exists (and was changed). */
  update(id: string, patch: Partial<ProductInput>, now: number): Promise<boolean>;
  /** Stock outside the SQL store (cloud source); undefined when it moves in the order's SQL transaction. */
  readonly remoteStock?: RemoteStock;
}

/**
 * Stock held in another system, moved exactly once per order by markers kept on the product document:
 * each call is one atomic conditional update, safe to repeat after a crash or a lost answer.
 */
export interface RemoteStock {
  /** Takes every line's stock for the order (marker: the order id); throws OutOfStock / ProductNotFound. */
  take(orderId: string, lines: readonly Line[]): Promise<void>;
  /** Gives back what `take` took for the order (only where its marker is), and drops the marker. */
  undo(orderId: string, lines: readonly Line[]): Promise<void>;
  /** The order was paid: its stock stays taken; drops the marker. */
  commit(orderId: string, lines: readonly Line[]): Promise<void>;
  /** Returns a paid order's stock (a refund), once (marker `refund:<order id>`). */
  restock(orderId: string, lines: readonly Line[]): Promise<void>;
}

export function sqlCatalog(db: ShopDb): Catalog {
  return {
    source: 'sql',
    list: (query) => listProducts(db, query),
    get: (id) => getProduct(db, id),
    getMany: (ids) => getProducts(db, ids),
    create: (input, now, id) => createProduct(db, input, now, id),
    update: (id, patch, now) => updateProduct(db, id, patch, now),
  };
}
