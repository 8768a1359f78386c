// Reads the HttpConnectionManager fields that set Envoy's HTTP/1 limits and timeouts
// (api/envoy/extensions/filters/network/http_connection_manager/v3 and
// api/envoy/config/core/v3/protocol.proto): max_request_headers_kb, stream_idle_timeout,
// request_timeout, common_http_protocol_options and http_protocol_options. Inside the two
// option objects, an unknown field or one the gateway does not run is an error naming its path
// (envoy-fields.ts lists which of them no request can see: those are warnings).
import { ConfigError, type ConfigReader } from "./config-reader.js";
import type { Http1Settings } from "./config-model.js";
import { HTTP1_PROTOCOL_OPTIONS, HTTP_PROTOCOL_OPTIONS } from "./envoy-fields.js";

export const HTTP1_DEFAULTS: Http1Settings = {
  maxRequestHeadersKb: 60,
  maxHeadersCount: 100,
  acceptHttp10: false,
  defaultHostForHttp10: "",
  idleTimeoutMs: 60 * 60 * 1000,
  streamIdleTimeoutMs: 5 * 60 * 1000,
  requestTimeoutMs: 0,
};

/** A google.protobuf.UInt32Value: a plain number, a numeric string, or { value }. */
function uint32(r: ConfigReader, key: string, fallback: number, min: number, max: number): number {
  const raw = r.raw(key);
  if (raw === undefined || raw === null) return fallback;
  const v = typeof raw === "object" && !Array.isArray(raw) && "value" in raw ? (raw as { value: unknown }).value : raw;
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) throw new ConfigError(`${r.path}.${key}: expected a whole number`);
  if (n < min || n > max) throw new ConfigError(`${r.path}.${key}: ${n} is out of range (${min} to ${max})`);
  return n;
}

/** Reads the HTTP/1 settings of one HttpConnectionManager. */
export function parseHttp1Settings(hcm: ConfigReader): Http1Settings {
  const settings: Http1Settings = { ...HTTP1_DEFAULTS };
  // Envoy: max_request_headers_kb is 1..8192 (60 by default).
  settings.maxRequestHeadersKb = uint32(hcm, "max_request_headers_kb", HTTP1_DEFAULTS.maxRequestHeadersKb, 1, 8192);
  settings.streamIdleTimeoutMs = hcm.durationMs("stream_idle_timeout", HTTP1_DEFAULTS.streamIdleTimeoutMs);
  settings.requestTimeoutMs = hcm.durationMs("request_timeout", HTTP1_DEFAULTS.requestTimeoutMs);

  // The schemas refuse unknown fields at once and real ones the gateway does not run at finish().
  const common = hcm.object("common_http_protocol_options", HTTP_PROTOCOL_OPTIONS);
  if (common) {
    settings.idleTimeoutMs = common.durationMs("idle_timeout", HTTP1_DEFAULTS.idleTimeoutMs);
    settings.maxHeadersCount = uint32(common, "max_headers_count", HTTP1_DEFAULTS.maxHeadersCount, 1, 0xffffffff);
    common.finish();
  }

  const http1 = hcm.object("http_protocol_options", HTTP1_PROTOCOL_OPTIONS);
  if (http1) {
    settings.acceptHttp10 = http1.bool("accept_http_10", false);
    settings.defaultHostForHttp10 = http1.string("default_host_for_http_10", "");
    // Deprecated in Envoy and always true there: absolute-form URIs are routed on their path.
    if (!http1.bool("allow_absolute_url", true))
      throw new ConfigError(
        `${http1.path}.allow_absolute_url: false is not supported (Envoy ignores it too: absolute URLs are always allowed)`,
      );
    http1.finish();
  }
  return settings;
}
