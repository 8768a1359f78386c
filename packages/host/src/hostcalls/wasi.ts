// The old WASI set every host in use registers (cpp-host src/exports.cc wasi_unstable_*), under
// both `wasi_unstable` and `wasi_snapshot_preview1`: stdout/stderr writes become log lines,
// environment comes from vm_config.environment_variables, there are no arguments and no files,
// and proc_exit logs and returns.
import { LogLevel, WasiErrno } from "../abi/enums.js";
import { RANDOM_GET_MAX_BYTES } from "../abi/limits.js";
import { putU32, putU64 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function wasiCalls(env: HostCallEnv): HostCallGroup {
  // The VM exists only once instantiation is done: read it per call.
  const envStrings = () => [...env.environment].map(([k, v]) => Buffer.from(`${k}=${v}\0`, "utf8"));

  const calls: HostCallGroup = {
    fd_write: (fd: number, iovs: number, iovsLen: number, nwrittenPtr: number) => {
      const vm = env.vm;
      const level = fd === 1 ? LogLevel.Info : fd === 2 ? LogLevel.Error : null;
      if (level === null) return WasiErrno.BadF;
      const parts: Uint8Array[] = [];
      try {
        for (let i = 0; i < iovsLen >>> 0; i++) {
          const buf = vm.readU32(iovs + i * 8);
          const len = vm.readU32(iovs + i * 8 + 4);
          if (len !== 0) parts.push(vm.read(buf, len));
        }
      } catch {
        return WasiErrno.Fault;
      }
      const joined = Buffer.concat(parts);
      if (joined.length > 0) {
        const end = joined[joined.length - 1] === 0x0a ? joined.length - 1 : joined.length;
        env.log(level, joined.subarray(0, end).toString("utf8"));
      }
      return putU32(vm, nwrittenPtr, joined.length) ? WasiErrno.Success : WasiErrno.Fault;
    },
    fd_read: () => WasiErrno.NoSys,
    fd_seek: () => {
      env.hostLog(LogLevel.Trace, "wasi_unstable fd_seek");
      return WasiErrno.Success;
    },
    fd_close: () => {
      env.hostLog(LogLevel.Trace, "wasi_unstable fd_close");
      return WasiErrno.Success;
    },
    fd_fdstat_get: (fd: number, statPtr: number) => {
      const vm = env.vm;
      if (fd !== 1 && fd !== 2) return WasiErrno.BadF;
      // fs_filetype 0, fs_rights_base = FD_WRITE (64), inheriting 0; cpp-host ignores a bad pointer here.
      putU64(vm, statPtr, 0n);
      putU64(vm, statPtr + 8, 64n);
      putU64(vm, statPtr + 16, 0n);
      return WasiErrno.Success;
    },
    environ_get: (arrayPtr: number, bufPtr: number) => {
      const vm = env.vm;
      for (const s of envStrings()) {
        if (!putU32(vm, arrayPtr, bufPtr)) return WasiErrno.Fault;
        try {
          vm.write(bufPtr, s);
        } catch {
          return WasiErrno.Fault;
        }
        bufPtr += s.length;
        arrayPtr += 4;
      }
      return WasiErrno.Success;
    },
    environ_sizes_get: (countPtr: number, sizePtr: number) => {
      const vm = env.vm;
      const strings = envStrings();
      if (!putU32(vm, countPtr, strings.length)) return WasiErrno.Fault;
      if (
        !putU32(
          vm,
          sizePtr,
          strings.reduce((n, s) => n + s.length, 0),
        )
      )
        return WasiErrno.Fault;
      return WasiErrno.Success;
    },
    args_get: () => WasiErrno.Success,
    args_sizes_get: (argcPtr: number, sizePtr: number) =>
      putU32(env.vm, argcPtr, 0) && putU32(env.vm, sizePtr, 0) ? WasiErrno.Success : WasiErrno.Fault,
    clock_time_get: (clockId: number, _precision: bigint, resultPtr: number) => {
      const t = clockId === 0 ? env.nowNanos() : clockId === 1 ? env.monotonicNanos() : null;
      if (t === null) return WasiErrno.NotSup;
      return putU64(env.vm, resultPtr, t) ? WasiErrno.Success : WasiErrno.Fault;
    },
    random_get: (bufPtr: number, len: number) => {
      len >>>= 0;
      if (len > RANDOM_GET_MAX_BYTES) return WasiErrno.Inval;
      if (len === 0) return WasiErrno.Success;
      try {
        // Web Crypto (a global in Node and in browsers) keeps this file free of node: imports, so
        // the engine also runs in a page; its 64 KiB per-call cap equals RANDOM_GET_MAX_BYTES.
        env.vm.write(bufPtr, globalThis.crypto.getRandomValues(new Uint8Array(len)));
      } catch {
        return WasiErrno.Fault;
      }
      return WasiErrno.Success;
    },
    proc_exit: () => {
      env.hostLog(LogLevel.Trace, "wasi_unstable proc_exit");
    },
    path_open: () => WasiErrno.NoEnt,
    fd_prestat_get: () => WasiErrno.BadF,
    fd_prestat_dir_name: () => WasiErrno.NoSys,
  };

  const out: HostCallGroup = {};
  for (const module of ["wasi_unstable", "wasi_snapshot_preview1"]) {
    for (const [name, fn] of Object.entries(calls)) out[`${module}.${name}`] = fn;
  }
  return out;
}
