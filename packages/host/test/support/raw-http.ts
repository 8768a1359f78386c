// Raw HTTP/1 on loopback for the gateway's hardening tests: a client that sends exact bytes
// and reads the answer, and an upstream that records every byte it receives (so a test can
// say what reached it, byte for byte) and answers each request with a small 200.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
  /** The gateway closed the connection after the answer. */
  closed: boolean;
}

function parseAnswer(raw: Buffer, closed: boolean): RawAnswer | null {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const head = text.slice(0, end);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  const body = raw.subarray(end + 4);
  if (length && body.length < Number(length[1])) return null;
  if (!length && !closed && !/\r\ntransfer-encoding/i.test(head)) return null;
  return { status, head, body: body.subarray(0, length ? Number(length[1]) : body.length).toString("utf8"), closed };
}

/** Sends `request` on a new connection; resolves with the first complete answer (and whether the connection then closed). */
export function exchange(port: number, request: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let answer: RawAnswer | null = null;
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      answer ??= parseAnswer(Buffer.concat(chunks), false);
      // Wait for the close only when the answer says it closes; else stop here.
      if (answer && !/\r\nconnection: close/i.test(answer.head)) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on("close", () => {
      const final = parseAnswer(Buffer.concat(chunks), true);
      if (final) resolve({ ...final, closed: true });
      else
        reject(
          new Error(`connection closed without an answer: ${JSON.stringify(Buffer.concat(chunks).toString("latin1"))}`),
        );
    });
    socket.on("error", () => undefined);
    socket.write(request);
  });
}

export interface RawUpstream {
  port: number;
  address: string;
  /** Every byte received, all connections, in arrival order per connection. */
  received(): string;
  /** Request heads (request line and headers) in order. */
  heads: string[];
  stop(): Promise<void>;
}

/** Answers every request (body read by content-length) with 200 "ok". */
export async function startRawUpstream(): Promise<RawUpstream> {
  const all: Buffer[] = [];
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on("data", (d: Buffer) => {
      all.push(d);
      pending = Buffer.concat([pending, d]);
      for (;;) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = pending.subarray(0, end).toString("latin1");
        let bodyEnd = end + 4 + Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
          // Enough for these tests: the body ends at the last chunk (no trailers).
          const last = pending.indexOf("0\r\n\r\n", end + 4);
          if (last < 0) return;
          bodyEnd = last + 5;
        }
        if (pending.length < bodyEnd) return;
        heads.push(head);
        pending = pending.subarray(bodyEnd);
        socket.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok");
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    received: () => Buffer.concat(all).toString("latin1"),
    heads,
    stop: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
