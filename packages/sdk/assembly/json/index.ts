// The config JSON layer: a validating, never-trapping JSON reader with gjson-style paths.
export { JsonValue, JsonType, JsonDocument, parseJson } from "./value";
export { ConfigError } from "./config-error";
