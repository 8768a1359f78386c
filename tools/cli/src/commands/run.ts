// `gatewasm run <envoy.yaml>`: the envoy.yaml a user would give Envoy, with cluster addresses
// and wasm files replaced from the command line, in the local gateway. Prints
// "listening on http://HOST:PORT" once ready and stops cleanly on SIGTERM / SIGINT.
import { parseArgs } from "node:util";
import {
  type Flavor,
  type GatewayOptions,
  GatewayStartError,
  type LogLevelName,
  type RunningGateway,
  startGateway,
  startThreadedGateway,
} from "@gatewasm/host";

export const RUN_USAGE = `usage: gatewasm run <envoy.yaml> [--listen HOST:PORT] [--cluster NAME=HOST:PORT]...
                    [--wasm FILENAME=LOCALPATH]... [--flavor envoy|higress] [--concurrency N]
                    [--log-level trace|debug|info|warn|error|critical]
                    [--admin HOST:PORT|off] [--access-log] [--watch]

  <envoy.yaml>         also accepted as -c <envoy.yaml>, as Envoy takes it
  --listen             address of the first listener instead of the one in envoy.yaml
  --cluster            replace a cluster's endpoints (or add the cluster)
  --wasm               read vm_config.code.local.filename FILENAME from LOCALPATH
  --flavor             envoy (default): stock Envoy's functions; higress: adds the Redis calls
  --concurrency        workers (default 1); 2 or more run as worker threads, each with its own
                       VM per plugin, connections spread round robin (as Envoy's workers)
  --log-level          wasm log level (default info); --component-log-level wasm:LEVEL works too
  --admin              serve Envoy's admin interface here instead of envoy.yaml's admin.address
                       (off: not at all)
  --access-log         print every request in Envoy's default access log format on standard
                       output when the HCM has no access_log of its own
  --watch              reload when envoy.yaml or a wasm file changes: new streams get the new
                       module once its canary starts; if it fails, the running one keeps serving`;

const LEVELS = ["trace", "debug", "info", "warn", "error", "critical"];

function pairs(values: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.lastIndexOf("=");
    if (i <= 0 || i === v.length - 1) throw new Error(`${flag} ${v}: expected NAME=VALUE`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

function logLevel(values: { "log-level"?: string; "component-log-level"?: string }): LogLevelName {
  let level = values["log-level"];
  const component = values["component-log-level"];
  if (component) {
    const m = /(?:^|,)wasm:(\w+)/.exec(component);
    if (m) level = m[1];
  }
  level ??= "info";
  if (!LEVELS.includes(level)) throw new Error(`log level "${level}": expected one of ${LEVELS.join(", ")}`);
  return level as LogLevelName;
}

/** envoy.yaml's admin.address unless --admin gives another (or "off"). */
function adminOption(value: string | undefined): string | boolean {
  if (value === undefined) return true;
  if (value === "off") return false;
  if (!/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/.test(value))
    throw new Error(`--admin ${value}: expected HOST:PORT or off`);
  return value;
}

export async function runCommand(argv: string[]): Promise<number> {
  // biome-ignore lint/suspicious/noImplicitAnyLet: parseArgs' result type is derived from the options literal below; spelling it out would repeat them.
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        c: { type: "string" },
        listen: { type: "string" },
        cluster: { type: "string", multiple: true },
        wasm: { type: "string", multiple: true },
        flavor: { type: "string" },
        concurrency: { type: "string" },
        "log-level": { type: "string" },
        "component-log-level": { type: "string" },
        admin: { type: "string" },
        "access-log": { type: "boolean" },
        watch: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    process.stderr.write(`gatewasm run: ${(e as Error).message}\n\n${RUN_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${RUN_USAGE}\n`);
    return 0;
  }
  const envoyYaml = values.c ?? positionals[0];
  if (!envoyYaml || positionals.length > (values.c ? 0 : 1)) {
    process.stderr.write(`gatewasm run: give one envoy.yaml\n\n${RUN_USAGE}\n`);
    return 2;
  }
  let options: GatewayOptions;
  try {
    const flavor = (values.flavor ?? "envoy") as Flavor;
    if (flavor !== "envoy" && flavor !== "higress")
      throw new Error(`--flavor ${values.flavor}: expected envoy or higress`);
    const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`--concurrency ${values.concurrency}: expected a whole number of workers, 1 or more`);
    options = {
      envoyYaml,
      listen: values.listen,
      clusters: pairs(values.cluster, "--cluster"),
      wasm: pairs(values.wasm, "--wasm"),
      flavor,
      concurrency,
      logLevel: logLevel(values),
      admin: adminOption(values.admin),
      accessLog: values["access-log"] ?? false,
      watch: values.watch ?? false,
    };
  } catch (e) {
    process.stderr.write(`gatewasm run: ${(e as Error).message}\n`);
    return 2;
  }

  let gateway: RunningGateway;
  try {
    // One worker runs on the main thread, as before; more are threads (Envoy's --concurrency).
    gateway = await ((options.concurrency ?? 1) >= 2 ? startThreadedGateway(options) : startGateway(options));
  } catch (e) {
    process.stderr.write(`gatewasm run: ${e instanceof GatewayStartError ? e.message : (e as Error).stack}\n`);
    return 1;
  }
  for (const url of gateway.urls) process.stdout.write(`listening on ${url}\n`);
  if (gateway.adminUrl) process.stdout.write(`admin on ${gateway.adminUrl}\n`);

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`gatewasm run: ${signal}, stopping\n`);
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      void gateway.stop().then(() => resolve(0));
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
  });
}
