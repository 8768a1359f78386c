// hello-world: every request is answered `200 hello world` (the seed's no-config plugin).
export * from "@gatewasm/sdk/assembly/exports";
import { proxywasm, setCtx, processRequestHeadersBy, HttpContext, Log, HeaderAction, types } from "@gatewasm/sdk";

class MyConfig {}

function onHttpRequestHeaders(ctx: HttpContext, config: MyConfig, log: Log): HeaderAction {
  proxywasm.sendHttpResponse(200, null, "hello world", -1);
  return types.HeaderContinue;
}

setCtx<MyConfig>("hello-world", [processRequestHeadersBy<MyConfig>(onHttpRequestHeaders)]);
