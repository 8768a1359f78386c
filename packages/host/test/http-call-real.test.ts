// http_call from the test kit to real HTTP services (the gateway's client): responses,
// Envoy's 504 on timeout and 503 on a refused connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeLoopbackPort, startEchoUpstream, type EchoUpstream } from "../src/index.js";
import { decodePairs, encodePairs, MapType } from "../src/internal.js";
import { call, resultsOf, scripted } from "./support/script.js";

let echo: EchoUpstream;
beforeAll(async () => {
  echo = await startEchoUpstream();
});
afterAll(() => echo.stop());

const get = (path: string) =>
  encodePairs([
    [":method", "GET"],
    [":path", path],
    [":authority", "svc.local"],
    [":scheme", "http"],
  ]);
const script = (path: string, timeoutMs: number) => ({
  configure: [call("http_call", "svc", get(path), "", "", timeoutMs)],
  http_call_response: [
    call("get_header_map_pairs", MapType.HttpCallResponseHeaders),
    call("get_buffer_bytes", 4, 0, 100_000),
  ],
});

describe("http_call to real services", () => {
  it("delivers the real response, headers and body", async () => {
    const host = await scripted(script("/get?q=1", 2000), { httpCalls: { svc: echo.address } });
    await host.settle();
    const headers = decodePairs(resultsOf(host, "get_header_map_pairs")[0].bytes!);
    expect(headers[0]).toEqual([":status", "200"]);
    const body = JSON.parse(resultsOf(host, "get_buffer_bytes")[0].bytes!.toString());
    expect(body.args).toEqual({ q: "1" });
    expect(body.headers.Host).toBe("svc.local");
    expect(body.headers["X-Envoy-Internal"]).toBe("true");
    host.close();
  });

  it("answers 504 when the timeout fires first, and waits without a timeout when it is 0", async () => {
    const slow = await scripted(script("/delay/1", 150), { httpCalls: { svc: echo.address } });
    await slow.settle();
    expect(decodePairs(resultsOf(slow, "get_header_map_pairs")[0].bytes!)[0]).toEqual([":status", "504"]);
    expect(resultsOf(slow, "get_buffer_bytes")[0].bytes?.toString()).toBe("upstream request timeout");
    const patient = await scripted(script("/delay/1", 0), { httpCalls: { svc: echo.address } });
    await patient.settle();
    expect(decodePairs(resultsOf(patient, "get_header_map_pairs")[0].bytes!)[0]).toEqual([":status", "200"]);
  });

  it("answers 503 with Envoy's text when the connection is refused", async () => {
    const port = await freeLoopbackPort();
    const host = await scripted(script("/", 1000), { httpCalls: { svc: `127.0.0.1:${port}` } });
    await host.settle();
    expect(decodePairs(resultsOf(host, "get_header_map_pairs")[0].bytes!)[0]).toEqual([":status", "503"]);
    expect(resultsOf(host, "get_buffer_bytes")[0].bytes?.toString()).toBe(
      "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: 111",
    );
  });
});
