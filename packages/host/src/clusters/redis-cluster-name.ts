// The cluster string Higress's redis_init takes: a cluster name, optionally followed by
// `?db=N&buffer_flush_timeout=MS&max_buffer_size_before_flush=BYTES` (wasm-go appends these,
// with 3 ms and 1024 bytes as defaults). redis_call takes the same string.

interface ParsedRedisCluster {
  name: string;
  options: { database: number; bufferFlushTimeoutMs: number; maxBufferSizeBeforeFlush: number };
}

export function parseRedisCluster(cluster: string): ParsedRedisCluster {
  const q = cluster.indexOf("?");
  const name = q < 0 ? cluster : cluster.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : cluster.slice(q + 1));
  const num = (key: string, fallback: number) => {
    const v = params.get(key);
    return v !== null && /^\d+$/.test(v) ? Number(v) : fallback;
  };
  return {
    name,
    options: {
      database: num("db", 0),
      bufferFlushTimeoutMs: num("buffer_flush_timeout", 3),
      maxBufferSizeBeforeFlush: num("max_buffer_size_before_flush", 1024),
    },
  };
}
