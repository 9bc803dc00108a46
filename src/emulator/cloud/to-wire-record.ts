/** @module toWireRecord: a stored document as the JSON string the tcb APIs put in `data`. */

/** Dates travel as Extended JSON `{"$date": "<ISO>"}`, as the cloud database encodes them. */
export function toWireRecord(doc: unknown): string {
  return JSON.stringify(doc, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
  });
}
