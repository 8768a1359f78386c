// http-call: fetches a token from an external service for every request (or once per
// `cacheTtl`) and adds it to the request as `tokenHeader` before it goes upstream. Higress's
// "use a plug-in to access external services" example, with its config keys and behaviour,
// plus a timeout, a failure policy, a token cache, validation and metrics.
export * from "@gatewasm/sdk/assembly/exports";
import { parseConfigWithRulesBy, processRequestHeadersBy, setCtx } from "@gatewasm/sdk";
import { HttpCallConfig, parseConfig } from "./config";
import { onHttpRequestHeaders } from "./token-flow";

setCtx<HttpCallConfig>("http-call", [
  parseConfigWithRulesBy<HttpCallConfig>(parseConfig),
  processRequestHeadersBy<HttpCallConfig>(onHttpRequestHeaders),
]);
