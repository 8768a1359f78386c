// The plugin's configuration: the seed's keys (serviceName, servicePort, username, password,
// timeout, qpm) plus the production ones. One parser serves the global config and `_rules_`
// entries: every key defaults to the value already in `config`, which for a rule is a copy of
// the global config, so a rule only states what differs.
import {
  ConfigError,
  FQDNCluster,
  JsonDocument,
  JsonValue,
  Log,
  RedisClient,
  newRedisClusterClient,
} from "@gatewasm/sdk";
import { LimitBy, parseLimitBy } from "./limit-by";
import { clusterHint } from "./redis-failure";

const NAME_RULE = "must be 1 to 64 characters of A-Z a-z 0-9 . _ -";

export class RateLimitConfig {
  client!: RedisClient<RateLimitConfig>;
  /** The Redis service's FQDN with its registry suffix (`redis.static`, `my-redis.dns`). */
  serviceName: string = "";
  /** 0 means the seed's default: 80 for a `.static` service, else 6379. */
  servicePort: i64 = 0;
  username: string = "";
  password: string = "";
  timeout: i64 = 1000;
  database: i64 = 0;
  /** Requests allowed per window (per minute with the default window, hence the seed's name). */
  qpm: i64 = 0;
  windowSeconds: i64 = 60;
  limitBy: LimitBy = new LimitBy();
  failClosed: bool = false;
  ruleName: string = "default";
  keyPrefix: string = "gatewasm-ratelimit";
  seedHeaders: bool = true;
  rateLimitHeaders: bool = true;
  xRateLimitHeaders: bool = true;

  /** The counter key without the subject: `{keyPrefix}:{ruleName}:{limitBy}`. */
  keyBase: string = "";

  // Made once per configuration, not per request: the EVAL's constant arguments (the keys of a
  // global limit, the window) and the header values that do not change.
  /** `[keyBase]`: the EVAL keys of a global limit. */
  globalKeys: string[] = [];
  /** `[windowSeconds]`: the EVAL's arguments. */
  windowArgs: string[] = [];
  /** `qpm` as text (X-RateLimit-Limit). */
  limitText: string = "";
  /** The whole RateLimit-Policy value, and the start of the RateLimit value (up to `r=`). */
  policyValue: string = "";
  rateLimitPrefix: string = "";
}

// The keys, types, enums and ranges are spec.yaml's; test/unit/spec-schema.test.ts drives this
// build with the schema's cases, so the two cannot drift.
const KEYS =
  "serviceName,servicePort,username,password,timeout,database,qpm,windowSeconds,limitBy,failurePolicy,ruleName,keyPrefix,seedHeaders,rateLimitHeaders,xRateLimitHeaders";

// The rule names of the configuration being read (a new document starts a new list): two
// rules with one name, or a rule named like the global config, would share a counter.
let namesOf: JsonDocument | null = null;
let ruleNames: string[] = [];

/** A `_rules_` entry: the global config's values with the entry's keys on top. */
export function parseRuleConfig(
  json: JsonValue,
  global: RateLimitConfig,
  config: RateLimitConfig,
  log: Log,
): ConfigError | null {
  // A rule without a name of its own would count into the global counter (or another rule's).
  const name = json.member("ruleName");
  if (!name.exists()) return name.invalid("is required in a rule: it names the rule's counter");
  const err = parseConfig(json, config, log);
  if (err !== null) return err;
  if (namesOf !== json.doc) {
    namesOf = json.doc;
    ruleNames = [];
  }
  if (config.ruleName == "default" || ruleNames.includes(config.ruleName))
    return name.invalid('is taken (by another rule, or "default" by the global limit)');
  ruleNames.push(config.ruleName);
  return null;
}

