// The smallest useful plugin: adds one request header (size budget: 8 KB).
export * from "@gatewasm/sdk/assembly/exports";
import { HeaderAction, HttpContext, Log, processRequestHeadersBy, proxywasm, setCtx, types } from "@gatewasm/sdk";

class MyConfig {}

function onHttpRequestHeaders(ctx: HttpContext, config: MyConfig, log: Log): HeaderAction {
  proxywasm.addHttpRequestHeader("hello", "world");
  return types.HeaderContinue;
}

setCtx<MyConfig>("header-only", [processRequestHeadersBy<MyConfig>(onHttpRequestHeaders)]);
