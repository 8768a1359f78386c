// Higress's RedisClient (works only on Higress's Envoy, which has the Redis extension).
//
//   config.client = newRedisClusterClient<MyConfig>(new FQDNCluster(serviceName, servicePort));
//   return config.client.init(username, password, timeout);          // in parseConfig
//   const err = config.client.incr(timeStamp, onIncr);                // in a request
//
// Callbacks receive the request's HttpContext, its config, the reply and the Log (AssemblyScript
// has no closures). Errors tell the failures apart: ClusterNotFound (returned by the call
// itself, as in Higress "cannot find the redis cluster"), and in `response.error()` Timeout, ConnectionFailed,
// NoAuth (after one automatic re-login and retry, as Higress does), ServerError and
// MalformedReply. Higress's host reports timeouts and connection failures with the same
// status; the client tells them apart by the time the answer took against its timeout.
import { WasmResult } from "../abi/enums";
import { Callout } from "../proxywasm/callouts";
import { dispatchRedisCall, getRedisCallResponse, redisInit } from "../proxywasm/redis";
import { getCurrentTimeMilliseconds } from "../proxywasm/time";
import { HttpContext } from "../wrapper/http-context";
import { Log, pluginLog } from "../wrapper/log";
import { runningConfig } from "../wrapper/running";
import { contextForCall } from "./call-context";
import { CallError, CallErrorKind } from "./call-error";
import { Cluster } from "./cluster";
import { RespValue, encodeBulks, encodeCommand, encodeCommandAfter, parseResp } from "./resp";
import { ConfigError } from "../json/config-error";
import { RedisOption, RedisOptions, queryOf, setClientQuery } from "./redis-options";
import { goFloat } from "./go-float";

export type RedisCallback<C> = (ctx: HttpContext, config: C, response: RespValue, log: Log) => void;

class RedisCallout<C> extends Callout {
  private retried: bool = false;
  private startedAt: i64;

  constructor(
    private readonly client: RedisClient<C>,
    private readonly query: ArrayBuffer,
    private readonly ctx: HttpContext,
    private readonly config: C,
    private readonly callback: RedisCallback<C>,
  ) {
    super();
    this.startedAt = getCurrentTimeMilliseconds();
  }

  onRedisCallResponse(status: i32, responseSize: usize): void {
    let value: RespValue;
    if (status != 0) {
      const elapsed = getCurrentTimeMilliseconds() - this.startedAt;
      value =
        elapsed >= this.client.timeoutMs
          ? RespValue.failed(
              CallErrorKind.Timeout,
              "redis call timed out after " +
                elapsed.toString() +
                " ms (timeout " +
                this.client.timeoutMs.toString() +
                " ms)",
            )
          : RespValue.failed(
              CallErrorKind.ConnectionFailed,
              "cannot connect to redis cluster " + this.client.cluster.clusterName(),
            );
    } else {
      const bytes = getRedisCallResponse(0, <u32>responseSize);
      value =
        bytes !== null
          ? parseResp(bytes)
          : RespValue.failed(CallErrorKind.MalformedReply, "cannot read the redis reply");
    }
    const err = value.error();
    if (err !== null && err.kind == CallErrorKind.NoAuth && !this.retried) {
      // Higress: log in again and retry once (the server may have restarted or rotated auth).
      this.client.markNotReady();
      if (this.client.ensureReady() === null) {
        this.retried = true;
        this.startedAt = getCurrentTimeMilliseconds();
        if (dispatchRedisCall(this.client.cluster.clusterName(), this.query, this) == WasmResult.Ok) return;
      }
    }
    this.callback(this.ctx, this.config, value, pluginLog);
  }
}

export class RedisClient<C> {
  timeoutMs: i64 = 1000;
  private username: string = "";
  private password: string = "";
  private database: i32 = 0;
  private initialized: bool = false;
  private ready_: bool = false;
  private initError_: CallError | null = null;
  /** The cluster's name, made once init is accepted (clusterName() builds a new string each time). */
  private target: string = "";
  /** The last EVAL's script and key count, and `EVAL <script> <numkeys>` encoded: a plugin evaluates the same script on every request. */
  private script: string | null = null;
  private scriptKeys: i32 = 0;
  private evalPrefix: ArrayBuffer | null = null;

  constructor(public readonly cluster: Cluster) {}

