// The gateway against what a plugin from any SDK, or a client, can hand it: values Envoy's
// codec refuses fail their own stream only (the client gets Envoy's answer, the next request
// is served, nothing injected reaches the upstream), Envoy's HTTP/1 limits and answers at the
// front, and flow control both ways. The plugins are the raw-ABI scripted fixture: no SDK
// check stands between them and the host.
import { connect, createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../src/index.js";
import { encodePairs } from "../src/internal.js";
import { writeGatewayYaml, type GatewayYaml } from "./support/gateway-yaml.js";
import { exchange, startRawUpstream, type RawUpstream } from "./support/raw-http.js";
import { call, ctx, ret, retIfRc, save, saved, type Op } from "./support/script.js";

let upstream: RawUpstream;
const running: RunningGateway[] = [];

beforeAll(async () => {
  upstream = await startRawUpstream();
});
afterAll(async () => {
  for (const g of running) await g.stop();
  await upstream.stop();
});

async function gateway(spec: Partial<GatewayYaml> = {}) {
  const lines: string[] = [];
  const g = await startGateway({
    envoyYaml: writeGatewayYaml({ plugins: [], ...spec, clusters: { upstream: upstream.address, ...spec.clusters } }),
    listen: "127.0.0.1:0",
    logLevel: "trace",
    output: (l) => lines.push(l),
  });
  running.push(g);
  return { g, lines, port: g.port };
}

/** Ops that run only on a request carrying `x-attack` (the next, ordinary request is left alone). */
const onAttack = (...ops: Op[]): Op[] => [call("get_header_map_value", 0, "x-attack"), retIfRc(1, 0), ...ops];
const get = (path = "/", extra = "") => `GET ${path} HTTP/1.1\r\nhost: gw.test\r\n${extra}connection: close\r\n\r\n`;
const attack = (path = "/") => get(path, "x-attack: 1\r\n");

describe("a plugin's bad values fail its own stream only", () => {
  it("a CR/LF header value set through the raw ABI: 503 with Envoy's message, nothing injected upstream, the next request served", async () => {
    const { port, lines } = await gateway({
      plugins: [
        {
          name: "evil",
          script: { request_headers: onAttack(call("add_header_map_value", 0, "x-evil", "a\r\nx-injected: 1")) },
        },
      ],
    });
    const before = upstream.heads.length;
    const bad = await exchange(port, attack("/one"));
    expect(bad.status).toBe(503);
    expect(bad.body).toBe("invalid header value for: x-evil");
    expect(upstream.heads.length).toBe(before);
    expect(upstream.received()).not.toContain("x-injected");
    expect(lines.some((l) => l.includes("request not sent upstream: invalid header value for: x-evil"))).toBe(true);
    const next = await exchange(port, get("/two"));
    expect(next.status).toBe(200);
    expect(next.body).toBe("ok");
    expect(upstream.heads.at(-1)).toMatch(/^GET \/two HTTP\/1\.1\r\n/);
  });

  it("a NUL value, a bad name, a bad :method and a CR/LF :path each get 503; nothing reaches the upstream", async () => {
    const cases: [Op, string][] = [
      [call("add_header_map_value", 0, "x-nul", "a\0b"), "invalid header value for: x-nul"],
      [call("add_header_map_value", 0, "x evil", "1"), "invalid header name: x evil"],
      [call("replace_header_map_value", 0, ":method", "GE\r\nT"), "invalid header value for: :method"],
      [call("replace_header_map_value", 0, ":method", "GE T"), "invalid header value for: :method"],
      [call("replace_header_map_value", 0, ":path", "/a\r\nHost: evil"), "invalid header value for: :path"],
      [call("remove_header_map_value", 0, ":path"), "missing required header: :path"],
    ];
    for (const [op, message] of cases) {
      const { port } = await gateway({ plugins: [{ name: "bad", script: { request_headers: onAttack(op) } }] });
      const before = upstream.heads.length;
      const answer = await exchange(port, attack());
      expect([answer.status, answer.body]).toEqual([503, message]);
      expect(upstream.heads.length).toBe(before);
      expect((await exchange(port, get("/after"))).status).toBe(200);
    }
    expect(upstream.received()).not.toContain("Host: evil");
  });

  it("a plugin-set :path of /ü goes out as UTF-8, not Latin-1", async () => {
    const { port } = await gateway({
      plugins: [
        { name: "path", script: { request_headers: onAttack(call("replace_header_map_value", 0, ":path", "/ü€")) } },
      ],
    });
    expect((await exchange(port, attack())).status).toBe(200);
    expect(Buffer.from(upstream.heads.at(-1)!, "latin1").subarray(0, 12)).toEqual(
      Buffer.from("GET /ü€ HTTP", "utf8").subarray(0, 12),
    );
  });

  it("a local reply with status 1000: the client gets 502, the error is logged with its stream and counted, the next request is served", async () => {
    const { g, port, lines } = await gateway({
      plugins: [
        { name: "status", script: { request_headers: onAttack(call("send_local_response", 1000, "", "hi", "", -1)) } },
      ],
    });
    const answer = await exchange(port, attack());
    expect(answer.status).toBe(502);
    expect(answer.body).toBe("invalid :status 1000");
    expect(lines.some((l) => /\[error\]\[gateway\] \[C\d+\]\[S\d+\] stream failed, answered 502/.test(l))).toBe(true);
    expect(g.process.stats.find("http.ingress_http.gatewasm_stream_errors")?.value).toBe(1n);
    expect((await exchange(port, get())).status).toBe(200);
  });

  it("a local reply header with CR/LF, and a response header with CR/LF, get 502 and nothing injected reaches the client", async () => {
    const local = await gateway({
      plugins: [
        {
          name: "l",
          script: {
            request_headers: onAttack(
              call("send_local_response", 200, "", "hi", encodePairs([["x-bad", "a\r\nset-cookie: owned=1"]]), -1),
            ),
          },
        },
      ],
    });
    const a = await exchange(local.port, attack());
    expect([a.status, a.body]).toEqual([502, "invalid header value for: x-bad"]);
    expect(a.head).not.toContain("owned");
    expect((await exchange(local.port, get())).status).toBe(200);
    const response = await gateway({
      plugins: [{ name: "r", script: { response_headers: [call("add_header_map_value", 2, "x-bad", "a\nb")] } }],
    });
    const b = await exchange(response.port, get());
    expect([b.status, b.body]).toEqual([502, "invalid header value for: x-bad"]);
    const status = await gateway({
      plugins: [{ name: "s", script: { response_headers: [call("replace_header_map_value", 2, ":status", "abc")] } }],
    });
    const c = await exchange(status.port, get());
    expect([c.status, c.body]).toEqual([502, "missing required header: :status"]);
  });
});

describe("a plugin's bad http_call headers", () => {
  it("get Envoy's 503 in on_http_call_response, with the reason; nothing is sent", async () => {
    const { port, lines } = await gateway({
      plugins: [
        {
          name: "callout",
          traceCallbacks: true,
          script: {
            request_headers: [
              save(0, ctx),
              call(
                "http_call",
                "upstream",
                encodePairs([
                  [":method", "GET"],
                  [":path", "/callout"],
                  [":authority", "auth"],
                  ["x-bad", "a\r\nx-injected: 1"],
                ]),
                "",
                "",
                1000,
              ),
              ret(1),
            ],
            http_call_response: [
              call("set_effective_context", saved(0)),
              call("get_header_map_value", 6, ":status"),
              call("get_buffer_bytes", 4, 0, 100),
              call("send_local_response", 299, "", "answered", "", -1),
            ],
          },
        },
      ],
    });
    const answer = await exchange(port, get());
    expect([answer.status, answer.body]).toEqual([299, "answered"]);
    expect(lines.some((l) => /@9 0 b:353033/.test(l))).toBe(true); // ":status" = "503"
    expect(lines.some((l) => l.includes(Buffer.from("invalid header value for: x-bad").toString("hex")))).toBe(true);
    expect(upstream.received()).not.toContain("x-injected");
  });
});

describe("Envoy's HTTP/1 limits at the front", () => {
  const headers = (n: number) => Array.from({ length: n }, (_, i) => `x-h${i}: v\r\n`).join("");

  // Each request below also carries host and connection: they count, as in Envoy.
  it("100 headers pass; 150 and 2,500 get 431 and the connection closes; nothing is dropped silently", async () => {
    const { port } = await gateway();
    const ok = await exchange(port, get("/", `${headers(97)}authorization: Bearer last\r\n`));
    expect(ok.status).toBe(200);
    expect(upstream.heads.at(-1)).toContain("authorization: Bearer last");
    for (const n of [150, 2500]) {
      const before = upstream.heads.length;
      const answer = await exchange(port, get("/", headers(n)));
      expect([answer.status, answer.body, answer.closed]).toEqual([431, "Request Header Fields Too Large", true]);
      expect(upstream.heads.length).toBe(before);
    }
  });

  it("one 59 KB header passes whole; a header block over 60 KiB gets 431", async () => {
    const { port } = await gateway();
    const value = "a".repeat(59 * 1024);
    expect((await exchange(port, get("/", `x-big: ${value}\r\n`))).status).toBe(200);
    expect(upstream.heads.at(-1)).toContain(`x-big: ${value}\r\n`);
    const big = await exchange(port, get("/", `x-big: ${"a".repeat(61 * 1024)}\r\n`));
    expect([big.status, big.body]).toEqual([431, "Request Header Fields Too Large"]);
  });

  it("max_request_headers_kb and max_headers_count come from the yaml", async () => {
    const { port } = await gateway({
      extraHcm: { max_request_headers_kb: 2, common_http_protocol_options: { max_headers_count: 10 } },
    });
    expect((await exchange(port, get("/", headers(8)))).status).toBe(200);
    expect((await exchange(port, get("/", headers(9)))).status).toBe(431);
    expect((await exchange(port, get("/", `x-big: ${"a".repeat(3000)}\r\n`))).status).toBe(431);
  });

  it("HTTP/1.0 and HTTP/0.9 get 426 unless accept_http_10, which uses default_host_for_http_10", async () => {
    const { port } = await gateway();
    const before = upstream.heads.length;
    expect((await exchange(port, "GET / HTTP/1.0\r\n\r\n")).status).toBe(426);
    expect((await exchange(port, "GET /\r\n\r\n")).status).toBe(426);
    expect(upstream.heads.length).toBe(before);
    const accepting = await gateway({
      extraHcm: { http_protocol_options: { accept_http_10: true, default_host_for_http_10: "legacy.test" } },
    });
    expect((await exchange(accepting.port, "GET /old HTTP/1.0\r\n\r\n")).status).toBe(200);
    expect(upstream.heads.at(-1)).toMatch(/^GET \/old HTTP\/1\.1\r\nhost: legacy\.test\r\n/);
  });

  it("an absolute-form URI is routed on its path with :authority from the URI", async () => {
    const { port } = await gateway();
    expect(
      (await exchange(port, "GET http://abs.test:8080/p?q=1 HTTP/1.1\r\nhost: other\r\nconnection: close\r\n\r\n"))
        .status,
    ).toBe(200);
    expect(upstream.heads.at(-1)).toMatch(/^GET \/p\?q=1 HTTP\/1\.1\r\nhost: abs\.test:8080\r\n/);
    expect((await exchange(port, "GET https://abs.test/p HTTP/1.1\r\nhost: other\r\n\r\n")).status).toBe(400);
  });

  it("extension methods Envoy knows pass; an unknown one, a missing Host, CONNECT and an upgrade get Envoy's answers", async () => {
    const { port } = await gateway();
    expect((await exchange(port, "PURGE /x HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n")).status).toBe(200);
    expect(upstream.heads.at(-1)).toMatch(/^PURGE \/x HTTP\/1\.1/);
    expect((await exchange(port, "PROPFIND /x HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n")).status).toBe(200);
    for (const method of ["FOO", "QUERY", "M-SEARCH"]) {
      const unknown = await exchange(port, `${method} /x HTTP/1.1\r\nhost: a\r\n\r\n`);
      expect([unknown.status, unknown.body, unknown.closed]).toEqual([400, "Bad Request", true]);
    }
    expect((await exchange(port, "GET / HTTP/1.1\r\nconnection: close\r\n\r\n")).status).toBe(400);
    expect((await exchange(port, "GET / HTTP/1.1\r\nhost: a<b>\r\nconnection: close\r\n\r\n")).status).toBe(400);
    const tunnel = await exchange(port, "CONNECT a.test:443 HTTP/1.1\r\nhost: a.test:443\r\n\r\n");
    expect([tunnel.status, tunnel.closed]).toEqual([403, true]);
    expect(
      (await exchange(port, "GET / HTTP/1.1\r\nhost: a\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n")).status,
    ).toBe(403);
  });

  it("request_timeout and stream_idle_timeout answer 408; idle_timeout closes a quiet connection", async () => {
    const timed = await gateway({ extraHcm: { request_timeout: "0.3s" } });
    const slow = await exchange(timed.port, "POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 10\r\n\r\nab");
    expect([slow.status, slow.body]).toEqual([408, "request timeout"]);
    const idle = await gateway({ extraHcm: { stream_idle_timeout: "0.3s" } });
    const quiet = await exchange(idle.port, "POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 10\r\n\r\nab");
    expect([quiet.status, quiet.body]).toEqual([408, "stream timeout"]);
    const conn = await gateway({ extraHcm: { common_http_protocol_options: { idle_timeout: "0.3s" } } });
    const socket = connect(conn.port, "127.0.0.1");
    socket.on("data", () => undefined);
    socket.write("GET / HTTP/1.1\r\nhost: a\r\n\r\n");
    await new Promise<void>((closed) => socket.on("close", () => closed()));
  });

  it("refuses option fields it does not run, naming them", async () => {
    await expect(gateway({ extraHcm: { http_protocol_options: { allow_custom_methods: true } } })).rejects.toThrow(
      /http_protocol_options\.allow_custom_methods: not supported/,
    );
    await expect(
      gateway({ extraHcm: { common_http_protocol_options: { max_stream_duration: "1s" } } }),
    ).rejects.toThrow(/common_http_protocol_options\.max_stream_duration: not supported/);
  });
});

describe("flow control", () => {
  const TOTAL = 64 * 1024 * 1024;
  const CHUNK = Buffer.alloc(64 * 1024, 0x61);
  const until = async (cond: () => boolean) => {
    while (!cond()) await new Promise((r) => setTimeout(r, 20));
  };

  /**
   * Resolves once the writer has sent everything, or waits and has not moved for a while. With
   * flow control it stays stopped however long this waits; without, it would run to the end.
   */
  const settled = async (state: { written: number; blocked: boolean }, total: number) => {
    for (;;) {
      const seen = state.written;
      await new Promise((r) => setTimeout(r, 300));
      if (state.written === total || (state.blocked && state.written === seen)) return;
    }
  };

  /** Writes `total` bytes as fast as `socket` takes them; `state` says how far it got and whether it waits. */
  function pump(socket: Socket, total: number, state: { written: number; blocked: boolean }) {
    const next = () => {
      while (state.written < total) {
        state.written += CHUNK.length;
        if (!socket.write(CHUNK)) {
          state.blocked = true;
          socket.once("drain", () => {
            state.blocked = false;
            next();
          });
          return;
        }
      }
    };
    next();
  }

  it("a client that stops reading stops the upstream being read; the whole body still arrives", async () => {
    const sending = { written: 0, blocked: false };
    const big = createServer((socket) => {
      socket.once("data", () => {
        socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${TOTAL}\r\n\r\n`);
        pump(socket, TOTAL, sending);
      });
      socket.on("error", () => undefined);
    });
    await new Promise<void>((ok) => big.listen(0, "127.0.0.1", ok));
    try {
      const { g, port } = await gateway({
        clusters: { upstream: `127.0.0.1:${(big.address() as { port: number }).port}` },
      });
      const client = connect(port, "127.0.0.1");
      let received = 0;
      client.on("data", (d: Buffer) => (received += d.length));
      client.pause();
      client.write(get("/big"));
      await until(
        () =>
          (g.process.stats.find("http.ingress_http.downstream_flow_control_paused_reading_total")?.value ?? 0n) >= 1n,
      );
      await settled(sending, TOTAL);
      expect(sending.written).toBeLessThan(TOTAL / 2);
      const done = new Promise<void>((closed) => client.on("close", () => closed()));
      client.resume();
      await done;
      expect(received).toBeGreaterThan(TOTAL);
      expect(sending.written).toBe(TOTAL);
    } finally {
      big.close();
    }
  });

  it("an upstream that does not read stops the client's upload being read", async () => {
    const held: Socket[] = [];
    const deaf = createServer((socket) => {
      socket.pause();
      held.push(socket);
    });
    await new Promise<void>((ok) => deaf.listen(0, "127.0.0.1", ok));
    try {
      const { g, port } = await gateway({
        clusters: { upstream: `127.0.0.1:${(deaf.address() as { port: number }).port}` },
      });
      const client = connect(port, "127.0.0.1");
      client.on("error", () => undefined);
      const sending = { written: 0, blocked: false };
      client.write(`POST /up HTTP/1.1\r\nhost: a\r\ncontent-length: ${TOTAL}\r\n\r\n`);
      pump(client, TOTAL, sending);
      await until(
        () => (g.process.stats.find("cluster.upstream.upstream_flow_control_paused_reading_total")?.value ?? 0n) >= 1n,
      );
      await settled(sending, TOTAL);
      expect(sending.written).toBeLessThan(TOTAL / 2);
      client.destroy();
    } finally {
      for (const s of held) s.destroy();
      deaf.close();
    }
  });
});
