// Shared data and shared queues (cpp-host src/exports.cc get/set_shared_data,
// register/resolve/enqueue/dequeue_shared_queue; src/shared_data.cc, src/shared_queue.cc).
// Both are process-wide and keyed by vm_id (see process/).
import { WasmResult } from "../abi/enums.js";
import { guestBytes, guestString, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function sharedDataCalls(env: HostCallEnv): HostCallGroup {
  const store = env.process.sharedData;
  const queues = env.process.sharedQueues;
  return {
    "env.proxy_get_shared_data": (kPtr: number, kLen: number, retPtr: number, retLen: number, casPtr: number) => {
      const key = guestString(env.vm, kPtr, kLen);
      if (key === null) return WasmResult.InvalidMemoryAccess;
      const entry = store.get(env.vmId, key);
      if (!entry) return WasmResult.NotFound;
      const r = env.vm.returnBytes(entry.value, retPtr, retLen);
      if (r !== WasmResult.Ok) return r;
      return putU32(env.vm, casPtr, entry.cas) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_set_shared_data": (kPtr: number, kLen: number, vPtr: number, vLen: number, cas: number) => {
      const key = guestString(env.vm, kPtr, kLen);
      const value = guestBytes(env.vm, vPtr, vLen);
      if (key === null || value === null) return WasmResult.InvalidMemoryAccess;
      return store.set(env.vmId, key, value, cas >>> 0);
    },
    "env.proxy_register_shared_queue": (nPtr: number, nLen: number, retTok: number) => {
      const name = guestString(env.vm, nPtr, nLen);
      if (name === null) return WasmResult.InvalidMemoryAccess;
      const token = env.registerQueue(env.context(), name);
      return putU32(env.vm, retTok, token) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_resolve_shared_queue": (vPtr: number, vLen: number, nPtr: number, nLen: number, retTok: number) => {
      const vmId = guestString(env.vm, vPtr, vLen);
      const name = guestString(env.vm, nPtr, nLen);
      if (vmId === null || name === null) return WasmResult.InvalidMemoryAccess;
      const token = queues.resolve(vmId === "" ? env.vmId : vmId, name);
      if (token === 0) return WasmResult.NotFound;
      return putU32(env.vm, retTok, token) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_enqueue_shared_queue": (token: number, ptr: number, len: number) => {
      const data = guestBytes(env.vm, ptr, len);
      if (data === null) return WasmResult.InvalidMemoryAccess;
      return queues.enqueue(token >>> 0, data);
    },
    "env.proxy_dequeue_shared_queue": (token: number, retPtr: number, retLen: number) => {
      const { result, data } = queues.dequeue(token >>> 0);
      if (result !== WasmResult.Ok) return result;
      return env.vm.returnBytes(data!, retPtr, retLen);
    },
  };
}
