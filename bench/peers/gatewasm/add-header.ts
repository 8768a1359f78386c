// The add-one-header plugin on gatewasm's SDK (the wrapper layer, as a plugin author writes
// it): adds `hello: world` to every request, as mock does for the benchmarked request.
export * from "@gatewasm/sdk/assembly/exports";
import { HeaderAction, HttpContext, Log, processRequestHeadersBy, proxywasm, setCtx } from "@gatewasm/sdk";

class AddHeaderConfig {}

function onHttpRequestHeaders(ctx: HttpContext, config: AddHeaderConfig, log: Log): HeaderAction {
  proxywasm.addHttpRequestHeader("hello", "world");
  return HeaderAction.Continue;
}

setCtx<AddHeaderConfig>("add-header", [processRequestHeadersBy<AddHeaderConfig>(onHttpRequestHeaders)]);
