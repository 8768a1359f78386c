// http_call traffic in the admin's stats: Envoy's async client goes through the named
// cluster's router, so a call counts in cluster.<name>.upstream_rq_* like a proxied request.
import { afterAll, beforeAll, expect, it } from "vitest";
import { encodePairs } from "../src/internal.js";
import { startEchoUpstream, startGateway, type EchoUpstream, type RunningGateway } from "../src/index.js";
import { writeGatewayYaml } from "./support/gateway-yaml.js";
import { call, ctx, ret, save, saved } from "./support/script.js";

let upstream: EchoUpstream;
let gateway: RunningGateway;
beforeAll(async () => {
  upstream = await startEchoUpstream();
  gateway = await startGateway({
    envoyYaml: writeGatewayYaml({
      plugins: [
        {
          name: "callout",
          script: {
            request_headers: [
              save(0, ctx),
              call(
                "http_call",
                "auth",
                encodePairs([
                  [":method", "GET"],
                  [":path", "/status/204"],
                  [":authority", "auth"],
                ]),
                "",
                "",
                2000,
              ),
              ret(1),
            ],
            http_call_response: [call("set_effective_context", saved(0)), call("continue_stream", 0)],
          },
        },
      ],
      clusters: { upstream: upstream.address, auth: upstream.address },
    }),
    listen: "127.0.0.1:0",
    admin: "127.0.0.1:0",
    output: () => undefined,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await upstream?.stop();
});

it("counts each http_call in its cluster's upstream stats, beside the proxied request's", async () => {
  for (let i = 0; i < 2; i++) expect((await fetch(`${gateway.url}/get`)).status).toBe(200);
  const stats = await (await fetch(`${gateway.adminUrl}/stats?filter=^cluster%5C.`)).text();
  expect(stats).toContain("cluster.auth.upstream_rq_total: 2\n");
  expect(stats).toContain("cluster.auth.upstream_rq_204: 2\n");
  expect(stats).toContain("cluster.auth.upstream_rq_2xx: 2\n");
  expect(stats).toContain("cluster.upstream.upstream_rq_total: 2\n");
  expect(stats).toContain("cluster.upstream.upstream_rq_200: 2\n");
});
