// Stalled connections: the gateway's memory while clients stop reading a large response, and
// while an upstream stops reading large uploads. With Envoy's flow control the gateway keeps
// about per_connection_buffer_limit_bytes per stalled stream (plus socket buffers) and stops
// reading the other side; without it, the whole body would pile up in memory. RSS of the
// gateway process (/proc/PID/status) before, at the plateau, and after the clients close.
import { readFileSync } from "node:fs";
import { startGateway } from "../gateway/stack.js";
import {
  slowReaders,
  startBigBodyUpstream,
  startDeafUpstream,
  uploaders,
  type Clients,
  type Peer,
} from "../gateway/stall-peers.js";
import type { Plan } from "../options.js";
import type { Stall, StallRow } from "../report/results.js";

const MIB = 1024 * 1024;
const BODY = 50 * MIB;

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `progress` stops moving (every stalled stream has filled what it may), at most `limitMs`. */
async function plateau(progress: () => number, limitMs: number): Promise<void> {
  const started = Date.now();
  let last = -1;
  let still = 0;
  while (Date.now() - started < limitMs) {
    await pause(250);
    const now = progress();
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 4) return;
  }
}

async function measure(
  name: string,
  peer: Peer,
  warm: boolean,
  settleMs: number,
  connections: number,
  open: (port: number) => Clients,
  progress: (c: Clients) => number,
  log: (l: string) => void,
): Promise<StallRow> {
  const gateway = await startGateway(`stall-${name.replace(/\W+/g, "-")}`, null, null, {
    echo: peer.address,
    redis: null,
    stop: async () => undefined,
  });
  try {
    const port = Number(new URL(gateway.url).port);
    if (warm) {
      // One exchange first, so the baseline is a gateway that has served a stream.
      const res = await fetch(`${gateway.url}/warm`);
      await res.body?.cancel();
      await pause(500);
    }
    const before = rssBytes(gateway.child.pid);
    const round = async () => {
      const clients = open(port);
      await plateau(() => progress(clients), 30_000);
      const peak = rssBytes(gateway.child.pid);
      const moved = progress(clients);
      clients.close();
      // The streams end when their clients go; what they held is garbage from then on.
      await pause(settleMs);
      return { peak, after: rssBytes(gateway.child.pid), moved };
    };
    const first = await round();
    // A second round on the same gateway: memory that was given back (or reused) does not add up.
    const second = await round();
    const peak = Math.max(first.peak, second.peak);
    const row: StallRow = {
      name,
      connections,
      bodyMiB: BODY / MIB,
      rssBeforeMiB: +(before / MIB).toFixed(1),
      rssPeakMiB: +(peak / MIB).toFixed(1),
      rssAfterMiB: +(first.after / MIB).toFixed(1),
      rssAfterSecondMiB: +(second.after / MIB).toFixed(1),
      growthPerConnectionMiB: +((peak - before) / connections / MIB).toFixed(2),
      peerBytesMiB: +(first.moved / MIB).toFixed(1),
    };
    log(
      `  ${name}: ${connections} × ${row.bodyMiB} MiB, RSS ${row.rssBeforeMiB} → peak ${row.rssPeakMiB} → ${row.rssAfterMiB} after closing, ${row.rssAfterSecondMiB} after a second round, MiB (${row.growthPerConnectionMiB} MiB per connection); ${row.peerBytesMiB} MiB moved`,
    );
    return row;
  } finally {
    await gateway.child.stop();
  }
}

export async function measureStall(plan: Plan, log: (line: string) => void): Promise<Stall> {
  // Much of the growth is the heap settling at its working size whatever the count: too few connections would overstate the share of each.
  const connections = plan.mode === "quick" ? 8 : 10;
  const settleMs = plan.mode === "quick" ? 1_000 : 3_000;
  const rows: StallRow[] = [];
  const big = await startBigBodyUpstream(BODY);
  try {
    rows.push(
      await measure(
        "slow readers of a large response",
        big,
        true,
        settleMs,
        connections,
        (port) => slowReaders(port, connections),
        () => big.written(),
        log,
      ),
    );
  } finally {
    await big.close();
  }
  const deaf = await startDeafUpstream();
  try {
    rows.push(
      await measure(
        "uploads to an upstream that does not read",
        deaf,
        false,
        settleMs,
        connections,
        (port) => uploaders(port, connections, BODY),
        (c) => c.written(),
        log,
      ),
    );
  } finally {
    await deaf.close();
  }
  return {
    budgetMiB: 16,
    setup: `\`gatewasm run\` (one Node process, per_connection_buffer_limit_bytes at its 1 MiB default) between loopback peers in the bench process: ${connections} clients that send \`GET\` and never read a ${BODY / MIB} MiB response, then ${connections} clients that upload ${BODY / MIB} MiB each to an upstream that never reads. RSS of the gateway before, at the plateau (nothing moving for a second), and ${settleMs / 1000} s after the clients close; then the same again on the same gateway. Node does not hand freed memory back to the system at once (neither V8 nor the allocator shrink right away, even after a forced collection), so the second round is the check: memory the stalled streams held is reused, not added up. "Moved" is what the upstream wrote, or the clients uploaded, by the plateau: the rest waited, as flow control means. Envoy keeps about 1 MiB per stalled stream.`,
    rows,
  };
}
