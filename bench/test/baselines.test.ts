// The per-request ratio means something only if each raw-ABI baseline does what its plugin
// does on the benchmarked request: the same host calls in the same order, the same callout,
// the same answer to the client.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BenchVm } from "../src/engine/bench-vm.js";
import { HostCallCounter } from "../src/engine/host-call-counter.js";
import { baselineWasm, pluginWasm } from "../src/paths.js";
import { PLUGINS, hasBaseline, isBuilt } from "../src/plugins.js";

function trace(wasm: string, configuration: string, p: (typeof PLUGINS)[number]) {
  const counter = new HostCallCounter();
  const vm = counter.counted(() => BenchVm.start({ wasm: readFileSync(wasm), configuration, flavor: p.flavor }));
  vm.run(p.bench.request); // lazy set-up happens on the first request
  counter.reset();
  const outcome = vm.run(p.bench.request);
  const result = {
    outcome,
    sequence: [...counter.sequence],
    httpCall: vm.clusters.lastHttpCall && { ...vm.clusters.lastHttpCall, token: 0 },
    redisQuery: vm.clusters.lastRedisQuery && Buffer.from(vm.clusters.lastRedisQuery).toString(),
    failed: vm.failed,
  };
  vm.close();
  return result;
}

describe("raw-ABI baselines", () => {
  for (const p of PLUGINS.filter((x) => isBuilt(x) && hasBaseline(x))) {
    it(`${p.name}: same host calls, callout and answer as the plugin`, () => {
      const sdk = trace(pluginWasm(p.name), p.bench.configuration, p);
      const raw = trace(baselineWasm(p.name), "", p);
      expect(sdk.failed).toBe(false);
      expect(raw.failed).toBe(false);
      expect(raw.sequence).toEqual(sdk.sequence);
      expect(raw.outcome).toEqual(sdk.outcome);
      expect(raw.httpCall).toEqual(sdk.httpCall);
      expect(raw.redisQuery).toEqual(sdk.redisQuery);
    });
  }

  it("every built plugin has a baseline", () => {
    expect(PLUGINS.filter((x) => isBuilt(x) && !hasBaseline(x)).map((x) => x.name)).toEqual([]);
  });

  it("the no-op module makes no host call and imports nothing but the log", () => {
    const module = new WebAssembly.Module(readFileSync(baselineWasm("noop")));
    expect(WebAssembly.Module.imports(module).map((i) => i.name)).toEqual(["proxy_log"]);
    const counter = new HostCallCounter();
    const vm = counter.counted(() =>
      BenchVm.start({ wasm: readFileSync(baselineWasm("noop")), configuration: "", flavor: "envoy" }),
    );
    vm.run(PLUGINS[0].bench.request);
    expect(counter.sequence).toEqual([]);
  });
});
