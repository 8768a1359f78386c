// RouteMatch (api/envoy/config/route/v3/route_components.proto): the path specifier, and the
// header and query parameter matchers, as Envoy builds them (source/common/router/
// config_impl.cc, config_utility.cc; source/common/http/header_utility.cc).
import { ConfigError, type ConfigReader } from "./config-reader.js";
import type { HeaderMatcher, QueryParameterMatcher, RouteMatch } from "./config-model.js";
import { HEADER_MATCHER, INT64_RANGE, QUERY_PARAMETER_MATCHER, REGEX_MATCHER, STRING_MATCHER } from "./envoy-fields.js";
import { compileRegex } from "./regex-matcher.js";
import { parseStringMatcher, type ValueMatch } from "./string-matcher.js";

const HEADER_SPECIFIERS = [
  "exact_match",
  "safe_regex_match",
  "range_match",
  "present_match",
  "prefix_match",
  "suffix_match",
  "contains_match",
  "string_match",
];

/** absl::SimpleAtoi for int64: optional surrounding whitespace and sign, decimal digits only. */
function parseInt64(value: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)[ \t\n\v\f\r]*$/.exec(value);
  if (!m) return null;
  const n = BigInt(m[1]);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : null;
}

function int64Field(r: ConfigReader, key: string): bigint {
  const v = r.raw(key);
  if (v === undefined || v === null) return 0n;
  const n = typeof v === "number" && Number.isInteger(v) ? BigInt(v) : typeof v === "string" ? parseInt64(v) : null;
  if (n === null) throw new ConfigError(`${r.path}.${key}: expected an integer`);
  return n;
}

function parseHeaderMatcher(h: ConfigReader): HeaderMatcher {
  const name = h.string("name");
  if (name === "") throw new ConfigError(`${h.path}.name: must not be empty`);
  const set = HEADER_SPECIFIERS.filter((k) => h.has(k));
  if (set.length > 1)
    throw new ConfigError(`${h.path}: ${set.join(" and ")} are one choice (header_match_specifier); set one`);
  let value: ValueMatch | null = null;
  let present = true;
  switch (set[0]) {
    case undefined:
      break; // No specifier: the header must be present.
    case "present_match":
      present = h.bool("present_match");
      break;
    case "exact_match": {
      // An empty exact_match matches any value of a present header.
      const expected = h.string("exact_match");
      value = (v) => expected === "" || v === expected;
      break;
    }
    case "prefix_match": {
      const expected = h.string("prefix_match");
      value = (v) => v.startsWith(expected);
      break;
    }
    case "suffix_match": {
      const expected = h.string("suffix_match");
      value = (v) => v.endsWith(expected);
      break;
    }
    case "contains_match": {
      const expected = h.string("contains_match");
      value = (v) => v.includes(expected);
      break;
    }
    case "safe_regex_match":
      value = compileRegex(h.requireObject("safe_regex_match", REGEX_MATCHER)).fullMatch;
      break;
    case "range_match": {
      const range = h.requireObject("range_match", INT64_RANGE);
      const start = int64Field(range, "start");
      const end = int64Field(range, "end");
      range.finish();
      value = (v) => {
        const n = parseInt64(v);
        return n !== null && n >= start && n < end;
      };
      break;
    }
    case "string_match":
      value = parseStringMatcher(h.requireObject("string_match", STRING_MATCHER));
      break;
  }
  const matcher: HeaderMatcher = {
    name: name.toLowerCase(),
    value,
    present,
    invert: h.bool("invert_match"),
    treatMissingAsEmpty: h.bool("treat_missing_header_as_empty"),
  };
  h.finish();
  return matcher;
}

function parseQueryParameterMatcher(q: ConfigReader): QueryParameterMatcher {
  const name = q.string("name");
  if (name === "") throw new ConfigError(`${q.path}.name: must not be empty`);
  if (q.has("string_match") && q.has("present_match"))
    throw new ConfigError(`${q.path}: string_match and present_match are one choice; set one`);
  // Envoy (config_utility.cc) builds a value matcher only from string_match; present_match,
  // true or false, and no specifier all test that the parameter is there.
  q.bool("present_match");
  const sm = q.object("string_match", STRING_MATCHER);
  const matcher: QueryParameterMatcher = { name, value: sm ? parseStringMatcher(sm) : null };
  q.finish();
  return matcher;
}

const PATH_SPECIFIERS = [
  "prefix",
  "path",
  "safe_regex",
  "path_separated_prefix",
  "connect_matcher",
  "path_match_policy",
];

export function parseRouteMatch(m: ConfigReader): RouteMatch {
  m.refuse("connect_matcher", "CONNECT requests are not routed by the gateway");
  m.refuse("path_match_policy", "path match policy extensions are not run by the gateway");
  m.refuse(
    "runtime_fraction",
    "runtime fractions are not emulated; the route would match a share of requests in Envoy",
  );
  m.refuse("grpc", "gRPC route matching is not supported");
  m.refuse("tls_context", "TLS is not supported");
  m.refuse("dynamic_metadata", "dynamic metadata matching is not supported");
  const set = PATH_SPECIFIERS.filter((k) => m.has(k));
  if (set.length !== 1)
    throw new ConfigError(`${m.path}: needs exactly one of prefix, path, safe_regex or path_separated_prefix`);
  const caseSensitive = m.bool("case_sensitive", true);
  const headers = m.objects("headers", HEADER_MATCHER).map(parseHeaderMatcher);
  const queryParameters = m.objects("query_parameters", QUERY_PARAMETER_MATCHER).map(parseQueryParameterMatcher);
  const base = { caseSensitive, headers, queryParameters };
  let match: RouteMatch;
  if (set[0] === "prefix") match = { kind: "prefix", value: m.string("prefix"), ...base };
  else if (set[0] === "path") match = { kind: "path", value: m.string("path"), ...base };
  else if (set[0] === "path_separated_prefix") {
    const value = m.string("path_separated_prefix");
    if (!/^[^?#]+[^?#/]$/.test(value))
      throw new ConfigError(`${m.path}.path_separated_prefix: "${value}" must not contain ? or # nor end with /`);
    match = { kind: "separated_prefix", value, ...base };
  } else {
    const regex = compileRegex(m.requireObject("safe_regex", REGEX_MATCHER));
    match = { kind: "regex", value: regex.source, regex, ...base };
  }
  m.finish();
  return match;
}
