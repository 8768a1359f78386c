// proxy_http_call (cpp-host src/exports.cc http_call, Envoy context.cc Context::httpCall).
// The call is made on the root context whatever the calling context; the token slot is
// zeroed first, so a bad slot is InvalidMemoryAccess before anything is sent.
import { WasmResult } from "../abi/enums.js";
import { decodePairs } from "../abi/pairs.js";
import { guestBytes, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function httpCallCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_http_call": (
      uPtr: number,
      uLen: number,
      hPtr: number,
      hLen: number,
      bPtr: number,
      bLen: number,
      tPtr: number,
      tLen: number,
      timeoutMs: number,
      retTok: number,
    ) => {
      const cluster = guestBytes(env.vm, uPtr, uLen);
      const body = guestBytes(env.vm, bPtr, bLen);
      const headers = guestBytes(env.vm, hPtr, hLen);
      const trailers = guestBytes(env.vm, tPtr, tLen);
      if (!cluster || !body || !headers || !trailers) return WasmResult.InvalidMemoryAccess;
      if (!putU32(env.vm, retTok, 0)) return WasmResult.InvalidMemoryAccess;
      const { result, token } = env.httpCall({
        cluster: Buffer.from(cluster).toString("utf8"),
        headers: decodePairs(headers),
        body,
        trailers: decodePairs(trailers),
        timeoutMs: timeoutMs | 0,
      });
      putU32(env.vm, retTok, token);
      return result;
    },
  };
}
