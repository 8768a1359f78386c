// One implementation of every header-map operation, shared by request/response headers and
// trailers and the http-call response maps (they differ only in the MapType).
// Getters return null when the host refuses (the map does not exist in this phase, or was
// released: Envoy drops request headers once they continue) or the header is absent.
import {
  proxy_add_header_map_value,
  proxy_get_header_map_pairs,
  proxy_get_header_map_value,
  proxy_remove_header_map_value,
  proxy_replace_header_map_value,
  proxy_set_header_map_pairs,
} from "../abi/imports";
import { MapType, WasmResult } from "../abi/enums";
import {
  RETURN_LEN,
  RETURN_PTR,
  clearReturn,
  expectRawAnswer,
  takeHostBytes,
  takeHostRaw,
  takeHostString,
} from "../abi/memory";
import { encodeScratch, releaseScratch, scratchA, scratchALength, scratchB, scratchBLength } from "../abi/scratch";
import { decodePairsAt, encodePairs, pairsValidAt } from "../abi/pairs";
import { checkEncodedPairs, checkHeaderBytes, checkPairShapes } from "./header-validation";

/** All pairs of a map; null if the host refused or sent a malformed map. */
export function getMapPairs(map: MapType): Array<string[]> | null {
  expectRawAnswer();
  const r = proxy_get_header_map_pairs(map, RETURN_PTR, RETURN_LEN);
  const ptr = takeHostRaw();
  const pairs = r == WasmResult.Ok ? decodePairsAt(ptr, <usize>load<u32>(RETURN_LEN)) : null;
  if (ptr != 0) heap.free(ptr);
  return pairs;
}

/** All pairs of a map still encoded (checked well-formed), for lookups that decode only what they read; null as getMapPairs. */
export function getMapPairsBytes(map: MapType): ArrayBuffer | null {
  clearReturn();
  if (proxy_get_header_map_pairs(map, RETURN_PTR, RETURN_LEN) != WasmResult.Ok) return null;
  const bytes = takeHostBytes();
  return pairsValidAt(changetype<usize>(bytes), <usize>bytes.byteLength) ? bytes : null;
}

/** Replaces the whole map; every pair is validated first and nothing is sent if one fails. */
export function setMapPairs(map: MapType, pairs: Array<string[]>): WasmResult {
  if (!checkPairShapes(pairs)) return WasmResult.BadArgument;
  const bytes = encodePairs(pairs);
  if (!checkEncodedPairs(bytes)) return WasmResult.BadArgument;
  return <WasmResult>proxy_set_header_map_pairs(map, changetype<usize>(bytes), bytes.byteLength);
}

/** The first value of `name`; null if absent or the map is unavailable. */
export function getMapValue(map: MapType, name: string): string | null {
  encodeScratch(name);
  expectRawAnswer();
  const r = proxy_get_header_map_value(map, scratchA, scratchALength, RETURN_PTR, RETURN_LEN);
  releaseScratch();
  const value = takeHostString();
  return r == WasmResult.Ok ? value : null;
}

export function addMapValue(map: MapType, name: string, value: string): WasmResult {
  encodeScratch(name, value);
  let r = WasmResult.BadArgument;
  if (checkHeaderBytes(scratchA, scratchALength, scratchB, scratchBLength)) {
    r = <WasmResult>proxy_add_header_map_value(map, scratchA, scratchALength, scratchB, scratchBLength);
  }
  releaseScratch();
  return r;
}

/** Sets `name` to `value` (Envoy replaces the first occurrence, or adds it). */
export function replaceMapValue(map: MapType, name: string, value: string): WasmResult {
  encodeScratch(name, value);
  let r = WasmResult.BadArgument;
  if (checkHeaderBytes(scratchA, scratchALength, scratchB, scratchBLength)) {
    r = <WasmResult>proxy_replace_header_map_value(map, scratchA, scratchALength, scratchB, scratchBLength);
  }
  releaseScratch();
  return r;
}

export function removeMapValue(map: MapType, name: string): WasmResult {
  encodeScratch(name);
  const r = <WasmResult>proxy_remove_header_map_value(map, scratchA, scratchALength);
  releaseScratch();
  return r;
}
