// One token reused for `cacheTtl` milliseconds instead of one call per request. It lives in the
// config object, so it is per VM (each Envoy worker has its own) and per rule, and a
// reconfigure starts empty. Requests that miss while a call is on its way each make their own
// call: the first answer fills the cache.

export class TokenCache {
  private token: string = "";
  private expiresAtMs: i64 = 0;

  /** The cached token, or null if there is none or it expired at `nowMs`. */
  lookup(nowMs: i64): string | null {
    return this.token.length != 0 && nowMs < this.expiresAtMs ? this.token : null;
  }

  store(token: string, nowMs: i64, ttlMs: i64): void {
    if (ttlMs <= 0) return;
    this.token = token;
    this.expiresAtMs = nowMs + ttlMs;
  }
}
