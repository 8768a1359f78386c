// Configuration as Higress's wrapper handles it, per root context:
// - the configuration must be valid JSON (empty means `{}`); `_plugin_id_` names the plugin in
//   logs and is not part of the config;
// - every key but `_rules_` is the global config: with no other key (only `_rules_`) there is
//   no global config; `{}` enables the plugin globally with the parser run on `{}`;
// - each `_rules_` entry is parsed into its own config (with parseOverrideConfigBy: starting
//   from a copy of the global config, then the rule parser on top);
// - any error fails on_configure with a log line naming the JSON path. (Higress quirk kept:
//   when rules exist, a failing global config is dropped with a warning instead.)
import { BufferType } from "../abi/enums";
import { getBuffer } from "../proxywasm/buffer";
import { ConfigError } from "../json/config-error";
import { JsonValue, parseJson } from "../json/value";
import { ParseConfigFn, ParseRuleConfigFn, TickFn } from "./callbacks";
import { HttpContext } from "./http-context";
import { pluginLog } from "./log";
import { PluginRoot, PluginStream } from "./plugin-spec";
import { StreamContext } from "../context/stream-context";
import { tableGet } from "../context/context-table";
import { RootHook, rootHook, setRootHook } from "../context/root-hook";
import { RequestFacts, RuleConditions, parseRuleConditions, ruleMatches } from "./rules";
import { TickSet } from "./ticks";
import { Registered, Running, enterConfigCode, leaveConfigCode } from "../state/runtime-state";

abstract class TickOption<C> {
  abstract register(set: TickSet, config: C): void;
}

class TypedTickOption<C> extends TickOption<C> {
  constructor(
    private readonly periodMs: i64,
    private readonly fn: TickFn<C>,
  ) {
    super();
  }
  register(set: TickSet, config: C): void {
    set.add<C>(this.periodMs, this.fn, config);
  }
}

/** What the config options (and tick options) registered; installed as the root hook. */
export class ConfigOptions<C> extends RootHook {
  parse: ParseConfigFn<C> | null = null;
  parseRule: ParseRuleConfigFn<C> | null = null;
  ticks: TickOption<C>[] = [];

  addTick(periodMs: i64, fn: TickFn<C>): void {
    this.ticks.push(new TypedTickOption<C>(periodMs, fn));
  }

  // Per root: Envoy may run several plugin configs of this module on one VM, but rarely more
  // than a few, so a list (a Map would add a kilobyte of code).
  private readonly runtimes: ConfiguredRuntime<C>[] = [];

  private find(rootId: u32): ConfiguredRuntime<C> | null {
    const list = this.runtimes;
    for (let i = 0; i < list.length; i++) if (unchecked(list[i]).rootId == rootId) return unchecked(list[i]);
    return null;
  }

  private runtimeOf(rootId: u32): ConfiguredRuntime<C> | null {
    const found = this.find(rootId);
    if (found !== null) return found;
    if (!(tableGet(rootId) instanceof PluginRoot<C>)) return null;
    const created = new ConfiguredRuntime<C>(rootId, this);
    this.runtimes.push(created);
    return created;
  }

  configure(rootId: u32, configurationSize: usize): bool {
    const rt = this.runtimeOf(rootId);
    return rt !== null ? rt.configure(configurationSize) : true;
  }

  tick(rootId: u32): void {
    const rt = this.runtimeOf(rootId);
    if (rt !== null) rt.tick();
  }

  match(stream: StreamContext): Object | null {
    if (!(stream instanceof PluginStream<C>)) return null;
    const rt = this.find(changetype<PluginStream<C>>(stream).rootId);
    if (rt === null) return null;
    const c = rt.match(changetype<HttpContext>(stream));
    return c !== null ? changetype<Object>(c) : null;
  }
}

/** The plugin's ConfigOptions, installing them as the root hook on first use. */
export function configOptions<C>(): ConfigOptions<C> {
  const h = rootHook();
  if (h instanceof ConfigOptions<C>) return changetype<ConfigOptions<C>>(h);
  const created = new ConfigOptions<C>();
  setRootHook(created);
  return created;
}

/** Copies every field of `from` into a new C: the starting point of a rule's config. */
function shallowCopy<C>(from: C): C {
  // Raw allocation without the constructor, then a field-for-field copy before anything else
  // can allocate: the new object is white for the incremental GC (not yet scanned), so the
  // copied references are traced when it is; no write barrier is needed.
  const size = offsetof<C>();
  const to = __new(size, idof<C>());
  memory.copy(to, changetype<usize>(from), size);
  return changetype<C>(to);
}