  /** The cluster string given to proxy_redis_init (Higress's defaults for buffering). */
  initClusterName(): string {
    // An address, not a string: in plugins that never call initWithOptions this folds away
    // (`!== null` on a string would call String.__ne, which stays).
    const query = queryOf(changetype<usize>(this));
    if (query != 0) return this.cluster.clusterName() + changetype<string>(query);
    const db = this.database != 0 ? "db=" + this.database.toString() + "&" : "";
    return this.cluster.clusterName() + "?" + db + "buffer_flush_timeout=3&max_buffer_size_before_flush=1024";
  }

  /**
   * Connects the cluster's Redis client (Higress's host keeps one per cluster). As in Higress,
   * a refusal does not fail the configuration (the Redis service may appear later): it is
   * logged, `initError()` keeps it (ClusterNotFound: check service name and port), and every
   * command retries the init first. Returns an error only for a timeout that is not positive.
   *
   *   return config.client.init(username, password, timeout);
   */
  init(username: string, password: string, timeoutMs: i64, database: i32 = 0): ConfigError | null {
    if (timeoutMs <= 0) return new ConfigError("redis timeout must be positive, got " + timeoutMs.toString());
    this.username = username;
    this.password = password;
    this.timeoutMs = timeoutMs;
    this.database = database;
    this.initialized = true;
    this.ready_ = false;
    const err = this.ensureReady();
    this.initError_ = err;
    if (err !== null) pluginLog.warn("failed to init redis: " + err.message + "; will retry at the next call");
    return null;
  }

  /**
   * Go's `Init(username, password, timeout, opts...)` with options (withDataBase,
   * withBufferFlushTimeout, withMaxBufferSizeBeforeFlush, withDisableBuffer).
   *
   *   return config.client.initWithOptions(user, pass, 1000, [withDataBase(2), withDisableBuffer()]);
   */
  initWithOptions(username: string, password: string, timeoutMs: i64, options: RedisOption[]): ConfigError | null {
    const o = new RedisOptions();
    for (let i = 0; i < options.length; i++) unchecked(options[i]).applyTo(o);
    setClientQuery(this, o.query());
    return this.init(username, password, timeoutMs, o.database);
  }

  /** True once the host accepted init. */
  ready(): bool {
    return this.ready_;
  }

  /** Why the last init was refused (null if it was accepted). */
  initError(): CallError | null {
    return this.initError_;
  }

  markNotReady(): void {
    this.ready_ = false;
  }

  ensureReady(): CallError | null {
    if (this.ready_) return null;
    if (!this.initialized) return new CallError(CallErrorKind.DispatchFailed, "redis client used before init");
    const r = redisInit(
      this.initClusterName(),
      this.username,
      this.password,
      <u32>min<i64>(this.timeoutMs, u32.MAX_VALUE),
    );
    if (r == WasmResult.Ok) {
      this.ready_ = true;
      this.target = this.cluster.clusterName();
      this.initError_ = null;
      return null;
    }
    if (r == WasmResult.BadArgument)
      return new CallError(CallErrorKind.ClusterNotFound, "redis cluster not found: " + this.cluster.clusterName(), r);
    return new CallError(CallErrorKind.DispatchFailed, "redis init failed with host result " + (<i32>r).toString(), r);
  }

  /**
   * Sends any command; `callback` gets the reply. An error here means no call was made.
   *
   *   config.client.command(["SET", key, value, "NX", "EX", "60"], onSet);
   */
  command(args: string[], callback: RedisCallback<C>): CallError | null {
    return this.send(null, 0, args, null, callback);
  }

  /** Sends `prefix` (prefixCount encoded arguments), then `args` and `more` (see encodeCommandAfter). */
  private send(
    prefix: ArrayBuffer | null,
    prefixCount: i32,
    args: string[],
    more: string[] | null,
    callback: RedisCallback<C>,
  ): CallError | null {
    const config = runningConfig();
    if (!(config instanceof C))
      return new CallError(CallErrorKind.WrongConfigType, "the callback's config type is not the plugin's config type");
    const notReady = this.ensureReady();
    if (notReady !== null) return notReady;
    const query =
      prefix === null && more === null ? encodeCommand(args) : encodeCommandAfter(prefix, prefixCount, args, more);
    const callout = new RedisCallout<C>(this, query, contextForCall(), changetype<C>(config), callback);
    const r = dispatchRedisCall(this.target, query, callout);
    if (r == WasmResult.Ok) return null;
    if (r == WasmResult.BadArgument)
      return new CallError(CallErrorKind.ClusterNotFound, "redis cluster not found: " + this.cluster.clusterName(), r);
    return new CallError(CallErrorKind.DispatchFailed, "redis call failed with host result " + (<i32>r).toString(), r);
  }

