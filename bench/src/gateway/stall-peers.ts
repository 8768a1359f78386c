// The peers of the stalled-connection benchmark, in the bench process (the gateway runs in its
// own): an upstream that answers every request with a large body, written as fast as the
// gateway takes it; an upstream that accepts connections and never reads; and clients that
// send a request and then read nothing, or upload a large body as fast as the gateway takes it.
import { connect, createServer, type Server, type Socket } from "node:net";

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

export interface Peer {
  address: string;
  /** Bytes written so far (upstream: response bodies; clients: uploads). */
  written(): number;
  close(): Promise<void>;
}

/** Writes `total` bytes, waiting for 'drain' whenever the socket has enough queued. */
function pump(socket: Socket, total: number, onWrite: (n: number) => void): void {
  let sent = 0;
  const next = () => {
    while (sent < total && !socket.destroyed) {
      sent += CHUNK.length;
      onWrite(CHUNK.length);
      if (!socket.write(CHUNK)) {
        socket.once("drain", next);
        return;
      }
    }
  };
  next();
}

function listen(server: Server, sockets: Set<Socket>, written: () => number): Promise<Peer> {
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () =>
      ok({
        address: `127.0.0.1:${(server.address() as { port: number }).port}`,
        written,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

/** Answers each request (its head only is awaited) with `bytes` of body. */
export function startBigBodyUpstream(bytes: number): Promise<Peer> {
  let written = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    socket.once("data", () => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${bytes}\r\ncontent-type: application/octet-stream\r\n\r\n`);
      pump(socket, bytes, (n) => (written += n));
    });
  });
  return listen(server, sockets, () => written);
}

/** Accepts connections and never reads from them. */
export function startDeafUpstream(): Promise<Peer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => socket.pause());
  return listen(server, sockets, () => 0);
}

export interface Clients {
  written(): number;
  /** Bytes the clients have read (slow readers read none). */
  read(): number;
  close(): void;
}

/** `n` clients that send `GET /big` and then read nothing. */
export function slowReaders(port: number, n: number): Clients {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => undefined);
    s.pause();
    s.write("GET /big HTTP/1.1\r\nhost: bench\r\n\r\n");
    sockets.push(s);
  }
  return {
    written: () => 0,
    read: () => 0,
    close: () => {
      for (const s of sockets) s.destroy();
    },
  };
}

/** `n` clients that each upload `bytes` as fast as the gateway takes them. */
export function uploaders(port: number, n: number, bytes: number): Clients {
  const sockets: Socket[] = [];
  let written = 0;
  for (let i = 0; i < n; i++) {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => undefined);
    s.on("data", () => undefined);
    s.write(`POST /upload HTTP/1.1\r\nhost: bench\r\ncontent-length: ${bytes}\r\n\r\n`);
    pump(s, bytes, (k) => (written += k));
    sockets.push(s);
  }
  return {
    written: () => written,
    read: () => 0,
    close: () => {
      for (const s of sockets) s.destroy();
    },
  };
}
