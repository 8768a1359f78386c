// The same config read with json-as 1.6.0: validate first (json-as traps on malformed input),
// then walk JSON.Obj checking each value's type by hand (wrong types are otherwise garbage).
export * from "@gatewasm/sdk/assembly/exports";
import { RootContext, proxywasm, setRootFactory } from "@gatewasm/sdk";
import { JSON } from "json-as";
import { validateJSON } from "json-as/assembly/util/validateJson";

class Cfg {
  mockEnable: bool = false;
  serviceName: string = "";
  servicePort: i64 = 0;
  timeout: i64 = 0;
  headers: string[] = [];
  redisTimeout: i64 = 0;
}
let cfg = new Cfg();

function fail(msg: string): bool {
  proxywasm.logError(msg);
  return false;
}

function readOnce(text: string): bool {
  if (!validateJSON(text)) return fail("invalid JSON");
  const t = text.trimStart();
  if (!t.startsWith("{")) return fail("expected an object");
  const obj = JSON.parse<JSON.Obj>(text);
  const c = new Cfg();
  const me = obj.get("mockEnable");
  if (me !== null) {
    if (me.type != JSON.Types.Bool) return fail("mockEnable: expected a boolean");
    c.mockEnable = me.get<bool>();
  }
  const sn = obj.get("serviceName");
  if (sn === null) return fail("serviceName: required");
  if (sn.type != JSON.Types.String) return fail("serviceName: expected a string");
  c.serviceName = sn.get<string>();
  const sp = obj.get("servicePort");
  c.servicePort = 80;
  if (sp !== null) {
    if (sp.type != JSON.Types.F64) return fail("servicePort: expected a number");
    const f = sp.get<f64>();
    if (f != Math.floor(f)) return fail("servicePort: expected an integer");
    c.servicePort = <i64>f;
  }
  const to = obj.get("timeout");
  c.timeout = 500;
  if (to !== null) {
    if (to.type != JSON.Types.F64) return fail("timeout: expected a number");
    c.timeout = <i64>to.get<f64>();
  }
  const hs = obj.get("headers");
  if (hs !== null) {
    if (hs.type != JSON.Types.Array) return fail("headers: expected an array");
    const arr = hs.get<JSON.Arr>();
    for (let i = 0; i < arr.length; i++) {
      const e = arr.at(i);
      if (e.type != JSON.Types.String) return fail("headers: expected strings");
      c.headers.push(e.get<string>());
    }
  }
  const r = obj.get("redis");
  c.redisTimeout = 1000;
  if (r !== null) {
    if (r.type != JSON.Types.Object) return fail("redis: expected an object");
    const ro = r.get<JSON.Obj>();
    const rt = ro.get("timeout");
    if (rt !== null) {
      if (rt.type != JSON.Types.F64) return fail("redis.timeout: expected a number");
      c.redisTimeout = <i64>rt.get<f64>();
    }
  }
  cfg = c;
  return true;
}

class Root extends RootContext {
  onConfigure(size: usize): bool {
    const bytes = proxywasm.getPluginConfiguration();
    const text = bytes !== null ? String.UTF8.decode(bytes) : "";
    let repeat: i64 = 1;
    if (text.includes('"repeat"') && validateJSON(text)) {
      const r = JSON.parse<JSON.Obj>(text).get("repeat");
      if (r !== null && r.type == JSON.Types.F64) repeat = <i64>r.get<f64>();
    }
    for (let i: i64 = 0; i < repeat; i++) if (!readOnce(text)) return false;
    proxywasm.logInfo("ok " + cfg.serviceName + " " + cfg.servicePort.toString() + " " + cfg.headers.length.toString());
    return true;
  }
}
setRootFactory((id: u32): RootContext => new Root(id));
