// The counter: one EVAL of a Lua script, so counting, starting a new window and setting the
// expiry happen as one step in Redis (no other command runs in between, and no reply is
// needed between them: a gateway that dies or times out mid-way cannot leave a key behind
// without a TTL, the INCR-then-EXPIRE race of the seed, Kong#5763 and limits#14).
//
// The window comes from Redis's clock (TIME), not the gateway's: every gateway instance and
// worker counts into the same window even when their clocks disagree (spring-cloud-gateway#1688),
// and a request whose round trip outlasts the window cannot recreate an old window's key.
// The key holds the window start and the count (a hash), and always expires at the window's
// end: the key names only the rule and subject, which is what KEYS[1] declares (Redis Cluster
// and Envoy's Redis proxy route by it). Returns {count, windowStart, secondsToReset}.
import { RespType, RespValue } from "@gatewasm/sdk";

export const WINDOW_SCRIPT =
  "local c,k=redis.call,KEYS[1] local now=tonumber(c('TIME')[1]) local w=tonumber(ARGV[1]) local s=now-now%w local n=1 if c('HGET',k,'w')==tostring(s) then n=c('HINCRBY',k,'n',1) else c('HSET',k,'w',s,'n',1) end c('EXPIREAT',k,s+w) return {n,s,s+w-now}";

/** One request's place in its window, from the script's reply. */
export class WindowCount {
  constructor(
    /** This request's number in the window (1 for the first). */
    public readonly count: i64,
    /** The window's start, unix seconds (the seed's `timeStamp`: minute-aligned for 60 s). */
    public readonly windowStart: i64,
    /** Seconds until the window ends, 1..windowSeconds. */
    public readonly resetSeconds: i64,
  ) {}

  /** Requests left in the window after this one (never negative). */
  remaining(limit: i64): i64 {
    return this.count >= limit ? 0 : limit - this.count;
  }
}

/** The reply as a WindowCount, or null when it is not three integers in range (a malformed reply). */
export function readWindowCount(reply: RespValue, windowSeconds: i64): WindowCount | null {
  if (reply.type != RespType.Array) return null;
  const items = reply.array();
  if (items.length != 3) return null;
  for (let i = 0; i < 3; i++) if (unchecked(items[i]).type != RespType.Integer) return null;
  const count = unchecked(items[0]).integer();
  const start = unchecked(items[1]).integer();
  const reset = unchecked(items[2]).integer();
  if (count < 1 || start < 0 || start % windowSeconds != 0 || reset < 1 || reset > windowSeconds) return null;
  return new WindowCount(count, start, reset);
}
