// What the main thread and a worker thread post to each other about the connections the main
// thread accepted for the worker (Node 20's worker threads cannot receive sockets and Node 20
// has no SO_REUSEPORT listeners, so the bytes travel), and about the rest of their work.
export interface PeerAddress {
  address: string;
  port: number;
  family: string;
}

export type ToWorker =
  | { t: "open"; id: number; listener: number; remote: PeerAddress; local: PeerAddress }
  | { t: "data"; id: number; chunk: Uint8Array }
  | { t: "end"; id: number }
  | { t: "close"; id: number }
  /** The main thread wrote this many of the worker's bytes to the socket. */
  | { t: "ack"; id: number; bytes: number }
  | { t: "queue-ready"; token: number }
  | { t: "stats"; request: number }
  | { t: "logging"; query: string }
  | { t: "reload"; request: number }
  | { t: "stop" };

export type FromWorker =
  | { t: "started" }
  | { t: "failed"; message: string; startError: boolean }
  | { t: "log"; line: string }
  | { t: "data"; id: number; chunk: Uint8Array }
  | { t: "end"; id: number }
  | { t: "destroy"; id: number }
  /** The worker's HTTP server took this many of the connection's bytes. */
  | { t: "ack"; id: number; bytes: number }
  | {
      t: "stats";
      request: number;
      stats: { kind: "counter" | "gauge" | "histogram"; name: string; value: bigint; samples: bigint[] }[];
    }
  | { t: "reloaded"; request: number; ok: boolean }
  | { t: "stopped" };

/** Bytes in flight per connection and direction before the sender pauses (as a socket's high watermark). */
export const RELAY_WINDOW_BYTES = 256 * 1024;

/** Taken or written bytes are acknowledged once this many have gathered (a quarter of the window). */
export const RELAY_ACK_BATCH_BYTES = RELAY_WINDOW_BYTES / 4;
