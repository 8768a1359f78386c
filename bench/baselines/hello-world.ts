// hello-world by hand: answers every request `200 hello world` with one host call.
export * from "./callbacks"; // the callbacks this file declares replace those of callbacks.ts
import { CONTINUE, bytes, proxy_send_local_response } from "./abi";

const BODY = bytes("hello world");

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  proxy_send_local_response(200, 0, 0, BODY.ptr, BODY.len, 0, 0, -1);
  return CONTINUE;
}
