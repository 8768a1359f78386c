// RedisClient: the configuration picks the cluster, init parameters and one command (by helper
// name) to run per request; the reply (or error) comes back as the local reply's body.
export * from "@gatewasm/sdk/assembly/exports";
import {
  CallError, ConfigError, HeaderAction, HttpContext, JsonValue, Log, RedisClient, RespValue, newRedisClusterClient, parseConfigBy,
  processRequestHeadersBy, proxywasm, setCtx,
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
  const err = config.client.init(init.get("username").string(), init.get("password").string(), init.get("timeout").int(1000), <i32>init.get("database").int(0));
  const initErr = config.client.initError();
  log.info("init ready=" + (config.client.ready() ? "1" : "0") + " initError=" + (initErr !== null ? (<i32>initErr.kind).toString() : "none") +
    " cluster=" + config.client.initClusterName());
  return err;
}

function onReply(ctx: HttpContext, config: Config, response: RespValue, log: Log): void {
  const err = response.error();
  log.info("reply " + showResp(response) + (err !== null ? " error kind=" + (<i32>err.kind).toString() : "") + " path=" + ctx.path());
  proxywasm.sendHttpResponse(200, null, showResp(response), -1);
}

function a(config: Config, i: i32): string { return i < config.args.length ? config.args[i] : ""; }
function n(config: Config, i: i32): i64 { return I64.parseInt(a(config, i)); }

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
    return HeaderAction.Continue;
  }
  return HeaderAction.StopAllIterationAndWatermark;
}

setCtx<Config>("redis-client", [parseConfigBy<Config>(parseConfig), processRequestHeadersBy<Config>(onHttpRequestHeaders)]);
