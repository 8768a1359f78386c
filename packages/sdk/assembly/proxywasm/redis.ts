// Higress's Redis extension. Only Higress's Envoy provides these imports: a plugin that calls
// anything here does not load on stock Envoy, and one that does not call them does not import
// them (AssemblyScript drops unused imports). The wrapper's RedisClient builds on these.
import { proxy_redis_call, proxy_redis_init } from "../abi/higress";
import { BufferType, WasmResult } from "../abi/enums";
import { RETURN_EXTRA, utf8 } from "../abi/memory";
import { encodeScratch, releaseScratch, scratchA, scratchALength } from "../abi/scratch";
import { Callout, registerCallout } from "./callouts";
import { getBuffer } from "./buffer";

/**
 * Initializes the Redis client of `cluster` (which may end in `?db=N&…`). BadArgument means
 * the cluster does not exist.
 */
export function redisInit(cluster: string, username: string, password: string, timeoutMs: u32): WasmResult {
  const c = utf8(cluster);
  const u = utf8(username);
  const p = utf8(password);
  return <WasmResult>(
    proxy_redis_init(
      changetype<usize>(c),
      c.byteLength,
      changetype<usize>(u),
      u.byteLength,
      changetype<usize>(p),
      p.byteLength,
      timeoutMs,
    )
  );
}

/** Sends a RESP-encoded `query`; `callout.onRedisCallResponse` runs with the answer. */
export function dispatchRedisCall(cluster: string, query: ArrayBuffer, callout: Callout): WasmResult {
  encodeScratch(cluster);
  store<u32>(RETURN_EXTRA, 0);
  const r = <WasmResult>(
    proxy_redis_call(scratchA, scratchALength, changetype<usize>(query), query.byteLength, RETURN_EXTRA)
  );
  releaseScratch();
  if (r != WasmResult.Ok) return r;
  registerCallout(load<u32>(RETURN_EXTRA), callout);
  return WasmResult.Ok;
}

/** The raw RESP reply; only inside the call's callback. */
export function getRedisCallResponse(start: u32, maxSize: u32): ArrayBuffer | null {
  return getBuffer(BufferType.RedisCallResponse, start, maxSize);
}
