// A Redis connection for Higress's redis_call (Higress Envoy's Redis async client, as
// redisInit configures it): one TCP connection per cluster and credentials, AUTH and SELECT
// sent first, commands pipelined and their replies matched in order. A reply that does not
// come within the timeout, or a broken connection, answers the call with status 1 (network
// error); a late reply is read and dropped so the order holds.
import { connect, type Socket } from "node:net";
import type { RedisCallResult } from "./cluster-manager.js";
import type { Endpoint } from "./endpoint.js";
import { encodeCommand, replyLength } from "./resp.js";

interface Waiter {
  /** null for the host's own AUTH/SELECT replies. */
  done: ((r: RedisCallResult) => void) | null;
  timer: NodeJS.Timeout | null;
  settled: boolean;
}

interface RedisClientOptions {
  username: string;
  password: string;
  database: number;
  timeoutMs: number;
}

export class RedisClient {
  private socket: Socket | null = null;
  private readonly waiters: Waiter[] = [];
  private input: Buffer = Buffer.alloc(0);
  private closed = false;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly options: RedisClientOptions,
  ) {}

  private ensureConnected(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect({ host: this.endpoint.host, port: this.endpoint.port });
    socket.setNoDelay(true);
    this.socket = socket;
    this.input = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = () => {
      if (this.socket === socket) this.socket = null;
      this.failAll();
    };
    socket.on("error", fail);
    socket.on("close", fail);
    const { username, password, database } = this.options;
    if (password) this.write(socket, username ? ["AUTH", username, password] : ["AUTH", password], null);
    if (database !== 0) this.write(socket, ["SELECT", String(database)], null);
    return socket;
  }

  private write(socket: Socket, args: string[], done: Waiter["done"]): void {
    this.waiters.push({ done, timer: null, settled: false });
    socket.write(encodeCommand(args));
  }

  /** Sends a raw RESP command; `done` gets the raw reply or status 1. */
  call(query: Uint8Array, done: (r: RedisCallResult) => void): { cancel(): void } {
    const waiter: Waiter = { done, timer: null, settled: false };
    if (this.closed) {
      setImmediate(() => done({ status: 1 }));
      return { cancel: () => undefined };
    }
    const socket = this.ensureConnected();
    if (this.options.timeoutMs > 0) {
      waiter.timer = setTimeout(() => this.settle(waiter, { status: 1 }), this.options.timeoutMs);
    }
    this.waiters.push(waiter);
    socket.write(query);
    return { cancel: () => this.settle(waiter, null) };
  }

  private settle(w: Waiter, result: RedisCallResult | null): void {
    if (w.settled) return;
    w.settled = true;
    if (w.timer) clearTimeout(w.timer);
    if (result && w.done) w.done(result);
  }

  private onData(chunk: Buffer): void {
    this.input = this.input.length === 0 ? chunk : Buffer.concat([this.input, chunk]);
    for (;;) {
      const len = replyLength(this.input);
      if (len === 0) return;
      if (len < 0) {
        // Not RESP: nothing after this can be matched to a call.
        this.socket?.destroy();
        return;
      }
      const reply = Uint8Array.from(this.input.subarray(0, len));
      this.input = this.input.subarray(len);
      const w = this.waiters.shift();
      if (w) this.settle(w, { status: 0, reply });
    }
  }

  private failAll(): void {
    while (this.waiters.length > 0) this.settle(this.waiters.shift()!, { status: 1 });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
    this.failAll();
  }
}
