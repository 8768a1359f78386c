// The Result region: doctor's verdict and the module's size, compile errors at their lines,
// then what the request turned into: each phase's action, the upstream request or the local
// reply, the client's response, the callouts and the logs.
import type { LinkVerdict } from "@gatewasm/host/engine";
import type { CompileResult } from "../compile/compile.js";
import type { HttpMessage, RunReport } from "../run/run-plugin.js";

const HOSTS = { envoy: "stock Envoy", higress: "Higress's gateway" };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function heading(parent: HTMLElement, text: string): void {
  parent.append(el("h3", text));
}

function message(m: HttpMessage, first?: string): string {
  const lines = first ? [first] : [];
  for (const [k, v] of m.headers) lines.push(`${k}: ${v}`);
  if (m.body.length > 0) lines.push("", m.body);
  return lines.join("\n");
}

export function showError(region: HTMLElement, text: string): void {
  region.replaceChildren(el("h2", "Result"), el("p", text, "bad"));
}

export function showCompile(region: HTMLElement, result: CompileResult): void {
  region.replaceChildren(el("h2", "Result"));
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const p = el(
    "p",
    result.wasm
      ? `Compiled in ${(result.millis / 1000).toFixed(1)} s: ${result.wasm.length.toLocaleString("en-US")} bytes.`
      : `The plugin did not compile (${errors.length} error${errors.length === 1 ? "" : "s"}, ${(result.millis / 1000).toFixed(1)} s).`,
    result.wasm ? "ok" : "bad",
  );
  region.append(p);
  if (result.diagnostics.length > 0) {
    heading(region, "Compiler messages");
    const list = el("ul");
    for (const d of result.diagnostics) {
      const where = d.file ? `${d.file}:${d.line}:${d.column} ` : "";
      list.append(
        el(
          "li",
          `${where}${d.severity} AS${d.code}: ${d.message}`,
          `diagnostic ${d.severity === "error" ? "bad" : ""}`,
        ),
      );
    }
    region.append(list);
  }
  if (!result.wasm && errors.length === 0 && result.stderr) region.append(el("pre", result.stderr));
}

export function showVerdict(
  region: HTMLElement,
  size: number,
  budget: number | undefined,
  flavor: "envoy" | "higress",
  verdict: LinkVerdict,
): void {
  heading(region, "Doctor");
  const sizeText =
    budget === undefined
      ? `${size.toLocaleString("en-US")} bytes`
      : `${size.toLocaleString("en-US")} bytes of a ${budget.toLocaleString("en-US")}-byte budget (${Math.round((size / budget) * 100)}%)`;
  region.append(el("p", `Module size: ${sizeText}.`, budget !== undefined && size > budget ? "bad" : undefined));
  if (verdict.loads)
    region.append(
      el(
        "p",
        `Loads on ${HOSTS[flavor]}: ABI ${verdict.abiVersion?.replaceAll("_", ".")}, allocator ${verdict.allocator}.`,
        "ok",
      ),
    );
  else {
    region.append(el("p", `Does not load on ${HOSTS[flavor]}:`, "bad"));
    const list = el("ul");
    for (const problem of verdict.problems) list.append(el("li", problem.message));
    region.append(list);
  }
}

export function showRun(region: HTMLElement, r: RunReport): void {
  if (r.startError) {
    heading(region, "Start");
    region.append(el("p", `The plugin did not start: ${r.startError}`, "bad"));
  } else {
    heading(region, "Phases");
    const table = el("table");
    table.append(Object.assign(el("tr"), { innerHTML: "<th>phase</th><th>action</th>" }));
    for (const p of r.phases) {
      const tr = el("tr");
      tr.append(el("td", p.phase), el("td", p.action));
      table.append(tr);
    }
    region.append(
      table,
      el("p", `Stream: ${r.action}${r.vmFailed ? " (the VM failed: a trap)" : ""}.`, r.vmFailed ? "bad" : undefined),
    );
    if (r.localReply) {
      heading(region, "Local reply (the upstream was not called)");
      region.append(el("pre", message(r.localReply, `${r.localReply.status} (${r.localReply.details})`)));
    }
    if (r.upstreamRequest) {
      heading(region, "Upstream request");
      region.append(el("pre", message(r.upstreamRequest)));
    }
    if (r.response && !r.localReply) {
      heading(region, "Response to the client");
      region.append(el("pre", message(r.response)));
    }
    if (!r.upstreamRequest && !r.localReply)
      region.append(el("p", "The request is still paused: nothing reached the upstream and no reply was sent."));
    if (r.httpCalls.length > 0) {
      heading(region, "HTTP calls");
      region.append(
        el(
          "pre",
          r.httpCalls.map((c) => `${c.cluster}\n${c.headers.map(([k, v]) => `  ${k}: ${v}`).join("\n")}`).join("\n"),
        ),
      );
    }
    if (r.redisCalls.length > 0) {
      heading(region, "Redis calls");
      region.append(el("pre", r.redisCalls.map((c) => `${c.cluster}: ${c.command}`).join("\n")));
    }
  }
  heading(region, "Logs");
  region.append(
    el(
      "pre",
      r.logs.length === 0
        ? "(none)"
        : r.logs.map((l) => `[${l.levelName}]${l.source === "host" ? " host:" : ""} ${l.message}`).join("\n"),
    ),
  );
}
