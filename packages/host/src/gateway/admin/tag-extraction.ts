// Envoy's default tag extraction (config/well_known_names.cc), for the stats the gateway
// keeps: each rule, in Envoy's order, takes a value out of the name and leaves a shorter
// name behind, so `cluster.httpbin.upstream_rq_200` becomes `cluster.upstream_rq` with
// envoy.response_code="200" and envoy.cluster_name="httpbin". Prometheus groups by that name.

export interface Tag {
  name: string;
  value: string;
}

interface Rule {
  tag: string;
  /** Group 1: the text removed from the name; group 2 (or 1 when absent): the tag's value. */
  pattern: RegExp;
}

const RULES: Rule[] = [
  { tag: "envoy.response_code", pattern: /_rq(_(\d{3}))$/ },
  { tag: "envoy.response_code_class", pattern: /_rq_(\d)xx$/ },
  { tag: "envoy.cluster_name", pattern: /^cluster\.(([^.]+)\.)/ },
  { tag: "envoy.http_conn_manager_prefix", pattern: /^http\.((.*?)\.)/ },
  { tag: "envoy.listener_address", pattern: /^listener\.(((?:[_.\d]*|[_[\]a-fA-F\d]*))\.)/ },
];

export function extractTags(statName: string): { name: string; tags: Tag[] } {
  let name = statName;
  const tags: Tag[] = [];
  for (const rule of RULES) {
    const m = rule.pattern.exec(name);
    if (!m) continue;
    const removed = m[1];
    const value = m[2] ?? m[1];
    const at = m.index + m[0].indexOf(removed);
    name = name.slice(0, at) + name.slice(at + removed.length);
    tags.push({ name: rule.tag, value });
  }
  return { name, tags };
}
