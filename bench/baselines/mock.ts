// mock by hand, for its default configuration (the seed's `mockEnable: false`): adds
// `hello: world` to every request with one host call.
export * from "./callbacks"; // the callbacks this file declares replace those of callbacks.ts
import { CONTINUE, REQUEST_HEADERS, bytes, proxy_add_header_map_value } from "./abi";

const NAME = bytes("hello");
const VALUE = bytes("world");

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  proxy_add_header_map_value(REQUEST_HEADERS, NAME.ptr, NAME.len, VALUE.ptr, VALUE.len);
  return CONTINUE;
}
