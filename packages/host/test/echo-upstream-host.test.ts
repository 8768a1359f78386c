// The echo upstream answers a Host its URL parser refuses with 400 and keeps serving: Envoy
// (and the gateway) forward such an authority ("[bad" is valid to nghttp2's check).
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEchoUpstream, type EchoUpstream } from "../src/index.js";

let upstream: EchoUpstream;
beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(() => upstream.stop());

function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(upstream.port, "127.0.0.1", () => socket.end(text));
    let out = "";
    socket.setEncoding("utf8").on("data", (d) => (out += d));
    socket.on("end", () => resolve(out));
    socket.on("error", reject);
  });
}

it("answers 400 to Host: [bad, then serves the next request", async () => {
  expect(await raw("GET /get HTTP/1.1\r\nHost: [bad\r\nConnection: close\r\n\r\n")).toMatch(
    /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*\r\n\r\nbad request$/,
  );
  const res = await fetch(`${upstream.url}/get`);
  expect(res.status).toBe(200);
});
