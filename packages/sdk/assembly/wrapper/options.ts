// The options of setCtx, as Higress names them (`wrapper.ProcessRequestHeadersBy`, …).
// AssemblyScript has no closures, so each option is a small object that stores the plugin's
// function into the plugin's spec. Each option class is created only by its own function, so a
// plugin compiles only the machinery of the options it passes.
import {
  ParseConfigFn,
  ParseRuleConfigFn,
  HeadersFn,
  BodyFn,
  StreamingBodyFn,
  StreamDoneFn,
  TickFn,
} from "./callbacks";
import { Registered } from "../state/runtime-state";
import { phasesOf } from "./phases";
import { ConfigOptions, configOptions } from "./config-runtime";
import { rootHook } from "../context/root-hook";
import { ConfigError } from "../json/config-error";
import { JsonValue } from "../json/value";
import { Log } from "./log";

export abstract class PluginOption<C> {
  abstract applyTo(): void;
}

class RequestHeadersOption<C> extends PluginOption<C> {
  constructor(private fn: HeadersFn<C>) {
    super();
  }
  applyTo(): void {
    Registered.requestHeadersFn = changetype<usize>(this.fn);
  }
}

/**
 * Runs `fn` on each request's headers.
 *
 *   setCtx<MyConfig>("my-plugin", [processRequestHeadersBy<MyConfig>(onHttpRequestHeaders)]);
 */
export function processRequestHeadersBy<C>(fn: HeadersFn<C>): PluginOption<C> {
  return new RequestHeadersOption<C>(fn);
}

class ParseConfigOption<C> extends PluginOption<C> {
  constructor(
    private parse: ParseConfigFn<C>,
    private parseRule: ParseRuleConfigFn<C> | null,
  ) {
    super();
  }
  applyTo(): void {
    const o = configOptions<C>();
    o.parse = this.parse;
    o.parseRule = this.parseRule;
  }
}

/**
 * Parses the plugin configuration (and each `_rules_` entry) with `fn`. Returning a
 * ConfigError, or leaving one recorded by a JsonValue getter, fails on_configure.
 *
 *   setCtx<MyConfig>("my-plugin", [parseConfigBy<MyConfig>(parseConfig), …]);
 */
export function parseConfigBy<C>(fn: ParseConfigFn<C>): PluginOption<C> {
  return new ParseConfigOption<C>(fn, null);
}

/**
 * Parses the global configuration with `global`, and each `_rules_` entry with `rule`, which
 * receives the global config and a copy of it (`config`) to override.
 *
 *   setCtx<MyConfig>("my-plugin", [parseOverrideConfigBy<MyConfig>(parseConfig, parseRuleConfig), …]);
 */
export function parseOverrideConfigBy<C>(global: ParseConfigFn<C>, rule: ParseRuleConfigFn<C>): PluginOption<C> {
  return new ParseConfigOption<C>(global, rule);
}

class ParseWithRulesOption<C> extends PluginOption<C> {
  constructor(private parse: ParseConfigFn<C>) {
    super();
  }
  applyTo(): void {
    const o = configOptions<C>();
    o.parse = this.parse;
    // No closures: the rule parser finds the one parser where this option stored it.
    o.parseRule = (json: JsonValue, global: C, config: C, log: Log): ConfigError | null =>
      changetype<ConfigOptions<C>>(rootHook()).parse!(json, config, log);
  }
}

/**
 * Parses the global configuration and each `_rules_` entry with the same `fn`; a rule's
 * `config` starts as a copy of the global config, so keys a rule leaves out keep their global
 * values (parseOverrideConfigBy with one function for both).
 *
 *   setCtx<MyConfig>("my-plugin", [parseConfigWithRulesBy<MyConfig>(parseConfig), …]);
 */
export function parseConfigWithRulesBy<C>(fn: ParseConfigFn<C>): PluginOption<C> {
  return new ParseWithRulesOption<C>(fn);
}

