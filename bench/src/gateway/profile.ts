// Where a gateway's time goes: V8's CPU profile of the gateway process (`node --cpu-prof`)
// during a load run, its samples' self time summed by what they ran, divided by the requests
// served. Only the main thread is sampled: GC work on helper threads is not in "GC" (but it
// takes the same 2 cores).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

const PROFILE_CATEGORIES = [
  "plugin (wasm)",
  "host: wasm filter, stream, host calls",
  "host: gateway, router",
  "GC",
  "Node: HTTP, sockets, other",
] as const;
export type ProfileCategory = (typeof PROFILE_CATEGORIES)[number];

function categorize(functionName: string, url: string): ProfileCategory | null {
  if (functionName === "(idle)" || functionName === "(program)") return null;
  if (functionName === "(garbage collector)") return "GC";
  if (functionName.startsWith("wasm-function") || url.startsWith("wasm://")) return "plugin (wasm)";
  const host = url.indexOf("/host/dist/");
  if (host >= 0) {
    const layer = url.slice(host + "/host/dist/".length).split("/")[0];
    return layer === "gateway" || layer === "callouts"
      ? "host: gateway, router"
      : "host: wasm filter, stream, host calls";
  }
  return "Node: HTTP, sockets, other";
}

/** Microseconds of main-thread CPU per request, by category, from the one profile in `dir`. */
export function cpuPerRequest(dir: string, requests: number): Record<ProfileCategory, number> {
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no CPU profile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const out = Object.fromEntries(PROFILE_CATEGORIES.map((c) => [c, 0])) as Record<ProfileCategory, number>;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const category = frame && categorize(frame.functionName, frame.url);
    if (category) out[category] += profile.timeDeltas[i];
  });
  for (const c of PROFILE_CATEGORIES) out[c] = Math.round((out[c] / Math.max(1, requests)) * 10) / 10;
  return out;
}
