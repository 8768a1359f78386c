// How test plugins print results into log lines, so tests can assert exact values.
import { WasmResult } from "@gatewasm/sdk";

export function showText(s: string | null): string {
  return s === null ? "null" : '"' + s + '"';
}

export function showBytes(b: ArrayBuffer | null): string {
  return b === null ? "null" : '"' + String.UTF8.decode(b) + '"';
}

export function showPairs(pairs: Array<string[]> | null): string {
  if (pairs === null) return "null";
  let out = "[";
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    if (i > 0) out += ",";
    out += '["' + p[0] + '","' + p[1] + '"]';
  }
  return out + "]";
}

export function showResult(r: WasmResult): string {
  return (<i32>r).toString();
}
