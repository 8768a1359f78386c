// The HCM's access_log on a running gateway: stdout, stderr and file loggers, Envoy's default
// format and text_format_source operators, one line per finished stream, and config errors.
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freeLoopbackPort,
  startEchoUpstream,
  startGateway,
  type EchoUpstream,
  type RunningGateway,
} from "../src/index.js";
import { writeGatewayYaml } from "./support/gateway-yaml.js";
import { call } from "./support/script.js";

const STDOUT = "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog";
const STDERR = "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StderrAccessLog";
const FILE = "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog";

let upstream: EchoUpstream;
const running: RunningGateway[] = [];
beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  for (const g of running) await g.stop();
  await upstream.stop();
});

async function gateway(
  accessLog: unknown[] | undefined,
  extra: { accessLog?: boolean; routes?: unknown[]; clusters?: Record<string, string> } = {},
) {
  const written: { target: string; text: string }[] = [];
  const g = await startGateway({
    envoyYaml: writeGatewayYaml({
      plugins: [
        { name: "demo", script: { request_headers: [call("add_header_map_value", 0, "x-from-plugin", "yes")] } },
      ],
      clusters: { upstream: upstream.address, ...extra.clusters },
      routes: extra.routes,
      extraHcm: accessLog ? { access_log: accessLog } : {},
    }),
    listen: "127.0.0.1:0",
    accessLog: extra.accessLog,
    accessLogWrite: (target, text) => written.push({ target, text }),
    output: () => undefined,
  });
  running.push(g);
  return { g, written };
}

const DEFAULT_LINE =
  /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\] "GET \/get\?x=1 HTTP\/1\.1" 200 - 0 (\d+) (\d+) (\d+) "-" "curl-like\/1\.0" "([0-9a-f-]{36})" "127\.0\.0\.1:\d+" "(127\.0\.0\.1:\d+)"\n$/;

