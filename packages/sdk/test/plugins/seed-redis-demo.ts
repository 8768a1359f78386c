// The seed's fourth example (Redis per-minute throttling), translated line for line.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  FQDNCluster,
  HeaderAction,
  HttpContext,
  JsonValue,
  Log,
  RedisClient,
  RespValue,
  newRedisClusterClient,
  parseConfigBy,
  processRequestHeadersBy,
  processResponseHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

class RedisCallConfig {
  client!: RedisClient<RedisCallConfig>;
  qpm: i64 = 0;
}

function parseConfig(json: JsonValue, config: RedisCallConfig, log: Log): ConfigError | null {
  // The full FQDN with a service type suffix, such as my-redis.dns or redis.my-ns.svc.cluster.local.
  const serviceName = json.get("serviceName").string();
  let servicePort = json.get("servicePort").int();
  if (servicePort == 0) {
    if (serviceName.endsWith(".static")) {
      // The logical port for static IP services is 80.
      servicePort = 80;
    } else {
      servicePort = 6379;
    }
  }
  const username = json.get("username").string();
  const password = json.get("password").string();
  // Unit: milliseconds.
  let timeout = json.get("timeout").int();
  if (timeout == 0) {
    timeout = 1000;
  }
  const qpm = json.get("qpm").int();
  config.qpm = qpm;
  config.client = newRedisClusterClient<RedisCallConfig>(new FQDNCluster(serviceName, servicePort));
  return config.client.init(username, password, timeout);
}

function onHttpRequestHeaders(ctx: HttpContext, config: RedisCallConfig, log: Log): HeaderAction {
  const now = Date.now();
  const minuteAligned = now - (now % 60000);
  const timeStamp = (minuteAligned / 1000).toString();
  // No closures: the callback finds the key on the request's context.
  ctx.setContext("pendingTimeStamp", timeStamp);
  // If the Redis API returns an error, the gateway usually cannot find the Redis backend service.
  // Check whether the Redis backend service has been deleted.
  const err = config.client.incr(timeStamp, onIncr);
  if (err !== null) {
    // If the Redis call fails, allow the request to proceed and log the error.
    log.error("Error occured while calling redis, it seems cannot find the redis cluster.");
    return types.HeaderContinue;
  } else {
    // Hold the request until the Redis call completes.
    return types.HeaderStopAllIterationAndWatermark;
  }
}

function onIncr(ctx: HttpContext, config: RedisCallConfig, response: RespValue, log: Log): void {
  const timeStamp = ctx.getStringContext("pendingTimeStamp", "");
  if (response.error() !== null) {
    log.error("call redis error: " + response.error()!.toString());
    proxywasm.resumeHttpRequest();
  } else {
    ctx.setContext("timeStamp", timeStamp);
    ctx.setContext("callTimeLeft", (config.qpm - response.integer()).toString());
    if (response.integer() == 1) {
      const err = config.client.expire(timeStamp, 60, onExpire);
      if (err !== null) {
        log.error("Error occured while calling redis, it seems cannot find the redis cluster.");
        proxywasm.resumeHttpRequest();
      }
    } else {
      if (response.integer() > config.qpm) {
        proxywasm.sendHttpResponse(
          429,
          [
            ["timeStamp", timeStamp],
            ["callTimeLeft", "0"],
          ],
          "Too many requests\n",
          -1,
        );
      } else {
        proxywasm.resumeHttpRequest();
      }
    }
  }
}

function onExpire(ctx: HttpContext, config: RedisCallConfig, response: RespValue, log: Log): void {
  if (response.error() !== null) {
    log.error("call redis error: " + response.error()!.toString());
  }
  proxywasm.resumeHttpRequest();
}

function onHttpResponseHeaders(ctx: HttpContext, config: RedisCallConfig, log: Log): HeaderAction {
  if (ctx.hasContext("timeStamp")) {
    proxywasm.addHttpResponseHeader("timeStamp", ctx.getStringContext("timeStamp", ""));
  }
  if (ctx.hasContext("callTimeLeft")) {
    proxywasm.addHttpResponseHeader("callTimeLeft", ctx.getStringContext("callTimeLeft", ""));
  }
  return types.HeaderContinue;
}

setCtx<RedisCallConfig>("redis-demo", [
  parseConfigBy<RedisCallConfig>(parseConfig),
  processRequestHeadersBy<RedisCallConfig>(onHttpRequestHeaders),
  processResponseHeadersBy<RedisCallConfig>(onHttpResponseHeaders),
]);
