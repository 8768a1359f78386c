// proxy_set_effective_context, proxy_done and proxy_get_status (cpp-host src/exports.cc).
// The effective context lasts until the callback returns; an unknown id is BadArgument.
// get_status reads the root context's last callout status (Envoy context.cc getStatus: the code
// stays after a failed call, the message is cleared when its callback returns).
import { WasmResult } from "../abi/enums.js";
import { putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function contextControlCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_set_effective_context": (contextId: number) => {
      const id = contextId >>> 0;
      if (!env.contextById(id)) return WasmResult.BadArgument;
      env.vm.effectiveContextId = id;
      return WasmResult.Ok;
    },
    "env.proxy_done": () => env.done(env.context()),
    "env.proxy_get_status": (codePtr: number, msgPtr: number, msgLen: number) => {
      const callouts = env.context().root().callouts;
      if (!putU32(env.vm, codePtr, callouts.statusCode)) return WasmResult.InvalidMemoryAccess;
      return env.vm.returnBytes(Buffer.from(callouts.statusMessage, "utf8"), msgPtr, msgLen);
    },
  };
}
