// What Envoy's HTTP/1 codec adds to a response on the wire (source/common/http/http1/codec_impl.cc).

/** A response that ends with its headers gets content-length: 0, unless its status has no body. */
export function needsZeroContentLength(status: number, endStream: boolean, hasContentLength: boolean): boolean {
  return endStream && !hasContentLength && status !== 204 && status !== 304 && !(status >= 100 && status < 200);
}
