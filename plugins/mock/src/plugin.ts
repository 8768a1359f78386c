// mock: adds headers to every request (the seed's `hello: world`), or with `mockEnable`
// answers it with the configured reply so the upstream is never reached. Higress's
// "my-plugin" example, with the reply and the headers made configurable (see config.ts).
export * from "@gatewasm/sdk/assembly/exports";
import {
  HeaderAction,
  HttpContext,
  Log,
  parseConfigWithRulesBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";
import { MockConfig, parseConfig } from "./config";

function onHttpRequestHeaders(ctx: HttpContext, config: MockConfig, log: Log): HeaderAction {
  if (config.mockEnable) {
    // "mock" becomes Envoy's response-code details, so access logs tell mock replies apart.
    proxywasm.sendHttpResponseWithDetail(config.mockStatusCode, "mock", config.replyHeaders, config.replyBody, -1);
    return types.HeaderContinue;
  }
  const headers = config.requestHeaders;
  for (let i = 0; i < headers.length; i++) {
    const pair = unchecked(headers[i]);
    proxywasm.addHttpRequestHeader(pair[0], pair[1]);
  }
  return types.HeaderContinue;
}

setCtx<MockConfig>("mock", [
  parseConfigWithRulesBy<MockConfig>(parseConfig),
  processRequestHeadersBy<MockConfig>(onHttpRequestHeaders),
]);
