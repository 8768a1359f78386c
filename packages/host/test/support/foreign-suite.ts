// The foreign-module suite: modules gatewasm did not build (solo-io proxy-runtime plugins and
// hand-written WAT, sources in test/fixtures/foreign/), each with what Envoy does with it
// (test/fixtures/foreign/suite.json). The host's test runs every one in TestHost and the
// gateway; the CLI's doctor test runs `gatewasm doctor` on the same files against the same
// table: all three must match it.
//
// proxy-runtime 0.1.8's onConfigure passes the configuration size where the size slot's pointer
// belongs; with an empty configuration it then decodes a null ArrayBuffer and traps, so its
// modules get a configuration here (foreign-suite.test.ts shows the empty case too).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ForeignModule {
  /** File name under test/fixtures/build/foreign/, without .wasm. */
  name: string;
  /** PluginConfig.root_id it needs (proxy-runtime picks its root context by it). */
  rootId?: string;
  configuration?: string;
  /** What a request gets, when the module loads. */
  behaviour?:
    | { kind: "request-header"; name: string; value: string }
    | { kind: "response-header"; name: string; value: string }
    | { kind: "local-reply"; status: number; body: string; when?: Record<string, string> };
  /** When it does not load: the imports its start function can reach, as the refusal names them. */
  refusedFor?: string[];
  /** Imports its start function reaches only on abort paths (allowed). */
  abortPathImports?: string[];
}

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

export const FOREIGN_MODULES: ForeignModule[] = JSON.parse(
  readFileSync(join(fixtures, "foreign", "suite.json"), "utf8"),
);

export function foreignWasm(m: ForeignModule): string {
  return join(fixtures, "build", "foreign", `${m.name}.wasm`);
}
