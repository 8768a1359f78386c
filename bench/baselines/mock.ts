// mock by hand, for its default configuration (the seed's `mockEnable: false`): adds
// `hello: world` to every request with one host call.
export {
  proxy_abi_version_0_2_1, malloc, proxy_on_context_create, proxy_on_vm_start, proxy_on_configure, proxy_on_tick,
  proxy_on_queue_ready, proxy_on_foreign_function, proxy_on_http_call_response, proxy_on_redis_call_response,
  proxy_on_request_body, proxy_on_request_trailers, proxy_on_response_headers, proxy_on_response_body,
  proxy_on_response_trailers, proxy_on_log, proxy_on_done, proxy_on_delete,
} from "./callbacks";
import { CONTINUE, REQUEST_HEADERS, bytes, proxy_add_header_map_value } from "./abi";

const NAME = bytes("hello");
const VALUE = bytes("world");

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  proxy_add_header_map_value(REQUEST_HEADERS, NAME.ptr, NAME.len, VALUE.ptr, VALUE.len);
  return CONTINUE;
}
