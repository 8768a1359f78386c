// Property paths as Envoy resolves them (Envoy context.cc getProperty/findValue and
// filters/common/expr/context.cc RequestWrapper, ResponseWrapper, PeerWrapper, …). A path is
// segments joined by NUL: the first names a top-level value, the rest walk maps and lists.
// Request values derived from headers exist only while Envoy holds the request headers
// (during on_request_headers, while paused there, and in on_log).
import type { HeaderMap } from "../context/header-map.js";
import type { PropertyValue, StreamInfo } from "../context/stream-info.js";
import { bool, bytes, int64, str, uint64 } from "./property-values.js";

interface PluginIdentity {
  name: string;
  rootId: string;
  vmId: string;
  /** 0 unspecified, 1 inbound, 2 outbound (listener traffic_direction). */
  listenerDirection: number;
  node: { id: string; cluster: string };
  /** Properties the embedder adds to every context of this plugin (NUL-joined path → value). */
  extra: ReadonlyMap<string, PropertyValue>;
  /** Higress only: the VM's linear memory size in bytes (property `plugin_vm_memory`). */
  vmMemoryBytes?: () => number;
}

export interface PropertySource {
  plugin: PluginIdentity;
  info: StreamInfo | null;
  requestHeaders: HeaderMap | null;
  responseHeaders: HeaderMap | null;
  responseTrailers: HeaderMap | null;
}

type Lookup = (key: string) => PropertyValue | undefined;

function headersMap(map: HeaderMap | null): PropertyValue {
  return { type: "map", value: Object.entries(map?.toObject() ?? {}).map(([k, v]) => [k, str(v)]) };
}

function header(map: HeaderMap | null, name: string): PropertyValue | undefined {
  const v = map?.get(name);
  return v === undefined ? undefined : str(v);
}

function nodeMessage(node: { id: string; cluster: string }): Uint8Array {
  // envoy.config.core.v3.Node: id = 1, cluster = 2 (length-delimited strings).
  const parts: number[] = [];
  const field = (tag: number, s: string) => {
    if (!s) return;
    const b = Buffer.from(s, "utf8");
    parts.push((tag << 3) | 2);
    let n = b.length;
    do {
      parts.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      n >>>= 7;
    } while (n > 0);
    parts.push(...b);
  };
  field(1, node.id);
  field(2, node.cluster);
  return Uint8Array.from(parts);
}

function request(src: PropertySource): Lookup | undefined {
  const info = src.info;
  if (!info) return undefined;
  const h = src.requestHeaders;
  const path = () => h?.get(":path");
  return (key) => {
    switch (key) {
      case "headers":
        return headersMap(h);
      case "time":
        return { type: "timestamp", value: info.startTimeNanos };
      case "size": {
        const cl = h?.get("content-length");
        if (cl !== undefined) return /^\d+$/.test(cl) ? int64(BigInt(cl)) : undefined;
        return int64(info.bytesReceived);
      }
      case "total_size":
        return int64(info.bytesReceived + (h?.byteSize() ?? 0));
      case "duration":
        return info.requestCompleteNanos === null
          ? undefined
          : { type: "duration", value: info.requestCompleteNanos - info.startTimeNanos };
      case "protocol":
        return str(info.protocol);
    }
    if (!h) return undefined;
    switch (key) {
      case "path":
        return header(h, ":path");
      case "url_path": {
        const p = path();
        return p === undefined ? undefined : str(p.split("?")[0]);
      }
      case "host":
        return header(h, ":authority");
      case "scheme":
        return header(h, ":scheme");
      case "method":
        return header(h, ":method");
      case "referer":
        return header(h, "referer");
      case "id":
        return header(h, "x-request-id");
      case "useragent":
        return header(h, "user-agent");
      case "query": {
        const p = path() ?? "";
        const q = p.indexOf("?");
        return str(q < 0 ? "" : p.slice(q + 1).split("#")[0]);
      }
    }
    return undefined;
  };
}

function response(src: PropertySource): Lookup | undefined {
  const info = src.info;
  if (!info) return undefined;
  return (key) => {
    switch (key) {
      case "code":
        return info.responseCode === null ? undefined : int64(info.responseCode);
      case "code_details":
        return info.responseCodeDetails === null ? undefined : str(info.responseCodeDetails);
      case "flags":
        return int64(info.responseFlags);
      case "grpc_status": {
        const g = src.responseTrailers?.get("grpc-status") ?? src.responseHeaders?.get("grpc-status");
        return g !== undefined && /^\d+$/.test(g) ? int64(Number(g)) : undefined;
      }
      case "headers":
        return headersMap(src.responseHeaders);
      case "trailers":
        return headersMap(src.responseTrailers);
      case "size":
        return int64(info.bytesSent);
      case "total_size":
        return int64(info.bytesSent + (src.responseHeaders?.byteSize() ?? 0) + (src.responseTrailers?.byteSize() ?? 0));
    }
    return undefined;
  };
}

