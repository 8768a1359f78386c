// Requests for the soak (varied but well-formed: what real traffic looks like) and the fuzz
// (hostile: huge maps, many pairs, CR/LF/NUL, controls, odd pseudo-headers, bodies of random
// bytes that are mostly invalid UTF-8).
import type { HeaderPair } from "@gatewasm/host";
import type { BenchRequest } from "../engine/bench-vm.js";
import type { Rng } from "../rng.js";
import { headerName, headerValue, token } from "./text.js";

export interface Traffic {
  /** :authority values (rules by domain). */
  authorities: readonly string[];
  /** Route names (rules by route). */
  routes: readonly string[];
  /** Header names the plugin reads (token header, limit-by header), to be sent sometimes. */
  interestingHeaders: readonly string[];
}

const METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"];

function requestHeaders(rng: Rng, traffic: Traffic, hostile: boolean): HeaderPair[] {
  const authority = hostile && rng.chance(0.2) ? headerValue(rng, 300, true) : rng.pick(traffic.authorities);
  const path =
    "/" +
    (hostile && rng.chance(0.3)
      ? headerValue(rng, 2000, true)
      : `${token(rng, 0, 12)}?${token(rng, 0, 20)}=${token(rng, 0, 20)}`);
  const method = hostile && rng.chance(0.1) ? headerValue(rng, 20, true) : rng.pick(METHODS);
  const headers: HeaderPair[] = [
    [":authority", authority],
    [":path", path],
    [":method", method],
    [":scheme", rng.chance(0.5) ? "http" : "https"],
  ];
  if (!hostile || rng.chance(0.9)) headers.push(["x-request-id", token(rng, 8, 36)]);
  for (const name of traffic.interestingHeaders) {
    if (rng.chance(0.3)) headers.push([name, headerValue(rng, hostile ? 4000 : 200, hostile)]);
  }
  // Hostile maps: 1% carry one value of 64 KiB to 1 MiB, 1% have 500 to 1,600 short pairs (past
  // Envoy's 1,024), the rest up to 40 headers. Rare, because each costs the host megabytes.
  const shape = hostile ? rng.int(100) : -1;
  if (shape === 0)
    headers.push([
      headerName(rng, true),
      headerValue(rng, 64 * 1024, true).padEnd(64 * 1024 + rng.size(960 * 1024), "v"),
    ]);
  const extra = shape === 1 ? 500 + rng.int(1100) : rng.size(hostile ? 40 : 24);
  const valueMax = shape === 1 ? 64 : hostile ? 1000 : 1500;
  for (let i = 0; i < extra; i++) headers.push([headerName(rng, hostile), headerValue(rng, valueMax, hostile)]);
  if (hostile && rng.chance(0.05)) headers.sort(() => rng.next() - 0.5); // pseudo-headers out of place
  return headers;
}

/** A body: none, text (JSON-like or UTF-8), or random bytes; hostile ones sometimes past 1 MiB. */
function body(rng: Rng, hostile: boolean): Buffer | null {
  if (rng.chance(0.5)) return null;
  const max = hostile && rng.chance(0.01) ? 1_200_000 : hostile ? 16_384 : 65_536;
  const length = rng.size(max);
  // Past 4 KiB a block repeats: the size is what a large body exercises.
  const block = rng.chance(0.5)
    ? rng.bytes(Math.min(length, 4096))
    : Buffer.from(JSON.stringify({ id: token(rng, 1, 30), note: headerValue(rng, 200, hostile), n: rng.int(1e9) }));
  if (length === 0 || block.length === 0) return Buffer.alloc(0);
  return Buffer.alloc(length, block);
}

function responseHeaders(rng: Rng, hostile: boolean): HeaderPair[] {
  const status =
    hostile && rng.chance(0.1)
      ? String(rng.int(1000))
      : rng.pick(["200", "200", "200", "201", "204", "301", "404", "500", "503"]);
  const headers: HeaderPair[] = [
    [":status", status],
    ["content-type", rng.pick(["application/json", "text/plain; charset=utf-8", "text/html"])],
  ];
  for (let i = 0, n = rng.size(hostile ? 40 : 12); i < n; i++)
    headers.push([headerName(rng, hostile), headerValue(rng, hostile ? 4000 : 400, hostile)]);
  return headers;
}

/** One request end to end; callout answers are added by the caller (they depend on the plugin). */
export function request(rng: Rng, traffic: Traffic, hostile: boolean): BenchRequest {
  return {
    headers: requestHeaders(rng, traffic, hostile),
    body: body(rng, hostile),
    routeName: hostile && rng.chance(0.1) ? headerValue(rng, 40, true) : rng.pick(traffic.routes),
    responseHeaders: responseHeaders(rng, hostile),
    responseBody: body(rng, hostile),
  };
}
