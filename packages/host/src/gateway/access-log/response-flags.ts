// Envoy's %RESPONSE_FLAGS% short names (stream_info/utility.cc ResponseFlagUtils), derived from
// the response code details the gateway records, because the gateway sets each reason once, in
// the same place Envoy sets the matching flag (router.cc streamResetReasonToResponseFlag,
// conn_manager_impl.cc for timeouts and codec errors).

/** The flags of one finished stream, comma-separated as Envoy prints them; "" when none. */
export function responseFlags(details: string | null): string {
  if (!details) return "";
  if (details === "route_not_found") return "NR";
  if (details === "cluster_not_found") return "NC";
  if (details === "no_healthy_upstream") return "UH";
  if (details === "upstream_response_timeout") return "UT";
  if (details === "stream_idle_timeout") return "SI";
  if (details === "downstream_remote_disconnect") return "DC";
  if (
    details.startsWith("http1.") ||
    details === "missing_host_header" ||
    details === "http.invalid_authority" ||
    details === "low_version"
  )
    return "DPE";
  const reset = /^upstream_reset_(before|after)_response_started\{([^,}]*)/.exec(details);
  if (reset) {
    switch (reset[2]) {
      case "remote_connection_failure":
      case "local_connection_failure":
      case "connection_timeout":
        return "UF";
      case "connection_termination":
        return "UC";
      case "overflow":
        return "UO";
      case "local_reset":
        return "LR";
      default:
        return "UR";
    }
  }
  return "";
}
