// The mock reply's content-type, when the configuration does not set one: a body that parses
// as JSON is `application/json`, any other body `text/plain` (both UTF-8, which is what a
// JSON config string holds). An empty body gets none: Envoy sends no content-type with it.
import { parseJson } from "@gatewasm/sdk";

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
const TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

/** The inferred content-type of `body`, or "" for an empty body. */
export function inferContentType(body: string): string {
  if (body.length == 0) return "";
  return parseJson(body).firstError() === null ? JSON_CONTENT_TYPE : TEXT_CONTENT_TYPE;
}
