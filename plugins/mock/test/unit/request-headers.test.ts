// requestHeaders: what is added to every request that goes upstream.
import { describe, expect, it } from "vitest";
import { request, startMock } from "../support/mock-plugin.js";

async function upstreamHeaders(config: object, headers: Record<string, string> = request): Promise<string[][]> {
  const host = await startMock(config);
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(headers, true);
  return http.getUpstreamRequest()?.headers ?? [];
}

describe("unit: requestHeaders", () => {
  it("adds the configured headers instead of hello: world, lower-cased, in order", async () => {
    const headers = await upstreamHeaders({ requestHeaders: { "X-Env": "staging", "x-feature": ["a", "b"] } });
    expect(headers.slice(4)).toEqual([
      ["x-env", "staging"],
      ["x-feature", "a"],
      ["x-feature", "b"],
    ]);
    expect(headers.map(([k]) => k)).not.toContain("hello");
  });

  it("{} or null adds nothing", async () => {
    expect((await upstreamHeaders({ requestHeaders: {} })).slice(4)).toEqual([]);
    expect((await upstreamHeaders({ requestHeaders: null })).slice(4)).toEqual([]);
  });

  it("adds beside a header the client already sent (as the seed's AddHttpRequestHeader does)", async () => {
    const headers = await upstreamHeaders({}, { ...request, hello: "client" });
    expect(headers.filter(([k]) => k === "hello")).toEqual([
      ["hello", "client"],
      ["hello", "world"],
    ]);
  });

  it("keeps UTF-8 values and empty values as written", async () => {
    const headers = await upstreamHeaders({ requestHeaders: { "x-name": "José", "x-empty": "" } });
    expect(headers.slice(4)).toEqual([
      ["x-name", "José"],
      ["x-empty", ""],
    ]);
  });
});
