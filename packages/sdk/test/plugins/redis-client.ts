// RedisClient: the configuration picks the cluster, init parameters and one command (by helper
// name) to run per request; the reply (or error) comes back as the local reply's body.
export * from "@gatewasm/sdk/assembly/exports";
import {
  CallError,
  ConfigError,
  RedisOption,
  withBufferFlushTimeout,
  withDataBase,
  withDisableBuffer,
  withMaxBufferSizeBeforeFlush,
  HeaderAction,
  HttpContext,
  JsonValue,
  Log,
  RedisClient,
  RespValue,
  newRedisClusterClient,
  parseConfigBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";
import { clusterOf } from "./lib/clusters";
import { showResp } from "./lib/resp-text";

class Config {
  client!: RedisClient<Config>;
  command: string = "get";
  args: string[] = [];
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  config.client = newRedisClusterClient<Config>(clusterOf(json.get("cluster")));
  const init = json.get("init");
  config.command = json.get("command").string("get");
  config.args = json.get("args").stringArray();
  // With `options`, Go's Init(..., opts...) form: each entry names one option.
  const names = init.get("options");
  let err: ConfigError | null;
  if (names.exists()) {
    const options = new Array<RedisOption>();
    const list = names.array();
    for (let i = 0; i < list.length; i++) {
      const o = list[i];
      const kind = o.get("name").string();
      if (kind == "withDataBase") options.push(withDataBase(<i32>o.get("value").int()));
      else if (kind == "withBufferFlushTimeout") options.push(withBufferFlushTimeout(o.get("value").int()));
      else if (kind == "withMaxBufferSizeBeforeFlush") options.push(withMaxBufferSizeBeforeFlush(o.get("value").int()));
      else if (kind == "withDisableBuffer") options.push(withDisableBuffer());
    }
    err = config.client.initWithOptions(
      init.get("username").string(),
      init.get("password").string(),
      init.get("timeout").int(1000),
      options,
    );
  } else {
    err = config.client.init(
      init.get("username").string(),
      init.get("password").string(),
      init.get("timeout").int(1000),
      <i32>init.get("database").int(0),
    );
  }
  const initErr = config.client.initError();
  log.info(
    "init ready=" +
      (config.client.ready() ? "1" : "0") +
      " initError=" +
      (initErr !== null ? (<i32>initErr.kind).toString() : "none") +
      " cluster=" +
      config.client.initClusterName(),
  );
  return err;
}

function onReply(ctx: HttpContext, config: Config, response: RespValue, log: Log): void {
  const err = response.error();
  log.info(
    "reply " +
      showResp(response) +
      (err !== null ? " error kind=" + (<i32>err.kind).toString() : "") +
      " path=" +
      ctx.path(),
  );
  proxywasm.sendHttpResponse(200, null, showResp(response), -1);
}

function a(config: Config, i: i32): string {
  return i < config.args.length ? config.args[i] : "";
}
function f(config: Config, i: i32): f64 {
  return F64.parseFloat(a(config, i));
}
/** The arguments from `from` on. */
function rest(config: Config, from: i32): string[] {
  return from < config.args.length ? config.args.slice(from) : [];
}
/** The arguments from `from` on, as pairs. */
function pairs(config: Config, from: i32): Array<string[]> {
  const out = new Array<string[]>();
  const r = rest(config, from);
  for (let i = 0; i < r.length; i += 2) out.push(i + 1 < r.length ? [r[i], r[i + 1]] : [r[i]]);
  return out;
}
function n(config: Config, i: i32): i64 {
  return I64.parseInt(a(config, i));
}

function send(config: Config): string {
  const c = config.client;
  const cmd = config.command;
  let err: CallError | null = null;
  if (cmd == "command") err = c.command(config.args, onReply);
  else if (cmd == "get") err = c.get(a(config, 0), onReply);
  else if (cmd == "set") err = c.set(a(config, 0), a(config, 1), onReply);
  else if (cmd == "setEx") err = c.setEx(a(config, 0), a(config, 1), n(config, 2), onReply);
  else if (cmd == "setNX") err = c.setNX(a(config, 0), a(config, 1), n(config, 2), onReply);
  else if (cmd == "incr") err = c.incr(a(config, 0), onReply);
  else if (cmd == "incrBy") err = c.incrBy(a(config, 0), n(config, 1), onReply);
  else if (cmd == "decr") err = c.decr(a(config, 0), onReply);
  else if (cmd == "decrBy") err = c.decrBy(a(config, 0), n(config, 1), onReply);
  else if (cmd == "expire") err = c.expire(a(config, 0), n(config, 1), onReply);
  else if (cmd == "del") err = c.del(a(config, 0), onReply);
  else if (cmd == "exists") err = c.exists(a(config, 0), onReply);
  else if (cmd == "hGet") err = c.hGet(a(config, 0), a(config, 1), onReply);
  else if (cmd == "hSet") err = c.hSet(a(config, 0), a(config, 1), a(config, 2), onReply);
  else if (cmd == "hDel") err = c.hDel(a(config, 0), a(config, 1), onReply);
  else if (cmd == "hGetAll") err = c.hGetAll(a(config, 0), onReply);
  else if (cmd == "hIncrBy") err = c.hIncrBy(a(config, 0), a(config, 1), n(config, 2), onReply);
  else if (cmd == "lPush") err = c.lPush(a(config, 0), a(config, 1), onReply);
  else if (cmd == "rPush") err = c.rPush(a(config, 0), a(config, 1), onReply);
  else if (cmd == "lPop") err = c.lPop(a(config, 0), onReply);
  else if (cmd == "rPop") err = c.rPop(a(config, 0), onReply);
  else if (cmd == "lRange") err = c.lRange(a(config, 0), n(config, 1), n(config, 2), onReply);
  else if (cmd == "lLen") err = c.lLen(a(config, 0), onReply);
  // Go's other typed commands (Higress parity)
  else if (cmd == "persist") err = c.persist(a(config, 0), onReply);
  else if (cmd == "mGet") err = c.mGet(rest(config, 0), onReply);
  else if (cmd == "mSet") err = c.mSet(pairs(config, 0), onReply);
  else if (cmd == "lIndex") err = c.lIndex(a(config, 0), n(config, 1), onReply);
  else if (cmd == "lRem") err = c.lRem(a(config, 0), n(config, 1), a(config, 2), onReply);
  else if (cmd == "lInsertBefore") err = c.lInsertBefore(a(config, 0), a(config, 1), a(config, 2), onReply);
  else if (cmd == "lInsertAfter") err = c.lInsertAfter(a(config, 0), a(config, 1), a(config, 2), onReply);
  else if (cmd == "hExists") err = c.hExists(a(config, 0), a(config, 1), onReply);
  else if (cmd == "hLen") err = c.hLen(a(config, 0), onReply);
  else if (cmd == "hMGet") err = c.hMGet(a(config, 0), rest(config, 1), onReply);
  else if (cmd == "hMSet") err = c.hMSet(a(config, 0), pairs(config, 1), onReply);
  else if (cmd == "hKeys") err = c.hKeys(a(config, 0), onReply);
  else if (cmd == "hVals") err = c.hVals(a(config, 0), onReply);
  else if (cmd == "hIncrByFloat") err = c.hIncrByFloat(a(config, 0), a(config, 1), f(config, 2), onReply);
  else if (cmd == "sAdd") err = c.sAdd(a(config, 0), rest(config, 1), onReply);
  else if (cmd == "sCard") err = c.sCard(a(config, 0), onReply);
  else if (cmd == "sDiff") err = c.sDiff(a(config, 0), a(config, 1), onReply);
  else if (cmd == "sDiffStore") err = c.sDiffStore(a(config, 0), a(config, 1), a(config, 2), onReply);
  else if (cmd == "sInter") err = c.sInter(a(config, 0), a(config, 1), onReply);
  else if (cmd == "sInterStore") err = c.sInterStore(a(config, 0), a(config, 1), a(config, 2), onReply);
  else if (cmd == "sIsMember") err = c.sIsMember(a(config, 0), a(config, 1), onReply);
  else if (cmd == "sMembers") err = c.sMembers(a(config, 0), onReply);
  else if (cmd == "sRem") err = c.sRem(a(config, 0), rest(config, 1), onReply);
  else if (cmd == "sUnion") err = c.sUnion(a(config, 0), a(config, 1), onReply);
  else if (cmd == "sUnionStore") err = c.sUnionStore(a(config, 0), a(config, 1), a(config, 2), onReply);
  else if (cmd == "zAdd") err = c.zAdd(a(config, 0), pairs(config, 1), onReply);
  else if (cmd == "zCard") err = c.zCard(a(config, 0), onReply);
  else if (cmd == "zCount") err = c.zCount(a(config, 0), a(config, 1), a(config, 2), onReply);
  else if (cmd == "zIncrBy") err = c.zIncrBy(a(config, 0), a(config, 1), f(config, 2), onReply);
  else if (cmd == "zRange") err = c.zRange(a(config, 0), n(config, 1), n(config, 2), onReply);
  else if (cmd == "zRank") err = c.zRank(a(config, 0), a(config, 1), onReply);
  else if (cmd == "zRem") err = c.zRem(a(config, 0), rest(config, 1), onReply);
  else if (cmd == "zRevRange") err = c.zRevRange(a(config, 0), n(config, 1), n(config, 2), onReply);
  else if (cmd == "zRevRank") err = c.zRevRank(a(config, 0), a(config, 1), onReply);
  else if (cmd == "zScore") err = c.zScore(a(config, 0), a(config, 1), onReply);
  else if (cmd == "eval") {
    // A request may bring its own script (x-script): the client keeps the last one's encoding.
    const own = proxywasm.getHttpRequestHeader("x-script");
    err = c.eval(own !== null ? own : a(config, 0), 1, [a(config, 1)], [a(config, 2)], onReply);
  }
  return err !== null ? "kind=" + (<i32>err.kind).toString() + " " + err.message : "";
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  const failure = send(config);
  if (failure.length != 0) {
    log.error("command failed " + failure);
    return types.HeaderContinue;
  }
  return types.HeaderStopAllIterationAndWatermark;
}

setCtx<Config>("redis-client", [
  parseConfigBy<Config>(parseConfig),
  processRequestHeadersBy<Config>(onHttpRequestHeaders),
]);