function peer(address: { address: string; port: number } | null): Lookup | undefined {
  if (!address) return undefined;
  return (key) => (key === "address" ? str(address.address) : key === "port" ? int64(address.port) : undefined);
}

function xds(src: PropertySource): Lookup {
  return (key) => {
    switch (key) {
      case "node":
        return bytes(nodeMessage(src.plugin.node));
      case "cluster_name":
        return src.info?.clusterName ? str(src.info.clusterName) : undefined;
      case "route_name":
        return src.info ? str(src.info.routeName) : undefined;
      case "listener_direction":
        return int64(src.plugin.listenerDirection);
    }
    return undefined;
  };
}

/** The value at the first segment of a path. */
function topLevel(src: PropertySource, name: string): PropertyValue | Lookup | undefined {
  const info = src.info;
  switch (name) {
    case "request":
      return request(src);
    case "response":
      return response(src);
    case "source":
      return peer(info?.source ?? null);
    case "destination":
      return peer(info?.destination ?? null);
    case "upstream":
      return info?.upstream ? peer(info.upstream) : undefined;
    case "connection":
      return info
        ? (key) => {
            switch (key) {
              case "id":
                return uint64(info.connectionId);
              case "mtls":
                return bool(false);
              case "requested_server_name":
                return str("");
            }
            return undefined;
          }
        : undefined;
    case "xds":
      return xds(src);
    case "node":
      return (key) =>
        key === "id" ? str(src.plugin.node.id) : key === "cluster" ? str(src.plugin.node.cluster) : undefined;
    case "plugin_name":
      return str(src.plugin.name);
    case "plugin_root_id":
      return str(src.plugin.rootId);
    case "plugin_vm_id":
      return str(src.plugin.vmId);
    case "listener_direction":
      return int64(src.plugin.listenerDirection);
    case "cluster_name":
      return info?.clusterName ? str(info.clusterName) : undefined;
    case "route_name":
      return info ? str(info.routeName) : undefined;
    case "connection_id":
      return info ? uint64(info.connectionId) : undefined;
    // Higress's Envoy: the VM's memory size, 8 bytes little-endian (wasm-go's rebuild option reads it).
    case "plugin_vm_memory":
      return src.plugin.vmMemoryBytes ? uint64(src.plugin.vmMemoryBytes()) : undefined;
  }
  // Anything else is filter state written by proxy_set_property (stored as `wasm.<name>`).
  const state = info?.filterState.get(name);
  return state === undefined ? undefined : bytes(state);
}

function walk(value: PropertyValue, segment: string): PropertyValue | undefined {
  if (value.type === "map") return value.value.find(([k]) => k === segment)?.[1];
  if (value.type === "list") {
    if (!/^-?\d+$/.test(segment)) return undefined;
    return value.value[Number(segment)];
  }
  return undefined;
}

/**
 * Resolves a NUL-separated path (one trailing NUL tolerated) to a typed value, undefined
 * (NotFound), or "unserializable" for a whole wrapper such as `request` (Envoy cannot list its
 * keys and answers SerializationFailure).
 */
export function resolveProperty(src: PropertySource, path: string): PropertyValue | undefined | "unserializable" {
  const segments = path.split("\0");
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  if (segments.length === 0 || (segments.length === 1 && segments[0] === "")) return undefined;

  // Values the embedder (a test, the gateway's node config) added win, longest prefix first.
  for (const extras of [src.info?.extraProperties, src.plugin.extra]) {
    if (!extras) continue;
    for (let n = segments.length; n > 0; n--) {
      const hit = extras.get(segments.slice(0, n).join("\0"));
      if (hit === undefined) continue;
      let v: PropertyValue | undefined = hit;
      for (const s of segments.slice(n)) v = v && walk(v, s);
      return v;
    }
  }

  if (segments[0] === "node" && segments.length === 1) return bytes(nodeMessage(src.plugin.node));
  let current = topLevel(src, segments[0]);
  for (const segment of segments.slice(1)) {
    if (current === undefined) return undefined;
    current = typeof current === "function" ? current(segment) : walk(current, segment);
  }
  return typeof current === "function" ? "unserializable" : current;
}
