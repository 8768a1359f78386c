// hello-world by hand: answers every request `200 hello world` with one host call.
export {
  proxy_abi_version_0_2_1, malloc, proxy_on_context_create, proxy_on_vm_start, proxy_on_configure, proxy_on_tick,
  proxy_on_queue_ready, proxy_on_foreign_function, proxy_on_http_call_response, proxy_on_redis_call_response,
  proxy_on_request_body, proxy_on_request_trailers, proxy_on_response_headers, proxy_on_response_body,
  proxy_on_response_trailers, proxy_on_log, proxy_on_done, proxy_on_delete,
} from "./callbacks";
import { CONTINUE, bytes, proxy_send_local_response } from "./abi";

const BODY = bytes("hello world");

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  proxy_send_local_response(200, 0, 0, BODY.ptr, BODY.len, 0, 0, -1);
  return CONTINUE;
}
