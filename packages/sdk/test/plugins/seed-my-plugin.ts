// The seed's first example ("my-plugin"), translated line for line.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  HeaderAction,
  HttpContext,
  JsonValue,
  Log,
  parseConfigBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

// Custom plugin configuration
class MyConfig {
  mockEnable: bool = false;
}

// The YAML configuration from the console is automatically converted to JSON.
// This function parses the configuration from the JSON parameter.
function parseConfig(json: JsonValue, config: MyConfig, log: Log): ConfigError | null {
  // Parse the configuration and update the config struct.
  config.mockEnable = json.get("mockEnable").bool();
  return null;
}

function onHttpRequestHeaders(ctx: HttpContext, config: MyConfig, log: Log): HeaderAction {
  proxywasm.addHttpRequestHeader("hello", "world");
  if (config.mockEnable) {
    proxywasm.sendHttpResponse(200, null, "hello world", -1);
  }
  return types.HeaderContinue;
}

setCtx<MyConfig>(
  // Plugin name
  "my-plugin",
  [
    // Set a custom function to parse the plugin configuration
    parseConfigBy<MyConfig>(parseConfig),
    // Set a custom function to process request headers
    processRequestHeadersBy<MyConfig>(onHttpRequestHeaders),
  ],
);
