// The seed's my-plugin, unchanged configs: what its "Feature verification" shows, in the host.
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "@gatewasm/host";
import { refusal, request, startMock } from "../support/mock-plugin.js";

describe("unit: the seed's configurations", () => {
  for (const [label, config] of [
    ["no configuration", undefined],
    ["{}", {}],
    ['{"mockEnable": false}', { mockEnable: false }],
  ] as const) {
    it(`${label}: adds hello: world to the request and lets it through`, async () => {
      const host = await startMock(config);
      const http = host.initHttp();
      expect(http.callOnHttpRequestHeaders(request, true)).toBe(HeaderStatus.Continue);
      expect(http.getLocalResponse()).toBeNull();
      const upstream = http.getUpstreamRequest();
      expect(upstream?.headers).toContainEqual(["hello", "world"]);
      expect(upstream?.headers.filter(([k]) => k === "hello")).toHaveLength(1);
    });
  }

  it('{"mockEnable": true}: answers 200 hello world and the upstream is never reached', async () => {
    const host = await startMock({ mockEnable: true });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const reply = http.getLocalResponse();
    expect(reply?.statusCode).toBe(200);
    expect(reply?.body.toString()).toBe("hello world");
    expect(reply?.details).toBe("mock");
    expect(http.getUpstreamRequest()).toBeNull();
    expect(host.vmFailed).toBe(false);
  });

  it('{"mockEnable": "yes"} is refused with a line naming mockEnable', async () => {
    expect(await refusal({ mockEnable: "yes" })).toContain(
      "[mock] [-] configuration rejected: $.mockEnable: expected a boolean (true or false), got a string",
    );
  });

  it("keeps adding hello: world once per request over many requests on one VM", async () => {
    const host = await startMock({ mockEnable: false });
    for (let i = 0; i < 500; i++) {
      const http = host.initHttp();
      http.callOnHttpRequestHeaders({ ...request, ":path": `/get/${i}` }, true);
      expect(http.getUpstreamRequest()?.headers.filter(([k]) => k === "hello")).toEqual([["hello", "world"]]);
      http.completeHttp();
    }
    expect(host.vmFailed).toBe(false);
  });
});
