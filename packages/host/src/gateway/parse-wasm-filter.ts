// The wasm HTTP filter's typed_config (extensions/filters/http/wasm/v3/wasm.proto,
// extensions/wasm/v3/wasm.proto), given directly or inside a TypedStruct.
import type { FailurePolicy } from "../stream/filter-plugin.js";
import { ConfigError, ConfigReader } from "./config-reader.js";
import type { WasmPluginSpec } from "./config-model.js";
import {
  ANY_VALUE,
  ASYNC_DATA_SOURCE,
  BACKOFF,
  DATA_SOURCE,
  ENVIRONMENT_VARIABLES,
  PLUGIN_CONFIG,
  RELOAD_CONFIG,
  TYPED_STRUCT,
  VM_CONFIG,
  WASM_FILTER,
  type MessageSchema,
} from "./envoy-fields.js";
import { anyToBytes } from "./parse-any.js";

export const WASM_FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
const TYPED_STRUCTS = ["type.googleapis.com/udpa.type.v1.TypedStruct", "type.googleapis.com/xds.type.v3.TypedStruct"];

/**
 * The message inside a typed_config: the Any itself, or a TypedStruct's value, read against the
 * schema `schemas` gives its type (wasm's own is WASM_FILTER; a type not listed gets none).
 */
export function unwrapTypedConfig(
  typed: ConfigReader,
  schemas: Record<string, MessageSchema | null>,
): { type: string; message: ConfigReader } {
  const type = typed.string("@type");
  const schemaOf = (t: string) => (t === WASM_FILTER_TYPE ? WASM_FILTER : (schemas[t] ?? null));
  if (TYPED_STRUCTS.includes(type)) {
    const struct = typed.withSchema(TYPED_STRUCT);
    struct.ignore("@type");
    const inner = struct.string("type_url");
    const value =
      struct.object("value", schemaOf(inner)) ?? ConfigReader.of({}, `${typed.path}.value`, [], schemaOf(inner));
    struct.finish();
    return { type: inner, message: value };
  }
  return { type, message: typed.withSchema(schemaOf(type)) };
}

const POLICIES: Record<string, FailurePolicy | "UNSPECIFIED"> = {
  UNSPECIFIED: "UNSPECIFIED",
  FAIL_CLOSED: "FAIL_CLOSED",
  FAIL_IGNORE: "FAIL_IGNORE",
  FAIL_RELOAD: "FAIL_RELOAD",
};

export function parseWasmFilter(filterName: string, wasm: ConfigReader): WasmPluginSpec {
  wasm.ignore("@type");
  const config = wasm.requireObject("config", PLUGIN_CONFIG);
  wasm.finish();
  const vm = config.requireObject("vm_config", VM_CONFIG);
  const runtime = vm.string("runtime", "envoy.wasm.runtime.v8");
  if (runtime === "envoy.wasm.runtime.null")
    throw new ConfigError(`${vm.path}.runtime: the null runtime runs native plugins; the gateway runs .wasm code only`);
  const codeReader = vm.requireObject("code", ASYNC_DATA_SOURCE);
  codeReader.refuse(
    "remote",
    "remote code is not supported: download it and use vm_config.code.local.filename or --wasm",
  );
  const local = codeReader.object("local", DATA_SOURCE);
  if (!local)
    throw new ConfigError(
      `${codeReader.path}: only local code is supported (remote code: download it and use vm_config.code.local.filename or --wasm)`,
    );
  let code: WasmPluginSpec["code"];
  if (local.has("filename")) code = { filename: local.string("filename") };
  else if (local.has("inline_bytes")) code = { bytes: Buffer.from(local.string("inline_bytes"), "base64") };
  else if (local.has("inline_string")) code = { bytes: Buffer.from(local.string("inline_string"), "utf8") };
  else throw new ConfigError(`${local.path}: needs filename, inline_bytes or inline_string`);
  local.refuse("environment_variable", "code from an environment variable is not supported");
  local.refuse("watched_directory", "watched directories are not supported");
  local.finish();
  codeReader.finish();

  const environment = new Map<string, string>();
  const env = vm.object("environment_variables", ENVIRONMENT_VARIABLES);
  if (env) {
    const kv = env.object("key_values", null);
    const keyValues = Object.entries(kv?.node ?? {});
    kv?.ignore(...keyValues.map(([k]) => k));
    kv?.finish();
    const hostKeys = env.array("host_env_keys").map(String);
    // Envoy (extensions/common/wasm/plugin.cc) refuses a key given twice, in either list, even
    // when the host variable is unset.
    const seen = new Set(keyValues.map(([k]) => k));
    for (const key of hostKeys) {
      if (seen.has(key))
        throw new ConfigError(
          `${env.path}: key ${key} is in both host_env_keys and key_values (or twice in host_env_keys); all the keys must be unique`,
        );
      seen.add(key);
    }
    for (const [k, v] of keyValues) environment.set(k, String(v));
    for (const key of hostKeys) {
      const v = process.env[key];
      if (v !== undefined) environment.set(key, v);
    }
    env.finish();
  }
  const vmConfiguration = anyToBytes(vm.object("configuration", ANY_VALUE));
  const vmId = vm.string("vm_id", "");
  vm.finish();

  const failOpen = config.bool("fail_open");
  let policy = POLICIES[config.string("failure_policy", "UNSPECIFIED")];
  if (policy === undefined) throw new ConfigError(`${config.path}.failure_policy: unknown policy`);
  if (failOpen && policy !== "UNSPECIFIED")
    throw new ConfigError(`${config.path}: only one of fail_open or failure_policy can be set`);
  if (failOpen) policy = "FAIL_IGNORE";
  // Envoy: UNSPECIFIED is FAIL_RELOAD when the runtime flag wasm_failure_reload_by_default is on
  // (Higress's 1.27 recovers failed VMs too), FAIL_CLOSED otherwise. The gateway reloads.
  if (policy === "UNSPECIFIED") policy = "FAIL_RELOAD";
  const reload = config.object("reload_config", RELOAD_CONFIG);
  let reloadBackoffMs = 1000;
  if (reload) {
    const backoff = reload.object("backoff", BACKOFF);
    if (backoff) {
      reloadBackoffMs = backoff.durationMs("base_interval", 1000);
      backoff.finish();
    }
    reload.finish();
  }
  config.refuse(
    "capability_restriction_config",
    "capability restrictions are not emulated: Envoy would deny the calls it does not allow",
  );
  const spec: WasmPluginSpec = {
    filterName,
    name: config.string("name", ""),
    rootId: config.string("root_id", ""),
    vmId,
    code,
    configuration: anyToBytes(config.object("configuration", ANY_VALUE)),
    vmConfiguration,
    environment,
    failurePolicy: policy,
    reloadBackoffMs,
    allowOnHeadersStopIteration: config.bool("allow_on_headers_stop_iteration"),
  };
  config.finish();
  return spec;
}