enum Phase {
  RequestBody,
  StreamingRequestBody,
  ResponseHeaders,
  ResponseBody,
  StreamingResponseBody,
  StreamDone,
}

class PhaseOption<C, F> extends PluginOption<C> {
  constructor(
    private phase: Phase,
    private fn: F,
  ) {
    super();
  }
  applyTo(): void {
    const p = phasesOf<C>(Registered.phaseSpec);
    const fn = this.fn;
    switch (this.phase) {
      case Phase.RequestBody:
        p.requestBody = changetype<BodyFn<C>>(fn);
        break;
      case Phase.StreamingRequestBody:
        p.streamingRequestBody = changetype<StreamingBodyFn<C>>(fn);
        break;
      case Phase.ResponseHeaders:
        p.responseHeaders = changetype<HeadersFn<C>>(fn);
        break;
      case Phase.ResponseBody:
        p.responseBody = changetype<BodyFn<C>>(fn);
        break;
      case Phase.StreamingResponseBody:
        p.streamingResponseBody = changetype<StreamingBodyFn<C>>(fn);
        break;
      default:
        p.streamDone = changetype<StreamDoneFn<C>>(fn);
    }
    Registered.phaseSpec = p;
  }
}

/**
 * Runs `fn` once with the whole request body (the wrapper buffers until the end of the stream).
 * Skipped for binary content (octet-stream, grpc, any content-encoding) and websocket upgrades.
 *
 *   processRequestBodyBy<MyConfig>(onHttpRequestBody)
 */
export function processRequestBodyBy<C>(fn: BodyFn<C>): PluginOption<C> {
  return new PhaseOption<C, BodyFn<C>>(Phase.RequestBody, fn);
}

/**
 * Runs `fn` on each request body chunk as it arrives; the bytes it returns replace the chunk.
 *
 *   processStreamingRequestBodyBy<MyConfig>(onRequestChunk)
 */
export function processStreamingRequestBodyBy<C>(fn: StreamingBodyFn<C>): PluginOption<C> {
  return new PhaseOption<C, StreamingBodyFn<C>>(Phase.StreamingRequestBody, fn);
}

/**   processResponseHeadersBy<MyConfig>(onHttpResponseHeaders) */
export function processResponseHeadersBy<C>(fn: HeadersFn<C>): PluginOption<C> {
  return new PhaseOption<C, HeadersFn<C>>(Phase.ResponseHeaders, fn);
}

/** Runs `fn` once with the whole response body (buffered until the end of the stream). */
export function processResponseBodyBy<C>(fn: BodyFn<C>): PluginOption<C> {
  return new PhaseOption<C, BodyFn<C>>(Phase.ResponseBody, fn);
}

/** Runs `fn` on each response body chunk; the bytes it returns replace the chunk. */
export function processStreamingResponseBodyBy<C>(fn: StreamingBodyFn<C>): PluginOption<C> {
  return new PhaseOption<C, StreamingBodyFn<C>>(Phase.StreamingResponseBody, fn);
}

/** Runs `fn` when the request is done (Envoy's on_done), for cleanup and accounting. */
export function processStreamDoneBy<C>(fn: StreamDoneFn<C>): PluginOption<C> {
  return new PhaseOption<C, StreamDoneFn<C>>(Phase.StreamDone, fn);
}

class TickOptionImpl<C> extends PluginOption<C> {
  constructor(
    private periodMs: i64,
    private fn: TickFn<C>,
  ) {
    super();
  }
  applyTo(): void {
    configOptions<C>().addTick(this.periodMs, this.fn);
  }
}

/**
 * Runs `fn(globalConfig, log)` every `periodMs` milliseconds on each worker. Several tick
 * functions may have different periods. (registerTickFunc does the same from parseConfig.)
 *
 *   setCtx<MyConfig>("my-plugin", [tickFuncBy<MyConfig>(5000, refreshCache), …]);
 */
export function tickFuncBy<C>(periodMs: i64, fn: TickFn<C>): PluginOption<C> {
  return new TickOptionImpl<C>(periodMs, fn);
}
