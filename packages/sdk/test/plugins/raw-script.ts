// A plugin on the SDK's context layer (no wrapper): every callback runs the steps its
// configuration lists for it (see lib/script.ts) and returns the action configured for it.
// It exercises the ABI exports, the context table and every proxywasm function.
export * from "@gatewasm/sdk/assembly/exports";
import {
  Context,
  DataAction,
  HeaderAction,
  JsonValue,
  RootContext,
  StreamContext,
  TrailerAction,
  parseJson,
  proxywasm,
  setRootFactory,
} from "@gatewasm/sdk";
import { runSteps } from "./lib/script";

let script: JsonValue = parseJson("{}");

function run(phase: string, detail: string): void {
  proxywasm.logInfo(phase + " " + detail);
  runSteps(script.get(phase), phase);
}

function action(phase: string): i32 {
  return <i32>script.get(phase + "Action").int(0);
}

class ScriptRoot extends RootContext {
  onVmStart(size: usize): bool {
    const vm = proxywasm.getVmConfiguration();
    proxywasm.logInfo(
      "onVmStart size=" + size.toString() + " config=" + (vm !== null ? String.UTF8.decode(vm) : "null"),
    );
    return true;
  }

  onConfigure(size: usize): bool {
    const bytes = proxywasm.getPluginConfiguration();
    script = parseJson<ArrayBuffer>(bytes !== null && bytes.byteLength != 0 ? bytes : String.UTF8.encode("{}"));
    const err = script.firstError();
    if (err !== null) {
      proxywasm.logError("bad script: " + err.toString());
      return false;
    }
    run("configure", "size=" + size.toString());
    return !script.get("failConfigure").bool(false);
  }

  onTick(): void {
    run("tick", "");
  }
  onQueueReady(queueId: u32): void {
    run("queueReady", "queue=" + queueId.toString());
  }
  onForeignFunction(functionId: u32, size: usize): void {
    run("foreignFunction", "id=" + functionId.toString());
  }

  createStreamContext(id: u32): Context | null {
    return new ScriptStream(id);
  }
}

class ScriptStream extends StreamContext {
  onRequestHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    run("requestHeaders", "n=" + numHeaders.toString() + " eos=" + (endOfStream ? "1" : "0"));
    return <HeaderAction>action("requestHeaders");
  }
  onRequestBody(size: usize, endOfStream: bool): DataAction {
    run("requestBody", "size=" + size.toString() + " eos=" + (endOfStream ? "1" : "0"));
    return <DataAction>action("requestBody");
  }
  onRequestTrailers(n: u32): TrailerAction {
    run("requestTrailers", "n=" + n.toString());
    return <TrailerAction>action("requestTrailers");
  }
  onResponseHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    run("responseHeaders", "n=" + numHeaders.toString() + " eos=" + (endOfStream ? "1" : "0"));
    return <HeaderAction>action("responseHeaders");
  }
  onResponseBody(size: usize, endOfStream: bool): DataAction {
    run("responseBody", "size=" + size.toString() + " eos=" + (endOfStream ? "1" : "0"));
    return <DataAction>action("responseBody");
  }
  onResponseTrailers(n: u32): TrailerAction {
    run("responseTrailers", "n=" + n.toString());
    return <TrailerAction>action("responseTrailers");
  }
  onLog(): void {
    run("log", "id=" + this.id.toString());
  }
  onDone(): bool {
    run("done", "id=" + this.id.toString());
    return true;
  }
  onDelete(): void {
    run("delete", "id=" + this.id.toString());
  }
}

setRootFactory((id: u32): RootContext => new ScriptRoot(id));
