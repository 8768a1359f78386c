// The per-request facts and values an HttpContext keeps, allocated on first use: AssemblyScript
// initializes every field in the constructor, so fields kept here cost nothing in plugins (and
// requests) that never ask for them.
import { ContextValues } from "./context-values";

export class RequestState {
  scheme: string | null = null;
  host: string | null = null;
  path: string | null = null;
  method: string | null = null;
  requestId: string | null = null;
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
