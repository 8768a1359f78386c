// docs/sdk.md's parity table cannot drift: every gatewasm name in it is exported by
// @gatewasm/sdk (a function or class from assembly/index.ts, or a member of an exported class),
// and every wasm-go name of the parity list (issue #21) has a row.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const assembly = join(root, "assembly");
const docs = readFileSync(resolve(root, "..", "..", "docs", "sdk.md"), "utf8");

/** The rows of the parity table: [Go name cell, gatewasm name, status]. */
function parityRows(): [string, string, string][] {
  const start = docs.indexOf("## Parity with Higress's Go SDK");
  expect(start).toBeGreaterThan(0);
  const lines = docs.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("| Go (wasm-go) |"));
  const rows: [string, string, string][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    rows.push([cells[0], cells[1].replace(/^`|`$/g, ""), cells[2]]);
  }
  return rows;
}

/** Every name a file exports, following `export { … } from` and `export * from`. */
function exportsOf(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/^export (?:abstract )?(?:function|class|const|let|enum|type) (\w+)/gm))
    names.add(m[1]);
  for (const m of text.matchAll(/^export \{([^}]*)\}(?: from "([^"]+)")?/gm)) {
    for (const part of m[1].split(",")) {
      const alias = part.trim().split(/\s+as\s+/);
      if (alias[0]) names.add((alias[1] ?? alias[0]).trim());
    }
  }
  for (const m of text.matchAll(/^export \* from "([^"]+)"/gm)) {
    for (const n of exportsOf(resolve(dirname(file), `${m[1]}.ts`), seen)) names.add(n);
  }
  for (const m of text.matchAll(/^import \* as (\w+) from/gm)) names.add(m[1]);
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The body of `class Name` (up to the next top-level `}`), or null. */
function classBody(name: string): string | null {
  for (const f of sourceFiles(assembly)) {
    const text = readFileSync(f, "utf8");
    const m = new RegExp(`^export (?:abstract )?class ${name}\\b[^{]*\\{`, "m").exec(text);
    if (!m) continue;
    const end = text.indexOf("\n}", m.index);
    return text.slice(m.index, end);
  }
  return null;
}

// The names issue #21 lists as missing from @gatewasm/sdk.
const parityList = [
  "GetExecutionPhase",
  "GetMatchConfig",
  "GetUserAttribute",
  "SetUserAttribute",
  "GetUserAttributeMap",
  "SetUserAttributeMap",
  "WriteUserAttributeToLog",
  "WriteUserAttributeToLogWithKey",
  "WriteUserAttributeToTrace",
  "RouteCall",
  "NeedPauseStreamingResponse",
  "PushBuffer",
  "PopBuffer",
  "BufferQueueSize",
  "ParseRawConfig",
  "ParseOverrideRawConfig",
  "ParseConfigWithContext",
  "PrePluginStartOrReload",
  "WithLogger",
  "EnableSafeLog",
  "WithMaxRequestsPerIoCycle",
  "WithRebuildAfterRequests",
  "WithRebuildMaxMemBytes",
  "EnableRuleLevelConfigIsolation",
  "IsRuleLevelConfigIsolation",
  "DoLeaderElection",
  "IsLeader",
  "SetCtxWithOptions",
  "PluginContext.GetContext",
  "PluginContext.SetContext",
  "GetRequestPathWithoutQuery",
  "IsApplicationJson",
  "Connect",
  "Trace",
  "Persist",
  "MGet",
  "MSet",
  "LIndex",
  "LRem",
  "LInsertBefore",
  "LInsertAfter",
  "HExists",
  "HLen",
  "HMGet",
  "HMSet",
  "HKeys",
  "HVals",
  "HIncrByFloat",
  "SAdd",
  "SCard",
  "SDiff",
  "SDiffStore",
  "SInter",
  "SInterStore",
  "SIsMember",
  "SMembers",
  "SRem",
  "SUnion",
  "SUnionStore",
  "ZAdd",
  "ZCard",
  "ZCount",
  "ZIncrBy",
  "ZRange",
  "ZRank",
  "ZRem",
  "ZRevRange",
  "ZRevRank",
  "ZScore",
  "WithDataBase",
  "WithBufferFlushTimeout",
  "WithDisableBuffer",
  "WithMaxBufferSizeBeforeFlush",
  "Tracef",
  "Debugf",
  "Infof",
  "Warnf",
  "Errorf",
  "Criticalf",
  "ResetID",
];

describe("docs/sdk.md parity table", () => {
  const rows = parityRows();
  const exported = exportsOf(join(assembly, "index.ts"));

  it("has a row for every name of the parity list", () => {
    const goNames = rows.map(([go]) => go.replace(/`/g, ""));
    for (const name of parityList) {
      const found = goNames.some((g) => g.split(/,\s*/).some((n) => n === name || n.endsWith(`.${name}`)));
      expect(found, `a row for ${name}`).toBe(true);
    }
    expect(rows.length).toBeGreaterThanOrEqual(parityList.length);
  });

  for (const [go, name, status] of parityRows()) {
    it(`${go} → ${name} exists in @gatewasm/sdk (${status.split(":")[0]})`, () => {
      expect(status.length, "a status").toBeGreaterThan(0);
      const dot = name.indexOf(".");
      if (dot < 0) {
        expect(exported.has(name), `${name} is exported by assembly/index.ts`).toBe(true);
        return;
      }
      const cls = name.slice(0, dot);
      const member = name.slice(dot + 1);
      expect(exported.has(cls), `${cls} is exported by assembly/index.ts`).toBe(true);
      const body = classBody(cls);
      expect(body, `class ${cls} in assembly/`).not.toBeNull();
      expect(body!, `${cls} has ${member}`).toMatch(
        new RegExp(`^\\s+(?:get |static |readonly |private )*${member}\\s*[<(:]`, "m"),
      );
    });
  }
});
