// Rate-limit accuracy: the redis-ratelimit issue's exactness test, repeated over many windows.
// `gatewasm run` with 4 workers (4 VMs) counts in one real redis-server; 200 concurrent
// keep-alive clients send as fast as they can, from just after a window boundary for exactly
// `windows` windows. Each answer's `timeStamp` header is its window's start (from Redis's
// clock, the same machine's): admissions are counted per window as Redis counted them, and any
// above qpm is an over-admission. A 200 without a window is the plugin failing open (the seed's
// failurePolicy) because Redis answered after the plugin's timeout, which a loaded machine
// causes: such answers are counted on their own line, matched against the gateway's log line for
// each ("redis timeout: …; request allowed (failurePolicy fail-open)"), and are not
// over-admissions. One the log does not explain is counted as an over-admission.
import { Agent, request } from "node:http";
import { randomUUID } from "node:crypto";
import { startGateway, startUpstreams } from "../gateway/stack.js";
import type { Plan } from "../options.js";
import { pluginWasm } from "../paths.js";
import type { PluginUnderTest } from "../plugins.js";
import type { RateLimit, RateLimitWindow } from "../report/results.js";

const VMS = 4;
const CLIENTS = 200;
/** The plugin's Redis timeout (its default, as in the seed's configuration). */
const TIMEOUT_MS = 1000;

interface Tally {
  admitted: Map<number, number>;
  rejected: Map<number, number>;
  /** 200s without a timeStamp header: let through uncounted (fail-open). */
  failOpen: number;
  other: number;
  errors: number;
  requests: number;
}

function get(url: string, agent: Agent): Promise<{ status: number; window: number | null }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => {
        const stamp = res.headers.timestamp;
        resolve({ status: res.statusCode ?? 0, window: typeof stamp === "string" ? Number(stamp) : null });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function client(url: string, agent: Agent, until: number, tally: Tally): Promise<void> {
  while (Date.now() < until) {
    try {
      const { status, window } = await get(url, agent);
      tally.requests++;
      if (status === 200 && window !== null) tally.admitted.set(window, (tally.admitted.get(window) ?? 0) + 1);
      else if (status === 200) tally.failOpen++;
      else if (status === 429 && window !== null) tally.rejected.set(window, (tally.rejected.get(window) ?? 0) + 1);
      else tally.other++;
    } catch {
      tally.errors++;
    }
  }
}

/**
 * Admissions per window (the window Redis's clock put each counted answer in), over-admissions
 * (admitted beyond qpm in a window), and the fail-open answers the gateway's log does not
 * explain, which count as over-admissions too. The log is read to its end (the gateway stopped).
 */
export function accountAdmissions(
  tally: Pick<Tally, "admitted" | "rejected" | "failOpen">,
  failOpenLogged: number,
  qpm: number,
  w: number,
  first: number,
  last: number,
): { windows: RateLimitWindow[]; full: RateLimitWindow[]; overAdmissions: number; unexplained: number } {
  const starts = [...new Set([...tally.admitted.keys(), ...tally.rejected.keys()])].sort((a, b) => a - b);
  const windows: RateLimitWindow[] = starts.map((s) => ({
    windowStart: s,
    admitted: tally.admitted.get(s) ?? 0,
    rejected: tally.rejected.get(s) ?? 0,
    full: s >= first && s + w <= last,
  }));
  const unexplained = Math.max(0, tally.failOpen - failOpenLogged);
  const overAdmissions = windows.reduce((sum, x) => sum + Math.max(0, x.admitted - qpm), 0) + unexplained;
  return { windows, full: windows.filter((x) => x.full), overAdmissions, unexplained };
}

export async function measureRateLimit(
  plugins: PluginUnderTest[],
  plan: Plan,
  progress: (line: string) => void,
): Promise<RateLimit | { skipped: string }> {
  if (!plugins.some((p) => p.name === "redis-ratelimit"))
    return { skipped: "redis-ratelimit is not built (plugins/redis-ratelimit/build/plugin.wasm)" };
  const w = plan.windowSeconds;
  const qpm = 100 * w;
  const filter = {
    name: "redis-ratelimit",
    flavor: "higress" as const,
    // A rule name of its own, so no earlier run's counter is in these windows.
    configuration: JSON.stringify({
      serviceName: "redis.static",
      servicePort: 6379,
      timeout: TIMEOUT_MS,
      qpm,
      windowSeconds: w,
      ruleName: `bench-${randomUUID().slice(0, 8)}`,
    }),
  };
  const upstreams = await startUpstreams(true);
  const tally: Tally = { admitted: new Map(), rejected: new Map(), failOpen: 0, other: 0, errors: 0, requests: 0 };
  /** The gateway's log lines for requests it let through because Redis answered too late or not at all. */
  const logged = { timeout: 0, otherFailure: 0 };
  const onLogLine = (line: string) => {
    if (!line.endsWith("request allowed (failurePolicy fail-open)")) return;
    if (line.includes("redis timeout")) logged.timeout++;
    else logged.otherFailure++;
  };
  let first = 0;
  let last = 0;
  try {
    const gateway = await startGateway(
      "rate-limit",
      filter,
      pluginWasm("redis-ratelimit"),
      upstreams,
      VMS,
      undefined,
      onLogLine,
    );
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
      const url = `${gateway.url}/get`;
      // Open the connections (spread round robin over the workers), then start just after a boundary.
      await Promise.all(
        Array.from({ length: CLIENTS }, () => get(`${gateway.url}/status/200`, agent).catch(() => undefined)),
      );
      const nowS = Date.now() / 1000;
      first = Math.ceil(nowS / w) * w + w;
      await new Promise((r) => setTimeout(r, (first - nowS) * 1000 + 50));
      last = first + plan.windows * w;
      const until = last * 1000;
      progress(`  rate limit: ${CLIENTS} clients, ${VMS} VMs, qpm ${qpm} per ${w} s window, ${plan.windows} windows`);
      await Promise.all(Array.from({ length: CLIENTS }, () => client(url, agent, until, tally)));
      agent.destroy();
    } finally {
      await gateway.child.stop();
    }
  } finally {
    await upstreams.stop();
  }
  const failOpenLogged = logged.timeout + logged.otherFailure;
  const {
    windows,
    full,
    overAdmissions: over,
    unexplained,
  } = accountAdmissions(tally, failOpenLogged, qpm, w, first, last);
  progress(
    `  rate limit: ${tally.requests} requests, admitted per window ${windows.map((x) => x.admitted).join(" ")}, over-admissions ${over}`,
  );
  progress(
    `  rate limit: ${tally.failOpen} fail-open answers (let through uncounted: Redis answered after the plugin's ${TIMEOUT_MS} ms timeout, ` +
      `as a loaded machine can make it), ${logged.timeout} logged as redis timeouts${logged.otherFailure ? `, ${logged.otherFailure} as other Redis failures` : ""}` +
      `${unexplained ? `, ${unexplained} not logged (counted as over-admissions)` : ""}; not over-admissions`,
  );
  return {
    vms: VMS,
    clients: CLIENTS,
    qpm,
    windowSeconds: w,
    windows,
    overAdmissions: over,
    exactWindows: full.filter((x) => x.admitted === qpm).length,
    fullWindows: full.length,
    requests: tally.requests,
    errors: tally.errors + tally.other,
    failOpen: tally.failOpen,
    failOpenLogged,
    timeoutMs: TIMEOUT_MS,
  };
}
