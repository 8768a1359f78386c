// Higress's user attributes (ctx.SetUserAttribute / WriteUserAttributeToLog /
// WriteUserAttributeToTrace): values a plugin collects during a request and hands to the access
// log or the trace span. Higress's Envoy reads them from filter state: the access log format
// prints `%FILTER_STATE(wasm.custom_log:PLAIN)%` (or `wasm.ai_log`), and each
// `trace_span_tag.<key>` property becomes a tag on the request's span.
//
// Go keeps `interface{}` values; here each value keeps its JSON text (for the log) and its
// fmt.Sprint text (for the trace), fixed when it is set.
import { WasmResult } from "../abi/enums";
import { getPropertyString, setProperty } from "../proxywasm/properties";
import { parseJson } from "../json/value";
import { goFloat } from "../clients/go-float";
import { goJsonNumber, goJsonString } from "./go-json";
import { pluginLog } from "./log";

// Go's wrapper.CustomLogKey ("custom_log"), AILogKey ("ai_log") and TraceSpanTagPrefix
// ("trace_span_tag.") are written as literals where used: a module-level string constant
// would be in every plugin's data.

/** One request's user attributes, in the order they were first set. */
export class UserAttributes {
  private readonly keys_: string[] = [];
  private readonly json_: string[] = [];
  private readonly text_: string[] = [];

  private put(key: string, json: string, text: string): void {
    const i = this.keys_.indexOf(key);
    if (i >= 0) {
      unchecked((this.json_[i] = json));
      unchecked((this.text_[i] = text));
      return;
    }
    this.keys_.push(key);
    this.json_.push(json);
    this.text_.push(text);
  }

  /**
   * Sets `key` to a string, bool, integer or float (Go: any value json.Marshal can write).
   *
   *   attributes.set<i64>("tokens", 42);
   */
  set<T>(key: string, value: T): void {
    if (isString<T>()) {
      const s = changetype<string>(value);
      this.put(key, goJsonString(s), s);
    } else if (isBoolean<T>()) {
      this.put(key, value ? "true" : "false", value ? "true" : "false");
    } else if (isInteger<T>()) {
      const t = isSigned<T>() ? (<i64>value).toString() : (<u64>value).toString();
      this.put(key, t, t);
    } else if (isFloat<T>()) {
      this.put(key, goJsonNumber(<f64>value), goFloat(<f64>value));
    } else {
      ERROR("a user attribute is a string, bool, integer or float");
    }
  }

  /** The value's text as Go's fmt.Sprint prints it (strings as they are); null if not set. */
  get(key: string): string | null {
    const i = this.keys_.indexOf(key);
    return i >= 0 ? unchecked(this.text_[i]) : null;
  }

  /** The value as JSON text (`"a"`, `42`, `true`); null if not set. */
  getJson(key: string): string | null {
    const i = this.keys_.indexOf(key);
    return i >= 0 ? unchecked(this.json_[i]) : null;
  }

  has(key: string): bool {
    return this.keys_.indexOf(key) >= 0;
  }

  delete(key: string): bool {
    const i = this.keys_.indexOf(key);
    if (i < 0) return false;
    this.keys_.splice(i, 1);
    this.json_.splice(i, 1);
    this.text_.splice(i, 1);
    return true;
  }

  keys(): string[] {
    return this.keys_.slice(0);
  }
  get size(): i32 {
    return this.keys_.length;
  }
}

/**
 * Sets `trace_span_tag.<key>` to each attribute's text (Go's WriteUserAttributeToTrace). An empty
 * value is not written; each failure is logged as a warning and, as in Go, the result is Ok.
 */
export function writeAttributesToTrace(attributes: UserAttributes): WasmResult {
  const keys = attributes.keys();
  for (let i = 0; i < keys.length; i++) {
    const k = unchecked(keys[i]);
    const text = changetype<string>(attributes.get(k));
    let r = WasmResult.BadArgument;
    if (text.length != 0) r = setProperty<string>(["trace_span_tag." + k], text);
    if (r != WasmResult.Ok) {
      pluginLog.warn(
        "Failed to set trace attribute - " +
          "trace_span_tag." +
          k +
          ": " +
          text +
          ", error message: " +
          (text.length == 0 ? "value of " + "trace_span_tag." + k + " is empty" : (<i32>r).toString()),
      );
    }
  }
  return WasmResult.Ok;
}

/**
 * Merges `attributes` into the JSON object kept in filter state `key` and writes it back, as
 * Go's WriteUserAttributeToLogWithKey: the object (keys sorted, as json.Marshal writes a map)
 * is stored escaped as the inside of a JSON string (`{\"a\":1}`), which is what Higress's
 * access log format expects. A previous value that is not such an object is left alone: the
 * call logs a warning and returns ParseFailure.
 */
export function writeAttributesToLog(attributes: UserAttributes, key: string): WasmResult {
  const names = new Array<string>();
  const values = new Array<string>();
  const previous = getPropertyString([key]);
  if (previous !== null && previous.length != 0) {
    const inner = parseJson<string>('"' + previous + '"');
    const object = inner.isString() ? parseJson<string>(inner.string()) : inner;
    if (!object.isObject() || object.firstError() !== null) {
      pluginLog.warn("Unmarshal failed, will overwrite " + key + ", pre value is: " + previous);
      return WasmResult.ParseFailure;
    }
    const keys = object.keys();
    for (let i = 0; i < keys.length; i++) {
      const k = unchecked(keys[i]);
      names.push(k);
      values.push(object.child(k).raw());
    }
  }
  const own = attributes.keys();
  for (let i = 0; i < own.length; i++) {
    const k = unchecked(own[i]);
    const at = names.indexOf(k);
    const json = changetype<string>(attributes.getJson(k));
    if (at >= 0) unchecked((values[at] = json));
    else {
      names.push(k);
      values.push(json);
    }
  }
  // json.Marshal writes a map's keys in sorted order (a few keys: insertion sort).
  for (let i = 1; i < names.length; i++) {
    const k = unchecked(names[i]);
    const v = unchecked(values[i]);
    let j = i - 1;
    while (j >= 0 && unchecked(names[j]) > k) {
      unchecked((names[j + 1] = names[j]));
      unchecked((values[j + 1] = values[j]));
      j--;
    }
    unchecked((names[j + 1] = k));
    unchecked((values[j + 1] = v));
  }
  let object = "{";
  for (let i = 0; i < names.length; i++) {
    if (i > 0) object += ",";
    object += goJsonString(unchecked(names[i])) + ":" + unchecked(values[i]);
  }
  object += "}";
  const quoted = goJsonString(object);
  const escaped = quoted.substring(1, quoted.length - 1);
  const r = setProperty<string>([key], escaped);
  if (r != WasmResult.Ok)
    pluginLog.warn("failed to set " + key + " in filter state, raw is " + escaped + ", err is " + (<i32>r).toString());
  return r;
}
