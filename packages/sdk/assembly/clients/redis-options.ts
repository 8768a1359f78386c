// Higress's Redis init options (wrapper.WithDataBase, WithBufferFlushTimeout,
// WithMaxBufferSizeBeforeFlush, WithDisableBuffer), passed to RedisClient.initWithOptions:
//
//   config.client.initWithOptions(username, password, timeout, [withDataBase(1), withDisableBuffer()]);
//
// They shape the query of the cluster name given to proxy_redis_init, as Go builds it:
// `?db=N` (only when not 0), then `buffer_flush_timeout` (ms, default 3) and
// `max_buffer_size_before_flush` (bytes, default 1024); 0 turns either off.

export class RedisOptions {
  database: i32 = 0;
  bufferFlushTimeoutMs: i64 = 3;
  maxBufferSizeBeforeFlush: i64 = 1024;

  /** The `?…` part of the cluster name. */
  query(): string {
    const db = this.database != 0 ? "db=" + this.database.toString() + "&" : "";
    return (
      "?" +
      db +
      "buffer_flush_timeout=" +
      this.bufferFlushTimeoutMs.toString() +
      "&max_buffer_size_before_flush=" +
      this.maxBufferSizeBeforeFlush.toString()
    );
  }
}

export abstract class RedisOption {
  abstract applyTo(o: RedisOptions): void;
}

class DataBaseOption extends RedisOption {
  constructor(private readonly db: i32) {
    super();
  }
  applyTo(o: RedisOptions): void {
    o.database = this.db;
  }
}

class FlushTimeoutOption extends RedisOption {
  constructor(private readonly ms: i64) {
    super();
  }
  applyTo(o: RedisOptions): void {
    o.bufferFlushTimeoutMs = this.ms;
  }
}

class MaxBufferOption extends RedisOption {
  constructor(private readonly bytes: i64) {
    super();
  }
  applyTo(o: RedisOptions): void {
    o.maxBufferSizeBeforeFlush = this.bytes;
  }
}

class DisableBufferOption extends RedisOption {
  applyTo(o: RedisOptions): void {
    o.bufferFlushTimeoutMs = 0;
    o.maxBufferSizeBeforeFlush = 0;
  }
}

/** Go's WithDataBase: `SELECT`s database `db` on each connection (`?db=N`). */
export function withDataBase(db: i32): RedisOption {
  return new DataBaseOption(db);
}
/** Go's WithBufferFlushTimeout (a time.Duration there; milliseconds here). */
export function withBufferFlushTimeout(timeoutMs: i64): RedisOption {
  return new FlushTimeoutOption(timeoutMs);
}
/** Go's WithMaxBufferSizeBeforeFlush, in bytes. */
export function withMaxBufferSizeBeforeFlush(bytes: i64): RedisOption {
  return new MaxBufferOption(bytes);
}
/** Go's WithDisableBuffer: both limits 0, each command is sent at once. */
export function withDisableBuffer(): RedisOption {
  return new DisableBufferOption();
}

// The clients that were given options, with their query. Written only by
// RedisClient.initWithOptions: a plugin that never calls it keeps this null and the lookup in
// initClusterName is optimized away.
// (Typed Object, so the array classes are not in plugins that never call it.)
let optioned: Object | null = null;
let queries: Object | null = null;
// The lookup, reached through this table index: set by setClientQuery only, so in plugins that
// never call initWithOptions the lookup (and the array types it uses, which would add runtime
// type info) is never compiled and RedisClient's check folds away.
let lookup: usize = 0;

/** The query `client` was given (a string's address), or 0; without any, no call at all. */
export function queryOf(client: usize): usize {
  const f = lookup;
  return f != 0 ? call_indirect<usize>(load<u32>(f), client) : 0;
}

function lookupQuery(client: usize): usize {
  return changetype<usize>(clientQuery(changetype<Object>(client)));
}

export function setClientQuery(client: Object, query: string): void {
  let list: Array<Object>;
  let q: Array<string>;
  if (optioned === null || queries === null) {
    list = new Array<Object>();
    q = new Array<string>();
    optioned = list;
    queries = q;
  } else {
    list = changetype<Array<Object>>(optioned);
    q = changetype<Array<string>>(queries);
  }
  const i = list.indexOf(client);
  if (i >= 0) unchecked((q[i] = query));
  else {
    list.push(client);
    q.push(query);
    lookup = changetype<usize>(lookupQuery);
  }
}

/** The query given to `client` by initWithOptions; null if it was not given any. */
function clientQuery(client: Object): string | null {
  const o = optioned;
  const qs = queries;
  if (o === null || qs === null) return null;
  const list = changetype<Array<Object>>(o);
  const q = changetype<Array<string>>(qs);
  const i = list.indexOf(client);
  return i >= 0 ? unchecked(q[i]) : null;
}
