// A cluster endpoint as the gateway and the test kit name it: "host:port".

export interface Endpoint {
  host: string;
  port: number;
}

export function parseEndpoint(text: string): Endpoint {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m || Number(m[2]) > 65535) throw new Error(`"${text}" is not HOST:PORT`);
  return { host: m[1], port: Number(m[2]) };
}
