// The host engine uses Node's Buffer, a global in Node. In the page the `buffer` package
// provides the same API; this module is imported first so the global exists before any engine
// module is evaluated.
import { Buffer } from "buffer";

(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
