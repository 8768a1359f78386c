// The wasm HTTP filter's typed_config (extensions/filters/http/wasm/v3/wasm.proto,
// extensions/wasm/v3/wasm.proto), given directly or inside a TypedStruct.
import type { FailurePolicy } from "../plugin/plugin-config.js";
import { ConfigError, ConfigReader } from "./config-reader.js";
import type { WasmPluginSpec } from "./config-model.js";
import { anyToBytes } from "./parse-any.js";

export const WASM_FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
const TYPED_STRUCTS = ["type.googleapis.com/udpa.type.v1.TypedStruct", "type.googleapis.com/xds.type.v3.TypedStruct"];

/** The message inside a typed_config: the Any itself, or a TypedStruct's value. */
export function unwrapTypedConfig(typed: ConfigReader): { type: string; message: ConfigReader } {
  const type = typed.string("@type");
  if (TYPED_STRUCTS.includes(type)) {
    const inner = typed.string("type_url");
    return { type: inner, message: typed.object("value") ?? ConfigReader.of({}, `${typed.path}.value`, []) };
  }
  return { type, message: typed };
}

const POLICIES: Record<string, FailurePolicy | "UNSPECIFIED"> = {
  UNSPECIFIED: "UNSPECIFIED", FAIL_CLOSED: "FAIL_CLOSED", FAIL_IGNORE: "FAIL_IGNORE", FAIL_RELOAD: "FAIL_RELOAD",
};

export function parseWasmFilter(filterName: string, wasm: ConfigReader): WasmPluginSpec {
  const config = wasm.requireObject("config");
  wasm.finish();
  const vm = config.requireObject("vm_config");
  const runtime = vm.string("runtime", "envoy.wasm.runtime.v8");
  if (runtime === "envoy.wasm.runtime.null") throw new ConfigError(`${vm.path}.runtime: the null runtime runs native plugins; the gateway runs .wasm code only`);
  const codeReader = vm.requireObject("code");
  const local = codeReader.object("local");
  if (!local) throw new ConfigError(`${codeReader.path}: only local code is supported (remote code: download it and use vm_config.code.local.filename or --wasm)`);
  let code: WasmPluginSpec["code"];
  if (local.has("filename")) code = { filename: local.string("filename") };
  else if (local.has("inline_bytes")) code = { bytes: Buffer.from(local.string("inline_bytes"), "base64") };
  else if (local.has("inline_string")) code = { bytes: Buffer.from(local.string("inline_string"), "utf8") };
  else throw new ConfigError(`${local.path}: needs filename, inline_bytes or inline_string`);
  local.finish();
  codeReader.finish();

  const environment = new Map<string, string>();
  const env = vm.object("environment_variables");
  if (env) {
    for (const key of env.array("host_env_keys")) {
      const v = process.env[String(key)];
      if (v !== undefined) environment.set(String(key), v);
    }
    const kv = env.object("key_values");
    if (kv) for (const [k, v] of Object.entries(kv.node)) environment.set(k, String(v));
    kv?.ignore(...Object.keys(kv.node));
    kv?.finish();
    env.finish();
  }
  const vmConfiguration = anyToBytes(vm.object("configuration"));
  const vmId = vm.string("vm_id", "");
  vm.ignore("allow_precompiled", "nack_on_code_cache_miss");
  vm.finish();

  const failOpen = config.bool("fail_open");
  let policy = POLICIES[config.string("failure_policy", "UNSPECIFIED")];
  if (policy === undefined) throw new ConfigError(`${config.path}.failure_policy: unknown policy`);
  if (failOpen && policy !== "UNSPECIFIED") throw new ConfigError(`${config.path}: only one of fail_open or failure_policy can be set`);
  if (failOpen) policy = "FAIL_IGNORE";
  // Envoy: UNSPECIFIED is FAIL_RELOAD when the runtime flag wasm_failure_reload_by_default is on
  // (Higress's 1.27 recovers failed VMs too), FAIL_CLOSED otherwise. The gateway reloads.
  if (policy === "UNSPECIFIED") policy = "FAIL_RELOAD";
  const reload = config.object("reload_config");
  let reloadBackoffMs = 1000;
  if (reload) {
    const backoff = reload.object("backoff");
    if (backoff) {
      reloadBackoffMs = backoff.durationMs("base_interval", 1000);
      backoff.ignore("max_interval");
      backoff.finish();
    }
    reload.finish();
  }
  if (config.has("capability_restriction_config")) {
    config.raw("capability_restriction_config");
    config.warn("capability_restriction_config is not emulated: every capability is allowed");
  }
  const spec: WasmPluginSpec = {
    filterName,
    name: config.string("name", ""),
    rootId: config.string("root_id", ""),
    vmId,
    code,
    configuration: anyToBytes(config.object("configuration")),
    vmConfiguration,
    environment,
    failurePolicy: policy,
    reloadBackoffMs,
    allowOnHeadersStopIteration: config.bool("allow_on_headers_stop_iteration"),
  };
  config.finish();
  return spec;
}
