// The RESP codec through a plugin phase: request header x-resp holds a reply to decode (CR and
// LF written as \r and \n), x-args a JSON array of arguments to encode as a command.
export * from "@gatewasm/sdk/assembly/exports";
import {
  HeaderAction,
  HttpContext,
  Log,
  encodeCommand,
  parseJson,
  parseResp,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";
import { showResp } from "./lib/resp-text";

class Config {}

function unescape(s: string): string {
  return s.replaceAll("\\r", "\r").replaceAll("\\n", "\n");
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  const reply = proxywasm.getHttpRequestHeader("x-resp");
  const args = proxywasm.getHttpRequestHeader("x-args");
  let out = "";
  if (reply !== null) out += showResp(parseResp(String.UTF8.encode(unescape(reply)))) + "\n";
  if (args !== null)
    out += String.UTF8.decode(encodeCommand(parseJson(args).stringArray())).replaceAll("\r\n", "\\r\\n") + "\n";
  proxywasm.sendHttpResponse(200, null, out, -1);
  return types.HeaderContinue;
}

setCtx<Config>("resp-codec", [processRequestHeadersBy<Config>(onHttpRequestHeaders)]);
