// Shared data and shared queues (cpp-host shared_data.cc, shared_queue.cc): process-wide,
// keyed by vm_id, one CAS counter, the last registrant receives on_queue_ready.
import { describe, expect, it } from "vitest";
import { WasmResult } from "../src/index.js";
import { arg, call, last, REQUEST, results, resultsOf, save, saved, scripted } from "./support/script.js";

describe("shared data", () => {
  it("answers NotFound for a missing key, sets unconditionally with cas 0, and refuses a stale cas", async () => {
    const host = await scripted({
      configure: [
        call("get_shared_data", "k"),
        call("set_shared_data", "k", "v1", 0),
        call("get_shared_data", "k"),
        call("set_shared_data", "k", "v2", 12345),
      ],
    });
    const [missing, set, got, stale] = results(host);
    expect(missing.rc).toBe(WasmResult.NotFound);
    expect(set.rc).toBe(0);
    expect(got.bytes?.toString()).toBe("v1");
    expect(got.u).toBeGreaterThan(0);
    expect(stale.rc).toBe(WasmResult.CasMismatch);
    expect(host.getSharedData("k")?.value.toString()).toBe("v1");
  });

  it("accepts the current cas and moves it on; two workers with one vm_id share the data", async () => {
    const a = await scripted({ configure: [call("set_shared_data", "count", "1", 0)] }, { vmId: "shared" });
    const cas = a.getSharedData("count")!.cas;
    const b = await scripted(
      {
        configure: [
          call("get_shared_data", "count"),
          call("set_shared_data", "count", "2", cas),
          call("set_shared_data", "count", "3", cas),
        ],
      },
      { vmId: "shared", process: a.process },
    );
    const r = results(b);
    expect(r[0]).toMatchObject({ rc: 0, u: cas });
    expect(r[1].rc).toBe(0);
    expect(r[2].rc).toBe(WasmResult.CasMismatch);
    expect(a.getSharedData("count")?.value.toString()).toBe("2");
    expect(a.getSharedData("count")!.cas).not.toBe(cas);
  });

  it("keeps data of different vm_ids apart and frees it with the last VM of its vm_id", async () => {
    const a = await scripted({ configure: [call("set_shared_data", "k", "a", 0)] }, { vmId: "one" });
    const b = await scripted({ configure: [call("get_shared_data", "k")] }, { vmId: "two", process: a.process });
    expect(results(b)[0].rc).toBe(WasmResult.NotFound);
    a.close();
    expect(a.process.sharedData.get("one", "k")).toBeUndefined();
    expect(b.process.sharedData.get("two", "k")).toBeUndefined();
  });

  it("answers InvalidMemoryAccess for a key outside memory", async () => {
    const host = await scripted({
      configure: [
        call("set_shared_data", { ptr: 0xfffffff0, len: 99 }, "v", 0),
        call("get_shared_data", { ptr: 0xfffffff0, len: 99 }),
      ],
    });
    expect(results(host).map((r) => r.rc)).toEqual([6, 6]);
  });
});

describe("shared queues", () => {
  it("registers, resolves, enqueues and dequeues, posting on_queue_ready after the current event", async () => {
    const host = await scripted(
      {
        configure: [call("register_shared_queue", "q"), save(0, last)],
        request_headers: [
          call("resolve_shared_queue", "", "q"),
          call("enqueue_shared_queue", last, "item-1"),
          call("enqueue_shared_queue", saved(0), "item-2"),
        ],
        queue_ready: [
          call("dequeue_shared_queue", arg(1)),
          call("dequeue_shared_queue", arg(1)),
          call("dequeue_shared_queue", arg(1)),
        ],
      },
      { traceCallbacks: true },
    );
    const token = resultsOf(host, "register_shared_queue")[0].u!;
    expect(token).toBeGreaterThan(0);
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(resultsOf(host, "resolve_shared_queue")[0]).toMatchObject({ rc: 0, u: token });
    const deq = resultsOf(host, "dequeue_shared_queue");
    // Two notifications, each drains what is there: item-1, item-2, then Empty.
    expect(deq.slice(0, 3).map((r) => r.rc)).toEqual([0, 0, WasmResult.Empty]);
    expect(deq.slice(0, 2).map((r) => r.bytes?.toString())).toEqual(["item-1", "item-2"]);
  });

  it("answers NotFound for an unknown queue or token", async () => {
    const host = await scripted({
      configure: [
        call("resolve_shared_queue", "", "nope"),
        call("enqueue_shared_queue", 999, "x"),
        call("dequeue_shared_queue", 999),
      ],
    });
    expect(results(host).map((r) => r.rc)).toEqual([1, 1, 1]);
  });

  it("notifies the last VM that registered the queue, whichever VM enqueues", async () => {
    const first = await scripted(
      { configure: [call("register_shared_queue", "jobs")], queue_ready: [call("dequeue_shared_queue", arg(1))] },
      { vmId: "w" },
    );
    const second = await scripted(
      { configure: [call("register_shared_queue", "jobs")], queue_ready: [call("dequeue_shared_queue", arg(1))] },
      { vmId: "w", process: first.process },
    );
    const producer = await scripted(
      { configure: [call("resolve_shared_queue", "w", "jobs"), call("enqueue_shared_queue", last, "job")] },
      { vmId: "other", process: first.process },
    );
    expect(resultsOf(producer, "enqueue_shared_queue")[0].rc).toBe(0);
    first.flush();
    second.flush();
    expect(resultsOf(first, "dequeue_shared_queue")).toEqual([]);
    expect(resultsOf(second, "dequeue_shared_queue")[0].bytes?.toString()).toBe("job");
  });
});
