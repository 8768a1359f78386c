// Higress's PluginContext: one per plugin configuration (Envoy root context), handed to
// prePluginStartOrReload and parseConfigWithContext callbacks. It keeps plugin-level values
// (GetContext/SetContext), the rule-level isolation switch and the leader election state. A
// plugin that needs it later (a tick function) keeps it in its config:
//
//   function parseConfig(ctx: PluginContext, json: JsonValue, config: MyConfig, log: Log): ConfigError | null {
//     config.plugin = ctx;
//     …
//   }
import { ContextValue, ContextValues } from "./context-values";
import { getPropertyString } from "../proxywasm/properties";
import { tryAcquireOrRenewLease } from "./leader-election";

export class PluginContext {
  private readonly values: ContextValues = new ContextValues();
  private ruleLevelIsolation: bool = false;
  private leader: bool = false;
  private fingerPrint: string | null = null;

  constructor(readonly rootId: u32) {}

  /**   ctx.setContext<string>("token", token); */
  setContext<T>(key: string, value: T): void {
    this.values.set<T>(key, value);
  }

  /** The reference value set under `key` as a T; null if absent or set as another type. */
  getContext<T>(key: string): T | null {
    if (!isReference<T>()) ERROR("getContext<T> is for reference types; use getIntContext");
    const e = this.values.find(key);
    if (e instanceof ContextValue<T>) return changetype<ContextValue<T>>(e).value;
    return null;
  }

  /** An integer set as i64 (or i32). */
  getIntContext(key: string, defaultValue: i64): i64 {
    const e = this.values.find(key);
    if (e instanceof ContextValue<i64>) return changetype<ContextValue<i64>>(e).value;
    if (e instanceof ContextValue<i32>) return changetype<ContextValue<i32>>(e).value;
    return defaultValue;
  }

  /**
   * Go's EnableRuleLevelConfigIsolation: a `_rules_` entry that fails to parse no longer fails
   * the configuration; the entry's last good configuration is used instead (or the entry is
   * skipped). Call it from prePluginStartOrReload.
   */
  enableRuleLevelConfigIsolation(): void {
    this.ruleLevelIsolation = true;
  }
  isRuleLevelConfigIsolation(): bool {
    return this.ruleLevelIsolation;
  }

  /** The plugin's name as Envoy knows it (property `plugin_name`); the leader lease is keyed by it. */
  getFingerPrint(): string {
    const known = this.fingerPrint;
    if (known !== null) return known;
    const name = getPropertyString(["plugin_name"]);
    const f = name !== null ? name : "";
    this.fingerPrint = f;
    return f;
  }

  /**
   * Go's DoLeaderElection: takes or renews the lease in shared data that makes one VM (of all
   * workers) the leader; a lease not renewed for 60 s is taken over. Call it from a tick
   * function, then act only if isLeader().
   */
  doLeaderElection(): void {
    this.leader = tryAcquireOrRenewLease(this.getFingerPrint());
  }
  isLeader(): bool {
    return this.leader;
  }
}

// Per root: a list (a plugin module rarely has more than a few configurations).
// Typed Object so the class is not in plugins that never use it (see stream-extras.ts).
let list: Object | null = null;

/** The PluginContext of root `rootId`, made on first use. */
export function pluginContextOf(rootId: u32): PluginContext {
  const l = list;
  let contexts: Array<PluginContext>;
  if (l === null) {
    contexts = new Array<PluginContext>();
    list = contexts;
  } else {
    contexts = changetype<Array<PluginContext>>(l);
  }
  for (let i = 0; i < contexts.length; i++) {
    const c = unchecked(contexts[i]);
    if (c.rootId == rootId) return c;
  }
  const created = new PluginContext(rootId);
  contexts.push(created);
  return created;
}
