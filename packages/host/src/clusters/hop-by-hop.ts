// Connection-specific headers Envoy's HTTP/1 codec never forwards from one hop to the next
// (source/common/http/conn_manager_utility.cc and the http1 codec).
export const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
]);
