// Requests to the gateway, each with a client-side deadline so that no test request can hang,
// and the time each took (printed by the failure-path tests, never asserted as a bound).
import { request as httpRequest } from "node:http";

export interface GatewayAnswer {
  status: number;
  body: string;
  elapsedMs: number;
}

/** GET `url` with a Host header of `host` (when given); rejects if no answer within `deadlineMs`. */
export function get(
  url: string,
  options: { host?: string; headers?: Record<string, string>; deadlineMs?: number } = {},
): Promise<GatewayAnswer> {
  const started = performance.now();
  const headers = { ...options.headers, ...(options.host ? { host: options.host } : {}) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { headers, agent: false, signal: AbortSignal.timeout(options.deadlineMs ?? 60_000) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            elapsedMs: performance.now() - started,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The request headers httpbin's /get saw (Title-Case names). */
export function echoedHeaders(answer: GatewayAnswer): Record<string, string> {
  return (JSON.parse(answer.body) as { headers: Record<string, string> }).headers;
}
