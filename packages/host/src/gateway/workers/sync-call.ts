// A synchronous call from a worker thread to the main thread. Plugins call shared data and
// queues synchronously (proxy_get_shared_data returns its answer), and in Envoy that state is
// one store for the process; so a worker posts the request on its own port and blocks on a
// SharedArrayBuffer flag with Atomics.wait until the main thread has posted the answer and
// flipped the flag. The answer is then read with receiveMessageOnPort, without the event loop.
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";

export interface SyncRequest {
  op: string;
  args: unknown[];
}

/** The worker's end. */
export class SyncCaller {
  private readonly flag: Int32Array;

  constructor(
    private readonly port: MessagePort,
    flag: SharedArrayBuffer,
  ) {
    this.flag = new Int32Array(flag);
  }

  call<T>(op: string, ...args: unknown[]): T {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ op, args } satisfies SyncRequest);
    // The main thread never blocks, so the answer comes; a request is a few microseconds of its time.
    while (Atomics.wait(this.flag, 0, 0) === "ok" && Atomics.load(this.flag, 0) === 0) {
      // spurious wake-up: wait again
    }
    const reply = receiveMessageOnPort(this.port);
    if (!reply) throw new Error(`no answer from the main thread to ${op}`);
    const { ok, value, error } = reply.message as { ok: boolean; value: T; error?: string };
    if (!ok) throw new Error(`main thread refused ${op}: ${error}`);
    return value;
  }
}

/** The main thread's end: answers each request, then wakes the worker. */
export function serveSyncCalls(
  port: MessagePort,
  flag: SharedArrayBuffer,
  handle: (request: SyncRequest) => unknown,
): void {
  const view = new Int32Array(flag);
  port.on("message", (request: SyncRequest) => {
    let reply: { ok: boolean; value?: unknown; error?: string };
    try {
      reply = { ok: true, value: handle(request) };
    } catch (e) {
      reply = { ok: false, error: (e as Error)?.message ?? String(e) };
    }
    port.postMessage(reply);
    Atomics.store(view, 0, 1);
    Atomics.notify(view, 0);
  });
}
