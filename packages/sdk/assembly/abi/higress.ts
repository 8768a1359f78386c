// Higress's extensions to the ABI. They exist only in Higress's Envoy build: a module that
// imports any of them fails to load on stock Envoy ("missing import"), so nothing outside the
// Redis client may call them.

// @ts-ignore: decorator
@external("env", "proxy_redis_init")
export declare function proxy_redis_init(clusterPtr: usize, clusterSize: usize, usernamePtr: usize, usernameSize: usize, passwordPtr: usize, passwordSize: usize, timeoutMillis: u32): u32;
// @ts-ignore: decorator
@external("env", "proxy_redis_call")
export declare function proxy_redis_call(clusterPtr: usize, clusterSize: usize, queryPtr: usize, querySize: usize, returnToken: usize): u32;
