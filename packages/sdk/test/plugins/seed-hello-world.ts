// The seed's second example (a plugin with no configuration), translated line for line.
export * from "@gatewasm/sdk/assembly/exports";
import { HeaderAction, HttpContext, Log, processRequestHeadersBy, proxywasm, setCtx, types } from "@gatewasm/sdk";

class MyConfig {}

function onHttpRequestHeaders(ctx: HttpContext, config: MyConfig, log: Log): HeaderAction {
  proxywasm.sendHttpResponse(200, null, "hello world", -1);
  return types.HeaderContinue;
}

setCtx<MyConfig>("hello-world", [processRequestHeadersBy<MyConfig>(onHttpRequestHeaders)]);
