// Config reading with the SDK's own JSON reader (raw context layer, no wrapper).
export * from "@gatewasm/sdk/assembly/exports";
import { RootContext, parseJson, proxywasm, setRootFactory } from "@gatewasm/sdk";

class Cfg {
  mockEnable: bool = false;
  serviceName: string = "";
  servicePort: i64 = 0;
  timeout: i64 = 0;
  headers: string[] = [];
  redisTimeout: i64 = 0;
}
let cfg = new Cfg();

class Root extends RootContext {
  onConfigure(size: usize): bool {
    const bytes = proxywasm.getPluginConfiguration();
    const json = parseJson<ArrayBuffer>(bytes !== null ? bytes : new ArrayBuffer(0));
    if (json.firstError() !== null) {
      proxywasm.logError(json.firstError()!.toString());
      return false;
    }
    const repeat = json.get("repeat").int(1);
    for (let i: i64 = 0; i < repeat; i++) {
      const j = i == 0 ? json : parseJson<ArrayBuffer>(bytes!);
      const c = new Cfg();
      c.mockEnable = j.get("mockEnable").bool();
      c.serviceName = j.require("serviceName").string();
      c.servicePort = j.get("servicePort").int(80);
      c.timeout = j.get("timeout").int(500);
      c.headers = j.get("headers").stringArray();
      c.redisTimeout = j.get("redis.timeout").int(1000);
      const err = j.firstError();
      if (err !== null) {
        proxywasm.logError(err.toString());
        return false;
      }
      cfg = c;
    }
    proxywasm.logInfo("ok " + cfg.serviceName + " " + cfg.servicePort.toString() + " " + cfg.headers.length.toString());
    return true;
  }
}
setRootFactory((id: u32): RootContext => new Root(id));
