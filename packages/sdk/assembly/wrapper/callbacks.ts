// The signatures of a plugin's callbacks, as Higress's `…By` options take them (the Log comes
// last, as in the seed).
import { DataAction, HeaderAction } from "../abi/enums";
import { ConfigError } from "../json/config-error";
import { JsonValue } from "../json/value";
import { HttpContext } from "./http-context";
import { Log } from "./log";

export type ParseConfigFn<C> = (json: JsonValue, config: C, log: Log) => ConfigError | null;
export type ParseRuleConfigFn<C> = (json: JsonValue, global: C, config: C, log: Log) => ConfigError | null;
export type HeadersFn<C> = (ctx: HttpContext, config: C, log: Log) => HeaderAction;
export type BodyFn<C> = (ctx: HttpContext, config: C, body: ArrayBuffer, log: Log) => DataAction;
export type StreamingBodyFn<C> = (
  ctx: HttpContext,
  config: C,
  chunk: ArrayBuffer,
  isLastChunk: bool,
  log: Log,
) => ArrayBuffer;
export type StreamDoneFn<C> = (ctx: HttpContext, config: C, log: Log) => void;
export type TickFn<C> = (config: C, log: Log) => void;
