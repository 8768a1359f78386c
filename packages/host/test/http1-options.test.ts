// The HTTP/1 limits and timers read from envoy.yaml: Envoy's defaults when silent, the yaml's
// values when set (plain numbers or UInt32Value objects, durations), and an error naming the
// path for a field inside the option objects the gateway does not run, or a value out of range.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseEnvoyYaml } from "../src/index.js";

const seedDoc = parse(readFileSync(fileURLToPath(new URL("./fixtures/seed-envoy.yaml", import.meta.url)), "utf8"));

function withHcm(fields: Record<string, unknown>, cluster: Record<string, unknown> = {}) {
  const doc = structuredClone(seedDoc);
  Object.assign(doc.static_resources.listeners[0].filter_chains[0].filters[0].typed_config, fields);
  Object.assign(doc.static_resources.clusters[0], cluster);
  return parseEnvoyYaml(stringify(doc));
}

describe("HTTP/1 settings from envoy.yaml", () => {
  it("Envoy's defaults when the yaml says nothing; the cluster's buffer limit 1 MiB", () => {
    const config = withHcm({});
    expect(config.listeners[0].hcm.http1).toEqual({
      maxRequestHeadersKb: 60,
      maxHeadersCount: 100,
      acceptHttp10: false,
      defaultHostForHttp10: "",
      idleTimeoutMs: 3_600_000,
      streamIdleTimeoutMs: 300_000,
      requestTimeoutMs: 0,
    });
    expect(config.clusters[0].bufferLimitBytes).toBe(1024 * 1024);
    expect(config.warnings.join("\n")).not.toMatch(/timeout|protocol_options/);
  });

  it("reads every supported field", () => {
    const config = withHcm(
      {
        max_request_headers_kb: { value: 96 },
        stream_idle_timeout: "30s",
        request_timeout: { seconds: 2, nanos: 500_000_000 },
        common_http_protocol_options: { idle_timeout: "0s", max_headers_count: 200 },
        http_protocol_options: { accept_http_10: true, default_host_for_http_10: "legacy", allow_absolute_url: true },
      },
      { per_connection_buffer_limit_bytes: 32768 },
    );
    expect(config.listeners[0].hcm.http1).toEqual({
      maxRequestHeadersKb: 96,
      maxHeadersCount: 200,
      acceptHttp10: true,
      defaultHostForHttp10: "legacy",
      idleTimeoutMs: 0,
      streamIdleTimeoutMs: 30_000,
      requestTimeoutMs: 2_500,
    });
    expect(config.clusters[0].bufferLimitBytes).toBe(32768);
  });

  it("refuses what it cannot run, naming the path", () => {
    expect(() => withHcm({ max_request_headers_kb: 9000 })).toThrow(
      /max_request_headers_kb: 9000 is out of range \(1 to 8192\)/,
    );
    expect(() =>
      withHcm({ common_http_protocol_options: { headers_with_underscores_action: "REJECT_REQUEST" } }),
    ).toThrow(/common_http_protocol_options\.headers_with_underscores_action: not supported/);
    expect(() => withHcm({ http_protocol_options: { enable_trailers: true } })).toThrow(
      /http_protocol_options\.enable_trailers: not supported/,
    );
    expect(() => withHcm({ http_protocol_options: { allow_absolute_url: false } })).toThrow(
      /allow_absolute_url: false is not supported/,
    );
    expect(() => withHcm({ common_http_protocol_options: { max_headers_count: "many" } })).toThrow(
      /max_headers_count: expected a whole number/,
    );
  });
});
