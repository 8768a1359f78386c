// The per-request facts and values an HttpContext keeps, allocated on first use: AssemblyScript
// initializes every field in the constructor, so fields kept here cost nothing in plugins (and
// requests) that never ask for them.
import { ContextValues } from "./context-values";

/** What HttpContext caches from the request headers (Envoy releases them once they continue). */
export enum RequestFact {
  Scheme = 0,
  Host = 1,
  Path = 2,
  Method = 3,
  RequestId = 4,
}

export function requestFactHeader(f: RequestFact): string {
  switch (f) {
    case RequestFact.Scheme:
      return ":scheme";
    case RequestFact.Host:
      return ":authority";
    case RequestFact.Path:
      return ":path";
    case RequestFact.Method:
      return ":method";
    default:
      return "x-request-id";
  }
}

export class RequestState {
  /** By RequestFact; null until read. */
  readonly facts: StaticArray<string | null> = new StaticArray<string | null>(5);
  values: ContextValues | null = null;

  responseEndOfStream: bool = false;
  needRequestBody: bool = false;
  needResponseBody: bool = false;
  streamingRequestBody: bool = false;
  streamingResponseBody: bool = false;
  // Headers that decide whether bodies are skipped (cached in the header phases).
  requestContentType: string | null = null;
  requestContentEncoding: string | null = null;
  requestConnection: string | null = null;
  requestUpgrade: string | null = null;
  responseContentType: string | null = null;
  responseContentEncoding: string | null = null;
}