class ConfiguredRuntime<C> {
  private global: C | null = null;
  private ruleConditions: RuleConditions[] = [];
  private ruleConfigs: C[] = [];
  private readonly ticks: TickSet = new TickSet();

  constructor(
    readonly rootId: u32,
    private readonly options: ConfigOptions<C>,
  ) {}

  configure(configurationSize: usize): bool {
    Running.tickSet = this.ticks; // registerTickFunc, called from the parser, fills it
    const err = this.load(configurationSize);
    Running.tickSet = null;
    if (err !== null) {
      pluginLog.error("configuration rejected: " + err.toString());
      return false;
    }
    return this.ticks.arm();
  }

  /** Runs `parse` (or the rule parser) on `json` into `config`; the first error it returned or recorded. */
  private run(json: JsonValue, config: C, global: C | null): ConfigError | null {
    json.doc.firstError = null;
    enterConfigCode(changetype<Object>(config));
    const ruleParser = this.options.parseRule;
    const parser = this.options.parse;
    let err: ConfigError | null = null;
    if (global !== null && ruleParser !== null) err = ruleParser(json, global, config, pluginLog);
    else if (parser !== null) err = parser(json, config, pluginLog);
    leaveConfigCode();
    return err !== null ? err : json.doc.firstError;
  }

  private load(configurationSize: usize): ConfigError | null {
    let bytes = configurationSize != 0 ? getBuffer(BufferType.PluginConfiguration, 0, <u32>configurationSize) : null;
    if (bytes === null || isBlank(bytes)) bytes = String.UTF8.encode("{}");
    const json = parseJson<ArrayBuffer>(bytes);
    const invalid = json.firstError();
    if (invalid !== null) return invalid;
    if (!json.isObject()) return json.expected("a JSON object as the configuration");

    this.ticks.clear();
    const pluginId = json.member("_plugin_id_");
    Registered.pluginId = pluginId.string();

    // The global keys: everything but _rules_ and _plugin_id_.
    const rulesJson = json.member("_rules_");
    const globalKeys = json.length - (rulesJson.exists() ? 1 : 0) - (pluginId.exists() ? 1 : 0);
    const rules = rulesJson.array();
    if (json.doc.firstError !== null) return json.doc.firstError;

    let global: C | null = null;
    let globalError: ConfigError | null = null;
    if (globalKeys > 0 || !rulesJson.exists()) {
      const config = instantiate<C>();
      globalError = this.run(json, config, null);
      if (globalError === null) global = config;
    }
    if (rules.length == 0) {
      if (globalError !== null) return globalError;
      if (global === null) return new ConfigError("no global config and no rules: nothing to apply", "_rules_");
    } else if (globalError !== null) {
      pluginLog.warn("global configuration ignored (rules exist): " + globalError.toString());
    }

    const conditions = new Array<RuleConditions>();
    const configs = new Array<C>();
    for (let i = 0; i < rules.length; i++) {
      const ruleJson = unchecked(rules[i]);
      if (!ruleJson.isObject()) return ruleJson.expected("an object");
      json.doc.firstError = null;
      const parsed = parseRuleConditions(ruleJson);
      if (parsed === null || json.doc.firstError !== null) return json.doc.firstError;
      let config: C;
      let err: ConfigError | null;
      if (this.options.parseRule !== null) {
        const base = global !== null ? global : changetype<C>(Registered.defaultConfig);
        config = shallowCopy<C>(base);
        err = this.run(ruleJson, config, base);
      } else {
        config = instantiate<C>();
        err = this.run(ruleJson, config, null);
      }
      if (err !== null) return err;
      conditions.push(parsed);
      configs.push(config);
    }

    // Everything parsed: only now replace what requests match against.
    this.global = global;
    this.ruleConditions = conditions;
    this.ruleConfigs = configs;
    const tickConfig = global !== null ? global : changetype<C>(Registered.defaultConfig);
    const tickOptions = this.options.ticks;
    for (let i = 0; i < tickOptions.length; i++) unchecked(tickOptions[i]).register(this.ticks, tickConfig);
    return null;
  }

  match(ctx: HttpContext): C | null {
    const conditions = this.ruleConditions;
    if (conditions.length != 0) {
      const facts = new RequestFacts(ctx);
      for (let i = 0; i < conditions.length; i++) {
        if (ruleMatches(unchecked(conditions[i]), facts)) return unchecked(this.ruleConfigs[i]);
      }
    }
    return this.global;
  }

  tick(): void {
    this.ticks.run();
  }
}

function isBlank(bytes: ArrayBuffer): bool {
  const base = changetype<usize>(bytes);
  for (let i = 0; i < bytes.byteLength; i++) {
    const c = load<u8>(base + <usize>i);
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) return false;
  }
  return true;
}
