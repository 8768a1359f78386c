// The per-request (HTTP stream) context. Override the stream callbacks of Context:
// onRequestHeaders/Body/Trailers, onResponseHeaders/Body/Trailers, onLog, onDone, onDelete.
// Their return values are Envoy's filter statuses; see HeaderAction / DataAction /
// TrailerAction for how Envoy converts them under ABI 0.2.1.
import { Context } from "./context";

export class StreamContext extends Context {}
