// The HCM's access_log list (config/accesslog/v3/accesslog.proto): the stdout, stderr and file
// loggers (extensions/access_loggers/{stream,file}), each with Envoy's default format or a
// SubstitutionFormatString text format. Other loggers, filters and JSON formats are refused.
import { readFileSync } from "node:fs";
import { ConfigError, type ConfigReader } from "../config-reader.js";
import {
  ACCESS_LOG,
  DATA_SOURCE,
  FILE_ACCESS_LOG,
  STDERR_ACCESS_LOG,
  STDOUT_ACCESS_LOG,
  SUBSTITUTION_FORMAT_STRING,
} from "../envoy-fields.js";
import { unwrapTypedConfig } from "../parse-wasm-filter.js";
import type { AccessLogSink, AccessLogSpec } from "./access-log-spec.js";
import { DEFAULT_ACCESS_LOG_FORMAT, LogFormat, LogFormatError } from "./log-format.js";

const STDOUT = "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog";
const STDERR = "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StderrAccessLog";
const FILE = "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog";

function parseFormat(text: string, at: string, omitEmpty = false): LogFormat {
  try {
    return LogFormat.parse(text, omitEmpty);
  } catch (e) {
    if (e instanceof LogFormatError) throw new ConfigError(`${at}: ${e.message}`);
    throw e;
  }
}

/** SubstitutionFormatString: text_format or text_format_source (inline or a file). */
function parseLogFormat(r: ConfigReader): LogFormat {
  r.refuse("json_format", "JSON access log formats are not supported; use text_format_source");
  r.refuse("formatters", "formatter extensions are not supported");
  r.refuse("json_format_options", "JSON access log formats are not supported");
  const omitEmpty = r.bool("omit_empty_values");
  let text: string | null = null;
  if (r.has("text_format")) text = r.string("text_format");
  const source = r.object("text_format_source", DATA_SOURCE);
  if (source) {
    if (text !== null) throw new ConfigError(`${r.path}: give text_format or text_format_source, not both`);
    if (source.has("inline_string")) text = source.string("inline_string");
    else if (source.has("inline_bytes")) text = Buffer.from(source.string("inline_bytes"), "base64").toString("utf8");
    else if (source.has("filename")) {
      const file = source.string("filename");
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new ConfigError(`${source.at("filename")}: cannot read ${file}: ${(e as Error).message}`);
      }
    }
    for (const k of ["environment_variable", "watched_directory"])
      source.refuse(k, "give inline_string, inline_bytes or filename");
    source.finish();
  }
  if (text === null) throw new ConfigError(`${r.path}: text_format_source is required (inline_string or filename)`);
  const at = source ? `${r.path}.text_format_source` : `${r.path}.text_format`;
  const format = parseFormat(text, at, omitEmpty);
  r.finish();
  return format;
}

function parseOne(log: ConfigReader): AccessLogSpec {
  log.ignore("name");
  log.refuse("filter", "access log filters are not supported: every request is logged");
  const typed = unwrapTypedConfig(log.requireObject("typed_config", null), {
    [STDOUT]: STDOUT_ACCESS_LOG,
    [STDERR]: STDERR_ACCESS_LOG,
    [FILE]: FILE_ACCESS_LOG,
  });
  const m = typed.message;
  m.ignore("@type");
  let sink: AccessLogSink;
  if (typed.type === STDOUT) sink = { kind: "stdout" };
  else if (typed.type === STDERR) sink = { kind: "stderr" };
  else if (typed.type === FILE) {
    const path = m.string("path", "");
    if (path === "") throw new ConfigError(`${m.at("path")}: required (a non-empty string)`);
    sink = { kind: "file", path };
    m.refuse("json_format", "JSON access log formats are not supported; use log_format.text_format_source");
    m.refuse("typed_json_format", "JSON access log formats are not supported; use log_format.text_format_source");
  } else
    throw new ConfigError(
      `${log.path}.typed_config: access logger ${typed.type} is not supported (stdout, stderr and file loggers are)`,
    );
  let format: LogFormat | null = null;
  const deprecated = sink.kind === "file" && m.has("format") ? m.string("format") : null;
  const logFormat = m.object("log_format", SUBSTITUTION_FORMAT_STRING);
  if (deprecated !== null && logFormat) throw new ConfigError(`${m.path}: give format or log_format, not both`);
  if (deprecated !== null) format = parseFormat(deprecated, m.at("format"));
  if (logFormat) format = parseLogFormat(logFormat);
  m.finish();
  log.finish();
  return { sink, format: format ?? LogFormat.parse(DEFAULT_ACCESS_LOG_FORMAT) };
}

export function parseAccessLogs(hcm: ConfigReader): AccessLogSpec[] {
  return hcm.objects("access_log", ACCESS_LOG).map(parseOne);
}
