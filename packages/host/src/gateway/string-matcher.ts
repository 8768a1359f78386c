// envoy.type.matcher.v3.StringMatcher as Envoy matches it (source/common/common/matchers.cc):
// one of exact, prefix, suffix, contains or safe_regex; ignore_case folds ASCII letters only and
// is refused with safe_regex.
import { ConfigError, type ConfigReader } from "./config-reader.js";
import { REGEX_MATCHER } from "./envoy-fields.js";
import { compileRegex } from "./regex-matcher.js";

export type ValueMatch = (value: string) => boolean;

/** absl::AsciiStrToLower: only A-Z change. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

const PATTERNS = ["exact", "prefix", "suffix", "contains", "safe_regex", "custom"] as const;

export function parseStringMatcher(m: ConfigReader): ValueMatch {
  m.refuse("custom", "custom string matchers are extensions the gateway does not run");
  const set = PATTERNS.filter((k) => m.has(k));
  if (set.length !== 1) throw new ConfigError(`${m.path}: needs exactly one of ${PATTERNS.slice(0, 5).join(", ")}`);
  const kind = set[0];
  const ignoreCase = m.bool("ignore_case");
  let match: ValueMatch;
  if (kind === "safe_regex") {
    if (ignoreCase)
      throw new ConfigError(`${m.path}.ignore_case: ignore_case has no effect for safe_regex (Envoy refuses it)`);
    const regex = compileRegex(m.requireObject("safe_regex", REGEX_MATCHER));
    match = regex.fullMatch;
  } else {
    const expected = m.string(kind);
    if (kind !== "exact" && expected === "") throw new ConfigError(`${m.path}.${kind}: must not be empty`);
    const want = ignoreCase ? asciiLower(expected) : expected;
    const fold = ignoreCase ? asciiLower : (v: string) => v;
    match = {
      exact: (v: string) => fold(v) === want,
      prefix: (v: string) => fold(v).startsWith(want),
      suffix: (v: string) => fold(v).endsWith(want),
      contains: (v: string) => fold(v).includes(want),
    }[kind as "exact" | "prefix" | "suffix" | "contains"];
  }
  m.finish();
  return match;
}
