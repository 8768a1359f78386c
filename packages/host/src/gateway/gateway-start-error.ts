// The one error startGateway throws when Envoy would not start (its message is Envoy's where
// Envoy has one), shared by the start-up and reload paths.
export class GatewayStartError extends Error {
  override name = "GatewayStartError";
}
