// Numeric ids (context ids, callout tokens) to values, for the long-lived tables of a VM that
// gain and lose an entry on every request.
//
// Not a Map: V8 compacts a Map that keeps deleting by moving it to a new backing table, and
// the old table keeps a link to the new one (for live iterators). Once one of those tables has
// been promoted to the old generation, the dead table's link is a root for every young-
// generation collection until the next full one, so each newer table, and every stream it
// held, survives and is promoted. Under load that promoted nearly every finished stream of the
// gateway (its filter references the whole stream: headers, router, sockets), costing a full
// mark-compact every fraction of a second (docs/benchmarks.md, "Gateway throughput"). An
// object with integer keys is a plain hash table whose old copies link to nothing.
export class IdTable<V> {
  private entries: Record<number, V> = Object.create(null);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): V | undefined {
    return this.entries[id];
  }

  has(id: number): boolean {
    return id in this.entries;
  }

  set(id: number, value: V): void {
    if (!(id in this.entries)) this.count++;
    this.entries[id] = value;
  }

  delete(id: number): boolean {
    if (!(id in this.entries)) return false;
    delete this.entries[id];
    this.count--;
    return true;
  }

  clear(): void {
    this.entries = Object.create(null);
    this.count = 0;
  }

  /** Ids in ascending order. */
  keys(): number[] {
    return Object.keys(this.entries).map(Number);
  }

  values(): V[] {
    return Object.values(this.entries);
  }
}
