// Metrics (Envoy context.cc defineMetric / incrementMetric / recordMetric / getMetric).
// Ids are per VM and step by 4 with the type in the low two bits (counter 4, 8, …; gauge 5,
// 9, …; histogram 6, 10, …). A counter increment must be > 0; a gauge increment may be
// negative; record adds to a counter and sets a gauge; get on a histogram is BadArgument.
import { MetricType, WasmResult } from "../abi/enums.js";
import { guestString, putU32, putU64 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function metricCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_define_metric": (type: number, nPtr: number, nLen: number, retId: number) => {
      const name = guestString(env.vm, nPtr, nLen);
      if (name === null) return WasmResult.InvalidMemoryAccess;
      const id = env.metrics.define(type >>> 0, name);
      if (id === null) return WasmResult.BadArgument;
      return putU32(env.vm, retId, id) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_increment_metric": (id: number, offset: bigint) => {
      const type = (id >>> 0) & 3;
      const stat = env.metrics.get(id >>> 0);
      if (type === MetricType.Counter) {
        if (!stat) return WasmResult.NotFound;
        if (offset <= 0n) return WasmResult.BadArgument;
        stat.value = BigInt.asUintN(64, stat.value + offset);
        return WasmResult.Ok;
      }
      if (type === MetricType.Gauge) {
        if (!stat) return WasmResult.NotFound;
        stat.value = BigInt.asUintN(64, stat.value + offset);
        return WasmResult.Ok;
      }
      return WasmResult.BadArgument;
    },
    "env.proxy_record_metric": (id: number, value: bigint) => {
      const stat = env.metrics.get(id >>> 0);
      if (!stat) return WasmResult.NotFound;
      const v = BigInt.asUintN(64, value);
      if (stat.kind === "counter") stat.value = BigInt.asUintN(64, stat.value + v);
      else if (stat.kind === "gauge") stat.value = v;
      else stat.samples.push(v);
      return WasmResult.Ok;
    },
    "env.proxy_get_metric": (id: number, retPtr: number) => {
      const type = (id >>> 0) & 3;
      if (type !== MetricType.Counter && type !== MetricType.Gauge) return WasmResult.BadArgument;
      const stat = env.metrics.get(id >>> 0);
      if (!stat) return WasmResult.NotFound;
      return putU64(env.vm, retPtr, stat.value) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
  };
}
