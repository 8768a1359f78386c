// What the integration tests need to know of the plugin's own envoy.yaml, which pluginGateway
// runs with its clusters pointed at the servers a test started (the docker-compose host names
// `httpbin` and `token` do not resolve here).
import { fileURLToPath } from "node:url";

export const pluginDir = fileURLToPath(new URL("../../", import.meta.url));
/** The cluster name envoy.yaml gives the token service (what `serviceName: token.static` resolves to). */
export const TOKEN_CLUSTER = "outbound|80||token.static";
/** The `timeout` in envoy.yaml's plugin configuration. */
export const CONFIGURED_TIMEOUT_MS = 500;
