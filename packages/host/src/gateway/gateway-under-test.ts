// The gateway an integration test talks to: the one at GATEWAY_URL if set (a real Envoy or
// Higress started with docker-compose), else this host's gateway started from the plugin's
// own envoy.yaml. Tests written against it run unchanged against both.
import { startGateway, type GatewayOptions, type RunningGateway } from "./gateway.js";

export interface GatewayUnderTest {
  url: string;
  /** True when the tests run against GATEWAY_URL instead of a gateway started here. */
  external: boolean;
  /** The gateway started here (null when external). */
  gateway: RunningGateway | null;
  stop(): Promise<void>;
}

export async function gatewayUnderTest(options: GatewayOptions): Promise<GatewayUnderTest> {
  const external = process.env.GATEWAY_URL;
  if (external)
    return { url: external.replace(/\/+$/, ""), external: true, gateway: null, stop: async () => undefined };
  const gateway = await startGateway({ listen: "127.0.0.1:0", ...options });
  return { url: gateway.url, external: false, gateway, stop: () => gateway.stop() };
}
