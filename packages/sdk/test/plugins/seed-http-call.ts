// The seed's third example (call an external service), translated line for line.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  FQDNCluster,
  HeaderAction,
  Headers,
  HttpClient,
  HttpContext,
  JsonValue,
  Log,
  newClusterClient,
  parseConfigBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

class MyConfig {
  // The client used to initiate HTTP calls.
  client!: HttpClient<MyConfig>;
  // The request URL path.
  requestPath: string = "";
  // The key used to extract a field from the service's response header.
  // The extracted value is then set in the original request header with this key.
  tokenHeader: string = "";
}

function parseConfig(json: JsonValue, config: MyConfig, log: Log): ConfigError | null {
  config.tokenHeader = json.get("tokenHeader").string();
  if (config.tokenHeader == "") {
    return new ConfigError("missing tokenHeader in config");
  }
  config.requestPath = json.get("requestPath").string();
  if (config.requestPath == "") {
    return new ConfigError("missing requestPath in config");
  }
  // The full FQDN with a service type suffix, such as my-svc.dns, my-svc.static,
  // service-provider.DEFAULT-GROUP.public.nacos, or httpbin.my-ns.svc.cluster.local.
  const serviceName = json.get("serviceName").string();
  let servicePort = json.get("servicePort").int();
  if (servicePort == 0) {
    if (serviceName.endsWith(".static")) {
      // The logical port for static IP services is 80.
      servicePort = 80;
    }
  }
  config.client = newClusterClient<MyConfig>(new FQDNCluster(serviceName, servicePort));
  return null;
}

function onHttpRequestHeaders(ctx: HttpContext, config: MyConfig, log: Log): HeaderAction {
  // Use the client's Get method to initiate an HTTP GET call. The timeout parameter is omitted,
  // so the default timeout of 500 ms is used.
  const err = config.client.get(config.requestPath, null, onTokenResponse);
  if (err !== null) {
    // If the external service call fails, allow the request to proceed and log the error.
    log.error("Error occurred while calling http, it seems the service cluster cannot be found.");
    return types.ActionContinue;
  } else {
    // Wait for the async callback to complete. Return HeaderStopAllIterationAndWatermark,
    // which can be resumed by ResumeHttpRequest.
    return types.HeaderStopAllIterationAndWatermark;
  }
}

// Callback function. It is executed when the response is returned asynchronously.
// (AssemblyScript has no closures: it receives the request's context, config and log.)
function onTokenResponse(
  ctx: HttpContext,
  config: MyConfig,
  statusCode: i32,
  responseHeaders: Headers,
  responseBody: ArrayBuffer,
  log: Log,
): void {
  // Handle the case where the request does not return a 200 status code.
  if (statusCode != 200) {
    log.error("http call failed, status: " + statusCode.toString());
    proxywasm.sendHttpResponse(500, null, "http call failed", -1);
    return;
  }
  // Log the HTTP status code and response body.
  log.info("get status: " + statusCode.toString() + ", response body: " + String.UTF8.decode(responseBody));
  // Parse the token field from the response header and set it in the original request header.
  const token = responseHeaders.get(config.tokenHeader);
  if (token !== null && token != "") {
    proxywasm.addHttpRequestHeader(config.tokenHeader, token);
  }
  // Resume the original request flow to forward it to the backend service.
  proxywasm.resumeHttpRequest();
}

setCtx<MyConfig>("http-call", [
  parseConfigBy<MyConfig>(parseConfig),
  processRequestHeadersBy<MyConfig>(onHttpRequestHeaders),
]);