describe("access logs", () => {
  it("prints every request in Envoy's default format with a stdout logger", async () => {
    const { g, written } = await gateway([{ name: "envoy.access_loggers.stdout", typed_config: { "@type": STDOUT } }]);
    const res = await fetch(`${g.url}/get?x=1`, { headers: { "user-agent": "curl-like/1.0" } });
    const body = await res.text();
    expect(written).toHaveLength(1);
    expect(written[0].target).toBe("stdout");
    const m = DEFAULT_LINE.exec(written[0].text);
    expect(m, written[0].text).not.toBeNull();
    expect(Number(m![2])).toBe(Buffer.byteLength(body));
    expect(m![4]).toBe(res.headers.get("x-envoy-upstream-service-time"));
    expect(m![6]).toBe(upstream.address);
    expect(Math.abs(Date.parse(m![1]) - Date.now())).toBeLessThan(60_000);
    await fetch(`${g.url}/get?x=1`, { headers: { "user-agent": "curl-like/1.0" } });
    expect(written).toHaveLength(2);
  });

  it("formats text_format_source operators on stderr: headers (with alternatives and a length), flags, bytes, addresses", async () => {
    const deadPort = await freeLoopbackPort();
    const format =
      "%REQ(:METHOD)% %REQ(X-MISSING?:PATH)% %REQ(X-FROM-PLUGIN)% %REQ(USER-AGENT):4% code=%RESPONSE_CODE% flags=%RESPONSE_FLAGS% " +
      "details=%RESPONSE_CODE_DETAILS% rx=%BYTES_RECEIVED% tx=%BYTES_SENT% up=%UPSTREAM_HOST% cluster=%UPSTREAM_CLUSTER% route=%ROUTE_NAME% " +
      "client=%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% ct=%RESP(CONTENT-TYPE)% year=%START_TIME(%Y)% proto=%PROTOCOL%\n";
    const { g, written } = await gateway(
      [
        {
          name: "envoy.access_loggers.stderr",
          typed_config: { "@type": STDERR, log_format: { text_format_source: { inline_string: format } } },
        },
      ],
      {
        clusters: { dead: `127.0.0.1:${deadPort}` },
        routes: [
          { name: "to-dead", match: { prefix: "/dead" }, route: { cluster: "dead" } },
          { name: "echo", match: { prefix: "/anything" }, route: { cluster: "upstream" } },
        ],
      },
    );
    const posted = await fetch(`${g.url}/anything/post`, {
      method: "POST",
      body: "12345",
      headers: { "user-agent": "curl-like/1.0" },
    });
    const sent = Buffer.byteLength(await posted.text());
    await (await fetch(`${g.url}/nowhere`, { headers: { "user-agent": "curl-like/1.0" } })).text();
    await (await fetch(`${g.url}/dead`, { headers: { "user-agent": "curl-like/1.0" } })).text();
    const year = new Date().getUTCFullYear();
    expect(written.map((w) => w.target)).toEqual(["stderr", "stderr", "stderr"]);
    expect(written[0].text).toBe(
      `POST /anything/post yes curl code=200 flags=- details=via_upstream rx=5 tx=${sent} up=${upstream.address} cluster=upstream route=echo client=127.0.0.1 ct=application/json year=${year} proto=HTTP/1.1\n`,
    );
    expect(written[1].text).toMatch(
      new RegExp(
        `^GET /nowhere yes curl code=404 flags=NR details=route_not_found rx=0 tx=0 up=- cluster=- route=- client=127\\.0\\.0\\.1 ct=- year=${year} proto=HTTP/1\\.1\\n$`,
      ),
    );
    expect(written[2].text).toMatch(
      new RegExp(
        `^GET /dead yes curl code=503 flags=UF details=upstream_reset_before_response_started\\{remote_connection_failure,delayed_connect_error:_111\\} rx=0 tx=\\d+ up=127\\.0\\.0\\.1:${deadPort} cluster=dead route=to-dead`,
      ),
    );
  });

  it("appends to a file logger's path, one line per request, written before the response completes", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "gatewasm-access-")), "access.log");
    const { g } = await gateway([
      {
        name: "envoy.access_loggers.file",
        typed_config: { "@type": FILE, path, log_format: { text_format: "%RESPONSE_CODE% %REQ(:PATH)%\n" } },
      },
    ]);
    for (const p of ["/anything/a", "/anything/b", "/get"]) await (await fetch(`${g.url}${p}`)).text();
    expect(readFileSync(path, "utf8")).toBe("200 /anything/a\n200 /anything/b\n200 /get\n");
  });

  it("logs streams the front end answers (an https:// target on this plaintext listener) with their flag", async () => {
    const { g, written } = await gateway([
      {
        name: "stdout",
        typed_config: {
          "@type": STDOUT,
          log_format: {
            text_format_source: { inline_string: "%RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS%\n" },
          },
        },
      },
    ]);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${g.url}/`, { path: "https://example.com/x", agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(400);
    expect(written.map((w) => w.text)).toEqual(["400 DPE http1.invalid_url\n"]);
  });

  it("with accessLog (gatewasm run --access-log) prints the default format on stdout when the HCM has no access_log, and adds nothing when it has one", async () => {
    const { g, written } = await gateway(undefined, { accessLog: true });
    await (await fetch(`${g.url}/get?x=1`, { headers: { "user-agent": "curl-like/1.0" } })).text();
    expect(written).toHaveLength(1);
    expect(written[0].target).toBe("stdout");
    expect(written[0].text).toMatch(DEFAULT_LINE);
    const own = await gateway(
      [{ name: "e", typed_config: { "@type": STDERR, log_format: { text_format: "mine\n" } } }],
      { accessLog: true },
    );
    await (await fetch(`${own.g.url}/get`)).text();
    expect(own.written).toEqual([{ target: "stderr", text: "mine\n" }]);
    const none = await gateway(undefined);
    await (await fetch(`${none.g.url}/get`)).text();
    expect(none.written).toEqual([]);
  });
});

describe("access log configuration", () => {
  const start = (accessLog: unknown[]) =>
    startGateway({
      envoyYaml: writeGatewayYaml({
        plugins: [],
        clusters: { upstream: upstream.address },
        extraHcm: { access_log: accessLog },
      }),
      listen: "127.0.0.1:0",
      output: () => undefined,
    });
  const at = "static_resources.listeners[0].filter_chains[0].filters[0].typed_config.access_log[0]";

  it.each([
    [
      [{ name: "x", typed_config: { "@type": STDOUT, log_format: { text_format: "%NOT_AN_OPERATOR%\n" } } }],
      `${at}.typed_config.log_format.text_format: Not supported field in StreamInfo: NOT_AN_OPERATOR`,
    ],
    [
      [{ name: "x", typed_config: { "@type": STDOUT, log_format: { text_format: "100% done\n" } } }],
      "Couldn't find valid command at position 3",
    ],
    [
      [{ name: "x", typed_config: { "@type": STDOUT, log_format: { text_format: "%REQ%\n" } } }],
      "REQ needs a header name",
    ],
    [
      [{ name: "x", typed_config: { "@type": STDOUT, log_format: { text_format: "%START_TIME(%Q)%\n" } } }],
      "unsupported START_TIME specifier",
    ],
    [
      [{ name: "x", filter: { status_code_filter: {} }, typed_config: { "@type": STDOUT } }],
      `${at}.filter: access log filters are not supported`,
    ],
    [
      [{ name: "x", typed_config: { "@type": STDOUT, log_format: { json_format: { code: "%RESPONSE_CODE%" } } } }],
      "json_format: JSON access log formats are not supported",
    ],
    [
      [
        {
          name: "x",
          typed_config: {
            "@type": "type.googleapis.com/envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig",
          },
        },
      ],
      "access logger type.googleapis.com/envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig is not supported",
    ],
    [[{ name: "x", typed_config: { "@type": FILE } }], `${at}.typed_config.path: required`],
    [
      [{ name: "x", typed_config: { "@type": STDOUT, log_fromat: {} } }],
      'unknown field (envoy.extensions.access_loggers.stream.v3.StdoutAccessLog has no field "log_fromat"; did you mean "log_format"?)',
    ],
    [[{ name: "x", typed_config: { "@type": FILE, path: "/nonexistent-dir/x/access.log" } }], "access log: ENOENT"],
  ])("refuses %j", async (accessLog, message) => {
    await expect(start(accessLog)).rejects.toThrow(message);
  });
});
