/**
 * @module Counter and histogram for series updated on every request: an update is one map lookup and
 * a few adds (prom-client's own labels-object path validates, sorts and hashes the labels each time).
 * They register in a prom-client Registry and print exactly like its Counter and Histogram.
 */
import type { Metric, Registry } from 'prom-client';

interface SeriesOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly registry: Registry;
}

type Labels = Record<string, string>;
interface Value {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  sharedLabels?: Labels;
}

interface Entry<Cell> {
  readonly labels: Labels;
  readonly cell: Cell;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

abstract class HotSeries<Cell> {
  readonly aggregator = 'sum';
  // One map level per label: a lookup is a few Map.get calls, with no key string to build.
  private root = new Map<string, unknown>();
  protected entries: Array<Entry<Cell>> = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  // The last label values seen and their cell: a hot route repeats the same values request after request.
  private lastValues: readonly string[] = [];
  private lastCell: Cell | undefined;

  /** The cell of these label values (in `labelNames` order), created on first use. */
  protected cellOf(values: readonly string[]): Cell {
    if (this.lastCell !== undefined && sameValues(values, this.lastValues)) return this.lastCell;
    const cell = this.lookup(values);
    // A copy: the caller may reuse its array.
    this.lastValues = values.slice();
    this.lastCell = cell;
    return cell;
  }

  private lookup(values: readonly string[]): Cell {
    const last = this.labelNames.length - 1;
    if (values.length !== this.labelNames.length) {
      throw new TypeError(`${this.name}: expected ${this.labelNames.length} label values`);
    }
    let level = this.root;
    for (let i = 0; i < last; i += 1) {
      let next = level.get(values[i] as string) as Map<string, unknown> | undefined;
      if (!next) level.set(values[i] as string, (next = new Map()));
      level = next;
    }
    let entry = level.get(values[last] as string) as Entry<Cell> | undefined;
    if (!entry) {
      const labels = Object.fromEntries(this.labelNames.map((n, i) => [n, values[i] as string]));
      entry = { labels, cell: this.newCell() };
      level.set(values[last] as string, entry);
      this.entries.push(entry);
    }
    return entry.cell;
  }

  protected abstract newCell(): Cell;

  reset(): void {
    this.root = new Map();
    this.entries = [];
    this.lastValues = [];
    this.lastCell = undefined;
  }
}

export class HotCounter extends HotSeries<{ value: number }> {
  readonly type = 'counter';

  constructor(options: SeriesOptions) {
    super(options.name, options.help, options.labelNames, options.registry);
  }

  inc(values: readonly string[], by = 1): void {
    this.cellOf(values).value += by;
  }

  protected newCell() {
    return { value: 0 };
  }

  get() {
    const values: Value[] = this.entries.map(({ labels, cell }) => ({
      value: cell.value,
      labels,
    }));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

interface HistogramCell {
  readonly counts: number[];
  sum: number;
  count: number;
}

export class HotHistogram extends HotSeries<HistogramCell> {
  readonly type = 'histogram';
  private readonly bounds: readonly number[];

  constructor(options: SeriesOptions & { readonly buckets: readonly number[] }) {
    super(options.name, options.help, options.labelNames, options.registry);
    this.bounds = [...options.buckets].sort((a, b) => a - b);
  }

  observe(values: readonly string[], value: number): void {
    const cell = this.cellOf(values);
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i += 1;
    cell.counts[i] = (cell.counts[i] as number) + 1;
    cell.sum += value;
    cell.count += 1;
  }

  protected newCell(): HistogramCell {
    return { counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 };
  }

  get() {
    const values: Value[] = [];
    for (const { labels, cell } of this.entries) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += cell.counts[i] as number;
        values.push({
          value: cumulative,
          labels: { le },
          metricName: `${this.name}_bucket`,
          sharedLabels: labels,
        });
      });
      const inf = { le: '+Inf' };
      values.push({
        value: cell.count,
        labels: inf,
        metricName: `${this.name}_bucket`,
        sharedLabels: labels,
      });
      values.push({ value: cell.sum, labels, metricName: `${this.name}_sum` });
      values.push({ value: cell.count, labels, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