  /**
   * EVAL: `numKeys` is the length of `keys`. The script's encoding is kept for the next call
   * with the same script.
   *
   *   config.client.eval(script, 1, [key], [limit.toString()], onEval);
   */
  eval(script: string, numKeys: i32, keys: string[], args: string[], callback: RedisCallback<C>): CallError | null {
    let prefix = this.evalPrefix;
    if (prefix === null || this.scriptKeys != numKeys || this.script != script) {
      this.evalPrefix = prefix = encodeBulks(["EVAL", script, numKeys.toString()]);
      this.script = script;
      this.scriptKeys = numKeys;
    }
    return this.send(prefix, 3, keys, args, callback);
  }

  get(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["GET", key], callback);
  }
  set(key: string, value: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["SET", key, value], callback);
  }
  /** SET with an expiry in seconds. */
  setEx(key: string, value: string, seconds: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["SETEX", key, seconds.toString(), value], callback);
  }
  /** SET only if absent (NX), with an expiry in seconds (0: none). */
  setNX(key: string, value: string, seconds: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(
      seconds > 0 ? ["SET", key, value, "NX", "EX", seconds.toString()] : ["SET", key, value, "NX"],
      callback,
    );
  }
  /**   config.client.incr(timeStamp, onIncr); */
  incr(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["INCR", key], callback);
  }
  incrBy(key: string, delta: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["INCRBY", key, delta.toString()], callback);
  }
  decr(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["DECR", key], callback);
  }
  decrBy(key: string, delta: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["DECRBY", key, delta.toString()], callback);
  }
  /**   config.client.expire(timeStamp, 60, onExpire); */
  expire(key: string, seconds: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["EXPIRE", key, seconds.toString()], callback);
  }
  del(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["DEL", key], callback);
  }
  exists(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["EXISTS", key], callback);
  }
  hGet(key: string, field: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["HGET", key, field], callback);
  }
  hSet(key: string, field: string, value: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["HSET", key, field, value], callback);
  }
  hDel(key: string, field: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["HDEL", key, field], callback);
  }
  hGetAll(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["HGETALL", key], callback);
  }
  hIncrBy(key: string, field: string, delta: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["HINCRBY", key, field, delta.toString()], callback);
  }
  lPush(key: string, value: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["LPUSH", key, value], callback);
  }
  rPush(key: string, value: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["RPUSH", key, value], callback);
  }
  lPop(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["LPOP", key], callback);
  }
  rPop(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["RPOP", key], callback);
  }
  lRange(key: string, start: i64, stop: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["LRANGE", key, start.toString(), stop.toString()], callback);
  }
  lLen(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["LLEN", key], callback);
  }

  // The commands below send what Higress's Go client sends: lower-case command names and, for
  // Go's `interface{}` arguments, the caller's text (fmt.Sprint's output for a string).
  // Go's maps (MSet, HMSet, ZAdd) are pair lists here, sent in the order given.

  private pairCommand(name: string, args: string[] | null, callback: RedisCallback<C>): CallError | null {
    if (args === null)
      return new CallError(CallErrorKind.InvalidArgument, name + " not sent: each pair must be two strings");
    return this.command(args, callback);
  }

  persist(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["persist", key], callback);
  }
  /**   config.client.mGet(["a", "b"], onValues); */
  mGet(keys: string[], callback: RedisCallback<C>): CallError | null {
    return this.command(withArgs(["mget"], keys), callback);
  }
  /**   config.client.mSet([["a", "1"], ["b", "2"]], onOk); */
  mSet(pairs: Array<string[]>, callback: RedisCallback<C>): CallError | null {
    return this.pairCommand("mset", withPairs(["mset"], pairs, false), callback);
  }
  lIndex(key: string, index: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["lindex", key, index.toString()], callback);
  }
  lRem(key: string, count: i64, value: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["lrem", key, count.toString(), value], callback);
  }
  lInsertBefore(key: string, pivot: string, value: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["linsert", key, "before", pivot, value], callback);
  }
  lInsertAfter(key: string, pivot: string, value: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["linsert", key, "after", pivot, value], callback);
  }
  hExists(key: string, field: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["hexists", key, field], callback);
  }
  hLen(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["hlen", key], callback);
  }
  hMGet(key: string, fields: string[], callback: RedisCallback<C>): CallError | null {
    return this.command(withArgs(["hmget", key], fields), callback);
  }
  /**   config.client.hMSet("h", [["f1", "v1"], ["f2", "v2"]], onOk); */
  hMSet(key: string, pairs: Array<string[]>, callback: RedisCallback<C>): CallError | null {
    return this.pairCommand("hmset", withPairs(["hmset", key], pairs, false), callback);
  }
  hKeys(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["hkeys", key], callback);
  }
  hVals(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["hvals", key], callback);
  }
  /** `delta` is written as Go's fmt writes a float64 (`1.5`, `2`, `1e+06`). */
  hIncrByFloat(key: string, field: string, delta: f64, callback: RedisCallback<C>): CallError | null {
    return this.command(["hincrbyfloat", key, field, goFloat(delta)], callback);
  }
  sAdd(key: string, members: string[], callback: RedisCallback<C>): CallError | null {
    return this.command(withArgs(["sadd", key], members), callback);
  }
  sCard(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["scard", key], callback);
  }
  sDiff(key1: string, key2: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["sdiff", key1, key2], callback);
  }
  sDiffStore(destination: string, key1: string, key2: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["sdiffstore", destination, key1, key2], callback);
  }
  sInter(key1: string, key2: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["sinter", key1, key2], callback);
  }
  sInterStore(destination: string, key1: string, key2: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["sinterstore", destination, key1, key2], callback);
  }
  sIsMember(key: string, member: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["sismember", key, member], callback);
  }
  sMembers(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["smembers", key], callback);
  }
  sRem(key: string, members: string[], callback: RedisCallback<C>): CallError | null {
    return this.command(withArgs(["srem", key], members), callback);
  }
  sUnion(key1: string, key2: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["sunion", key1, key2], callback);
  }
  sUnionStore(destination: string, key1: string, key2: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["sunionstore", destination, key1, key2], callback);
  }
  /**
   * Go's ZAdd(key, map[member]score): pairs of [member, score] (the score as text: "1.5",
   * "+inf"); sent as `zadd key score member …`, as Go sends them.
   *
   *   config.client.zAdd("board", [["alice", "10"], ["bob", "7"]], onAdded);
   */
  zAdd(key: string, memberScores: Array<string[]>, callback: RedisCallback<C>): CallError | null {
    return this.pairCommand("zadd", withPairs(["zadd", key], memberScores, true), callback);
  }
  zCard(key: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["zcard", key], callback);
  }
  /** `min` and `max` as Redis takes them ("1", "(1", "-inf"). */
  zCount(key: string, min: string, max: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["zcount", key, min, max], callback);
  }
  /** `delta` is written as Go's fmt writes a float64. */
  zIncrBy(key: string, member: string, delta: f64, callback: RedisCallback<C>): CallError | null {
    return this.command(["zincrby", key, goFloat(delta), member], callback);
  }
  zRange(key: string, start: i64, stop: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["zrange", key, start.toString(), stop.toString()], callback);
  }
  zRank(key: string, member: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["zrank", key, member], callback);
  }
  zRem(key: string, members: string[], callback: RedisCallback<C>): CallError | null {
    return this.command(withArgs(["zrem", key], members), callback);
  }
  zRevRange(key: string, start: i64, stop: i64, callback: RedisCallback<C>): CallError | null {
    return this.command(["zrevrange", key, start.toString(), stop.toString()], callback);
  }
  zRevRank(key: string, member: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["zrevrank", key, member], callback);
  }
  zScore(key: string, member: string, callback: RedisCallback<C>): CallError | null {
    return this.command(["zscore", key, member], callback);
  }
}

/** `head` followed by `rest`. */
function withArgs(head: string[], rest: string[]): string[] {
  for (let i = 0; i < rest.length; i++) head.push(unchecked(rest[i]));
  return head;
}

/** `head` followed by each pair (swapped: [b, a] for Go's `score member` order); null if a pair is not two strings. */
function withPairs(head: string[], pairs: Array<string[]>, swapped: bool): string[] | null {
  for (let i = 0; i < pairs.length; i++) {
    const p = unchecked(pairs[i]);
    if (p.length != 2) return null;
    head.push(unchecked(p[swapped ? 1 : 0]));
    head.push(unchecked(p[swapped ? 0 : 1]));
  }
  return head;
}

/**
 * Higress's wrapper.NewRedisClusterClient.
 *
 *   config.client = newRedisClusterClient<RedisCallConfig>(new FQDNCluster(serviceName, servicePort));
 */
export function newRedisClusterClient<C>(cluster: Cluster): RedisClient<C> {
  return new RedisClient<C>(cluster);
}
