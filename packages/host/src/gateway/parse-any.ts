// google.protobuf.Any values as the wasm filter passes them to the plugin (extensions/wasm/v3
// wasm.proto PluginConfig.configuration: "google.protobuf.Struct is serialized as JSON;
// BytesValue and StringValue are passed directly without the wrapper").
import { ConfigError, ConfigReader } from "./config-reader.js";

const TYPE = "type.googleapis.com/google.protobuf.";

export function anyToBytes(r: ConfigReader | null): Uint8Array {
  if (!r) return new Uint8Array(0);
  const type = r.string("@type");
  if (type === `${TYPE}StringValue`) return Buffer.from(r.string("value", ""), "utf8");
  if (type === `${TYPE}BytesValue`) return Buffer.from(r.string("value", ""), "base64");
  if (type === `${TYPE}Struct`) {
    const value = r.raw("value");
    return Buffer.from(JSON.stringify(value ?? {}), "utf8");
  }
  throw new ConfigError(
    `${r.path}: configuration of type ${type} is not supported (use google.protobuf.StringValue, BytesValue or Struct)`,
  );
}
