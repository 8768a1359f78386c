// envoy.type.matcher.v3.RegexMatcher with RE2 semantics, as Envoy compiles it
// (source/common/common/regex.cc): the RE2 syntax (no backreferences, no lookaround), and a
// match is a full match of the whole value, never a search.
import { RE2JS } from "re2js";
import { ConfigError, type ConfigReader } from "./config-reader.js";
import { GOOGLE_RE2 } from "./envoy-fields.js";

export interface CompiledRegex {
  source: string;
  /** RE2::FullMatch: the pattern matches the whole value. */
  fullMatch(value: string): boolean;
}

export function compileRegex(r: ConfigReader): CompiledRegex {
  const source = r.string("regex");
  // google_re2 only carries the deprecated max_program_size; RE2 is the engine either way.
  const re2 = r.object("google_re2", GOOGLE_RE2);
  if (re2) {
    re2.ignore("max_program_size");
    re2.finish();
  }
  r.finish();
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (e) {
    throw new ConfigError(`${r.path}.regex: RE2 refuses "${source}": ${(e as Error).message}`);
  }
  return { source, fullMatch: (value) => compiled.matches(value) };
}
