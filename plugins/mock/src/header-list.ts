// A header map in the configuration (`{"hello": "world", "set-cookie": ["a=1", "b=2"]}`) read
// into the [name, value] pairs the SDK sends. Everything Envoy would refuse or silently change
// is refused here instead, at configure time, with the JSON path of the offending header:
// a bad name or value would otherwise fail every request, far from the config that caused it.
import { asciiLower, ConfigError, JsonValue, proxywasm } from "@gatewasm/sdk";

/** What is wrong with one name and value (reported at `at`), or null. */
function checkHeader(
  at: JsonValue,
  name: string,
  value: string,
  reserved: string[],
  reservedWhy: string,
): ConfigError | null {
  if (name.length != 0 && name.charCodeAt(0) == 0x3a) return at.invalid("is a pseudo-header; it cannot be set here");
  if (!proxywasm.isValidHeaderName(name))
    return at.invalid("is not a header name: use letters, digits and !#$%&'*+-.^_`|~");
  if (reserved.includes(name)) return at.invalid(reservedWhy);
  if (!proxywasm.isValidHeaderValue(value)) return at.invalid("a header value must not contain CR, LF or NUL");
  return null;
}

/**
 * Appends the pairs of a header object to `out`, names lower-cased, in document order, and
 * returns the first error. `reserved` names are refused with `reservedWhy` (content-length,
 * which the gateway computes).
 *
 *   const error = readHeaderList(json.get("mockHeaders"), headers, ["content-length"], "is set by the gateway");
 */
export function readHeaderList(
  json: JsonValue,
  out: Array<string[]>,
  reserved: string[],
  reservedWhy: string,
): ConfigError | null {
  if (json.isNull()) return null;
  if (!json.isObject()) return json.expected("an object of header names to values");
  // Names and values in one pass each (json.child per name would rescan the object every time).
  const names = json.keys();
  const entries = json.members();
  for (let i = 0; i < names.length; i++) {
    const name = asciiLower(unchecked(names[i]));
    const entry = unchecked(entries[i]);
    if (entry.isString()) {
      const value = entry.string();
      const error = checkHeader(entry, name, value, reserved, reservedWhy);
      if (error !== null) return error;
      out.push([name, value]);
    } else if (entry.isArray()) {
      // Several values of one header (set-cookie) are sent as several headers, in order.
      const items = entry.array();
      for (let j = 0; j < items.length; j++) {
        const item = unchecked(items[j]);
        if (!item.isString()) return item.expected("a string");
        const value = item.string();
        const error = checkHeader(item, name, value, reserved, reservedWhy);
        if (error !== null) return error;
        out.push([name, value]);
      }
    } else {
      return entry.expected("a string or an array of strings");
    }
  }
  return null;
}
