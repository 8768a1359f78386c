// What the plugins' callouts get back: http_call responses (Envoy hands the plugin `:status`,
// the headers, the body; its own 503/504 replies for a failed connection or a timeout; or a
// reset) and Redis replies (RESP bytes, or a network failure). Soak answers are what real
// services say, varied; fuzz answers are anything at all.
import type { HeaderPair } from "@gatewasm/host";
import type { HttpCalloutResult, RedisCallResult } from "@gatewasm/host/internal";
import type { Rng } from "../rng.js";
import { headerName, headerValue, token } from "./text.js";

const response = (status: string, headers: HeaderPair[], body: string | Buffer): HttpCalloutResult => ({
  kind: "response",
  headers: [[":status", status], ...headers],
  body: typeof body === "string" ? Buffer.from(body) : body,
  trailers: [],
});

// Envoy's own replies when a call times out or cannot connect (its AsyncClient wording).
const TIMEOUT = response(
  "504",
  [
    ["content-length", "24"],
    ["content-type", "text/plain"],
  ],
  "upstream request timeout",
);
const CONNECT_FAILURE = response(
  "503",
  [["content-type", "text/plain"]],
  "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure",
);
const RESET: HttpCalloutResult = { kind: "reset" };

/** A token service's answer: mostly a token in `tokenHeaders`, sometimes a failure of each kind. */
export function serviceAnswer(rng: Rng, tokenHeaders: readonly string[]): HttpCalloutResult {
  const r = rng.int(20);
  if (r < 12)
    return response(
      "200",
      [
        [rng.pick(tokenHeaders), token(rng, 10, 400)],
        ["cache-control", "no-store"],
      ],
      "",
    );
  if (r === 12) return response("200", [["content-type", "application/json"]], '{"token":null}');
  if (r === 13) return response("200", [[rng.pick(tokenHeaders), `bad\r\n${token(rng, 1, 20)}`]], "");
  if (r === 14) return response("401", [["www-authenticate", "Bearer"]], "unauthorized");
  if (r === 15) return response("500", [], "internal error");
  if (r === 16) return TIMEOUT;
  if (r === 17) return CONNECT_FAILURE;
  if (r === 18) return RESET;
  return response("200", [[rng.pick(tokenHeaders), token(rng, 1, 40)]], Buffer.alloc(rng.size(8192), 0x61));
}

/** Any answer: odd statuses, hostile header maps and values, random bodies, no :status at all. */
export function hostileAnswer(rng: Rng, tokenHeaders: readonly string[]): HttpCalloutResult {
  if (rng.chance(0.1)) return rng.pick([TIMEOUT, CONNECT_FAILURE, RESET]);
  const status = rng.chance(0.6) ? "200" : rng.chance(0.5) ? String(rng.int(1000)) : headerValue(rng, 12, true);
  const headers: HeaderPair[] = [];
  const many = rng.chance(0.01);
  for (let i = 0, n = many ? 500 + rng.int(1100) : rng.size(30); i < n; i++)
    headers.push([headerName(rng, true), headerValue(rng, many ? 64 : 1000, true)]);
  if (rng.chance(0.7))
    headers.splice(rng.int(headers.length + 1), 0, [
      rng.pick(tokenHeaders),
      headerValue(rng, rng.chance(0.01) ? 200_000 : 600, true),
    ]);
  if (rng.chance(0.9)) headers.unshift([":status", status]);
  return { kind: "response", headers, body: rng.bytes(rng.size(rng.chance(0.02) ? 1_000_000 : 4096)), trailers: [] };
}

const resp = (s: string): RedisCallResult => ({ status: 0, reply: Buffer.from(s, "latin1") });

/** The window script's reply {count, windowStart, secondsToReset}, mostly, and Redis's errors. */
export function windowReply(rng: Rng, qpm: number, windowSeconds: number): RedisCallResult {
  const now = 1_700_000_000 + rng.int(1_000_000);
  const start = now - (now % windowSeconds);
  const r = rng.int(20);
  if (r < 16) return resp(`*3\r\n:${1 + rng.int(qpm * 2)}\r\n:${start}\r\n:${1 + rng.int(windowSeconds)}\r\n`);
  if (r === 16) return resp("-NOSCRIPT No matching script. Please use EVAL.\r\n");
  if (r === 17) return resp("-LOADING Redis is loading the dataset in memory\r\n");
  if (r === 18) return { status: 1 };
  return resp(
    "-ERR Error running script (call to f_x): @user_script:1: WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
  );
}

/** A RESP value of any type, well-formed or lying about its lengths. */
function respValue(rng: Rng, depth: number): string {
  switch (rng.int(depth > 3 ? 6 : 8)) {
    case 0:
      return `+${headerValue(rng, 40, false)}\r\n`;
    case 1:
      return `-${rng.pick(["ERR", "WRONGTYPE", "NOAUTH", ""])} ${headerValue(rng, 40, false)}\r\n`;
    case 2:
      return `:${rng.pick(["0", "1", "-1", "60", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e3", "", "0x10", " 7", String(rng.int(2 ** 31))])}\r\n`;
    case 3: {
      const data = rng.bytes(rng.size(300)).toString("latin1");
      const claimed = rng.chance(0.8) ? data.length : rng.pick([-1, -2, 0, data.length + 1, 2 ** 31, rng.int(1000)]);
      return `$${claimed}\r\n${data}\r\n`;
    }
    case 4:
      return rng.pick([
        "$-1\r\n",
        "*-1\r\n",
        "*0\r\n",
        "$0\r\n\r\n",
        "_\r\n",
        "#t\r\n",
        ",1.5\r\n",
        "%1\r\n+a\r\n+b\r\n",
      ]);
    case 5:
      return rng.bytes(rng.size(40)).toString("latin1");
    default: {
      const n = rng.chance(0.3) ? 3 : rng.size(12);
      const claimed = rng.chance(0.85) ? n : rng.pick([-5, n + 1, n + 100, 2 ** 31 - 1, 4_294_967_296]);
      let s = `*${claimed}\r\n`;
      for (let i = 0; i < n; i++) s += respValue(rng, depth + 1);
      return s;
    }
  }
}

/** Any Redis reply: random RESP (truncated, nested, huge counts), random bytes, or a failure. */
export function hostileReply(rng: Rng): RedisCallResult {
  const r = rng.int(10);
  if (r === 0) return { status: 1 };
  if (r === 1) return { status: 0, reply: rng.bytes(rng.size(rng.chance(0.05) ? 1_000_000 : 200)) };
  if (r === 2) return resp(`${"*".repeat(1 + rng.size(5000))}\r\n`);
  let s = respValue(rng, 0);
  if (rng.chance(0.25)) s = s.slice(0, rng.int(s.length + 1));
  return resp(s);
}
