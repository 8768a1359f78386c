// The host's input limits (proxy-wasm-cpp-host include/proxy-wasm/limits.h).

/** A pairs buffer (headers, trailers, map properties) larger than this is treated as empty. */
export const PAIRS_MAX_BYTES = 1 << 20;
/** A pairs buffer with more pairs than this is treated as empty. */
export const PAIRS_MAX_COUNT = 1024;
/** Linear memory is capped at 1 GiB: 16384 pages of 64 KiB (PROXY_WASM_HOST_MAX_WASM_MEMORY_SIZE_BYTES). */
export const MAX_MEMORY_PAGES = 16384;
/** WASI random_get refuses more than 64 KiB per call (errno INVAL). */
export const RANDOM_GET_MAX_BYTES = 64 * 1024;
