// Sends one http_call to a real HTTP/1.1 upstream the way Envoy's async client does
// (source/common/http/async_client_impl.cc with the router): x-envoy-internal is set, no
// x-forwarded-for; the timeout covers the whole exchange and answers 504; a failed connection
// answers 503; a reset after the response started is a reset (0 headers for the plugin).
// Headers or trailers the codec refuses (CR, LF, NUL, a bad name) are answered with Envoy's 503
// and the reason, after the current callback, and nothing is sent.
import { request as httpRequest, Agent } from "node:http";
import { connectErrno } from "./connect-timeout.js";
import type { HeaderPair } from "../abi/pairs.js";
import { HeaderMap } from "../context/header-map.js";
import { invalidEntry, requestHeadersProblem } from "../stream/header-validity.js";
import {
  connectFailureReply,
  connectTimeoutReply,
  invalidRequestReply,
  timeoutReply,
  upstreamResetReply,
} from "./async-client-replies.js";
import type { Cancellable, HttpCalloutRequest, HttpCalloutResult } from "./cluster-manager.js";
import type { Endpoint } from "./endpoint.js";
import { HOP_BY_HOP } from "./hop-by-hop.js";
import { watchConnect } from "./connect-timeout.js";

export function sendHttpCallout(
  endpoint: Endpoint,
  agent: Agent,
  connectTimeoutMs: number,
  call: HttpCalloutRequest,
  done: (r: HttpCalloutResult) => void,
): Cancellable {
  let finished = false;
  let responseStarted = false;
  const finish = (r: HttpCalloutResult) => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    done(r);
  };
  const problem = requestHeadersProblem(new HeaderMap(call.headers)) ?? invalidEntry(new HeaderMap(call.trailers));
  if (problem !== null) {
    const pending = setImmediate(() => {
      if (finished) return;
      finished = true;
      done(invalidRequestReply(problem));
    });
    return {
      cancel: () => {
        finished = true;
        clearImmediate(pending);
      },
    };
  }
  const get = (name: string) => call.headers.find(([k]) => k === name)?.[1] ?? "";
  const headers: string[] = [];
  for (const [k, v] of call.headers) {
    if (k.startsWith(":") || HOP_BY_HOP.has(k) || k === "host") continue;
    headers.push(k, v);
  }
  headers.push("host", get(":authority"), "x-envoy-internal", "true");
  const req = httpRequest({
    host: endpoint.host,
    port: endpoint.port,
    method: get(":method"),
    path: get(":path"),
    headers,
    agent,
    setHost: false,
  });
  let timer: NodeJS.Timeout | null = null;
  if (call.timeoutMs !== null) {
    timer = setTimeout(() => {
      req.destroy();
      finish(timeoutReply());
    }, call.timeoutMs);
  }
  watchConnect(req, connectTimeoutMs, () => finish(connectTimeoutReply()));
  req.on("error", (err: NodeJS.ErrnoException) => {
    if (responseStarted) return finish({ kind: "reset" });
    const errno = connectErrno(err);
    finish(errno === null ? upstreamResetReply() : connectFailureReply(errno));
  });
  req.on("response", (res) => {
    responseStarted = true;
    const pairs: HeaderPair[] = [[":status", String(res.statusCode ?? 0)]];
    for (let i = 0; i < res.rawHeaders.length; i += 2) {
      const k = res.rawHeaders[i].toLowerCase();
      if (!HOP_BY_HOP.has(k)) pairs.push([k, res.rawHeaders[i + 1]]);
    }
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("aborted", () => finish({ kind: "reset" }));
    res.on("error", () => finish({ kind: "reset" }));
    res.on("end", () => {
      const trailers: HeaderPair[] = [];
      for (let i = 0; i < res.rawTrailers.length; i += 2)
        trailers.push([res.rawTrailers[i].toLowerCase(), res.rawTrailers[i + 1]]);
      finish({ kind: "response", headers: pairs, body: Buffer.concat(chunks), trailers });
    });
  });
  if (call.trailers.length > 0 && call.body.length === 0) {
    // HTTP/1.1 carries trailers only with chunked encoding.
    req.setHeader("transfer-encoding", "chunked");
    req.addTrailers(Object.fromEntries(call.trailers));
  }
  req.end(call.body.length > 0 ? Buffer.from(call.body) : undefined);
  return {
    cancel: () => {
      finished = true;
      if (timer) clearTimeout(timer);
      req.destroy();
    },
  };
}
