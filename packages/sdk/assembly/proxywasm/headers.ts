// The header utility methods of the Go SDK's proxywasm package, in camelCase. They act on the
// effective context: the current request inside a stream callback, or the request that made
// the call inside an HttpClient/RedisClient callback (the SDK sets it before calling back).
// Names and values are validated before they are sent (./header-validation.ts).
//
//   proxywasm.addHttpRequestHeader("hello", "world");
import { MapType, WasmResult } from "../abi/enums";
import { addMapValue, getMapPairs, getMapValue, removeMapValue, replaceMapValue, setMapPairs } from "./header-map";

/** Every request header as [name, value] pairs; null if unavailable in this phase. */
export function getHttpRequestHeaders(): Array<string[]> | null {
  return getMapPairs(MapType.HttpRequestHeaders);
}
/** Replaces every request header. */
export function replaceHttpRequestHeaders(pairs: Array<string[]>): WasmResult {
  return setMapPairs(MapType.HttpRequestHeaders, pairs);
}
/** The first value of a request header; null if absent. */
export function getHttpRequestHeader(name: string): string | null {
  return getMapValue(MapType.HttpRequestHeaders, name);
}
export function removeHttpRequestHeader(name: string): WasmResult {
  return removeMapValue(MapType.HttpRequestHeaders, name);
}
export function replaceHttpRequestHeader(name: string, value: string): WasmResult {
  return replaceMapValue(MapType.HttpRequestHeaders, name, value);
}
export function addHttpRequestHeader(name: string, value: string): WasmResult {
  return addMapValue(MapType.HttpRequestHeaders, name, value);
}

/** Every response header as [name, value] pairs; null if unavailable in this phase. */
export function getHttpResponseHeaders(): Array<string[]> | null {
  return getMapPairs(MapType.HttpResponseHeaders);
}
/** Replaces every response header. */
export function replaceHttpResponseHeaders(pairs: Array<string[]>): WasmResult {
  return setMapPairs(MapType.HttpResponseHeaders, pairs);
}
/** The first value of a response header; null if absent. */
export function getHttpResponseHeader(name: string): string | null {
  return getMapValue(MapType.HttpResponseHeaders, name);
}
export function removeHttpResponseHeader(name: string): WasmResult {
  return removeMapValue(MapType.HttpResponseHeaders, name);
}
export function replaceHttpResponseHeader(name: string, value: string): WasmResult {
  return replaceMapValue(MapType.HttpResponseHeaders, name, value);
}
export function addHttpResponseHeader(name: string, value: string): WasmResult {
  return addMapValue(MapType.HttpResponseHeaders, name, value);
}

/** Every request trailer as [name, value] pairs; null if unavailable in this phase. */
export function getHttpRequestTrailers(): Array<string[]> | null {
  return getMapPairs(MapType.HttpRequestTrailers);
}
/** Replaces every request trailer. */
export function replaceHttpRequestTrailers(pairs: Array<string[]>): WasmResult {
  return setMapPairs(MapType.HttpRequestTrailers, pairs);
}
/** The first value of a request trailer; null if absent. */
export function getHttpRequestTrailer(name: string): string | null {
  return getMapValue(MapType.HttpRequestTrailers, name);
}
export function removeHttpRequestTrailer(name: string): WasmResult {
  return removeMapValue(MapType.HttpRequestTrailers, name);
}
export function replaceHttpRequestTrailer(name: string, value: string): WasmResult {
  return replaceMapValue(MapType.HttpRequestTrailers, name, value);
}
export function addHttpRequestTrailer(name: string, value: string): WasmResult {
  return addMapValue(MapType.HttpRequestTrailers, name, value);
}

/** Every response trailer as [name, value] pairs; null if unavailable in this phase. */
export function getHttpResponseTrailers(): Array<string[]> | null {
  return getMapPairs(MapType.HttpResponseTrailers);
}
/** Replaces every response trailer. */
export function replaceHttpResponseTrailers(pairs: Array<string[]>): WasmResult {
  return setMapPairs(MapType.HttpResponseTrailers, pairs);
}
/** The first value of a response trailer; null if absent. */
export function getHttpResponseTrailer(name: string): string | null {
  return getMapValue(MapType.HttpResponseTrailers, name);
}
export function removeHttpResponseTrailer(name: string): WasmResult {
  return removeMapValue(MapType.HttpResponseTrailers, name);
}
export function replaceHttpResponseTrailer(name: string, value: string): WasmResult {
  return replaceMapValue(MapType.HttpResponseTrailers, name, value);
}
export function addHttpResponseTrailer(name: string, value: string): WasmResult {
  return addMapValue(MapType.HttpResponseTrailers, name, value);
}
