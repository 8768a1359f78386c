// Baseline: the same plugin shape with no JSON (it logs the config size only).
export * from "@gatewasm/sdk/assembly/exports";
import { RootContext, proxywasm, setRootFactory } from "@gatewasm/sdk";
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
    const c = new Cfg();
    c.serviceName = bytes !== null ? String.UTF8.decode(bytes) : "";
    cfg = c;
    proxywasm.logInfo("ok " + cfg.serviceName + " " + cfg.servicePort.toString() + " " + cfg.headers.length.toString());
    return true;
  }
}
setRootFactory((id: u32): RootContext => new Root(id));
