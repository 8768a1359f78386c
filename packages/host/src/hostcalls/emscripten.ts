// The `env` leftovers cpp-host registers for Emscripten-built modules (src/exports.cc
// pthread_equal, emscripten_notify_memory_growth): trivial answers, so such modules link.
import type { HostCallGroup } from "./host-call-env.js";

export function emscriptenCalls(): HostCallGroup {
  return {
    "env.pthread_equal": (a: number, b: number) => (a === b ? 1 : 0),
    "env.emscripten_notify_memory_growth": () => {},
  };
}