/** The global configuration (and, from parseRuleConfig, a rule's keys over the global values). */
export function parseConfig(json: JsonValue, config: RateLimitConfig, log: Log): ConfigError | null {
  if (!json.isObject()) return json.expected("an object");
  const keyError = json.allowKeys(KEYS);
  if (keyError !== null) return keyError;
  config.serviceName = json.member("serviceName").string(config.serviceName);
  config.servicePort = json.member("servicePort").int(config.servicePort);
  config.username = json.member("username").string(config.username);
  config.password = json.member("password").string(config.password);
  config.timeout = json.member("timeout").int(config.timeout);
  if (config.timeout == 0) config.timeout = 1000; // the seed treats 0 as "not set"
  config.database = json.member("database").int(config.database);
  config.qpm = json.member("qpm").int(config.qpm);
  config.windowSeconds = json.member("windowSeconds").int(config.windowSeconds);
  config.ruleName = json.member("ruleName").string(config.ruleName);
  config.keyPrefix = json.member("keyPrefix").string(config.keyPrefix);
  config.seedHeaders = json.member("seedHeaders").bool(config.seedHeaders);
  config.rateLimitHeaders = json.member("rateLimitHeaders").bool(config.rateLimitHeaders);
  config.xRateLimitHeaders = json.member("xRateLimitHeaders").bool(config.xRateLimitHeaders);
  const limitByJson = json.member("limitBy");
  const limitBy = limitByJson.string();
  const policyJson = json.member("failurePolicy");
  const policy = policyJson.string(config.failClosed ? "fail-closed" : "fail-open");
  const typeError = json.firstError();
  if (typeError !== null) return typeError;
  if (limitByJson.exists() && !limitByJson.isNull()) {
    const parsed = parseLimitBy(limitBy);
    if (parsed === null) return limitByJson.invalid('expected "global", "ip", "header:<name>" or "query:<name>"');
    config.limitBy = parsed;
  }
  if (policy != "fail-open" && policy != "fail-closed")
    return policyJson.invalid('expected "fail-open" or "fail-closed"');
  config.failClosed = policy == "fail-closed";

  let bad = "";
  let message = "";
  if (config.serviceName.length == 0) {
    bad = "serviceName";
    message = "is required: the Redis service, e.g. redis.static";
  } else if (outside(config.servicePort, 0, 65535)) {
    bad = "servicePort";
    message = "must be a port, 1 to 65535";
  } else if (outside(config.timeout, 1, 3600000)) {
    bad = "timeout";
    message = "must be 1 to 3600000 ms";
  } else if (outside(config.database, 0, 65535)) {
    bad = "database";
    message = "must be a Redis database number";
  } else if (outside(config.qpm, 1, i64.MAX_VALUE)) {
    bad = "qpm";
    message = "is required: requests per window, at least 1";
  } else if (outside(config.windowSeconds, 1, 86400)) {
    bad = "windowSeconds";
    message = "must be 1 to 86400 seconds";
  } else if (!isName(config.ruleName)) {
    bad = "ruleName";
    message = NAME_RULE;
  } else if (!isName(config.keyPrefix)) {
    bad = "keyPrefix";
    message = NAME_RULE;
  }
  if (bad.length != 0) return json.member(bad).invalid(message);

  config.keyBase = config.keyPrefix + ":" + config.ruleName + ":" + config.limitBy.keyPart();
  config.globalKeys = [config.keyBase];
  config.windowArgs = [config.windowSeconds.toString()];
  config.limitText = config.qpm.toString();
  const quotedName = '"' + config.ruleName + '"';
  config.policyValue = quotedName + ";q=" + config.limitText + ";w=" + config.windowArgs[0];
  config.rateLimitPrefix = quotedName + ";r=";
  const port = config.servicePort != 0 ? config.servicePort : config.serviceName.endsWith(".static") ? 80 : 6379;
  config.client = newRedisClusterClient<RateLimitConfig>(new FQDNCluster(config.serviceName, port));
  const err = config.client.init(config.username, config.password, config.timeout, <i32>config.database);
  if (err !== null) return err;
  const initError = config.client.initError();
  // Not fatal (Higress: the service may appear later), but say exactly what is missing.
  if (initError !== null)
    log.error("redis init failed: " + initError.message + "; " + clusterHint(config.client.cluster.clusterName()));
  return null;
}

function outside(v: i64, lo: i64, hi: i64): bool {
  return v < lo || v > hi;
}

/** 1-64 characters of A-Z a-z 0-9 . _ - (safe in Redis keys and as an IETF policy name). */
function isName(s: string): bool {
  if (s.length == 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const lower = c | 0x20; // A-Z onto a-z; no other character lands in a-z
    if (!((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2e || c == 0x2d || c == 0x5f))
      return false;
  }
  return true;
}
