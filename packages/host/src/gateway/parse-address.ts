// envoy.config.core.v3.Address: the gateway listens and connects over TCP socket addresses.
import { ConfigError, type ConfigReader } from "./config-reader.js";
import { SOCKET_ADDRESS } from "./envoy-fields.js";

/** An Address holding a socket_address; pipes and internal addresses are refused. */
export function socketAddress(r: ConfigReader): { host: string; port: number } {
  r.refuse("pipe", "unix domain sockets are not supported");
  r.refuse("envoy_internal_address", "internal listeners are not supported");
  const sa = r.requireObject("socket_address", SOCKET_ADDRESS);
  const host = sa.string("address");
  sa.refuse("named_port", "use port_value");
  sa.refuse("resolver_name", "custom resolvers are not supported");
  const port = sa.number("port_value");
  const protocol = sa.string("protocol", "TCP");
  if (protocol !== "TCP") throw new ConfigError(`${sa.path}.protocol: only TCP is supported`);
  sa.finish();
  r.finish();
  return { host, port };
}
