// The seed's local-debugging envoy.yaml, unchanged, in front of a real httpbin.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, startHttpbin, type HttpbinServer, type RunningGateway } from "../src/index.js";
import { FIXTURE_ENVOY } from "./support/script.js";

const SEED_YAML = fileURLToPath(new URL("./fixtures/seed-envoy.yaml", import.meta.url));

describe("the seed's envoy.yaml", () => {
  let httpbin: HttpbinServer;
  let gateway: RunningGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    httpbin = await startHttpbin();
    gateway = await startGateway({
      envoyYaml: SEED_YAML,
      listen: "127.0.0.1:0",
      clusters: { httpbin: httpbin.address },
      wasm: { "/etc/envoy/main.wasm": FIXTURE_ENVOY },
      admin: "127.0.0.1:0",
      output: (l) => lines.push(l),
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await httpbin?.stop();
  });

  it("proxies to httpbin with the headers Envoy adds", async () => {
    const res = await fetch(`${gateway.url}/get?x=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("server")).toBe("envoy");
    expect(Number(res.headers.get("x-envoy-upstream-service-time"))).toBeGreaterThanOrEqual(0);
    const body = (await res.json()) as { headers: Record<string, string>; args: Record<string, string>; url: string };
    expect(body.args).toEqual({ x: "1" });
    expect(body.headers["X-Envoy-Expected-Rq-Timeout-Ms"]).toBe("15000");
    expect(body.headers.Host).toBe(new URL(gateway.url).host);
    // scheme_header_transformation.scheme_to_overwrite: https reaches httpbin as X-Forwarded-Proto.
    expect(body.url).toBe(`https://${new URL(gateway.url).host}/get?x=1`);
  });

  it("passes request ids and bodies through, and streams a large body", async () => {
    const res = await fetch(`${gateway.url}/anything?show_env=1`, {
      method: "POST",
      body: "x".repeat(300_000),
      headers: { "content-type": "text/plain" },
    });
    const body = (await res.json()) as { headers: Record<string, string>; data: string };
    expect(body.data.length).toBe(300_000);
    expect(body.headers["X-Request-Id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.headers["X-Forwarded-Proto"]).toBe("https");
  });

  it("reads the admin block without a warning, and serves the admin where it is told", async () => {
    expect(gateway.warnings).toEqual([]);
    expect(lines.some((l) => l.includes(`[info][gateway] admin address: ${gateway.adminUrl}`))).toBe(true);
    const ready = await fetch(`${gateway.adminUrl}/ready`);
    expect([ready.status, await ready.text()]).toEqual([200, "LIVE\n"]);
  });
});
