import { readFileSync, writeFileSync } from "node:fs";
import { TestHost } from "@gatewasm/host";
// A trap is logged by the host as Envoy does: "Function: proxy_on_configure failed: …".
const trapOf = (logs) => logs.find((l) => l.source === "host" && l.message.startsWith("Function: "))?.message ?? null;

const valid = {
  mockEnable: true,
  serviceName: "token.dns",
  servicePort: 8080,
  timeout: 300,
  headers: ["a", "b", "c"],
  redis: { timeout: 900 },
};
const text = JSON.stringify(valid);
// Seeded PRNG (mulberry32) so the corpus is reproducible.
let seed = 12345;
const rnd = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const corpus = [];
for (let i = 0; i < text.length; i++) corpus.push(["truncated", text.slice(0, i)]);
const alphabet = '{}[]":,.-+eE0123456789 tfnrul\\\n\t';
for (let i = 0; i < 600; i++) {
  const b = [...text];
  const n = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < n; k++) b[Math.floor(rnd() * b.length)] = alphabet[Math.floor(rnd() * alphabet.length)];
  corpus.push(["mutated", b.join("")]);
}
for (const [k, v] of [
  ["mockEnable", "yes"],
  ["serviceName", 5],
  ["servicePort", "8080"],
  ["servicePort", 1.5],
  ["headers", [1, 2]],
  ["headers", "a"],
  ["redis", 3],
  ["redis", { timeout: "x" }],
]) {
  corpus.push(["wrong type", JSON.stringify({ ...valid, [k]: v })]);
}
corpus.push(["missing required", JSON.stringify({ ...valid, serviceName: undefined })]);
for (let i = 0; i < 3000; i++) {
  const len = 1 + Math.floor(rnd() * 60);
  let t = "";
  for (let k = 0; k < len; k++) t += alphabet[Math.floor(rnd() * alphabet.length)];
  corpus.push(["random", rnd() < 0.5 ? `{${t}` : t]);
}
for (const s of [
  "",
  " ",
  "[]",
  "5",
  "null",
  '"x"',
  "{",
  "}",
  "[{]",
  '{"a":}',
  '{"a" 1}',
  "\u0000",
  '{"serviceName":"\\u12"}',
  "[".repeat(5000) + "]".repeat(5000),
])
  corpus.push(["edge", s]);

const out = {};
for (const name of ["own", "jsonas"]) {
  const wasm = readFileSync(`build/${name}.wasm`);
  const r = { size: wasm.length, accepted: 0, rejected: 0, traps: 0, trapExamples: [], wrongAccepted: [] };
  for (const [kind, cfg] of corpus) {
    const { host, error } = await TestHost.tryStart({ wasm, config: cfg });
    const lastTrap = trapOf(error ? error.logs : host.allLogs);
    const trapped = lastTrap !== null;
    if (host) r.accepted++;
    else if (trapped) {
      r.traps++;
      if (r.trapExamples.length < 5)
        r.trapExamples.push([
          kind,
          cfg.slice(0, 60),
          lastTrap.slice(0, 100),
          (error.logs.find((l) => l.levelName === "critical")?.message ?? "").slice(0, 100),
        ]);
    } else r.rejected++;
    if (host && (kind === "wrong type" || kind === "missing required")) r.wrongAccepted.push(cfg);
  }
  // Precision: an integer above 2^53.
  {
    const { host } = await TestHost.tryStart({ wasm, config: text.replace("8080", "9007199254740993") });
    r.bigInteger = host ? host.logs.map((l) => l.message).find((m) => m.startsWith("ok")) : "rejected";
  }
  // Memory after start, and time for 2,000 parses of the valid config inside on_configure.
  const { host } = await TestHost.tryStart({ wasm, config: text });
  r.pagesAfterStart = host.plugin.vm.memory.buffer.byteLength / 65536;
  const t0 = process.hrtime.bigint();
  await TestHost.tryStart({ wasm, config: JSON.stringify({ ...valid, repeat: 2000 }) });
  const t1 = process.hrtime.bigint();
  await TestHost.tryStart({ wasm, config: JSON.stringify({ ...valid, repeat: 1 }) });
  const t2 = process.hrtime.bigint();
  r.usPerParse = Number(t1 - t0 - (t2 - t1)) / 1000 / 1999;
  out[name] = r;
}
out.none = { size: readFileSync("build/none.wasm").length };
out.corpus = corpus.length;
console.log(JSON.stringify(out, null, 1));
writeFileSync("build/results.json", JSON.stringify(out, null, 1));
