// envoy.type.matcher.v3.RegexMatcher with RE2 semantics, as Envoy compiles it
// (source/common/common/regex.cc): the RE2 syntax (no backreferences, no lookaround), and a
// match is a full match of the whole value, never a search. A pattern whose RE2 program is
// larger than 100 instructions (or google_re2.max_program_size) is refused as Envoy refuses it;
// re2js counts the program as RE2 does, so a size near the limit may differ by a little.
import { RE2JS } from "re2js";
import { ConfigError, type ConfigReader } from "./config-reader.js";
import { GOOGLE_RE2 } from "./envoy-fields.js";

/** Envoy's runtime default for re2.max_program_size.error_level. */
const DEFAULT_MAX_PROGRAM_SIZE = 100;

export interface CompiledRegex {
  source: string;
  /** RE2::FullMatch: the pattern matches the whole value. */
  fullMatch(value: string): boolean;
}

export function compileRegex(r: ConfigReader): CompiledRegex {
  const source = r.string("regex");
  // google_re2 only carries the deprecated max_program_size; RE2 is the engine either way.
  const re2 = r.object("google_re2", GOOGLE_RE2);
  let maxProgramSize = DEFAULT_MAX_PROGRAM_SIZE;
  if (re2?.has("max_program_size")) {
    const v = re2.raw("max_program_size");
    maxProgramSize = Number(typeof v === "object" && v !== null && "value" in v ? (v as { value: unknown }).value : v);
  }
  re2?.finish();
  r.finish();
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (e) {
    throw new ConfigError(`${r.path}.regex: RE2 refuses "${source}": ${(e as Error).message}`);
  }
  const size = compiled.programSize();
  if (size > maxProgramSize) {
    throw new ConfigError(
      `${r.path}.regex: regex '${source}' RE2 program size of ${size} > max program size of ${maxProgramSize} (Envoy refuses it; re2.max_program_size.error_level is 100 by default)`,
    );
  }
  return { source, fullMatch: (value) => compiled.matches(value) };
}
