// A worker thread's stand-in for a socket the main thread accepted: a Duplex that the worker's
// http.Server takes through emit("connection"). Bytes in arrive as messages; bytes out are
// posted back. Both directions hold back-pressure with a window: the main thread pauses the
// real socket until this side has taken the bytes, and writes here wait (their callback is
// held) while more than the window is not yet written to the real socket.
import { Duplex } from "node:stream";
import { RELAY_ACK_BATCH_BYTES, RELAY_WINDOW_BYTES, type FromWorker, type PeerAddress } from "./relay-messages.js";

export class RelayedSocket extends Duplex {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly remoteFamily: string;
  readonly localAddress: string;
  readonly localPort: number;
  private unackedOut = 0;
  private heldWrite: (() => void) | null = null;
  private owedAck = 0;
  private closedByPeer = false;
  private timer: NodeJS.Timeout | null = null;
  private timeoutMs = 0;

  constructor(
    private readonly id: number,
    remote: PeerAddress,
    local: PeerAddress,
    private readonly post: (m: FromWorker) => void,
  ) {
    super({ allowHalfOpen: true });
    this.remoteAddress = remote.address;
    this.remotePort = remote.port;
    this.remoteFamily = remote.family;
    this.localAddress = local.address;
    this.localPort = local.port;
  }

  /** Bytes from the client. */
  received(chunk: Uint8Array): void {
    this.activity();
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.owedAck += buf.length;
    // Acks go in batches (a message each way per request costs more than the request's own work);
    // a batch is well under the window, so the main thread never waits on bytes already taken.
    if (this.push(buf) && this.owedAck >= RELAY_ACK_BATCH_BYTES) this.flushAck();
  }

  /** The client finished sending. */
  receivedEnd(): void {
    this.push(null);
  }

  /** The real socket is gone. */
  peerClosed(): void {
    this.closedByPeer = true;
    this.destroy();
  }

  /** The main thread wrote `bytes` of ours to the real socket. */
  acked(bytes: number): void {
    this.unackedOut -= bytes;
    if (this.heldWrite && this.unackedOut < RELAY_WINDOW_BYTES) {
      const done = this.heldWrite;
      this.heldWrite = null;
      done();
    }
  }

  override _read(): void {
    if (this.owedAck >= RELAY_ACK_BATCH_BYTES) this.flushAck();
  }

  private flushAck(): void {
    this.post({ t: "ack", id: this.id, bytes: this.owedAck });
    this.owedAck = 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(chunk, callback);
  }

  private send(chunk: Buffer, callback: (error?: Error | null) => void): void {
    this.activity();
    this.unackedOut += chunk.length;
    this.post({ t: "data", id: this.id, chunk });
    if (this.unackedOut < RELAY_WINDOW_BYTES) callback();
    else this.heldWrite = () => callback();
  }

  // A response's head and body, corked by http.Server, travel as one message.
  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.send(Buffer.concat(chunks.map((c) => c.chunk)), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.post({ t: "end", id: this.id });
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.closedByPeer) this.post({ t: "destroy", id: this.id });
    this.heldWrite = null;
    callback(error);
  }

  // What http.Server calls on a net.Socket.
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.timeoutMs = ms;
    if (onTimeout) this.once("timeout", onTimeout);
    this.activity();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  destroySoon(): void {
    if (this.writableFinished) this.destroy();
    else {
      this.once("finish", () => this.destroy());
      this.end();
    }
  }

  private activity(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.timeoutMs > 0 && !this.destroyed) this.timer = setTimeout(() => this.emit("timeout"), this.timeoutMs);
  }
}
