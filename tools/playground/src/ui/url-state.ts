// The work in the page lives in the URL's fragment (deflated JSON, base64url), so a link to
// the page is a link to the work: the sample, every edited file, the config, request and scripts.
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import type { RequestInput } from "../samples.js";

export interface PageState {
  sample: string;
  file: string;
  files: Record<string, string>;
  config: string;
  request: RequestInput;
  httpReply: string;
  redisReplies: string;
  upstreamResponse: string;
}

const fromBase64Url = (s: string) =>
  Uint8Array.from(atob(s.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));

export function encodeState(state: PageState): string {
  const bytes = deflateSync(strToU8(JSON.stringify(state)), { level: 9 });
  let out = "";
  // String.fromCharCode takes its arguments on the stack: encode in slices.
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `#w=${btoa(out).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")}`;
}

/** The state in a fragment, or null (with the reason) when there is none or it is not ours. */
export function decodeState(hash: string): { state: PageState | null; error?: string } {
  const m = /^#w=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return { state: null };
  try {
    const value = JSON.parse(strFromU8(inflateSync(fromBase64Url(m[1])))) as PageState;
    if (typeof value.sample !== "string" || typeof value.files !== "object" || typeof value.config !== "string")
      throw new Error("fields are missing");
    return { state: value };
  } catch (e) {
    return {
      state: null,
      error: `the link's work could not be read (${e instanceof Error ? e.message : String(e)}); opened the sample instead`,
    };
  }
}
